"""The province dashboard: what a leader sees in a meeting."""

from __future__ import annotations

import math

import numpy as np
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chiso.core.strengths import strengths_weaknesses
from chiso.core.trend import trend
from chiso.web.common import charts
from chiso.web.common.context import fmt, load, node_name
from chiso.web.indexdata import queries
from chiso.web.people.access import require_overview


def _target_rank(target: dict | None) -> int | None:
    """The rank a target asks for, when it is a rank target with a usable value."""
    if not target or target.get("kind") != "rank":
        return None
    value = target.get("value")
    if value is None or not math.isfinite(value) or value < 1:
        return None
    return int(value)


def _score_for_rank(result, unit: str, code: str, rank: int | None) -> float | None:
    """The score that would give ``rank`` today, the other units as they are."""
    if rank is None:
        return None
    others = np.delete(result.node_scores(code), result.unit_index(unit))
    others = np.sort(others[np.isfinite(others)])[::-1]
    return float(others[rank - 1]) if 0 < rank <= others.size else None


def _target_status(computed: dict | None, target: dict | None) -> dict | None:
    """Whether a rank target is met today and by how many places it is missed (None when the
    target is not a rank or the unit has no computed rank)."""
    wanted = _target_rank(target)
    if wanted is None or not computed or computed["rank"] is None:
        return None
    gap = computed["rank"] - wanted
    return {"met": gap <= 0, "places": max(gap, 0)}


@login_required
@require_GET
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    _profile, province = require_overview(request.user, code)
    ctx = load(request)
    data = {"province": province, **ctx.as_dict()}
    if ctx.framework is None or ctx.year is None:
        return render(request, "pages/dashboard.html", data)
    fw, result, unit, structure = ctx.framework, ctx.result, province.code, ctx.structure
    has_result = result is not None and unit in result.units
    official = queries.official(ctx.fv, ctx.year, province)
    if not has_result and not official:
        return render(request, "pages/dashboard.html", data)
    targets = queries.targets(ctx.fv, ctx.year + 1, province)
    by_year = {y: result if y == ctx.year else queries.computed(ctx.fv, y)[0] for y in ctx.years}
    previous = by_year.get(ctx.year - 1)
    previous_official = queries.official(ctx.fv, ctx.year - 1, province) if previous else {}

    def row(c: str) -> dict:
        computed = ctx.cell(unit, c)
        before = previous.score(unit, c) if previous is not None and unit in previous.units else math.nan
        now = computed["score"] if computed and computed["score"] is not None else math.nan
        change = now - before
        return {
            "code": c,
            "name": node_name(fw, c),
            "computed": computed,
            "official": official.get(c),
            "target": targets.get(c),
            "status": _target_status(computed, targets.get(c)),
            "change": change if math.isfinite(change) else None,
            "official_before": previous_official.get(c),
        }

    pillars = structure.pillars
    heads = [row(c) for c in structure.heads]
    pillar_rows = [dict(row(p), groups=[row(g) for g in structure.groups[p]]) for p in pillars]
    data.update({"heads": heads, "pillars": pillar_rows, "has_result": has_result})
    if not has_result:
        return render(request, "pages/dashboard.html", data)
    target_scores = [_score_for_rank(result, unit, p, _target_rank(targets.get(p))) for p in pillars]
    radar = charts.radar(
        [f"{p}" for p in pillars],
        [
            (_("Trung bình cả nước"), [result.node_stats(p)["mean"] for p in pillars], "mean"),
            (_("Mục tiêu (điểm của hạng mục tiêu hiện nay)"), target_scores, "target"),
            (province.short_name, [result.score(unit, p) for p in pillars], "home"),
        ],
        fmt,
    )
    items = strengths_weaknesses(result, unit)
    sw = {
        level: {
            "strengths": [it for it in items if it.level == level and it.gii_rule == "strength"],
            "weaknesses": [it for it in items if it.level == level and it.gii_rule == "weakness"],
            "above": sum(it.average_rule == "above" for it in items if it.level == level),
            "below": sum(it.average_rule == "below" for it in items if it.level == level),
        }
        for level in ("pillar", "group", "indicator")
    }
    history = {y: r for y, r in sorted(by_year.items()) if r is not None and unit in r.units}
    root_trend = trend(history, unit, structure.root) if history else None
    efficiency = result.efficiency[result.unit_index(unit)] if result.efficiency is not None else None
    others_root = np.delete(result.node_scores(structure.root), result.unit_index(unit))
    data.update(
        {
            "trend_rows": list(zip(root_trend.years, root_trend.scores, root_trend.ranks, strict=True))
            if root_trend
            else [],
            "radar": mark_safe(radar),
            "radar_rows": list(zip(pillar_rows, target_scores, strict=True)),
            "sw": sw,
            "names": {c: node_name(fw, c) for c in fw.index},
            "trend": root_trend,
            "efficiency": None if efficiency is None or not math.isfinite(efficiency) else float(efficiency),
            "count": len(result.units),
            "next_place_gap": _gap_to_next_place(result.score(unit, structure.root), others_root),
        }
    )
    return render(request, "pages/dashboard.html", data)


def _gap_to_next_place(score: float, others: np.ndarray) -> float | None:
    """Points the unit needs to pass the next unit above it (None when first or not computed)."""
    if not math.isfinite(score):
        return None
    above = others[np.isfinite(others) & (others > score + 1e-9)]
    return float(above.min() - score) if above.size else None
