from django.core.management.base import BaseCommand
from django.db import transaction

from chiso.core import builtin
from chiso.web.indexdata.actions import ensure_framework
from chiso.web.people.reference import load_provinces


class Command(BaseCommand):
    help = (
        "Load the reference data a real instance needs: the official provinces (34, and the 63 before 2025) "
        "and the built-in frameworks pii-2025 and pii-2024. No user, no demo data. Safe to run again."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        load_provinces()
        for name in ("pii-2025", "pii-2024"):
            ensure_framework(builtin(name))
        self.stdout.write("provinces and the built-in frameworks are loaded")
