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
from chiso.web.indexdata import queries
from chiso.web.people.access import require_overview

from . import charts
from .common import fmt, load, node_name


def _score_for_rank(result, unit: str, code: str, rank: int) -> float | None:
    """The score that would give ``rank`` today, the other units as they are."""
    others = np.delete(result.node_scores(code), result.unit_index(unit))
    others = np.sort(others[~np.isnan(others)])[::-1]
    return float(others[rank - 1]) if 0 < rank <= others.size else None


def _target_status(computed: dict | None, target: dict | None) -> dict | None:
    if not target or not computed or computed["rank"] is None or target["kind"] != "rank":
        return None
    gap = computed["rank"] - int(target["value"])
    return {"met": gap <= 0, "places": max(gap, 0)}


@login_required
@require_GET
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    _profile, province = require_overview(request.user, code)
    ctx = load(request)
    fw, result, unit = ctx.framework, ctx.result, province.code
    data = {"province": province, **ctx.as_dict()}
    if ctx.year is None or result is None or unit not in result.units:
        return render(request, "pages/dashboard.html", data)
    official = queries.official(ctx.fv, ctx.year, province)
    targets = queries.targets(ctx.fv, ctx.year + 1, province)
    by_year = {y: result if y == ctx.year else queries.computed(ctx.fv, y)[0] for y in ctx.years}
    previous = by_year.get(ctx.year - 1)
    previous_official = queries.official(ctx.fv, ctx.year - 1, province) if previous else {}

    def row(c: str) -> dict:
        computed = ctx.cell(unit, c)
        before = previous.score(unit, c) if previous is not None and unit in previous.units else math.nan
        now = computed["score"] if computed and computed["score"] is not None else math.nan
        return {
            "code": c,
            "name": node_name(fw, c),
            "computed": computed,
            "official": official.get(c),
            "target": targets.get(c),
            "status": _target_status(computed, targets.get(c)),
            "change": None if math.isnan(now - before) else now - before,
            "official_before": previous_official.get(c),
        }

    pillars = list(fw.children["INPUT"] + fw.children["OUTPUT"])
    heads = [row(c) for c in ("PII", "INPUT", "OUTPUT")]
    pillar_rows = [dict(row(p), groups=[row(g) for g in fw.children[p]]) for p in pillars]
    target_scores = [
        _score_for_rank(result, unit, p, int(targets[p]["value"])) if p in targets else None for p in pillars
    ]
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
    pii_trend = trend(history, unit, "PII") if history else None
    efficiency = result.efficiency[result.unit_index(unit)] if result.efficiency is not None else None
    others_pii = np.delete(result.node_scores("PII"), result.unit_index(unit))
    data.update(
        {
            "trend_rows": list(zip(pii_trend.years, pii_trend.scores, pii_trend.ranks, strict=True))
            if pii_trend
            else [],
            "heads": heads,
            "pillars": pillar_rows,
            "radar": mark_safe(radar),
            "radar_rows": list(zip(pillar_rows, target_scores, strict=True)),
            "sw": sw,
            "names": {c: node_name(fw, c) for c in fw.index},
            "trend": pii_trend,
            "efficiency": None if efficiency is None or math.isnan(efficiency) else efficiency,
            "count": len(result.units),
            "next_place_gap": _gap_to_next_place(result.score(unit, "PII"), others_pii),
        }
    )
    return render(request, "pages/dashboard.html", data)


def _gap_to_next_place(score: float, others: np.ndarray) -> float | None:
    above = others[others > score + 1e-9]
    return float(above.min() - score) if above.size else None
