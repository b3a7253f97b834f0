from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "chiso.web.imports"
    label = "imports"
    verbose_name = "Nhập dữ liệu"
