"""The methodology of each framework's year: read it (the core's default when none is stored) and
change it, the only way it is written (in a transaction, recorded in the audit with before, after,
who, why and through what).

The stored dict is the core's ``Methodology.to_dict()``; the core validates it when it is saved and
again when it is read, and checks its weight overrides against the framework.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from chiso.core.spec import DEFAULT, Methodology
from chiso.web.audit.actions import Change, Context, Via, record
from chiso.web.audit.actions import history as audit_history

from .actions import core_framework
from .models import FrameworkVersion, YearMethodology

KIND = "methodology"


def key(fv: FrameworkVersion, year: int) -> str:
    """The audit key of a framework's year: "pii-2025/2025"."""
    return f"{fv.name}/{year}"


def stored(fv: FrameworkVersion, year: int) -> YearMethodology | None:
    return YearMethodology.objects.filter(framework=fv, year=year).select_related("updated_by").first()


def of_year(fv: FrameworkVersion, year: int) -> Methodology:
    """The methodology ``fv``'s ``year`` is computed with: the stored one, else the default."""
    spec = YearMethodology.objects.filter(framework=fv, year=year).values_list("spec", flat=True).first()
    return DEFAULT if spec is None else Methodology.from_dict(spec)


def of_years(fv: FrameworkVersion) -> dict[int, Methodology]:
    """Every stored methodology of a framework, by year (the years absent use the default)."""
    return {
        year: Methodology.from_dict(spec)
        for year, spec in YearMethodology.objects.filter(framework=fv).values_list("year", "spec")
    }


class Conflict(Exception):
    """Someone saved another methodology for the year since the form was shown."""

    def __init__(self, current: Methodology) -> None:
        super().__init__("the methodology changed meanwhile")
        self.current = current


@dataclass
class Saved:
    changed: bool
    before: Methodology
    after: Methodology


@transaction.atomic
def save(
    user,
    fv: FrameworkVersion,
    year: int,
    methodology: Methodology,
    *,
    why: str = "",
    via: str = Via.FORM,
    seen: Methodology | None = None,
) -> Saved:
    """Store ``methodology`` for ``fv``'s ``year``. ``seen`` is the methodology the user was shown:
    if another was saved since, nothing is written (``Conflict``). Weight overrides that do not fit
    the framework are refused (``MethodologyError``). Saving what is already in force writes
    nothing."""
    methodology.check(core_framework(fv))
    row = YearMethodology.objects.select_for_update().filter(framework=fv, year=year).first()
    before = DEFAULT if row is None else Methodology.from_dict(row.spec)
    previous = None if row is None else before.to_dict()  # None: the default, nothing stored
    if seen is not None and seen != before:
        raise Conflict(before)
    if row is not None and methodology == before:
        return Saved(False, before, methodology)
    if row is None and methodology == DEFAULT:
        return Saved(False, before, methodology)
    if row is None:
        row = YearMethodology(framework=fv, year=year)
    row.spec = methodology.to_dict()
    row.updated_by = user if getattr(user, "is_authenticated", False) else None
    row.save()
    record(
        Change(
            kind=KIND,
            before=previous,
            after=methodology.to_dict(),
            subject=row,
            key=key(fv, year),
        ),
        Context(user=user, via=via, why=why),
    )
    return Saved(True, before, methodology)


def history(fv: FrameworkVersion, year: int, limit: int = 50):
    """The recorded changes of the year's methodology, newest first."""
    return list(audit_history(kind=KIND, key=key(fv, year))[:limit])
