from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "chiso.web.people"
    label = "people"
    verbose_name = "Con người và đơn vị"
