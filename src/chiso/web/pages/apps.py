from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "chiso.web.pages"
    label = "pages"
    verbose_name = "Trang"
