"""The province dashboard: what a leader sees in a meeting (the overview report, drawn)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chiso.web.common import charts
from chiso.web.common.context import fmt, load, node_name
from chiso.web.people.access import require_overview
from chiso.web.reports import overview, partial


@login_required
@require_GET
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    _profile, province = require_overview(request.user, code)
    ctx = load(request)
    report = overview.build(ctx, province)
    data = {
        "province": province,
        **ctx.as_dict(),
        "report": report,
        "heads": report.heads,
        "pillars": report.pillars,
        "has_result": report.has_result,
        "sw": report.strengths,
        "trend": report.trend,
        "next_place_gap": report.next_place_gap,
        "view": report.view,
        "view_sentence": partial.sentence(report.view),
        "causes": partial.CAUSES,
        "halves": [node_name(ctx.framework, c) for c in report.halves] if report.halves else None,
    }
    if report.has_result:
        radar = report.radar
        data["radar"] = mark_safe(
            charts.radar(
                [p.code for p in radar],
                [
                    (_("Trung bình cả nước"), [p.mean for p in radar], "mean"),
                    (_("Mục tiêu (điểm của hạng mục tiêu hiện nay)"), [p.target_score for p in radar], "target"),
                    (province.short_name, [p.score for p in radar], "home"),
                ],
                fmt,
            )
        )
        t = report.trend
        data["trend_rows"] = list(zip(t.years, t.scores, t.ranks, strict=True)) if t else []
    return render(request, "pages/dashboard.html", data)
