"""What-if, target solver and robustness for a province-year, with the core functions the steering
pages call (``chiso.core.whatif``, ``solver.solve_full``, ``robustness``) and their rules: the roles
that may open those pages (not focal points), the same bounds on what is asked."""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import codes_4xx

from chiso.core import builtin
from chiso.core.dataset import YearData
from chiso.core.errors import InputError
from chiso.core.robustness import Variation, robustness
from chiso.core.solver import Limit, SolverTarget, solve_full
from chiso.core.whatif import ScenarioChange, whatif
from chiso.web.common.context import Structure, require_result
from chiso.web.common.messages import message as coded_message
from chiso.web.people import access
from chiso.web.steering.fields import LIMIT as VALUE_LIMIT
from chiso.web.steering.fields import FieldError, read_number
from chiso.web.steering.views import solver_note

from ..common import context, node_label, num
from ..errors import ErrorOut, bad

router = Router(tags=["compute"])
CODE = r"^[0-9]{2}$"
NODE = r"^[^\s/]{1,20}$"
YEAR = Query(None, ge=1900, le=2200)
FRAMEWORK = Query(None, pattern=r"^[-a-zA-Z0-9_]{1,40}$")
RUNS = (100, 5000)  # the API's bound (the page allows more: a request must answer within seconds)
SEED_MAX = 2**32 - 1


class ChangeIn(Schema):
    code: str = Field(..., pattern=NODE, description="an indicator's code", examples=["2.2.4"])
    value: float | str = Field(
        ..., description='the new raw value: a number or a number as text ("12,5")', examples=[12.5]
    )


class WhatIfIn(Schema):
    changes: list[ChangeIn] = Field(default_factory=list, max_length=500)


class NodeChangeOut(Schema):
    code: str
    name: str
    kind: str
    before: float | None
    after: float | None
    delta: float | None
    rank_before: int | None
    rank_after: int | None


class MoverOut(Schema):
    province: str
    name: str
    score: float | None
    score_change: float | None
    rank: int | None
    rank_change: int | None  # places gained


class WhatIfOut(Schema):
    province: str
    framework: str
    year: int
    count: int  # provinces ranked
    nodes: list[NodeChangeOut]
    movers: list[MoverOut]  # other provinces whose PII rank changes


class LimitIn(Schema):
    code: str = Field(..., pattern=NODE)
    value: float | None = Field(None, description="best raw value reachable (null: the current national best)")
    effort: float = Field(1.0, ge=0, le=1e12)


EXAMPLE_NODE = builtin("pii-2025").root  # the documentation's example: the built-in framework's root


class SolveIn(Schema):
    node: str = Field(
        ..., pattern=NODE, description="the index, a sub-index, a pillar or a group", examples=[EXAMPLE_NODE]
    )
    kind: Literal["rank", "score"]
    value: float = Field(..., description="a rank (1 … provinces) or a score (0 … 100)", examples=[20])
    limits: list[LimitIn] = Field(default_factory=list, max_length=200)


class PlanChangeOut(Schema):
    indicator: str
    name: str
    from_: float | None = Field(..., alias="from")
    to: float | None
    cost: float | None


class SolveOut(Schema):
    province: str
    framework: str
    year: int
    target: str
    reachable: bool
    verified: bool
    cost: float | None
    score: float | None
    rank: int | None
    changes: list[PlanChangeOut]
    notes: list[str]
    start: dict[str, Any]
    best: dict[str, Any]


class RobustnessIn(Schema):
    runs: int = Field(1000, ge=RUNS[0], le=RUNS[1], examples=[200])
    seed: int = Field(0, ge=0, le=SEED_MAX)
    weights: float = Field(0.25, ge=0, lt=1)
    p_treat: float = Field(0.5, ge=0, le=1)
    p_zscore: float = Field(0.5, ge=0, le=1)
    p_geometric: float = Field(0.5, ge=0, le=1)


class IntervalOut(Schema):
    province: str
    name: str
    nominal: int | None
    p05: float | None
    median: float | None
    p95: float | None


class RobustnessOut(Schema):
    province: str
    framework: str
    year: int
    node: str
    runs: int
    seed: int
    shares: dict[str, float]
    provinces: list[IntervalOut]


def _steer(request: HttpRequest, code: str):
    _profile, province = access.require_overview(request.user, code)
    ctx = context(request, province)
    return province, ctx, require_result(ctx, province)


def _number(v: float | str) -> float:
    value = read_number(v) if isinstance(v, str) else float(v)
    if not math.isfinite(value) or abs(value) > VALUE_LIMIT:
        raise FieldError(_("“%(v)s” không phải là số hữu hạn") % {"v": v})
    return value


def _clean(value: Any) -> Any:
    """JSON-safe copies of the core's dictionaries (no NaN, no numpy numbers)."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return num(value)
    return value


@router.post("/{code}/whatif", response={200: WhatIfOut, codes_4xx: ErrorOut}, summary="What-if: new scores and ranks")
def post_whatif(
    request: HttpRequest,
    payload: WhatIfIn,
    code: str = Path(..., pattern=CODE, examples=["14"]),
    year: int | None = YEAR,
    framework: str | None = FRAMEWORK,
):
    province, ctx, result = _steer(request, code)
    fw = ctx.framework
    changes, errors = [], []
    for n, item in enumerate(payload.changes):
        c = fw.find(item.code)
        if c is None or not fw.is_indicator(c):
            errors.append(
                {
                    "field": f"changes.{n}.code",
                    "problem": _("“%(c)s” không phải là chỉ số thành phần của %(f)s") % {"c": item.code, "f": fw.name},
                }
            )
            continue
        try:
            changes.append(ScenarioChange(province.code, c, "raw", _number(item.value)))
        except FieldError as exc:
            errors.append({"field": f"changes.{n}.value", "problem": f"{c}: {exc.message}"})
    if errors:
        raise bad(_("Dữ liệu gửi lên không hợp lệ."), errors=errors)
    data = YearData(ctx.year, list(result.units), result.raw.copy(), list(result.names))
    w = whatif(fw, data, changes, result.methodology)
    nodes = []
    for node in fw.nodes:
        before, after = num(w.base.score(province.code, node.code)), num(w.new.score(province.code, node.code))
        nodes.append(
            {
                "code": node.code,
                "name": node_label(fw, node.code),
                "kind": fw.kind(node.code),
                "before": before,
                "after": after,
                "delta": None if before is None or after is None else after - before,
                "rank_before": w.base.rank(province.code, node.code),
                "rank_after": w.new.rank(province.code, node.code),
            }
        )
    movers = [
        {"province": d["unit"], **{k: d[k] for k in ("name", "score", "score_change", "rank", "rank_change")}}
        for d in w.deltas(fw.root)
        if d["unit"] != province.code and (d["rank_change"] or 0) != 0
    ]
    return {
        "province": province.code,
        "framework": ctx.fv.name,
        "year": ctx.year,
        "count": len(w.base.units),
        "nodes": nodes,
        "movers": _clean(movers),
    }


@router.post(
    "/{code}/solve",
    response={200: SolveOut, codes_4xx: ErrorOut},
    by_alias=True,
    summary="Target solver: the cheapest plan",
)
def post_solve(
    request: HttpRequest,
    payload: SolveIn,
    code: str = Path(..., pattern=CODE, examples=["14"]),
    year: int | None = YEAR,
    framework: str | None = FRAMEWORK,
):
    province, ctx, result = _steer(request, code)
    fw = ctx.framework
    structure = Structure.of(fw)
    allowed = [*structure.heads] + [n.code for n in fw.nodes if fw.kind(n.code) in ("pillar", "group")]
    node = fw.find(payload.node)
    if node not in allowed:
        raise bad(_("Không có nút “%(n)s” trong bộ chỉ số.") % {"n": payload.node}, field="node")
    count = len(result.units)
    if payload.kind == "rank":
        if not (payload.value.is_integer() and 1 <= payload.value <= count):
            raise bad(_("hạng phải là số nguyên từ 1 đến %(n)s") % {"n": count}, field="value")
    elif not 0 <= payload.value <= 100:
        raise bad(_("điểm phải từ 0 đến 100"), field="value")
    limits: dict[str, Limit] = {}
    for n, item in enumerate(payload.limits):
        c = fw.find(item.code)
        if c is None or not fw.is_indicator(c):
            raise bad(_("%(c)s không phải là chỉ số thành phần") % {"c": item.code}, field=f"limits.{n}.code")
        if item.value is not None and not (math.isfinite(item.value) and abs(item.value) <= VALUE_LIMIT):
            raise bad(_("“%(v)s” không phải là số hữu hạn") % {"v": item.value}, field=f"limits.{n}.value")
        limits[c] = Limit(item.value, item.effort)
    if math.isnan(result.score(province.code, node)):
        raise bad(
            _("Tỉnh chưa có điểm %(n)s năm %(y)s (thiếu số liệu): chưa thể tìm phương án.")
            % {"n": node_label(fw, node), "y": ctx.year}
        )
    target = SolverTarget(node, payload.kind, float(payload.value))
    try:
        plan = solve_full(fw, result.raw, result.unit_index(province.code), target, limits, result.methodology)
    except InputError as exc:
        raise bad(coded_message(exc)) from None
    return {
        "province": province.code,
        "framework": ctx.fv.name,
        "year": ctx.year,
        "target": str(target),
        "reachable": bool(plan.reachable),
        "verified": bool(plan.verified),
        "cost": num(plan.cost),
        "score": num(plan.score),
        "rank": plan.rank,
        "changes": [
            {
                "indicator": c["indicator"],
                "name": node_label(fw, c["indicator"]),
                "from": num(c["from"]),
                "to": num(c["to"]),
                "cost": num(c["cost"]),
            }
            for c in plan.changes
        ],
        "notes": [solver_note(n) for n in plan.notes],
        "start": _clean(plan.start),
        "best": _clean(plan.best),
    }


def _rank(value) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


@router.post(
    "/{code}/robustness",
    response={200: RobustnessOut, codes_4xx: ErrorOut},
    summary="Robustness: each province's rank interval over bounded Monte Carlo runs",
)
def post_robustness(
    request: HttpRequest,
    payload: RobustnessIn,
    code: str = Path(..., pattern=CODE, examples=["14"]),
    year: int | None = YEAR,
    framework: str | None = FRAMEWORK,
):
    province, ctx, result = _steer(request, code)
    fw = ctx.framework
    root = fw.index[fw.root]
    scored = [i for i in range(len(result.units)) if np.isfinite(result.scores[i, root])]
    rows: list[dict[str, Any]] = []
    shares: dict[str, float] = {}
    ranked: set[str] = set()
    if len(scored) >= 2:
        variation = Variation(payload.weights, payload.p_treat, payload.p_zscore, payload.p_geometric)
        r = robustness(
            fw,
            result.raw[scored],
            [result.units[i] for i in scored],
            names=[result.names[i] for i in scored],
            runs=payload.runs,
            seed=payload.seed,
            variation=variation,
            methodology=result.methodology,
        )
        shares = {str(k): float(v) for k, v in r.shares.items()}
        for k in range(len(r.units)):
            nominal = _rank(r.nominal[k])
            rows.append(
                {
                    "province": r.units[k],
                    "name": r.names[k],
                    "nominal": int(nominal) if nominal is not None else None,
                    "p05": _rank(r.p05[k]),
                    "median": _rank(r.median[k]),
                    "p95": _rank(r.p95[k]),
                }
            )
            ranked.add(r.units[k])
    rows.sort(key=lambda row: (row["nominal"] is None, row["nominal"] or 0, row["name"]))
    rows += [
        {"province": u, "name": n, "nominal": None, "p05": None, "median": None, "p95": None}
        for u, n in sorted(zip(result.units, result.names, strict=True), key=lambda x: x[1])
        if u not in ranked
    ]
    return {
        "province": province.code,
        "framework": ctx.fv.name,
        "year": ctx.year,
        "node": fw.root,
        "runs": payload.runs,
        "seed": payload.seed,
        "shares": shares,
        "provinces": rows,
    }
