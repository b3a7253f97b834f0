"""The 52-indicator table (sort, filter, export) and the page of one indicator."""

from __future__ import annotations

import io
import math

import openpyxl
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chiso.core.contribution import worth
from chiso.core.strengths import strengths_weaknesses
from chiso.core.xlsxsafe import defuse
from chiso.web.indexdata import queries
from chiso.web.indexdata.models import Assignment, Change
from chiso.web.people.access import profile_of, province_for, visible_indicators
from chiso.web.people.models import Role

from . import charts
from .common import fmt, load, node_name

SORTS = {
    "code": lambda r: [int(x) for x in r["code"].split(".")],
    "score": lambda r: _key(r["computed"], "score"),
    "rank": lambda r: _key(r["computed"], "rank"),
    "gap": lambda r: _key(r["computed"], "gap"),
    "official": lambda r: _key(r["official"], "score"),
}


def _key(d: dict | None, field: str) -> float:
    v = (d or {}).get(field)
    return math.inf if v is None else v


def _rows(request: HttpRequest, code: str) -> tuple:
    profile = profile_of(request.user)
    province = province_for(request.user, code)
    ctx = load(request)
    fw = ctx.framework
    codes = visible_indicators(profile, province, list(fw.indicators))
    official = queries.official(ctx.fv, ctx.year, province) if ctx.year else {}
    raw = queries.raw_values(ctx.fv, ctx.year, province) if ctx.year else {}
    targets = queries.targets(ctx.fv, ctx.year + 1, province) if ctx.year else {}
    agencies: dict[str, dict[str, list[str]]] = {}
    for a in Assignment.objects.filter(province=province).select_related("agency"):
        agencies.setdefault(a.code, {"lead": [], "coordinating": []})[a.role].append(str(a.agency))
    flags = {}
    if ctx.result is not None and province.code in ctx.result.units:
        flags = {it.code: it.gii_rule for it in strengths_weaknesses(ctx.result, province.code, ("indicator",))}
    rows = []
    for c in codes:
        node = fw.node(c)
        computed = ctx.cell(province.code, c)
        target = targets.get(c)
        off_target = bool(
            target and computed and computed["rank"] and target["kind"] == "rank" and computed["rank"] > target["value"]
        )
        rv = raw.get(c)
        rows.append(
            {
                "code": c,
                "name": node_name(fw, c),
                "unit": node.unit,
                "pillar": c.split(".")[0],
                "group": node.parent,
                "raw": rv.value if rv else None,
                "computed": computed,
                "official": official.get(c),
                "target": target,
                "off_target": off_target,
                "flag": flags.get(c, ""),
                "lead": agencies.get(c, {}).get("lead", []),
                "coordinating": agencies.get(c, {}).get("coordinating", []),
            }
        )
    filters = {
        "pillar": request.GET.get("pillar", ""),
        "agency": request.GET.get("agency", ""),
        "below": request.GET.get("below") == "1",
        "off": request.GET.get("off") == "1",
    }
    if filters["pillar"]:
        rows = [r for r in rows if r["pillar"] == filters["pillar"]]
    if filters["agency"]:
        rows = [r for r in rows if filters["agency"] in r["lead"] + r["coordinating"]]
    if filters["below"]:
        rows = [r for r in rows if r["computed"] and r["computed"]["gap"] is not None and r["computed"]["gap"] < 0]
    if filters["off"]:
        rows = [r for r in rows if r["off_target"]]
    sort = request.GET.get("sort", "code")
    descending = sort.startswith("-")
    key = SORTS.get(sort.lstrip("-"), SORTS["code"])
    rows.sort(key=key, reverse=descending)
    all_agencies = sorted({a for v in agencies.values() for names in v.values() for a in names})
    return profile, province, ctx, rows, filters, sort, all_agencies


@login_required
@require_GET
def table(request: HttpRequest, code: str) -> HttpResponse:
    profile, province, ctx, rows, filters, sort, agencies = _rows(request, code)
    pillars = [
        (p, node_name(ctx.framework, p)) for p in ctx.framework.children["INPUT"] + ctx.framework.children["OUTPUT"]
    ]
    query = request.GET.copy()
    query.pop("sort", None)
    return render(
        request,
        "pages/indicators.html",
        {
            "province": province,
            **ctx.as_dict(),
            "rows": rows,
            "filters": filters,
            "sort": sort,
            "pillars": pillars,
            "agencies": agencies,
            "limited": profile.role == Role.FOCAL_POINT,
            "query": query.urlencode(),
        },
    )


@login_required
@require_GET
def export(request: HttpRequest, code: str) -> HttpResponse:
    _profile, province, ctx, rows, _filters, _sort, _agencies = _rows(request, code)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = f"PII {ctx.year}"
    ws.append(
        [
            _("Mã"),
            _("Chỉ số"),
            _("Đơn vị tính"),
            _("Giá trị thô"),
            _("Điểm chính thức"),
            _("Hạng chính thức"),
            _("Điểm tính toán"),
            _("Hạng tính toán"),
            _("TB cả nước"),
            _("Chênh lệch với TB"),
            _("Mục tiêu"),
            _("Điểm mạnh/yếu"),
            _("Chủ trì"),
            _("Phối hợp"),
        ]
    )
    for r in rows:
        c, o = r["computed"] or {}, r["official"] or {}
        ws.append(
            [
                r["code"],
                r["name"],
                r["unit"],
                r["raw"],
                o.get("score"),
                o.get("rank"),
                c.get("score"),
                c.get("rank"),
                c.get("mean"),
                c.get("gap"),
                (r["target"] or {}).get("text"),
                r["flag"],
                "; ".join(r["lead"]),
                "; ".join(r["coordinating"]),
            ]
        )
    for column in "EGIJ":
        for cell in ws[column][1:]:
            cell.number_format = "0.00"
    if ctx.illustrative:
        ws.append([])
        ws.append(
            [
                _(
                    "Dữ liệu minh họa: giá trị thô của các tỉnh khác là số liệu tạo ra để minh họa, không phải số liệu chính thức."
                )
            ]
        )
    buf = io.BytesIO()
    defuse(book).save(buf)
    response = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="chiso-{province.code}-{ctx.year}-indicators.xlsx"'
    return response


def _indicator_for(request: HttpRequest, code: str, indicator: str):
    """The province and page context if the user may see this indicator (404 for a non-indicator)."""
    profile = profile_of(request.user)
    province = province_for(request.user, code)
    ctx = load(request)
    if indicator not in ctx.framework.index or not ctx.framework.is_indicator(indicator):
        raise Http404
    if indicator not in visible_indicators(profile, province, list(ctx.framework.indicators)):
        raise PermissionDenied
    return province, ctx


@login_required
@require_GET
def detail(request: HttpRequest, code: str, indicator: str) -> HttpResponse:
    province, ctx = _indicator_for(request, code, indicator)
    fw = ctx.framework
    node = fw.node(indicator)
    data = {"province": province, **ctx.as_dict(), "code": indicator, "node": node, "name": node_name(fw, indicator)}
    result = ctx.result
    if result is not None and province.code in result.units:
        col = result.node_scores(indicator)
        i = fw.indicators.index(indicator)
        spread = [
            (result.names[u], float(col[u]), result.units[u], float(result.raw[u, i]))
            for u in range(len(result.units))
            if not math.isnan(col[u])
        ]
        spread.sort(key=lambda t: -t[1])
        me = result.names[result.unit_index(province.code)]
        mean = result.node_stats(indicator)["mean"]
        data["distribution"] = mark_safe(charts.distribution([(n, s) for n, s, _u, _r in spread], me, fmt, mean))
        data["spread"] = spread
        data["computed"] = ctx.cell(province.code, indicator)
        data["worth"] = next(w for w in worth(result, province.code) if w.indicator == indicator)
        data["treatment"] = result.treatment[i]
    data["official"] = queries.official(ctx.fv, ctx.year, province).get(indicator) if ctx.year else None
    data["target"] = queries.targets(ctx.fv, ctx.year + 1, province).get(indicator) if ctx.year else None
    raw = queries.raw_values(ctx.fv, ctx.year, province).get(indicator) if ctx.year else None
    data["raw"] = raw
    data["assignments"] = Assignment.objects.filter(province=province, code=indicator).select_related("agency")
    data["history_count"] = Change.objects.filter(province=province.code, code=indicator).count()
    return render(request, "pages/indicator.html", data)


@login_required
@require_GET
def history(request: HttpRequest, code: str, indicator: str) -> HttpResponse:
    province, ctx = _indicator_for(request, code, indicator)
    changes = Change.objects.filter(province=province.code, code=indicator).select_related("user", "batch")[:200]
    return render(
        request,
        "pages/history.html",
        {
            "province": province,
            "fv": ctx.fv,
            "node": ctx.framework.node(indicator),
            "code": indicator,
            "changes": changes,
        },
    )
