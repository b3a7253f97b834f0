from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "chiso.web.plans"
    label = "plans"
    verbose_name = _("Kế hoạch cải thiện")
    default_auto_field = "django.db.models.BigAutoField"
