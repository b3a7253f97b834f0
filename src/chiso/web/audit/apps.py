from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit: one read-only record of every change to anything a province keeps."""

    name = "chiso.web.audit"
    label = "audit"
    verbose_name = _("Nhật ký thay đổi")
