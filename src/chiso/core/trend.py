"""Trends and projections of a unit's score and rank across years, and progress toward a target
with a horizon ("top 10 by 2030": ``rank:PII:10@2030``; "55 points by 2028": ``score:PII:55@2028``).

The trend is the least-squares slope of the unit's scores over the years it has. Projections
continue each unit's own trend (a unit with one year stays where it is). For a rank target, the
score needed at the horizon is the score of the unit that would then hold that rank among the
other units' projections. Status, by the trend's share of the yearly improvement needed:
achieved (already met) / on track (>= 100%) / acceleration needed (50-100%) / limited progress
(0-50%) / deterioration (falling) / no data (fewer than two years, or no score in the last year).
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from .errors import Code, InputError
from .numbers import NumberFormatError, parse_number
from .position import score_for_rank, target_met
from .rank import rank_against
from .results import YearResult

ACHIEVED = "achieved"
ON_TRACK = "on track"
ACCELERATION = "acceleration needed"
LIMITED = "limited progress"
DETERIORATION = "deterioration"
NO_DATA = "no data"


@dataclass(frozen=True)
class HorizonTarget:
    node: str
    kind: str  # "rank" or "score"
    value: float
    year: int

    @classmethod
    def parse(cls, text: str) -> HorizonTarget:
        m = re.match(r"^(rank|score):([^:@]+):([^@]+)@(\d{4})$", text.strip())
        if not m:
            raise InputError(
                Code.TARGET_UNREADABLE, params={"text": text, "form": "rank:NODE:N@YEAR or score:NODE:S@YEAR"}
            )
        try:
            value = parse_number(m.group(3))
        except NumberFormatError as exc:
            raise InputError(Code.TARGET_INVALID, params={"text": text, "cause": exc}) from exc
        return cls(m.group(2), m.group(1), value, int(m.group(4)))


@dataclass
class Trend:
    unit: str
    node: str
    years: list[int]
    scores: list[float | None]
    ranks: list[int | None]
    counts: list[int]
    slope: float | None
    projected_year: int | None
    projected_score: float | None
    projected_rank: int | None
    target: dict[str, Any] | None
    required_per_year: float | None
    status: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _fit(years: np.ndarray, scores: np.ndarray) -> tuple[float, float] | None:
    ok = ~np.isnan(scores)
    if ok.sum() < 2:
        return None
    slope, intercept = np.polyfit(years[ok].astype(float), scores[ok], 1)
    return float(slope), float(intercept)


def _project(series: dict[str, list[tuple[int, float]]], year: int) -> dict[str, float]:
    """Each unit's score in ``year``, continuing its own trend (or its last score)."""
    out = {}
    for unit, points in series.items():
        if not points:
            continue
        ys = np.array([p[0] for p in points])
        ss = np.array([p[1] for p in points])
        fit = _fit(ys, ss)
        out[unit] = float(fit[0] * year + fit[1]) if fit else float(ss[-1])
    return out


def _unit_key(results: dict[int, YearResult], years: list[int], unit: str) -> str:
    """The unit's id in the data (``unit`` may be its id or its name)."""
    for y in reversed(years):
        try:
            r = results[y]
            return r.units[r.unit_index(unit)]
        except KeyError:
            continue
    raise InputError(Code.UNIT_NOT_IN_YEARS, params={"unit": unit, "years": ", ".join(map(str, years))})


def trend(
    results: dict[int, YearResult], unit: str, node: str | None = None, target: HorizonTarget | None = None
) -> Trend:
    years = sorted(y for y in results if y is not None)
    if not years:
        raise InputError(Code.TREND_NEEDS_YEARS)
    node = node or results[years[-1]].framework.root
    series: dict[str, list[tuple[int, float]]] = {}
    scores, ranks, counts = [], [], []
    for y in years:
        r = results[y]
        j = r.framework.index[node]
        for u, unit_id in enumerate(r.units):
            s = r.scores[u, j]
            if not math.isnan(s):
                series.setdefault(unit_id, []).append((y, float(s)))
        try:
            u = r.unit_index(unit)
        except KeyError:
            scores.append(None)
            ranks.append(None)
        else:
            s = r.scores[u, j]
            scores.append(None if math.isnan(s) else float(s))
            ranks.append(r.rank(unit, node))
        counts.append(int(r.stats["count"][j]))
    key = _unit_key(results, years, unit)
    own = np.array([np.nan if s is None else s for s in scores])
    fit = _fit(np.array(years), own)
    last_year = years[-1]
    next_year = last_year + 1
    projected = _project(series, next_year)
    projected_score = projected.get(key)
    projected_rank = None
    if projected_score is not None:
        others = np.array([v for k, v in projected.items() if k != key])
        projected_rank = rank_against(projected_score, others)

    required = status = None
    target_info = None
    if target is not None:
        years_left = max(target.year - last_year, 1)
        at_horizon = _project(series, target.year)
        if target.kind == "score":
            needed = target.value
        else:
            needed = score_for_rank([v for k, v in at_horizon.items() if k != key], int(target.value))
        last = scores[-1]
        last_rank = ranks[-1]
        target_info = {
            "node": target.node,
            "kind": target.kind,
            "value": target.value,
            "year": target.year,
            "score_needed": None if math.isinf(needed) else needed,
        }
        if last is None:
            status = NO_DATA
        elif target_met(target.kind, target.value, score=last, rank=last_rank):
            status = ACHIEVED
        elif fit is None:
            status = NO_DATA
        else:
            required = (needed - last) / years_left
            slope = fit[0]
            if slope < 0:
                status = DETERIORATION
            elif required <= 0 or slope >= required:
                status = ON_TRACK
            elif slope >= 0.5 * required:
                status = ACCELERATION
            else:
                status = LIMITED
    return Trend(
        unit,
        node,
        years,
        scores,
        ranks,
        counts,
        None if fit is None else fit[0],
        next_year,
        projected_score,
        projected_rank,
        target_info,
        required,
        status,
    )
