"""Which view a province's page shows, and the partial view built from what is stored.

The product chooses the view (issue 10):

- **full**: the year's stored raw values cover (nearly) every province of that year -- at least
  ``FULL_SHARE`` (90 %) of the official provinces of the year (63 before 2025, 34 from 2025,
  ``chiso.core.units.provinces(year)``) have at least one raw value, and the province is one of them.
  Scores and ranks are computed from every province's raw values (``queries.computed``).
- **partial**: otherwise, when the province holds its own raw values for the year and the national
  bounds (``IndicatorStat`` max/min) of the framework and year are stored. The core's partial view
  (``chiso.core.partial``) scores the province from its own values and the published bounds, and ranks
  it among the other provinces' official scores stored (``OfficialResult``) where they are.
- **none**: neither (no page can show scores).
"""

from __future__ import annotations

from chiso.core.partial import IMPLIES, IMPLIES_EN, PartialResult, partial_view
from chiso.core.partial_inputs import ranking_year, year_bounds
from chiso.core.units import provinces
from chiso.web.indexdata import queries
from chiso.web.indexdata.actions import core_framework
from chiso.web.indexdata.models import FrameworkVersion, IndicatorStat, OfficialResult, RawValue
from chiso.web.people.models import Province

FULL_SHARE = 0.9
FULL, PARTIAL, NONE = "full", "partial", "none"

FULL_IMPLIES = (
    "Góc nhìn đầy đủ: tính từ số liệu thô của cả nước, nên điểm và thứ hạng của mọi tỉnh được tính lại cùng nhau."
)
FULL_IMPLIES_EN = (
    "Full view: computed from every province's raw values, so every province's scores and ranks are computed together."
)
__all__ = ["FULL", "FULL_IMPLIES", "IMPLIES", "IMPLIES_EN", "NONE", "PARTIAL", "build", "kind"]


def provinces_of_year(year: int) -> int:
    return len(provinces(year))


def kind(fv: FrameworkVersion, year: int | None, province: Province) -> str:
    """FULL, PARTIAL or NONE for ``province`` in ``fv``'s ``year`` (the rule: the module's docstring)."""
    if year is None:
        return NONE
    raw = RawValue.objects.filter(framework=fv, year=year)
    own = raw.filter(province=province).exists()
    if not own:
        return NONE
    covered = raw.values("province").distinct().count()
    if covered >= FULL_SHARE * provinces_of_year(year):
        return FULL
    if IndicatorStat.objects.filter(framework=fv, year=year).exists():
        return PARTIAL
    return NONE


def build(fv: FrameworkVersion, year: int, province: Province) -> PartialResult:
    """The core's partial view of ``province``: its own usable raw values, the stored national bounds,
    its official results and the other provinces' official scores (the ranking) of the year."""
    fw = core_framework(fv)
    values = {code: r.value for code, r in queries.raw_values(fv, year, province).items() if queries.usable(r.value)}
    stats = {
        s["code"]: (s["max"], s["min"])
        for s in IndicatorStat.objects.filter(framework=fv, year=year).values("code", "max", "min")
    }
    official = {code: (o["score"], o["rank"], o["rank_of"]) for code, o in queries.official(fv, year, province).items()}
    scores: dict[str, dict[str, float]] = {}
    for code, unit, score in OfficialResult.objects.filter(framework=fv, year=year, score__isnull=False).values_list(
        "code", "province__code", "score"
    ):
        scores.setdefault(code, {})[unit] = score
    units = [p.code for p in provinces(year)]
    if province.code not in units:
        units.append(province.code)
    yb = year_bounds(fw, year, values, stats, official)
    return partial_view(fw, yb, ranking_year(scores, units), unit=province.code)
