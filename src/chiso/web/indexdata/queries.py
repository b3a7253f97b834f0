"""Reading index data for pages: stored values as core data, computed and official results."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from chiso.core import YearResult, compute_values
from chiso.web.audit.models import Entry
from chiso.web.people.models import Province

from .actions import core_framework
from .journal import key_of
from .models import FrameworkVersion, OfficialResult, RawValue, Target

# Raw values beyond this magnitude (or not finite) are left out of the computation, as missing: no
# indicator is that large, and min-max normalisation and the skewness test overflow near 1e308.
USABLE_LIMIT = 1e15


def usable(value: float | None) -> bool:
    """Whether a stored raw value enters the computation."""
    return value is not None and math.isfinite(value) and abs(value) <= USABLE_LIMIT


def years(fv: FrameworkVersion) -> list[int]:
    raw = set(RawValue.objects.filter(framework=fv).values_list("year", flat=True).distinct())
    official = set(OfficialResult.objects.filter(framework=fv).values_list("year", flat=True).distinct())
    return sorted(raw | official, reverse=True)


def computed(fv: FrameworkVersion, year: int) -> tuple[YearResult | None, bool]:
    """The core's result from every province's stored raw values for the year (computed on
    demand: about a millisecond), and whether any value used is illustrative. Values that are not
    usable (empty, not finite, beyond USABLE_LIMIT) count as missing."""
    framework = core_framework(fv)
    rows = list(
        RawValue.objects.filter(framework=fv, year=year).values_list("province__code", "code", "value", "illustrative")
    )
    if not rows:
        return None, False
    names = dict(Province.objects.values_list("code", "short_name"))
    units = sorted({r[0] for r in rows})
    u_pos = {u: i for i, u in enumerate(units)}
    i_pos = {c: i for i, c in enumerate(framework.indicators)}
    values = np.full((len(units), len(i_pos)), np.nan)
    for unit, code, value, _ in rows:
        if code in i_pos and usable(value):
            values[u_pos[unit], i_pos[code]] = value
    result = compute_values(framework, values, units=units, names=[names.get(u, u) for u in units], year=year)
    return result, any(r[3] for r in rows)


def official(fv: FrameworkVersion, year: int, province: Province) -> dict[str, dict[str, Any]]:
    return {
        o["code"]: o
        for o in OfficialResult.objects.filter(framework=fv, year=year, province=province).values(
            "code", "score", "rank", "rank_of", "source"
        )
    }


def targets(fv: FrameworkVersion, year: int, province: Province) -> dict[str, dict[str, Any]]:
    return {
        t["code"]: t
        for t in Target.objects.filter(framework=fv, year=year, province=province).values(
            "code", "kind", "value", "text"
        )
    }


def raw_values(fv: FrameworkVersion, year: int, province: Province) -> dict[str, RawValue]:
    return {r.code: r for r in RawValue.objects.filter(framework=fv, year=year, province=province)}


def history_entries(fv: FrameworkVersion, province: Province, code: str):
    """The audit entries of one indicator of one province IN THIS FRAMEWORK (a framework's code
    1.1.1 is not another framework's 1.1.1), every year, with the national statistics of the indicator
    and its assignments (which belong to the province, not to a framework). Newest first."""
    from django.db.models import Q

    in_framework = Q(key__startswith=f"{fv.name}/", key__endswith=f"/{code}")
    values = Q(kind__in=("raw", "official", "target"), province=province) | Q(kind="stat", province__isnull=True)
    assignments = Q(kind="assignment", province=province, key=key_of("assignment", code=code))
    return Entry.objects.filter((values & in_framework) | assignments).select_related("user")


def history(fv: FrameworkVersion, province: Province, code: str, limit: int = 200) -> list[Entry]:
    return list(history_entries(fv, province, code)[:limit])
