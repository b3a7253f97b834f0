"""Strengths and weaknesses of a unit, by the two rules the sources and the GII use.

- ``average``: above or below the national average (mean of the units with a score), with the gap.
- ``gii``: the unit's percentile rank on each item (share of the other units it scores above);
  per level the top fifth are strengths and the bottom fifth weaknesses (10 of 52 indicators, as
  in the GII; 3 of 16 groups; 1 of 7 pillars), and any item ranked 1-3 is a strength.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from .results import YearResult

LEVELS = ("indicator", "group", "pillar")
TOP_SHARE = 0.2
ALWAYS_STRONG_RANK = 3


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    level: str
    score: float
    rank: int | None
    count: int
    mean: float
    gap: float  # score - national average
    percentile: float  # share of the other units scoring lower, 0..1
    average_rule: str  # "above", "below" or "equal"
    gii_rule: str  # "strength", "weakness" or ""

    def as_dict(self) -> dict[str, Any]:
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}


def strengths_weaknesses(result: YearResult, unit: str, levels: tuple[str, ...] = LEVELS) -> list[Item]:
    fw = result.framework
    u = result.unit_index(unit)
    stats = result.stats
    items: list[Item] = []
    for level in levels:
        codes = [n.code for n in fw.nodes if fw.kind(n.code) == level]
        level_items = []
        for code in codes:
            j = fw.index[code]
            score = float(result.scores[u, j])
            if math.isnan(score):
                continue
            col = result.scores[:, j]
            others = [v for k, v in enumerate(col) if k != u and not math.isnan(v)]
            lower = sum(1 for v in others if v < score - 1e-9)
            percentile = lower / len(others) if others else math.nan
            mean = float(stats["mean"][j])
            gap = score - mean
            average_rule = "above" if gap > 1e-9 else "below" if gap < -1e-9 else "equal"
            rank = result.rank(unit, code)
            level_items.append(
                Item(
                    code,
                    fw.node(code).name,
                    level,
                    score,
                    rank,
                    int(stats["count"][j]),
                    mean,
                    gap,
                    percentile,
                    average_rule,
                    "",
                )
            )
        k = max(1, round(len(level_items) * TOP_SHARE))
        by_pct = sorted(level_items, key=lambda it: (-it.percentile, it.code))
        strong = {it.code for it in by_pct[:k]} | {
            it.code for it in level_items if it.rank is not None and it.rank <= ALWAYS_STRONG_RANK
        }
        weak = {it.code for it in by_pct[-k:]} - strong
        for it in level_items:
            rule = "strength" if it.code in strong else "weakness" if it.code in weak else ""
            items.append(Item(**{**asdict(it), "gii_rule": rule}))
    return items
