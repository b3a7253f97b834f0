from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The shared floor of the web apps: a page's province/framework/year context, number formatting
    (the template filters), charts, translation of messages, language and page-wide context."""

    name = "chiso.web.common"
    label = "common"
