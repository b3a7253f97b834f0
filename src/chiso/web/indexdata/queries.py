"""Reading index data for pages: stored values as core data, computed and official results."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from chiso.core import YearResult, compute_values
from chiso.core.spec import Methodology
from chiso.web.audit.models import Entry
from chiso.web.people.models import Province

from . import methodology
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


# The computed results of this process, per (framework version, year): (version, names, result). The
# version is read from the database at every use (one aggregate query over the year's raw values), so
# any write by any process -- the pages, an import, the command line, the demo loader, a restore --
# changes it and the result is computed again: a page never shows a stale result.
_RESULTS: dict[tuple[int, int], tuple[tuple, dict[str, str], Methodology, tuple[YearResult | None, bool]]] = {}


def data_version(fv: FrameworkVersion, year: int) -> tuple:
    """What identifies the year's stored raw values: count, largest id and latest ``updated_at``
    (every insert, delete and update moves one of them: writers stamp ``updated_at``) and the sum of
    the usable values (a change is seen even if two writers' stamps commit out of order)."""
    from django.db.models import Count, Max, Q, Sum

    agg = RawValue.objects.filter(framework=fv, year=year).aggregate(
        n=Count("id"),
        last_id=Max("id"),
        last=Max("updated_at"),
        total=Sum("value", filter=Q(value__gte=-USABLE_LIMIT, value__lte=USABLE_LIMIT)),
        illustrative=Count("id", filter=Q(illustrative=True)),
    )
    return (fv.updated_at, agg["n"], agg["last_id"], agg["last"], agg["total"], agg["illustrative"])


def computed(fv: FrameworkVersion, year: int) -> tuple[YearResult | None, bool]:
    """The core's result from every province's stored raw values for the year with the year's
    methodology (``methodology.of_year``: the stored one, else the default), and whether any value used
    is illustrative. Values that are not usable (empty, not finite, beyond USABLE_LIMIT) count as
    missing. Computed again whenever the data version, the methodology or a province's name changed."""
    version = data_version(fv, year)
    names = dict(Province.objects.values_list("code", "short_name"))
    spec = methodology.of_year(fv, year)
    cached = _RESULTS.get((fv.id, year))
    if cached is not None and cached[0] == version and cached[1] == names and cached[2] == spec:
        return cached[3]
    value = _compute(fv, year, names, spec)
    _RESULTS[(fv.id, year)] = (version, names, spec, value)
    return value


def _compute(
    fv: FrameworkVersion, year: int, names: dict[str, str], spec: Methodology
) -> tuple[YearResult | None, bool]:
    framework = core_framework(fv)
    rows = list(
        RawValue.objects.filter(framework=fv, year=year).values_list("province__code", "code", "value", "illustrative")
    )
    if not rows:
        return None, False
    units = sorted({r[0] for r in rows})
    u_pos = {u: i for i, u in enumerate(units)}
    i_pos = {c: i for i, c in enumerate(framework.indicators)}
    values = np.full((len(units), len(i_pos)), np.nan)
    for unit, code, value, _ in rows:
        if code in i_pos and usable(value):
            values[u_pos[unit], i_pos[code]] = value
    result = compute_values(framework, values, spec, units=units, names=[names.get(u, u) for u in units], year=year)
    for array in (result.raw, result.treated, result.scores, result.ranks):
        array.flags.writeable = False  # shared by the requests that follow: read only
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
