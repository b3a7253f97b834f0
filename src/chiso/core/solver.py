"""The target solver: the cheapest set of raw-value changes that brings a unit to a target.

A target is a rank ("rank:PII:25", rank 25 or better) or a score ("score:1:55", 55 or more) on any
node. Cost is effort-weighted relative change: sum of effort_i x |new_i - x_i| / scale_i, with
scale_i = max(|x_i|, 1% of the indicator's national range). Each indicator may move, in its
improving direction, up to a limit (default: the current national best, so no bound moves).

Method: while the unit stays within the national bounds and the indicator's outlier treatment does
not change, a node's score is linear in each raw value (slope = effective weight x 100 / range),
and other units do not move; the cheapest plan is then a fractional knapsack, solved exactly by
taking indicators in order of score gained per unit of cost. Every plan is verified by a full
recomputation; when the recomputation falls short (treatment switched, bounds moved), the required
gain is raised by the shortfall and the plan solved again, and past the linear region the solver
continues greedily with exact recomputations (a good plan there, not a proven cheapest one). A target that all limits together cannot reach is
reported as out of reach, with the best reachable score and rank.

The same solver runs in a province's partial view: its own raw values, each indicator's published
national max and min, and the other provinces' published scores on the target node held fixed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .compute import compute_values
from .contribution import effective_weights
from .errors import Code, InputError, Notice
from .framework import Framework
from .numbers import NumberFormatError, infer_decimal_mark, parse_number
from .position import score_for_rank, target_met
from .rank import rank_against
from .spec import DEFAULT, Methodology
from .tables import read_table

MARGIN = 1e-7  # a hair above the score to beat, against floating-point ties
REFINE_ROUNDS = 25


@dataclass(frozen=True)
class SolverTarget:
    node: str
    kind: str  # "rank" or "score"
    value: float

    @classmethod
    def parse(cls, text: str) -> SolverTarget:
        parts = text.split(":")
        if len(parts) != 3 or parts[0] not in ("rank", "score"):
            raise InputError(
                Code.TARGET_UNREADABLE, params={"text": text, "form": "rank:NODE:N or score:NODE:S (e.g. rank:PII:25)"}
            )
        try:
            value = parse_number(parts[2])
        except NumberFormatError as exc:
            raise InputError(Code.TARGET_INVALID, params={"text": text, "cause": exc}) from exc
        if parts[0] == "rank" and (value < 1 or not float(value).is_integer()):
            raise InputError(
                Code.TARGET_RANK_NOT_WHOLE,
                params={"value": parts[2]},
                english=f"target {text!r}: a rank is a whole number from 1",
            )
        return cls(parts[1], parts[0], value)

    def met(self, score: float, rank: int | None) -> bool:
        return target_met(self.kind, self.value, score=score, rank=rank) is True

    def __str__(self) -> str:
        return f"{self.kind}:{self.node}:{self.value:g}"


@dataclass(frozen=True)
class Limit:
    value: float | None = None  # best raw value reachable (None: the current national best)
    effort: float = 1.0


def read_limits(path: str | Path, framework: Framework) -> dict[str, Limit]:
    """A table ``indicator,max_value,effort`` (either of the last two may be empty)."""
    table = read_table(path)
    if "indicator" not in table.header:
        raise table.error(
            Code.MISSING_COLUMNS,
            row=table.header_row,
            params={"columns": "indicator", "expected": "indicator, max_value, effort"},
            english="a limits table has the columns indicator,max_value,effort",
        )
    col = {c: table.column_index(c) for c in ("indicator", "max_value", "effort")}
    unknown = [c for c in table.header if c not in col]
    if unknown:
        raise table.error(
            Code.UNKNOWN_COLUMN,
            row=table.header_row,
            column=table.header.index(unknown[0]),
            params={"column": unknown[0], "expected": "indicator, max_value, effort"},
            english=f"unknown column {unknown[0]!r}",
        )
    mark = infer_decimal_mark(
        row.get(col[k]) for row in table.rows for k in ("max_value", "effort") if col[k] is not None
    )
    limits: dict[str, Limit] = {}
    first: dict[str, int] = {}
    for row in table.rows:
        text = str(row.get(col["indicator"]) or "").strip()
        code = framework.find(text)
        if code is None or not framework.is_indicator(code):
            raise table.error(
                Code.UNKNOWN_INDICATOR,
                row=row.number,
                column=col["indicator"],
                params={"code": text, "framework": framework.name},
            )
        if code in limits:
            raise table.error(
                Code.DUPLICATE_CODE,
                row=row.number,
                column=col["indicator"],
                params={"code": code, "first_row": first[code]},
                english=f"{code} appears twice (first in row {first[code]})",
            )
        first[code] = row.number
        values = {}
        for key in ("max_value", "effort"):
            if col[key] is None:
                values[key] = math.nan
                continue
            try:
                values[key] = parse_number(row.get(col[key]), mark)
            except NumberFormatError as exc:
                raise table.error(exc, row=row.number, column=col[key]) from exc
        effort = 1.0 if math.isnan(values["effort"]) else values["effort"]
        if effort < 0:
            raise table.error(Code.EFFORT_NEGATIVE, row=row.number, column=col["effort"], params={"value": effort})
        limits[code] = Limit(None if math.isnan(values["max_value"]) else values["max_value"], effort)
    return limits


@dataclass
class Plan:
    target: SolverTarget
    reachable: bool
    changes: list[dict[str, Any]]
    cost: float
    score: float
    rank: int | None
    start: dict[str, Any]
    best: dict[str, Any]
    verified: bool
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": str(self.target),
            "reachable": self.reachable,
            "changes": self.changes,
            "cost": self.cost,
            "result": {"score": self.score, "rank": self.rank},
            "start": self.start,
            "best": self.best,
            "verified": self.verified,
            "notes": self.notes,
        }


class _View:
    """What the solver needs to evaluate raw values of the unit: full data or partial view."""

    framework: Framework
    methodology: Methodology
    x0: np.ndarray  # the unit's raw values
    lo: np.ndarray  # national min per indicator (of the treated values)
    hi: np.ndarray  # national max
    row0: np.ndarray  # the unit's scores over all nodes

    def evaluate(self, x: np.ndarray, node: str) -> tuple[float, int | None, np.ndarray]:
        """(node score, node rank, other units' node scores) with the unit's raw values ``x``."""
        raise NotImplementedError


class FullView(_View):
    def __init__(self, framework: Framework, values: np.ndarray, unit_index: int, methodology: Methodology) -> None:
        self.framework, self.methodology = methodology.frame(framework), methodology
        self.values, self.u = values, unit_index
        base = compute_values(framework, values, methodology)
        self.x0 = values[unit_index].copy()
        self.lo = np.fmin.reduce(base.treated, axis=0)
        self.hi = np.fmax.reduce(base.treated, axis=0)
        self.row0 = base.scores[unit_index]
        self.treated_ok = np.array([r.action in ("passed", "not treated", "too few values") for r in base.treatment])

    def evaluate(self, x, node):
        values = self.values.copy()
        values[self.u] = x
        r = compute_values(self.framework, values, self.methodology)
        j = self.framework.index[node]
        rank = r.ranks[self.u, j]
        return float(r.scores[self.u, j]), (None if math.isnan(rank) else int(rank)), np.delete(r.scores[:, j], self.u)


class PartialView(_View):
    def __init__(
        self,
        framework: Framework,
        own: np.ndarray,
        lower: np.ndarray,
        upper: np.ndarray,
        others: dict[str, np.ndarray],
        methodology: Methodology,
    ) -> None:
        self.framework, self.methodology = methodology.frame(framework), methodology
        self.x0, self.lo, self.hi, self.others = np.asarray(own, float).copy(), lower, upper, others
        self.row0 = compute_values(framework, self.x0[None, :], methodology, lower=lower, upper=upper).scores[0]
        self.treated_ok = np.ones(len(framework.indicators), bool)

    def evaluate(self, x, node):
        r = compute_values(self.framework, x[None, :], self.methodology, lower=self.lo, upper=self.hi)
        score = float(r.scores[0, self.framework.index[node]])
        others = self.others.get(node)
        if others is None:
            return score, None, np.array([])
        return score, rank_against(score, others, self.methodology.ties), others


def _threshold(target: SolverTarget, others: np.ndarray) -> float:
    """The node score that meets the target, the other units held as they are."""
    if target.kind == "score":
        return target.value
    return score_for_rank(others, int(target.value)) + MARGIN


def _greedy(need: float, gain: np.ndarray, cost: np.ndarray, room: np.ndarray) -> np.ndarray | None:
    """Cheapest moves (in improving units) adding ``need`` points; None when the room is too small."""
    moves = np.zeros_like(room)
    if need <= 0:
        return moves
    usable = (gain > 0) & (room > 0)
    ratio = np.where(usable, gain / np.where(cost > 0, cost, 1e-300), -np.inf)
    for i in np.argsort(-ratio, kind="stable"):
        if not usable[i]:
            break
        take = min(room[i], need / gain[i])
        moves[i] = take
        need -= take * gain[i]
        if need <= 1e-12:
            return moves
    return None


def solve(view: _View, target: SolverTarget, limits: dict[str, Limit] | None = None) -> Plan:
    fw = view.framework
    if target.node not in fw.index:
        raise InputError(Code.TARGET_NODE_UNKNOWN, params={"node": target.node, "framework": fw.name})
    limits = limits or {}
    d = fw.directions
    x0 = view.x0
    span = view.hi - view.lo
    best_now = np.where(d > 0, view.hi, view.lo)
    limit = np.array(
        [best_now[i] if limits.get(c, Limit()).value is None else limits[c].value for i, c in enumerate(fw.indicators)]
    )
    effort = np.array([limits.get(c, Limit()).effort for c in fw.indicators])
    present = ~np.isnan(x0)
    room_total = np.where(present, np.maximum((limit - x0) * d, 0.0), 0.0)
    room_linear = np.minimum(room_total, np.where(present, np.maximum((best_now - x0) * d, 0.0), 0.0))
    scale = np.maximum(np.abs(np.nan_to_num(x0)), 0.01 * np.where(span > 0, span, 1.0))
    unit_cost = effort / scale
    ew = effective_weights(fw, view.row0, target.node)
    with np.errstate(invalid="ignore", divide="ignore"):
        gain = np.where((span > 0) & view.treated_ok, ew * 100.0 / span, 0.0)
    notes: list[str] = []
    missing = [c for c, p in zip(fw.indicators, present, strict=True) if not p]
    if missing:
        notes.append(Notice(Code.SOLVER_VALUES_MISSING, {"count": len(missing), "codes": ", ".join(missing)}))

    def moved(moves: np.ndarray) -> np.ndarray:
        return np.where(present, x0 + d * moves, x0)

    score0, rank0, others0 = view.evaluate(x0, target.node)
    start = {"score": score0, "rank": rank0}
    best_x = moved(room_total)
    best_score, best_rank, _ = view.evaluate(best_x, target.node)
    best = {"score": best_score, "rank": best_rank}

    def plan(moves: np.ndarray, reachable: bool, score: float, rank: int | None, verified: bool) -> Plan:
        x = moved(moves)
        changes = [
            {"indicator": c, "from": float(x0[i]), "to": float(x[i]), "cost": float(moves[i] * unit_cost[i])}
            for i, c in enumerate(fw.indicators)
            if moves[i] > 0
        ]
        changes.sort(key=lambda ch: -ch["cost"])
        return Plan(
            target, reachable, changes, float(np.sum(moves * unit_cost)), score, rank, start, best, verified, notes
        )

    if target.met(score0, rank0):
        return plan(np.zeros_like(x0), True, score0, rank0, True)
    if not target.met(best_score, best_rank):
        return plan(np.zeros_like(x0), False, score0, rank0, True)

    # Linear region: exact knapsack, verified and refined by recomputation.
    need = _threshold(target, others0) - score0
    for _ in range(REFINE_ROUNDS):
        moves = _greedy(need, gain, unit_cost, room_linear)
        if moves is None:
            break
        score, rank, others = view.evaluate(moved(moves), target.node)
        if target.met(score, rank):
            return plan(moves, True, score, rank, True)
        need += max(_threshold(target, others) - score, 1e-6) * 1.05
    # Beyond: greedy on exact recomputations (steps to the national best, then to the limit), the
    # last step trimmed by bisection. Not proven cheapest: the region is no longer linear.
    moves = np.zeros_like(x0)
    score, rank = score0, rank0
    while not target.met(score, rank):
        candidates = []
        for i in np.flatnonzero(room_total - moves > 1e-12):
            for stop in sorted({room_linear[i], room_total[i]}):
                if stop <= moves[i] + 1e-12:
                    continue
                trial = moves.copy()
                trial[i] = stop
                s, r, _ = view.evaluate(moved(trial), target.node)
                extra_cost = (stop - moves[i]) * unit_cost[i]
                candidates.append(((s - score) / max(extra_cost, 1e-300), i, stop, s, r))
        if not candidates:
            break
        _, i, stop, s, r = max(candidates)
        if target.met(s, r):
            lo_m, hi_m = moves[i], stop
            for _ in range(40):
                mid = (lo_m + hi_m) / 2
                trial = moves.copy()
                trial[i] = mid
                ms, mr, _ = view.evaluate(moved(trial), target.node)
                if target.met(ms, mr):
                    hi_m = mid
                else:
                    lo_m = mid
            moves[i] = hi_m
            score, rank, _ = view.evaluate(moved(moves), target.node)
            break
        moves[i] = stop
        score, rank = s, r
    notes.append(Notice(Code.SOLVER_RECOMPUTED, {}))
    return plan(moves, target.met(score, rank), score, rank, True)


def solve_full(
    framework: Framework,
    values: np.ndarray,
    unit_index: int,
    target: SolverTarget,
    limits: dict[str, Limit] | None = None,
    methodology: Methodology = DEFAULT,
) -> Plan:
    return solve(FullView(framework, values, unit_index, methodology), target, limits)


def solve_partial(
    framework: Framework,
    own: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    others: dict[str, np.ndarray],
    target: SolverTarget,
    limits: dict[str, Limit] | None = None,
    methodology: Methodology = DEFAULT,
) -> Plan:
    return solve(PartialView(framework, own, lower, upper, others, methodology), target, limits)
