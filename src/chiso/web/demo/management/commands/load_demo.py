from django.core.management.base import BaseCommand

from chiso.web.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo: provinces, frameworks, Sơn La 2025, illustrative national data, demo users."

    def handle(self, *args, **options):
        load_demo(log=lambda line: self.stdout.write(line))
