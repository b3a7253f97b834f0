"""The partial view: a province that holds only its own raw values and the Ministry's published tables.

What it has (DESIGN §2, §3): its raw values, each indicator's published national max and min, its
official scores and ranks, and possibly the Ministry's ranking table (every province's published
score on the published nodes). From these:

- own indicator scores by min–max against the published bounds; a value beyond a bound scores 0 or
  100 and is flagged (the bound would move, and the other provinces' scores with it);
- upward aggregation with the framework's weights;
- ranks by placing the province's score among the others' published scores, held fixed;
- the national average only where the ranking table holds every province's score on a node;
- every difference between a computed and an official score, with its likely cause.

One call gives everything a page or the CLI needs::

    view = partial_view(framework, bounds, ranking, unit="Cao Bằng", year=2024)
    view.score("1.2"), view.rank("PII"), view.average("PII"), view.flags, view.differences
    strengths(view); worth(view); whatif(view, {"4.1.1": 200}); solve(view, SolverTarget.parse("rank:PII:60"))
    raw_targets(view); raw_for_score(view, "1.1.1", 60); trend({2023: v23, 2024: v24})

Robustness (Monte Carlo over the methodology) needs every province's raw values: full view only.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from .compute import compute_values
from .contribution import effective_weights
from .errors import InputError
from .framework import Framework
from .partial_inputs import Bounds, Ranking, RankingYear, YearBounds, coded
from .rank import rank_against
from .solver import Limit, PartialView, Plan, SolverTarget
from .solver import solve as _solve
from .spec import DEFAULT, Methodology

VIEW = "partial"
ROUNDING = 0.005  # published figures are printed with 2 decimals
FAR_FACTOR = 5.0  # a target more than this many times the largest change seen is "far beyond"

IMPLIES = (
    "Góc nhìn riêng phần: chỉ có số liệu của tỉnh và các bảng đã công bố; điểm của các tỉnh khác được giữ "
    "nguyên, nên thứ hạng là ước tính."
)
IMPLIES_EN = (
    "Partial view: only the province's own values and the published tables; the other provinces' scores are "
    "held fixed, so ranks are estimates."
)

CAUSES = {
    "agrees": "computed and official scores agree",
    "rounding": "rounding of the published inputs (printed with 2 decimals)",
    "outlier": "outlier treatment moved the bound: the Ministry normalised treated values, the published max/min are raw",
    "missing": "a missing value: the province has no value here (left out, or counted as 0 by the Ministry)",
    "beyond": "the value lies beyond a published bound",
    "no_bounds": "the bounds of an indicator below are not published",
}


def _codes(fw: Framework) -> list[str]:
    return [n.code for n in fw.nodes]


def robustness_unavailable() -> InputError:
    return coded(
        "robustness needs every province's raw values (the full view); the partial view holds only the province's "
        "own values and the published tables",
        "robustness_full_view_only",
    )


@dataclass(frozen=True)
class Flag:
    code: str
    kind: str  # "above_max" or "below_min"
    value: float
    bound: float
    score: float
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Difference:
    code: str
    computed: float
    official: float
    difference: float
    tolerance: float  # what rounding of the published inputs alone can explain
    cause: str  # a key of CAUSES
    explanation: str

    def as_dict(self) -> dict[str, Any]:
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}


@dataclass
class PartialResult:
    """The province's scores on every node in the partial view, with ranks where the others are known."""

    framework: Framework
    year: int | None
    unit: str
    bounds: YearBounds
    ranking: RankingYear | None
    methodology: Methodology
    values: np.ndarray  # own raw values (after any what-if)
    row: np.ndarray  # own scores over all nodes (framework node order)
    ranks: dict[str, int | None]
    of: dict[str, int]
    averages: dict[str, float | None]
    flags: list[Flag] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    view: str = VIEW

    def score(self, code: str) -> float:
        return float(self.row[self.framework.index[code]])

    def rank(self, code: str) -> int | None:
        return self.ranks.get(code)

    def average(self, code: str) -> float | None:
        """The national average, or None where the published tables do not give it."""
        return self.averages.get(code)

    def others(self, code: str) -> np.ndarray | None:
        return None if self.ranking is None else self.ranking.others(code, self._ranking_unit())

    def _ranking_unit(self) -> str | None:
        if self.ranking is None:
            return None
        folded = {u.casefold(): u for u in self.ranking.units}
        return folded.get(self.unit.casefold())

    def rows(self) -> list[tuple[str, str, float, int | None]]:
        """The long output ``unit,code,score,rank`` (rank None where the others are unknown)."""
        return [(self.unit, code, self.score(code), self.rank(code)) for code in _codes(self.framework)]

    def to_dict(self) -> dict[str, Any]:
        def num(v: float | None) -> float | None:
            return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)

        fw = self.framework
        return {
            "view": self.view,
            "implies": IMPLIES_EN,
            "year": self.year,
            "unit": self.unit,
            "framework": fw.name,
            "nodes": [
                {
                    "code": c,
                    "kind": fw.kind(c),
                    "raw": num(float(self.values[fw.indicators.index(c)])) if fw.is_indicator(c) else None,
                    "max": num(float(self.bounds.upper[fw.indicators.index(c)])) if fw.is_indicator(c) else None,
                    "min": num(float(self.bounds.lower[fw.indicators.index(c)])) if fw.is_indicator(c) else None,
                    "score": num(self.score(c)),
                    "rank": self.rank(c),
                    "of": self.of.get(c),
                    "average": num(self.average(c)),
                    "official": num(self.bounds.official[c].score) if c in self.bounds.official else None,
                    "official_rank": self.bounds.official[c].rank if c in self.bounds.official else None,
                }
                for c in _codes(fw)
            ],
            "flags": [f.as_dict() for f in self.flags],
            "differences": [d.as_dict() for d in self.differences],
            "warnings": list(self.warnings),
        }


def _year_bounds(bounds: Bounds | YearBounds, year: int | None) -> YearBounds:
    return bounds if isinstance(bounds, YearBounds) else bounds.year(year)


def _ranking_year(ranking: Ranking | RankingYear | None, year: int | None) -> RankingYear | None:
    if ranking is None or isinstance(ranking, RankingYear):
        return ranking
    return ranking.year(year)


def partial_view(
    framework: Framework,
    bounds: Bounds | YearBounds,
    ranking: Ranking | RankingYear | None = None,
    *,
    unit: str,
    year: int | None = None,
    methodology: Methodology = DEFAULT,
    values: np.ndarray | None = None,
    score_overrides: np.ndarray | None = None,
) -> PartialResult:
    """Compute the province's partial view (``values`` replaces its raw values, for a what-if)."""
    yb = _year_bounds(bounds, year)
    ry = _ranking_year(ranking, yb.year if year is None else year)
    if len(yb.value) != len(framework.indicators):
        raise coded("the bounds were read for another framework", "framework_mismatch", framework=framework.name)
    x = np.array(yb.value if values is None else values, float)
    overrides = np.full(len(framework.indicators), np.nan)
    if score_overrides is not None:
        overrides = np.array(score_overrides, float)
    # from published scores alone: an indicator without a raw value or bounds takes its official score
    unscored = np.isnan(x) | np.isnan(yb.upper) | np.isnan(yb.lower)
    from_official = []
    for i, code in enumerate(framework.indicators):
        pub = yb.official.get(code)
        if unscored[i] and np.isnan(overrides[i]) and pub is not None and not math.isnan(pub.score):
            overrides[i] = pub.score
            from_official.append(code)
    result = compute_values(
        framework,
        x[None, :],
        methodology,
        units=[unit],
        year=yb.year,
        lower=yb.lower,
        upper=yb.upper,
        score_overrides=None if np.isnan(overrides).all() else overrides[None, :],
    )
    row = result.scores[0]
    view = PartialResult(framework, yb.year, unit, yb, ry, methodology, x, row, {}, {}, {})
    view.warnings = list(yb.warnings) + [w for w in result.warnings if not _silenced(w, from_official)]
    if from_official:
        view.warnings.append(
            f"{len(from_official)} indicator(s) without raw value or bounds take their official score: "
            + ", ".join(from_official)
        )
    ranking_unit = view._ranking_unit()
    if ry is not None and ranking_unit is None:
        view.warnings.append(f"{unit!r} is not in the ranking table: every listed province is counted as another")
    for code in _codes(framework):
        others = None if ry is None else ry.others(code, ranking_unit)
        s = view.score(code)
        if others is not None and others.size and not math.isnan(s):
            view.ranks[code] = rank_against(s, others, methodology.ties)
            view.of[code] = int(np.count_nonzero(~np.isnan(others))) + 1
        else:
            view.ranks[code] = None
        if ry is not None and ry.complete(code):
            view.averages[code] = float(np.mean(list(ry.scores[code].values())))
        else:
            view.averages[code] = None
    view.flags = _flags(framework, x, yb)
    view.differences = _differences(view)
    return view


def _silenced(warning: str, codes: list[str]) -> bool:
    """The 'max = min' warning of an indicator whose official score is used instead."""
    return any(warning.startswith(f"indicator {c}:") for c in codes)


def _flags(framework: Framework, x: np.ndarray, yb: YearBounds) -> list[Flag]:
    out = []
    for i, code in enumerate(framework.indicators):
        v, hi, lo, d = x[i], yb.upper[i], yb.lower[i], framework.directions[i]
        if math.isnan(v):
            continue
        if not math.isnan(hi) and v > hi:
            score = 100.0 if d > 0 else 0.0
            out.append(
                Flag(
                    code,
                    "above_max",
                    float(v),
                    float(hi),
                    score,
                    f"{code}: {v:g} is above the published national max {hi:g}: it scores {score:g} here, but in a "
                    "recomputation it would become the new max, and the other provinces' scores would move with it",
                )
            )
        elif not math.isnan(lo) and v < lo:
            score = 0.0 if d > 0 else 100.0
            out.append(
                Flag(
                    code,
                    "below_min",
                    float(v),
                    float(lo),
                    score,
                    f"{code}: {v:g} is below the published national min {lo:g}: it scores {score:g} here, but in a "
                    "recomputation it would become the new min, and the other provinces' scores would move with it",
                )
            )
    return out


def _tolerances(view: PartialResult) -> np.ndarray:
    """Per node, the score difference rounding of the published inputs alone can explain."""
    fw, yb = view.framework, view.bounds
    tol = np.full(len(fw.nodes), np.nan)
    span = yb.upper - yb.lower
    with np.errstate(invalid="ignore", divide="ignore"):
        ind = 3 * 100 * ROUNDING / np.abs(span) + ROUNDING
    tol[fw.indicator_positions] = ind
    for code in sorted(fw.aggregates, key=lambda c: fw.heights[c]):  # children before parents
        kids = [c for c in fw.children[code] if not math.isnan(view.row[fw.index[c]])]
        if not kids:
            continue
        w = np.array([fw.node(c).weight for c in kids])
        t = np.array([tol[fw.index[c]] for c in kids])
        tol[fw.index[code]] = float(np.nansum(w * t) / w.sum()) + ROUNDING
    return tol


def _differences(view: PartialResult) -> list[Difference]:
    fw, yb = view.framework, view.bounds
    tol = _tolerances(view)
    flagged = {f.code for f in view.flags}
    zero = None
    out: list[Difference] = []
    for code in _codes(fw):
        pub = yb.official.get(code)
        if pub is None or math.isnan(pub.score):
            continue
        computed = view.score(code)
        leaves = fw.leaves_under(code) if not fw.is_indicator(code) else (code,)
        idx = [fw.indicators.index(c) for c in leaves]
        missing = [c for c, i in zip(leaves, idx, strict=True) if math.isnan(view.values[i])]
        unbounded = [
            c
            for c, i in zip(leaves, idx, strict=True)
            if not math.isnan(view.values[i]) and (math.isnan(yb.upper[i]) or math.isnan(yb.lower[i]))
        ]
        diff = computed - pub.score
        t = float(tol[fw.index[code]]) if not math.isnan(tol[fw.index[code]]) else ROUNDING
        if math.isnan(computed):
            cause = "missing" if missing else "no_bounds"
            text = f"{code}: no score can be computed ({', '.join(missing or unbounded)} without value or bounds)"
        elif abs(diff) <= ROUNDING + 1e-9:
            cause, text = "agrees", f"{code}: {computed:.2f} = official {pub.score:.2f}"
        elif abs(diff) <= t + 1e-9:
            cause = "rounding"
            text = f"{code}: {computed:.2f} vs official {pub.score:.2f}, within what rounding of the inputs explains (±{t:.2f})"
        else:
            if missing:
                if zero is None:
                    zero = partial_view(
                        fw,
                        yb,
                        None,
                        unit=view.unit,
                        methodology=_with_missing_zero(view.methodology),
                        values=view.values,
                    )
                counted = zero.score(code)
                if abs(counted - pub.score) <= t + 1e-9:
                    cause = "missing"
                    text = (
                        f"{code}: {computed:.2f} vs official {pub.score:.2f}: the Ministry counted "
                        f"{', '.join(missing)} (no value) as 0 ({counted:.2f} then)"
                    )
                else:
                    cause = "missing"
                    text = f"{code}: {computed:.2f} vs official {pub.score:.2f}: {', '.join(missing)} has no value"
            elif unbounded:
                cause = "no_bounds"
                text = f"{code}: the bounds of {', '.join(unbounded)} are not published"
            elif set(leaves) & flagged:
                cause = "beyond"
                text = f"{code}: {', '.join(sorted(set(leaves) & flagged))} lies beyond a published bound"
            else:
                cause = "outlier"
                text = (
                    f"{code}: {computed:.2f} vs official {pub.score:.2f} (difference {diff:+.2f}, rounding explains "
                    f"±{t:.2f}): outlier treatment most likely moved the bound — the Ministry normalised the treated "
                    "values, while the published max and min are the raw ones"
                )
        out.append(Difference(code, computed, pub.score, diff, t, cause, text))
    return out


def _with_missing_zero(m: Methodology) -> Methodology:
    from dataclasses import replace

    return replace(m, missing="zero")


# --- analyses ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    code: str
    level: str
    score: float
    rank: int | None
    of: int | None
    average: float | None
    basis: str  # "average" (the published average), "rank" (the published or placed rank), "range"
    rule: str  # "strength", "weakness" or ""
    gap: float | None  # score - average where the average is known

    def as_dict(self) -> dict[str, Any]:
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}


def strengths(view: PartialResult, levels: tuple[str, ...] = ("indicator", "group", "pillar")) -> list[Standing]:
    """Strengths and weaknesses in the partial view.

    Where the national average is known (ranking table complete on the node): above/below it. Else
    where a rank is known (placed among the published scores, or the official rank): top or bottom
    fifth. Else the position within the national range (the score itself: ≥ 50 strength, < 50
    weakness is not claimed; only the top and bottom fifth of the range, ≥ 80 and ≤ 20, are).
    """
    fw = view.framework
    out = []
    for code in _codes(fw):
        level = fw.kind(code)
        if level not in levels:
            continue
        s = view.score(code)
        if math.isnan(s):
            continue
        avg = view.average(code)
        rank, of = view.rank(code), view.of.get(code)
        pub = view.bounds.official.get(code)
        if rank is None and pub is not None and pub.rank is not None:
            rank, of = pub.rank, pub.of
        if avg is not None:
            basis, gap = "average", s - avg
            rule = "strength" if gap > 1e-9 else ("weakness" if gap < -1e-9 else "")
        elif rank is not None and of:
            basis, gap = "rank", None
            share = (rank - 1) / max(of - 1, 1)
            rule = "strength" if share <= 0.2 or rank <= 3 else ("weakness" if share >= 0.8 else "")
        else:
            basis, gap = "range", None
            rule = "strength" if s >= 80 else ("weakness" if s <= 20 else "")
        out.append(Standing(code, level, s, rank, of, avg, basis, rule, gap))
    return out


@dataclass(frozen=True)
class PartialWorth:
    indicator: str
    raw: float
    score: float
    weight: float  # node points per score point
    points_per_raw_unit: float
    gain_to_best: float  # node points if the indicator reached the national best
    places_to_best: int | None  # places won then (None: others unknown)
    places_per_score_point: int | None

    def as_dict(self) -> dict[str, Any]:
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}


def worth(view: PartialResult, node: str | None = None) -> list[PartialWorth]:
    """What each indicator is worth in ``node`` (the root by default) points and places, others held at
    their published scores."""
    fw = view.framework
    node = node or fw.root
    ew = effective_weights(fw, view.row, node)
    span = view.bounds.upper - view.bounds.lower
    others = view.others(node)
    s_node = view.score(node)

    def places(gain: float) -> int | None:
        if others is None or not others.size or math.isnan(s_node):
            return None
        ties = view.methodology.ties
        return rank_against(s_node, others, ties) - rank_against(s_node + gain, others, ties)

    out = []
    for i, code in enumerate(fw.indicators):
        score = float(view.row[fw.index[code]])
        per_raw = ew[i] * 100.0 / span[i] if span[i] > 0 else math.nan
        gain = ew[i] * (100.0 - score) if not math.isnan(score) else math.nan
        out.append(
            PartialWorth(
                code,
                float(view.values[i]),
                score,
                float(ew[i]),
                float(per_raw),
                float(gain),
                None if math.isnan(gain) else places(gain),
                places(float(ew[i])),
            )
        )
    return out


def _new_values(view: PartialResult, changes: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    fw = view.framework
    x = view.values.copy()
    overrides = np.full(len(fw.indicators), np.nan)
    for text, value in changes.items():
        score = text.startswith("score:")
        code = fw.find(text[6:] if score else text)
        if code is None or not fw.is_indicator(code):
            raise coded(f"{text!r} is not an indicator of {fw.name}", "unknown_indicator", code=text)
        i = fw.indicators.index(code)
        if score:
            if not 0 <= value <= 100:
                raise coded(f"score for {code} must be from 0 to 100", "score_range", code=code, value=value)
            overrides[i] = value
        else:
            x[i] = value
    return x, overrides


@dataclass
class PartialWhatIf:
    before: PartialResult
    after: PartialResult

    def deltas(self) -> list[dict[str, Any]]:
        out = []
        for code in _codes(self.before.framework):
            b, a = self.before.score(code), self.after.score(code)
            if math.isnan(b) and math.isnan(a):
                continue
            out.append(
                {
                    "code": code,
                    "before": None if math.isnan(b) else b,
                    "after": None if math.isnan(a) else a,
                    "delta": None if math.isnan(a - b) else a - b,
                    "rank_before": self.before.rank(code),
                    "rank_after": self.after.rank(code),
                }
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "view": VIEW,
            "deltas": self.deltas(),
            "flags": [f.as_dict() for f in self.after.flags],
        }


def whatif(view: PartialResult, changes: dict[str, float]) -> PartialWhatIf:
    """Recompute with new raw values (``{"4.1.1": 200}``) or scores (``{"score:4.1.1": 60}``).

    The others are held at their published scores; a value beyond a bound is flagged (in a real
    recomputation the bound and the others' scores would move)."""
    x, overrides = _new_values(view, changes)
    after = partial_view(
        view.framework,
        view.bounds,
        view.ranking,
        unit=view.unit,
        methodology=view.methodology,
        values=x,
        score_overrides=overrides if not np.isnan(overrides).all() else None,
    )
    return PartialWhatIf(view, after)


def solve(view: PartialResult, target: SolverTarget, limits: dict[str, Limit] | None = None) -> Plan:
    """The cheapest raw-value changes reaching ``target``, others held at their published scores.

    A rank target needs the others' published scores on its node; where the ranking table does not
    give them, an error says so rather than guessing."""
    fw = view.framework
    if target.node not in fw.index:
        raise coded(f"target node {target.node!r} is not a code of {fw.name}", "unknown_node", node=target.node)
    others_by_node: dict[str, np.ndarray] = {}
    for code in _codes(fw):
        o = view.others(code)
        if o is not None and o.size:
            others_by_node[code] = o
    if target.kind == "rank" and target.node not in others_by_node:
        raise coded(
            f"a rank target on {target.node} needs the other provinces' published scores on {target.node}; "
            "the ranking table does not give them (give a score target, or a ranking table with this node)",
            "others_unknown",
            node=target.node,
        )
    pv = PartialView(fw, view.values, view.bounds.lower, view.bounds.upper, others_by_node, view.methodology)
    plan = _solve(pv, target, limits)
    plan.notes.append(
        "partial view: the other provinces are held at their published scores and the bounds at their published "
        "values; a value beyond a bound would move them"
    )
    return plan


# --- targets in both directions ---------------------------------------------------------------------


def score_of_raw(view: PartialResult, code: str, raw: float) -> float:
    """The score a raw value of indicator ``code`` gives under today's published bounds (clipped)."""
    fw = view.framework
    i = fw.indicators.index(code)
    hi, lo, d = view.bounds.upper[i], view.bounds.lower[i], fw.directions[i]
    if math.isnan(hi) or math.isnan(lo) or not hi > lo:
        return math.nan
    s = 100.0 * ((raw - lo) if d > 0 else (hi - raw)) / (hi - lo)
    return float(min(max(s, 0.0), 100.0))


@dataclass(frozen=True)
class RawFor:
    indicator: str
    score: float
    raw: float | None
    now: float
    caveat: str
    reason: str = ""  # why no raw value is given

    def as_dict(self) -> dict[str, Any]:
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}


CAVEAT = "under today's published bounds; the bounds move every year (and with any province beyond them)"


def raw_for_score(view: PartialResult, code: str, score: float) -> RawFor:
    """The raw value indicator ``code`` must reach for ``score`` points (min–max inverted)."""
    fw = view.framework
    found = fw.find(code)
    if found is None or not fw.is_indicator(found):
        raise coded(f"{code!r} is not an indicator of {fw.name}", "unknown_indicator", code=code)
    if not 0 <= score <= 100:
        raise coded(f"a score target is from 0 to 100, not {score:g}", "score_range", value=score)
    i = fw.indicators.index(found)
    hi, lo, d = view.bounds.upper[i], view.bounds.lower[i], fw.directions[i]
    now = float(view.values[i])
    if math.isnan(hi) or math.isnan(lo) or not hi > lo:
        return RawFor(found, score, None, now, CAVEAT, "the national max and min of this indicator are not published")
    raw = lo + score / 100.0 * (hi - lo) if d > 0 else hi - score / 100.0 * (hi - lo)
    return RawFor(found, score, float(raw), now, CAVEAT)


def raw_for_rank(view: PartialResult, code: str, rank: int) -> RawFor:
    """The raw value indicator ``code`` must reach to stand at ``rank`` among the others' published
    scores on it; where the ranking table does not give them, says so instead of guessing."""
    fw = view.framework
    found = fw.find(code) or code
    others = view.others(found)
    now = float(view.values[fw.indicators.index(found)]) if found in fw.indicators else math.nan
    if others is None or not others.size:
        return RawFor(
            found,
            math.nan,
            None,
            now,
            CAVEAT,
            f"the other provinces' scores on {found} are not published: a rank on it cannot be turned into a raw value",
        )
    ranked = np.sort(others[~np.isnan(others)])[::-1]
    need = 0.0 if rank > ranked.size else min(float(ranked[rank - 1]) + 1e-6, 100.0)
    out = raw_for_score(view, found, need)
    return RawFor(out.indicator, need, out.raw, out.now, out.caveat, out.reason)


@dataclass
class RawTargetCheck:
    indicator: str
    now: float
    target: float
    score_now: float
    score: float
    beyond_best: bool
    far: bool
    largest_change_seen: float | None
    notes: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}


@dataclass
class TargetsRollUp:
    """Raw targets turned into scores and rolled up, compared with the stated node targets."""

    indicators: list[RawTargetCheck]
    implied: PartialResult
    nodes: list[dict[str, Any]]  # code, implied score, stated target, met

    def to_dict(self) -> dict[str, Any]:
        return {
            "view": VIEW,
            "indicators": [c.as_dict() for c in self.indicators],
            "nodes": self.nodes,
            "pii": {
                "score": self.implied.score(self.implied.framework.root),
                "rank": self.implied.rank(self.implied.framework.root),
            },
        }


def raw_targets(
    view: PartialResult,
    targets: dict[str, float] | None = None,
    stated: dict[str, dict] | None = None,
    history: dict[int, np.ndarray] | None = None,
) -> TargetsRollUp:
    """What the raw targets (default: those the bounds table carries) give under today's bounds.

    Each raw target becomes a score (flagged beyond the national best, or far beyond any change seen:
    more than ``FAR_FACTOR`` times the largest year-on-year change in ``history`` — own raw values per
    year — or, without history, more than five times the current value; and at least a tenth of the
    national range); the scores roll up to group,
    pillar and PII scores and rank, compared with the stated score and rank targets."""
    fw = view.framework
    yb = view.bounds
    if targets is None:
        targets = {c: t["value"] for c, t in yb.targets.items() if t.get("kind") == "raw"}
    if stated is None:
        stated = {c: t for c, t in yb.targets.items() if t.get("kind") in ("score", "rank")}
    x = view.values.copy()
    checks = []
    for code, target in targets.items():
        i = fw.indicators.index(code)
        now, d = float(view.values[i]), fw.directions[i]
        best = yb.upper[i] if d > 0 else yb.lower[i]
        x[i] = target
        notes = []
        beyond = not math.isnan(best) and (target - best) * d > 1e-12
        if beyond:
            notes.append(
                f"{code}: the target {target:g} is beyond the national best {best:g}: it would become the new bound, "
                "and the other provinces' scores would move with it"
            )
        seen = None
        if history:
            series = [float(v[i]) for _, v in sorted(history.items()) if not math.isnan(v[i])]
            steps = [abs(b - a) for a, b in itertools.pairwise(series)]
            seen = max(steps) if steps else None
        change = abs(target - now) if not math.isnan(now) else math.nan
        span = yb.upper[i] - yb.lower[i]
        material = not span > 0 or change > 0.1 * span  # a tenth of the national range at least
        if seen is not None and seen > 0:
            far = material and change > FAR_FACTOR * seen
        else:
            far = material and not math.isnan(now) and abs(now) > 0 and change > FAR_FACTOR * abs(now)
        if far:
            notes.append(
                f"{code}: from {now:g} to {target:g} is far beyond any change seen"
                + (f" (largest yearly change {seen:g})" if seen is not None else "")
            )
        checks.append(
            RawTargetCheck(
                code,
                now,
                float(target),
                view.score(code),
                score_of_raw(view, code, target),
                bool(beyond),
                bool(far),
                seen,
                notes,
            )
        )
    implied = partial_view(fw, yb, view.ranking, unit=view.unit, methodology=view.methodology, values=x)
    nodes = []
    for key, t in stated.items():
        code = t.get("node", key.split("#")[0])
        if code not in fw.index:
            continue
        s, r = implied.score(code), implied.rank(code)
        entry = {"code": code, "kind": t["kind"], "stated": t["value"], "text": t.get("text"), "implied_score": s}
        if t["kind"] == "score":
            entry["met"] = bool(s >= t["value"] - 1e-9)
        else:
            entry["implied_rank"] = r
            entry["met"] = None if r is None else bool(r <= t["value"])
            if r is None:
                entry["note"] = "the other provinces' scores on this node are not known: the rank cannot be placed"
        nodes.append(entry)
    return TargetsRollUp(checks, implied, nodes)


# --- trends -----------------------------------------------------------------------------------------


def trend(views: dict[int, PartialResult], node: str | None = None) -> dict[str, Any]:
    """The province's computed and official score (and rank) on ``node`` (the root by default) over the
    years it holds."""
    if node is None:
        node = next(iter(views.values())).framework.root if views else ""
    points = []
    for year in sorted(views):
        v = views[year]
        pub = v.bounds.official.get(node)
        points.append(
            {
                "year": year,
                "score": None if math.isnan(v.score(node)) else v.score(node),
                "rank": v.rank(node),
                "official": None if pub is None or math.isnan(pub.score) else pub.score,
                "official_rank": None if pub is None else pub.rank,
            }
        )
    change = None
    known = [p for p in points if p["score"] is not None]
    if len(known) >= 2:
        change = known[-1]["score"] - known[0]["score"]
    return {"view": VIEW, "node": node, "points": points, "change": change}


def bounds_year(bounds: Bounds, year: int | None) -> YearBounds:
    try:
        return bounds.year(year)
    except KeyError as exc:
        raise InputError(str(exc)) from exc
