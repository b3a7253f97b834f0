from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and its loader; on top of every other app (nothing imports it)."""

    name = "chiso.web.demo"
    label = "demo"
