"""What each indicator is worth to a unit: its contribution today and its marginal gains.

With arithmetic aggregation a node's score is a weighted sum of the unit's available indicator
scores; the effective weight of indicator i in node n is the product, down the path, of each
child's weight over the sum of its available siblings' weights. Contributions are effective
weight x score and add up to the node's score.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from .framework import Framework
from .rank import rank_against
from .results import YearResult


def effective_weights(framework: Framework, node_scores: np.ndarray, node: str) -> np.ndarray:
    """d score(node) / d score(indicator) for one unit (array over the framework's indicators).

    ``node_scores`` is the unit's row of scores over all nodes (NaN = not available).
    """
    out = np.zeros(len(framework.indicators))
    ind_pos = {c: i for i, c in enumerate(framework.indicators)}

    def walk(code: str, share: float) -> None:
        if framework.is_indicator(code):
            out[ind_pos[code]] = share
            return
        kids = [c for c in framework.children[code] if not math.isnan(node_scores[framework.index[c]])]
        total = sum(framework.node(c).weight for c in kids)
        if total <= 0:
            return
        for c in kids:
            walk(c, share * framework.node(c).weight / total)

    if not math.isnan(node_scores[framework.index[node]]):
        walk(node, 1.0)
    return out


def score_slopes(result: YearResult) -> np.ndarray:
    """Score points per raw unit for each indicator under min-max (direction included); NaN when
    the indicator has no spread. Exact while the value stays within the bounds and the indicator's
    outlier treatment does not change."""
    treated = result.treated
    span = np.fmax.reduce(treated, axis=0) - np.fmin.reduce(treated, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = 100.0 / span * result.framework.directions
    untouched = np.array([r.action in ("passed", "not treated", "too few values") for r in result.treatment])
    return np.where((span > 0) & untouched, slope, np.nan)


@dataclass(frozen=True)
class Worth:
    indicator: str
    name: str
    raw: float
    score: float
    weight: float  # effective weight in the node: points of the node per score point
    contribution: float  # weight x score
    points_per_score_point: float
    places_per_score_point: int
    points_per_raw_unit: float  # NaN where the indicator is treated or has no spread
    places_per_raw_unit: int | None
    points_per_percent: float  # node points for a 1% rise of the raw value (the default effort measure)
    headroom: float  # score points left to 100

    def as_dict(self) -> dict[str, Any]:
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}


def _places(result: YearResult, u: int, j: int, gain: float) -> int:
    col = result.scores[:, j]
    others = np.delete(col, u)
    now = rank_against(col[u], others, result.methodology.ties)
    after = rank_against(col[u] + gain, others, result.methodology.ties)
    return now - after


def worth(result: YearResult, unit: str, node: str | None = None) -> list[Worth]:
    """Per indicator, for one unit: contribution to ``node`` and what one more score point and one
    more raw unit are worth in ``node`` points and places (the other units held as they are)."""
    fw = result.framework
    u = result.unit_index(unit)
    node = node or fw.root
    j = fw.index[node]
    ew = effective_weights(fw, result.scores[u], node)
    slopes = score_slopes(result)
    out = []
    for i, code in enumerate(fw.indicators):
        score = float(result.scores[u, fw.index[code]])
        per_raw = ew[i] * slopes[i]
        out.append(
            Worth(
                indicator=code,
                name=fw.node(code).name,
                raw=float(result.raw[u, i]),
                score=score,
                weight=float(ew[i]),
                contribution=float(ew[i] * score) if not math.isnan(score) else 0.0,
                points_per_score_point=float(ew[i]),
                places_per_score_point=_places(result, u, j, float(ew[i])),
                points_per_raw_unit=float(abs(per_raw)) if not math.isnan(per_raw) else math.nan,
                places_per_raw_unit=None if math.isnan(per_raw) else _places(result, u, j, float(abs(per_raw))),
                points_per_percent=float(abs(per_raw) * abs(result.raw[u, i]) / 100)
                if not math.isnan(per_raw) and result.raw[u, i] != 0
                else math.nan,
                headroom=100.0 - score if not math.isnan(score) else math.nan,
            )
        )
    return out


def by_gain_per_effort(items: list[Worth]) -> list[Worth]:
    """Indicators with room to grow, best gain per 1% of raw effort first (unknown gains last)."""
    open_items = [w for w in items if not math.isnan(w.headroom) and w.headroom > 1e-9]
    return sorted(open_items, key=lambda w: (math.isnan(w.points_per_percent), -np.nan_to_num(w.points_per_percent)))
