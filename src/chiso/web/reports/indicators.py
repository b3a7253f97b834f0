"""The indicator table (one row per indicator the user may see) and the page of one indicator."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from chiso.core.contribution import Worth, worth
from chiso.core.strengths import strengths_weaknesses
from chiso.web.common.context import Context, node_name
from chiso.web.indexdata import queries
from chiso.web.people.models import Duty, Province

from . import partial
from .base import Goal, Official, Record, Standing, finite, others_scores


@dataclass(frozen=True)
class Gain(Record):
    """What one more score point and one more raw unit of an indicator are worth in the index."""

    points_per_score_point: float | None
    places_per_score_point: int | None
    points_per_raw_unit: float | None  # None where the indicator is treated or has no spread
    places_per_raw_unit: int | None

    @classmethod
    def of(cls, w: Worth | None) -> Gain | None:
        if w is None:
            return None
        return cls(
            finite(w.points_per_score_point),
            w.places_per_score_point,
            finite(w.points_per_raw_unit),
            w.places_per_raw_unit,
        )


@dataclass(frozen=True)
class IndicatorRow(Record):
    code: str
    position: int  # the indicator's place in the framework: the table's natural order
    name: str
    unit: str  # the unit of the raw value ("unknown" when the framework has none)
    pillar: str  # from the tree ("" when none above it)
    group: str  # its parent
    raw: float | None
    raw_illustrative: bool
    computed: Standing | None
    official: Official | None
    target: Goal | None
    flag: str  # GII rule: strength, weakness or ""
    lead: list[str]
    coordinating: list[str]
    gain: Gain | None

    @property
    def target_status(self) -> str | None:
        """met, off or unknown (nothing to judge it by: never met); None without a target."""
        return self.target.status.state if self.target else None

    @property
    def off_target(self) -> bool:
        return self.target_status in ("off", "unknown")

    @property
    def below_mean(self) -> bool:
        return self.computed is not None and self.computed.gap is not None and self.computed.gap < 0


def _number(field_name: str) -> Callable[[IndicatorRow], float | None]:
    def key(r: IndicatorRow) -> float | None:
        part = r.official if field_name == "official" else r.computed
        v = (part.score if field_name == "official" else part[field_name]) if part else None
        return None if v is None or not math.isfinite(v) else v

    return key


SORTS: dict[str, Callable[[IndicatorRow], object]] = {
    "code": lambda r: r.position,
    "score": _number("score"),
    "rank": _number("rank"),
    "gap": _number("gap"),
    "official": _number("official"),
}


@dataclass(frozen=True)
class Filters(Record):
    pillar: str = ""
    agency: str = ""
    below: bool = False  # below the national mean
    off: bool = False  # target not known to be met


@dataclass(frozen=True)
class IndicatorTable(Record):
    framework: str
    root: str
    province: str
    year: int | None
    illustrative: bool
    has_result: bool
    rows: list[IndicatorRow] = field(default_factory=list)
    pillars: list[tuple[str, str]] = field(default_factory=list)  # (code, name) for the filter
    agencies: list[str] = field(default_factory=list)  # every agency assigned to a visible indicator
    filters: Filters = field(default_factory=Filters)
    sort: str = "code"
    view: str = "none"  # which view the table shows: full, partial or none (reports.partial.kind)

    def filtered(self, filters: Filters) -> IndicatorTable:
        rows = self.rows
        if filters.pillar:
            rows = [r for r in rows if r.pillar == filters.pillar]
        if filters.agency:
            rows = [r for r in rows if filters.agency in r.lead + r.coordinating]
        if filters.below:
            rows = [r for r in rows if r.below_mean]
        if filters.off:
            rows = [r for r in rows if r.off_target]
        return replace(self, rows=rows, filters=filters)

    def sorted_by(self, sort: str) -> IndicatorTable:
        """Sorted by ``sort`` (a key of SORTS, "-" first for descending; rows without a value last
        either way, in the framework's order); an unknown sort is the framework's order."""
        name = sort.lstrip("-")
        if name not in SORTS:
            sort = name = "code"
        key = SORTS[name]
        descending = sort.startswith("-")
        if name == "code":
            return replace(self, rows=sorted(self.rows, key=key, reverse=descending), sort=sort)
        present = sorted((r for r in self.rows if key(r) is not None), key=key, reverse=descending)
        missing = [r for r in self.rows if key(r) is None]
        return replace(self, rows=present + missing, sort=sort)


def agencies_of(province: Province, codes: Sequence[str] | None = None) -> dict[str, dict[str, list[str]]]:
    """Lead and coordinating agencies per indicator code of a province."""
    out: dict[str, dict[str, list[str]]] = {}
    query = (
        Duty.objects.filter(province=province, role__in=("lead", "coordinating"))
        .exclude(code="")
        .select_related("agency")
    )
    if codes is not None:
        query = query.filter(code__in=list(codes))
    for a in query:
        out.setdefault(a.code, {"lead": [], "coordinating": []})[a.role].append(str(a.agency))
    return out


def _gains(ctx: Context, unit: str) -> dict[str, Worth]:
    result, root = ctx.result, ctx.framework.root
    if result is None or unit not in result.units or not math.isfinite(result.score(unit, root)):
        return {}
    return {w.indicator: w for w in worth(result, unit, root) if math.isfinite(w.score)}


def table(ctx: Context, province: Province, codes: Sequence[str], gains: bool = True) -> IndicatorTable:
    """The rows of the indicators ``codes`` (those the user may see), in the framework's order;
    ``gains=False`` leaves out what a point is worth (a page that does not show it)."""
    empty = IndicatorTable(
        framework=ctx.fv.name if ctx.fv else "",
        root=ctx.framework.root if ctx.framework else "",
        province=province.code,
        year=ctx.year,
        illustrative=ctx.illustrative if ctx.fv else False,
        has_result=False,
    )
    fw = ctx.framework
    if fw is None:
        return empty
    structure, result, unit = ctx.structure, ctx.result, province.code
    view = partial.kind(ctx.fv, ctx.year, province)
    pv = partial.build(ctx.fv, ctx.year, province) if view == partial.PARTIAL else None
    if pv is not None:
        result = None  # the stored values of the year are not a national data set: no full result
    has_result = result is not None and unit in result.units
    official = queries.official(ctx.fv, ctx.year, province) if ctx.year else {}
    raw = queries.raw_values(ctx.fv, ctx.year, province) if ctx.year else {}
    targets = queries.targets(ctx.fv, ctx.year + 1, province) if ctx.year else {}
    agencies = agencies_of(province)
    flags = {}
    worths: dict[str, Worth] = {}
    if has_result:
        flags = {it.code: it.gii_rule for it in strengths_weaknesses(result, unit, ("indicator",))}
        worths = _gains(ctx, unit) if gains else {}
    visible = set(codes)
    rows = []
    for c in fw.indicators:
        if c not in visible:
            continue
        node = fw.node(c)
        computed = partial.standing(pv, c) if pv is not None else Standing.of_unit(result, unit, c)
        rv = raw.get(c)
        value = finite(rv.value) if rv else None
        rows.append(
            IndicatorRow(
                code=c,
                position=fw.index[c],
                name=node_name(fw, c),
                unit=node.unit,
                pillar=structure.pillar_of(fw, c),
                group=node.parent or "",
                raw=value,
                raw_illustrative=bool(rv and rv.illustrative),
                computed=computed,
                official=Official.of(official.get(c)),
                target=Goal.judge(targets.get(c), computed, value, node.direction, _others(result, unit, c, targets)),
                flag=flags.get(c, ""),
                lead=agencies.get(c, {}).get("lead", []),
                coordinating=agencies.get(c, {}).get("coordinating", []),
                gain=Gain.of(worths.get(c)),
            )
        )
    return replace(
        empty,
        has_result=has_result,
        view=view,
        rows=rows,
        pillars=[(p, node_name(fw, p)) for p in structure.pillars],
        agencies=sorted({a for v in agencies.values() for names in v.values() for a in names}),
    )


def _others(result, unit: str, code: str, targets: dict) -> object:
    """The other units' scores, for a rank target only (the score its rank takes today)."""
    row = targets.get(code)
    return others_scores(result, unit, code) if row and row.get("kind") == "rank" else None


@dataclass(frozen=True)
class Spread(Record):
    """One province on an indicator: its score and raw value (the strip chart and its table)."""

    unit: str
    name: str
    score: float
    raw: float | None


@dataclass(frozen=True)
class IndicatorDetail(Record):
    code: str
    name: str
    name_vi: str  # the framework's own (Vietnamese) name
    unit: str
    source: str
    direction: int
    framework: str
    province: str
    year: int | None
    raw: float | None
    raw_illustrative: bool
    raw_unusable: bool  # stored but left out of the computation (beyond the usable range)
    computed: Standing | None
    official: Official | None
    target: Goal | None
    gain: Gain | None
    treatment: str | None  # the outlier treatment applied to the indicator this year
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    spread: list[Spread] = field(default_factory=list)  # best first


def detail(ctx: Context, province: Province, code: str) -> IndicatorDetail:
    """One indicator of the province (``code`` must be an indicator of the context's framework)."""
    fw, result, unit = ctx.framework, ctx.result, province.code
    node = fw.node(code)
    has_result = result is not None and unit in result.units
    rv = queries.raw_values(ctx.fv, ctx.year, province).get(code) if ctx.year else None
    value = finite(rv.value) if rv else None
    computed = Standing.of_unit(result, unit, code)
    target_row = queries.targets(ctx.fv, ctx.year + 1, province).get(code) if ctx.year else None
    spread, treatment, gain = [], None, None
    if has_result:
        col = result.node_scores(code)
        i = fw.indicators.index(code)
        spread = sorted(
            (
                Spread(result.units[u], result.names[u], float(col[u]), finite(float(result.raw[u, i])))
                for u in range(len(result.units))
                if math.isfinite(col[u])
            ),
            key=lambda s: -s.score,
        )
        treatment = result.treatment[i].action if i < len(result.treatment) else None
        gain = Gain.of(_gains(ctx, unit).get(code))
    agencies = agencies_of(province, [code]).get(code, {})
    return IndicatorDetail(
        code=code,
        name=node_name(fw, code),
        name_vi=node.name,
        unit=node.unit,
        source=node.source,
        direction=node.direction,
        framework=ctx.fv.name,
        province=unit,
        year=ctx.year,
        raw=value,
        raw_illustrative=bool(rv and rv.illustrative),
        raw_unusable=rv is not None and rv.value is not None and not queries.usable(rv.value),
        computed=computed,
        official=Official.of(queries.official(ctx.fv, ctx.year, province).get(code)) if ctx.year else None,
        target=Goal.judge(target_row, computed, value, node.direction, others_scores(result, unit, code)),
        gain=gain,
        treatment=treatment,
        lead=agencies.get("lead", []),
        coordinating=agencies.get("coordinating", []),
        spread=spread,
    )
