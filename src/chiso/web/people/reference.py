"""Reference data every instance needs: the official provinces (the 34 from 2025 and the 63 before)."""

from __future__ import annotations

from chiso.core.units import provinces as official_provinces

from .models import Province


def load_provinces() -> None:
    current = {p.code: p for p in official_provinces(2025)}
    legacy = {p.code: p for p in official_provinces(2024)}
    for code, p in {**legacy, **current}.items():
        Province.objects.update_or_create(
            code=code, defaults={"name": p.name, "short_name": p.short, "current": code in current}
        )
