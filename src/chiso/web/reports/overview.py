"""The province-year overview: what a leader reads first (the dashboard, the report's first pages)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from chiso.core.position import gap_to_next_place, neighbours
from chiso.core.strengths import strengths_weaknesses
from chiso.core.trend import Trend, trend
from chiso.web.common.context import Context, node_name
from chiso.web.indexdata import queries
from chiso.web.people.models import Province

from . import partial
from .base import Goal, Official, Record, Standing, finite, others_scores

SW_LEVELS = ("pillar", "group", "indicator")


@dataclass(frozen=True)
class NodeRow(Record):
    """The index, a sub-index, a pillar or a group for the province: official and computed apart."""

    code: str
    name: str
    kind: str  # index, subindex, pillar, group (the framework's level)
    computed: Standing | None
    official: Official | None
    official_before: Official | None  # the year before, as published
    change: float | None  # computed score minus the year before's
    rank_before: int | None  # computed rank the year before
    target: Goal | None  # next year's target as the plan writes it, with its status today
    groups: list[NodeRow] = field(default_factory=list)
    difference: float | None = None  # partial view: computed minus official score
    cause: str = ""  # partial view: the difference's cause (a key of chiso.core.partial.CAUSES)

    @property
    def status(self):
        """The target's status when there is something to judge it by (else None)."""
        return self.target.status if self.target and self.target.status.met is not None else None


@dataclass(frozen=True)
class Flagged(Record):
    """A strength or weakness (GII rule), with its rank and gap to the national mean."""

    code: str
    name: str
    score: float
    rank: int | None
    gap: float | None


@dataclass(frozen=True)
class LevelStrengths(Record):
    level: str  # pillar, group or indicator
    strengths: list[Flagged]
    weaknesses: list[Flagged]
    above: int  # items above the national mean
    below: int


@dataclass(frozen=True)
class Neighbour(Record):
    """A province just above or below in the ranking of the index."""

    unit: str
    name: str
    score: float | None
    rank: int | None
    gap: float | None  # its score minus the province's


@dataclass(frozen=True)
class RadarPoint(Record):
    """One pillar on the radar: the province, the national mean and the target drawn as a score."""

    code: str
    name: str
    score: float | None
    mean: float | None
    target_score: float | None  # a rank target as today's score of that rank


@dataclass(frozen=True)
class Overview(Record):
    framework: str
    root: str
    province: str
    province_name: str
    year: int | None
    illustrative: bool
    has_result: bool  # the province has computed results this year
    heads: list[NodeRow] = field(default_factory=list)  # the index and its sub-indices
    pillars: list[NodeRow] = field(default_factory=list)  # each with its groups
    count: int | None = None  # provinces ranked
    halves: tuple[str, str] | None = None  # the two sub-indices of the efficiency ratio (input, output)
    efficiency: float | None = None
    next_place_gap: float | None = None  # points of the index to the next place up
    neighbours: list[Neighbour] = field(default_factory=list)
    strengths: dict[str, LevelStrengths] = field(default_factory=dict)
    radar: list[RadarPoint] = field(default_factory=list)
    trend: Trend | None = None  # the index across the years computed
    view: str = "none"  # which view the page shows: full, partial or none (reports.partial.kind)

    @property
    def has_data(self) -> bool:
        return bool(self.heads)


def build(ctx: Context, province: Province) -> Overview:
    """The overview of ``province`` in the context's framework and year."""
    empty = Overview(
        framework=ctx.fv.name if ctx.fv else "",
        root=ctx.framework.root if ctx.framework else "",
        province=province.code,
        province_name=province.short_name,
        year=ctx.year,
        illustrative=ctx.illustrative if ctx.fv else False,
        has_result=False,
    )
    if ctx.framework is None or ctx.year is None:
        return empty
    fw, result, unit, structure = ctx.framework, ctx.result, province.code, ctx.structure
    view = partial.kind(ctx.fv, ctx.year, province)
    empty = replace(empty, view=view)
    if view == partial.PARTIAL:
        return _partial(ctx, province, empty)
    has_result = result is not None and unit in result.units
    official = queries.official(ctx.fv, ctx.year, province)
    if not has_result and not official:
        return empty
    targets = queries.targets(ctx.fv, ctx.year + 1, province)
    by_year = {y: result if y == ctx.year else queries.computed(ctx.fv, y)[0] for y in ctx.years}
    previous = by_year.get(ctx.year - 1)
    if previous is not None and unit not in previous.units:
        previous = None
    previous_official = queries.official(ctx.fv, ctx.year - 1, province) if previous else {}

    def row(c: str, groups: list[NodeRow] | None = None) -> NodeRow:
        computed = Standing.of_unit(result, unit, c)
        before = Standing.of_unit(previous, unit, c)
        change = None
        if computed and before and computed.score is not None and before.score is not None:
            change = computed.score - before.score
        return NodeRow(
            code=c,
            name=node_name(fw, c),
            kind=fw.kind(c),
            computed=computed,
            official=Official.of(official.get(c)),
            official_before=Official.of(previous_official.get(c)),
            change=change,
            rank_before=before.rank if before else None,
            target=Goal.judge(
                targets.get(c),
                computed,
                others=others_scores(result, unit, c) if targets.get(c, {}).get("kind") == "rank" else None,
            ),
            groups=groups or [],
        )

    heads = [row(c) for c in structure.heads]
    pillars = [row(p, [row(g) for g in structure.groups[p]]) for p in structure.pillars]
    if not has_result:
        return replace(empty, heads=heads, pillars=pillars)
    u = result.unit_index(unit)
    radar = [
        RadarPoint(
            p.code,
            p.name,
            p.computed.score,
            p.computed.mean,
            p.target.status.score_needed if p.target and p.target.kind == "rank" else None,
        )
        for p in pillars
    ]
    items = strengths_weaknesses(result, unit, SW_LEVELS)
    strengths = {}
    for level in SW_LEVELS:
        mine = [it for it in items if it.level == level]
        strengths[level] = LevelStrengths(
            level,
            [_flagged(fw, it) for it in mine if it.gii_rule == "strength"],
            [_flagged(fw, it) for it in mine if it.gii_rule == "weakness"],
            sum(it.average_rule == "above" for it in mine),
            sum(it.average_rule == "below" for it in mine),
        )
    history = {y: r for y, r in sorted(by_year.items()) if r is not None and unit in r.units}
    root_scores = result.node_scores(structure.root)
    score = float(root_scores[u])
    near = [
        Neighbour(
            result.units[k],
            result.names[k],
            finite(float(root_scores[k])),
            result.rank(result.units[k], structure.root),
            finite(float(root_scores[k]) - score),
        )
        for k in neighbours(root_scores, u)
    ]
    efficiency = result.efficiency
    return replace(
        empty,
        has_result=True,
        heads=heads,
        pillars=pillars,
        count=len(result.units),
        halves=fw.halves,
        efficiency=None if efficiency is None else finite(float(efficiency[u])),
        next_place_gap=gap_to_next_place(score, others_scores(result, unit, structure.root)),
        neighbours=near,
        strengths=strengths,
        radar=radar,
        trend=trend(history, unit, structure.root) if history else None,
    )


def _partial(ctx: Context, province: Province, empty: Overview) -> Overview:
    """The overview in the partial view (the province's own raw values and the published tables)."""
    fw, structure = ctx.framework, ctx.structure
    pv = partial.build(ctx.fv, ctx.year, province)
    before = (
        partial.build(ctx.fv, ctx.year - 1, province)
        if partial.kind(ctx.fv, ctx.year - 1, province) == partial.PARTIAL
        else None
    )
    official = queries.official(ctx.fv, ctx.year, province)
    previous_official = queries.official(ctx.fv, ctx.year - 1, province) if before else {}
    targets = queries.targets(ctx.fv, ctx.year + 1, province)
    differences = {d.code: d for d in pv.differences}

    def row(c: str, groups: list[NodeRow] | None = None) -> NodeRow:
        computed, prior = partial.standing(pv, c), partial.standing(before, c)
        change = None
        if computed and prior and computed.score is not None and prior.score is not None:
            change = computed.score - prior.score
        d = differences.get(c)
        return NodeRow(
            code=c,
            name=node_name(fw, c),
            kind=fw.kind(c),
            computed=computed,
            official=Official.of(official.get(c)),
            official_before=Official.of(previous_official.get(c)),
            change=change,
            rank_before=prior.rank if prior else None,
            target=Goal.judge(targets.get(c), computed, others=None),
            groups=groups or [],
            difference=None if d is None else finite(d.difference),
            cause="" if d is None else d.cause,
        )

    heads = [row(c) for c in structure.heads]
    pillars = [row(p, [row(g) for g in structure.groups[p]]) for p in structure.pillars]
    return replace(empty, heads=heads, pillars=pillars)


def _flagged(fw, item) -> Flagged:
    return Flagged(item.code, node_name(fw, item.code), item.score, item.rank, finite(item.gap))
