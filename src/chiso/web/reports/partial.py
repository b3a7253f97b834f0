"""Which view a province's page shows, and the partial view built from what is stored.

The product chooses the view (issue 10):

- **full**: the year's stored raw values cover (nearly) every province -- at least ``FULL_SHARE``
  (90 %) of the official provinces have at least one raw value of the framework and year, and the
  province is one of them. The official provinces are the 34 of the merger (``MERGER_YEAR``) when every
  province with values is one of those 34 (a data set on the new map, whatever its year), else the
  provinces of the year (63 before 2025; ``chiso.core.units.provinces(year)``).
  Scores and ranks are computed from every province's raw values (``queries.computed``).
- **partial**: otherwise, when the province holds its own raw values for the year and the national
  bounds (``IndicatorStat`` max/min) of the framework and year are stored. The core's partial view
  (``chiso.core.partial``) scores the province from its own values and the published bounds, and ranks
  it among the other provinces' official scores stored (``OfficialResult``) where they are.
- **none**: neither (no page can show scores).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core.partial import IMPLIES, IMPLIES_EN, PartialResult, partial_view
from chiso.core.partial_inputs import ranking_year, year_bounds
from chiso.core.units import MERGER_YEAR, provinces
from chiso.web.indexdata import queries
from chiso.web.indexdata.actions import core_framework
from chiso.web.indexdata.models import FrameworkVersion, IndicatorStat, OfficialResult, RawValue
from chiso.web.people.models import Province

from .base import Standing, finite

FULL_SHARE = 0.9
FULL, PARTIAL, NONE = "full", "partial", "none"

FULL_IMPLIES = (
    "Góc nhìn đầy đủ: tính từ số liệu thô của cả nước, nên điểm và thứ hạng của mọi tỉnh được tính lại cùng nhau."
)
FULL_IMPLIES_EN = (
    "Full view: computed from every province's raw values, so every province's scores and ranks are computed together."
)
# the causes of a difference between the partial view's score and the official one (chiso.core.partial.CAUSES)
CAUSES = {
    "agrees": gettext_lazy("điểm tính toán và điểm chính thức khớp nhau"),
    "rounding": gettext_lazy("do làm tròn số liệu công bố (in với 2 chữ số thập phân)"),
    "outlier": gettext_lazy(
        "do xử lý giá trị ngoại lai: Bộ chuẩn hóa giá trị đã xử lý, còn giá trị cao nhất/thấp nhất công bố là giá trị thô"
    ),
    "missing": gettext_lazy("do thiếu giá trị: tỉnh không có giá trị ở đây (bỏ qua, hoặc Bộ tính là 0)"),
    "beyond": gettext_lazy("do giá trị nằm ngoài giới hạn đã công bố"),
    "no_bounds": gettext_lazy("do giới hạn của một chỉ số bên dưới chưa được công bố"),
}
FULL_NEEDED = gettext_lazy(
    "Trang này cần góc nhìn đầy đủ (số liệu thô của cả nước); tỉnh chỉ có góc nhìn riêng phần cho năm này."
)


def needs_full(fv: FrameworkVersion | None, year: int | None, province: Province) -> str:
    """For a page that needs the full view: the sentence saying so when only the partial view applies
    ("" when the page can be shown)."""
    if fv is not None and kind(fv, year, province) == PARTIAL:
        return str(FULL_NEEDED)
    return ""


def sentence(view: str) -> str:
    """The one sentence saying which view the page shows and what it implies (in the request's language)."""
    if view == PARTIAL:
        return _(IMPLIES)
    if view == FULL:
        return _(FULL_IMPLIES)
    return ""


__all__ = [
    "CAUSES",
    "FULL",
    "FULL_IMPLIES",
    "FULL_NEEDED",
    "IMPLIES",
    "IMPLIES_EN",
    "NONE",
    "PARTIAL",
    "build",
    "kind",
    "sentence",
]


def expected_provinces(year: int, stored: set[str]) -> int:
    """How many provinces a national data set of ``year`` holding ``stored`` codes covers (docstring)."""
    merged = {p.code for p in provinces(MERGER_YEAR)}
    return len(merged) if stored <= merged else len(provinces(year))


def kind(fv: FrameworkVersion, year: int | None, province: Province) -> str:
    """FULL, PARTIAL or NONE for ``province`` in ``fv``'s ``year`` (the rule: the module's docstring)."""
    if year is None:
        return NONE
    raw = RawValue.objects.filter(framework=fv, year=year)
    own = raw.filter(province=province).exists()
    if not own:
        return NONE
    stored = set(raw.values_list("province__code", flat=True).distinct())
    if len(stored) >= FULL_SHARE * expected_provinces(year, stored):
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


def standing(pv: PartialResult | None, code: str) -> Standing | None:
    """A node's position in the partial view: its score, its rank among the published scores (None:
    unknown) and the national average where every province's score is published."""
    if pv is None:
        return None
    score, mean = finite(pv.score(code)), pv.average(code)
    return Standing(
        score,
        pv.rank(code),
        pv.of.get(code) or 0,
        mean,
        None,
        None,
        None if score is None or mean is None else score - mean,
    )
