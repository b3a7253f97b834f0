from django.apps import AppConfig


class IndexDataConfig(AppConfig):
    name = "chiso.web.indexdata"
    label = "indexdata"
    verbose_name = "Dữ liệu chỉ số"
