"""A unit's position among the others, in one place: the score that takes a given rank, the points
to the next place up, and whether a target (rank, score or raw value) is met.

Used by the target solver, the trends, and every report (dashboard, indicator table, documents, the
API), so that "met" and "needed" mean the same everywhere. Ranks follow ``rank.py``: competition
ranking, scores within ``TOL`` tie, and a tied unit shares the better place by default.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from .rank import TOL

KINDS = ("rank", "score", "raw")  # what a target is written in
MET = "met"
OFF = "off"
UNKNOWN = "unknown"  # nothing to judge the target by (no rank, no score, no value): never "met"


def _finite(values: np.ndarray | list[float]) -> np.ndarray:
    a = np.asarray(values, dtype=float)
    return a[np.isfinite(a)]


def score_for_rank(others: np.ndarray | list[float], rank: int) -> float:
    """The score that takes ``rank`` among ``others`` (the other units' scores, the unit itself left
    out; missing ignored): the score of the unit holding that rank today. Equal to it is enough
    when ties share the better place. ``-inf`` when fewer than ``rank`` others have a score (any
    score takes that rank); ``inf`` for a rank below 1 (no score does)."""
    if rank < 1:
        return math.inf
    ranked = np.sort(_finite(others))[::-1]
    if rank > ranked.size:
        return -math.inf
    return float(ranked[rank - 1])


def gap_to_next_place(score: float, others: np.ndarray | list[float], tol: float = TOL) -> float | None:
    """Points the unit needs to reach the next place up: the lowest score above its own, minus its
    own (None when it has no score or is first)."""
    if score is None or not math.isfinite(score):
        return None
    rest = _finite(others)
    above = rest[rest > score + tol]
    return float(above.min() - score) if above.size else None


def ranking_order(scores: np.ndarray | list[float]) -> list[int]:
    """Unit indices from first to last by score (missing last; ties keep the units' order)."""
    a = np.asarray(scores, dtype=float)
    return np.argsort(-np.where(np.isfinite(a), a, -np.inf), kind="stable").tolist()


def neighbours(scores: np.ndarray | list[float], unit: int, above: int = 2, below: int = 1) -> list[int]:
    """The units just above ``unit`` in the ranking (nearest last) and just below it (nearest first)."""
    order = ranking_order(scores)
    at = order.index(unit)
    return order[max(0, at - above) : at] + order[at + 1 : at + 1 + below]


def target_met(
    kind: str,
    goal: float,
    *,
    score: float | None = None,
    rank: int | None = None,
    raw: float | None = None,
    direction: int = 1,
    tol: float = TOL,
) -> bool | None:
    """Whether a target is met: a rank target by a rank at or above it (25 means 25th or better), a
    score target by a score at or above it, a raw-value target by a value at or beyond it in the
    indicator's direction. None when there is nothing to judge it by (a missing value is never met)."""
    if goal is None or not math.isfinite(goal):
        return None
    if kind == "rank":
        return None if rank is None else rank <= goal
    if kind == "score":
        return None if score is None or not math.isfinite(score) else score >= goal - tol
    if kind == "raw":
        if raw is None or not math.isfinite(raw):
            return None
        return raw >= goal - tol if direction > 0 else raw <= goal + tol
    raise ValueError(f"a target is one of {KINDS}, not {kind!r}")


@dataclass(frozen=True)
class TargetStatus:
    """A target judged against where the unit stands: met, off (and by how much) or unknown."""

    kind: str  # rank, score or raw
    goal: float
    met: bool | None  # None: nothing to judge it by
    places: int | None = None  # rank targets: places still to climb (0 when met)
    points: float | None = None  # score targets: points still to gain (0 when met)
    score_needed: float | None = None  # rank targets: today's score of the rank asked for

    @property
    def state(self) -> str:
        return UNKNOWN if self.met is None else MET if self.met else OFF

    def __getitem__(self, key: str) -> Any:  # read by name too, as reports' records are
        return getattr(self, key)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "state": self.state}


def target_status(
    kind: str,
    goal: float,
    *,
    score: float | None = None,
    rank: int | None = None,
    raw: float | None = None,
    direction: int = 1,
    others: np.ndarray | list[float] | None = None,
) -> TargetStatus:
    """``target_met`` with the distance still to go; ``others`` (the other units' scores on the
    node) gives a rank target the score it takes today."""
    met = target_met(kind, goal, score=score, rank=rank, raw=raw, direction=direction)
    places = points = needed = None
    if kind == "rank" and rank is not None and math.isfinite(goal):
        places = max(rank - int(goal), 0)
    if kind == "rank" and others is not None and math.isfinite(goal) and goal >= 1:
        s = score_for_rank(others, int(goal))
        needed = s if math.isfinite(s) else None
    if kind == "score" and score is not None and math.isfinite(score) and math.isfinite(goal):
        points = max(goal - score, 0.0)
    return TargetStatus(kind, goal, met, places, points, needed)
