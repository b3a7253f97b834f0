"""Which framework a province uses for a year, and the metadata of a framework's nodes.

The framework of a year is an explicit setting (``FrameworkYear``): one per year for every province,
which a province-specific row may override. Nothing is inferred from names or upload order, so a
new framework changes nothing until an administrator chooses it for a year. Every write here runs
in a transaction and is recorded in the audit (``chiso.web.audit``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from chiso.web.audit import actions as audit
from chiso.web.people.models import Province

from . import queries
from .actions import context
from .journal import key_of
from .models import FrameworkVersion, FrameworkYear, Node

METADATA_FIELDS = ("definition", "unit", "source")


def settings_for(province: Province | None) -> dict[int, FrameworkVersion]:
    """Year -> the framework set for ``province`` that year (its own setting, else the national
    one), for the years that have a setting."""
    q = Q(province__isnull=True)
    if province is not None:
        q |= Q(province=province)
    chosen: dict[int, FrameworkVersion] = {}
    rows = FrameworkYear.objects.filter(q).select_related("framework")
    for row in sorted(rows, key=lambda r: r.province_id is not None):  # national first, overrides after
        chosen[row.year] = row.framework
    return dict(sorted(chosen.items()))


def _in_force(chosen: dict[int, FrameworkVersion], year: int) -> FrameworkVersion | None:
    """A setting holds from its year until the next one (MOST changes the framework now and then,
    not every year); None before the first setting."""
    set_years = [y for y in chosen if y <= year]
    return chosen[max(set_years)] if set_years else None


def framework_for(province: Province | None, year: int) -> FrameworkVersion | None:
    """The framework ``province`` uses for ``year``: the setting of that year, else of the latest
    earlier year that has one; None when no one has chosen one."""
    return _in_force(settings_for(province), year)


@dataclass
class Choice:
    framework: FrameworkVersion | None
    year: int | None
    years: list[int]  # the years the province can look at: their framework holds data for them


def choose(province: Province | None, year: int | None = None) -> Choice:
    """The framework and year a page shows: ``year`` if asked, else the latest year whose framework
    holds data for it (else the latest year set). A year before every setting has no framework in
    force: the page shows it with the earliest one set (there is no data to misread)."""
    chosen = settings_for(province)
    if not chosen:
        return Choice(None, year, [])
    earliest = next(iter(chosen.values()))
    years = []
    for fv in {fv.id: fv for fv in chosen.values()}.values():
        years.extend(y for y in queries.years(fv) if (_in_force(chosen, y) or earliest).id == fv.id)
    years = sorted(set(years), reverse=True)
    if year is None:
        year = years[0] if years else max(chosen)
    elif year not in years:
        years = sorted([*years, year], reverse=True)
    return Choice(_in_force(chosen, year) or earliest, year, years)


def latest(province: Province | None) -> tuple[int, FrameworkVersion] | None:
    """The latest year set for ``province`` and its framework (the default of an upload form)."""
    chosen = settings_for(province)
    if not chosen:
        return None
    year = max(chosen)
    return year, chosen[year]


@transaction.atomic
def set_framework_year(
    user, year: int, framework: FrameworkVersion | None, *, province: Province | None = None, reason: str = ""
) -> bool:
    """Choose the framework of ``year`` (for every province, or for one); ``framework=None`` removes
    the setting (for a province: it follows the national setting again). Returns whether anything
    changed; a change is recorded with before and after."""
    row = FrameworkYear.objects.select_for_update().filter(year=year, province=province).order_by("pk").first()
    before = row.framework.name if row else None
    after = framework.name if framework else None
    if before == after:
        return False
    if framework is None:
        subject = None  # the row is gone: the key names the setting
        row.delete()
    elif row is None:
        subject = FrameworkYear.objects.create(year=year, province=province, framework=framework, updated_by=user)
    else:
        row.framework, row.updated_by = framework, user
        row.save(update_fields=["framework", "updated_by", "updated_at"])
        subject = row
    audit.record(
        audit.Change(
            "framework_year",
            before={"framework": before},
            after={"framework": after},
            subject=subject,
            key=key_of("framework_year", year=year),
            province=province,
        ),
        context(user, reason),
    )
    return True


def metadata(fv: FrameworkVersion, code: str) -> Node | None:
    return Node.objects.filter(framework=fv, code=code).first()


class MetadataConflict(Exception):
    """Someone else changed a field since the form was opened, and this edit changes it too."""

    def __init__(self, current: dict[str, str]) -> None:
        super().__init__(", ".join(sorted(current)))
        self.current = current  # field -> the value stored now


@transaction.atomic
def update_node_metadata(
    user, fv: FrameworkVersion, code: str, *, reason: str = "", seen: dict[str, str] | None = None, **fields: str
) -> bool:
    """Set a node's definition, unit and data source (blank: not known). Returns whether anything
    changed; the change is recorded with the fields before and after, and the framework's
    ``updated_at`` moves so that no cached copy of the framework serves the old metadata.

    ``seen``: the values the form showed. A field the user left as it was is not written (so an edit
    of the definition never reverts a unit someone else saved meanwhile); a field the user changed
    that someone else changed too since the form was opened raises MetadataConflict, nothing written.
    """
    unexpected = set(fields) - set(METADATA_FIELDS)
    if unexpected:
        raise ValueError(f"not metadata: {', '.join(sorted(unexpected))}")
    node = Node.objects.select_for_update().get(framework=fv, code=code)
    new = {k: (v or "").strip() for k, v in fields.items()}
    if seen is not None:
        shown = {k: (seen.get(k) or "").strip() for k in new}
        new = {k: v for k, v in new.items() if v != shown[k]}
        clashes = {k: getattr(node, k) for k in new if getattr(node, k) not in (shown[k], new[k])}
        if clashes:
            raise MetadataConflict(clashes)
    before = {k: getattr(node, k) for k in new if getattr(node, k) != new[k]}
    if not before:
        return False
    for k in before:
        setattr(node, k, new[k])
    node.save(update_fields=list(before))
    fv.updated_at = timezone.now()
    FrameworkVersion.objects.filter(id=fv.id).update(updated_at=fv.updated_at)
    audit.record(
        audit.Change(
            "metadata",
            before=before,
            after={k: new[k] for k in before},
            subject=node,
            key=key_of("metadata", fv.name, code=code),
        ),
        context(user, reason),
    )
    return True
