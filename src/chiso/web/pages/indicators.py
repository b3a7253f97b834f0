"""The indicator table (sort, filter, export) and the page of one indicator: views over the
indicator reports (``chiso.web.reports.indicators``)."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import openpyxl
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chiso.core.xlsxsafe import defuse
from chiso.web.common import charts
from chiso.web.common.context import NotFound, fmt, load, node_name
from chiso.web.indexdata import queries
from chiso.web.people.access import profile_of, province_for, visible_indicators
from chiso.web.people.models import Role
from chiso.web.reports import indicators as reports
from chiso.web.reports import partial

from .frameworks import metadata_rows


def _table(request: HttpRequest, code: str, gains: bool = False) -> tuple:
    """The user's profile, the province, the page context and the indicator table as asked
    (filters and sort from the query)."""
    profile = profile_of(request.user)
    province = province_for(request.user, code)
    ctx = load(request)
    filters = reports.Filters(
        pillar=request.GET.get("pillar", ""),
        agency=request.GET.get("agency", ""),
        below=request.GET.get("below") == "1",
        off=request.GET.get("off") == "1",
    )
    codes = visible_indicators(profile, province, list(ctx.framework.indicators)) if ctx.framework else []
    report = (
        reports.table(ctx, province, codes, gains=gains).filtered(filters).sorted_by(request.GET.get("sort", "code"))
    )
    return profile, province, ctx, report


@login_required
@require_GET
def table(request: HttpRequest, code: str) -> HttpResponse:
    profile, province, ctx, report = _table(request, code)
    query = request.GET.copy()
    query.pop("sort", None)
    return render(
        request,
        "pages/indicators.html",
        {
            "province": province,
            **ctx.as_dict(),
            "report": report,
            "rows": report.rows,
            "filters": report.filters,
            "sort": report.sort,
            "pillars": report.pillars,
            "agencies": report.agencies,
            "limited": profile.role == Role.FOCAL_POINT,
            "query": query.urlencode(),
            "view": report.view,
            "view_sentence": partial.sentence(report.view),
        },
    )


@login_required
@require_GET
def export(request: HttpRequest, code: str) -> HttpResponse:
    _profile, province, ctx, report = _table(request, code, gains=True)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = _sheet_title(f"{report.root} {report.year or ''}")
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
            _("Cơ quan chủ trì"),
            _("Cơ quan phối hợp"),
            _("Trụ cột"),
            _("Cao nhất cả nước"),
            _("Thấp nhất cả nước"),
            _("Đánh giá mục tiêu"),
            _("Thêm 1 điểm chỉ số: điểm %(root)s") % {"root": report.root},
            _("Thêm 1 điểm chỉ số: số bậc %(root)s") % {"root": report.root},
        ]
    )
    states = {"met": _("đạt"), "off": _("chưa đạt"), "unknown": _("chưa có số liệu để đánh giá")}
    for r in report.rows:
        c, o, g = r.computed, r.official, r.gain
        ws.append(
            [
                r.code,
                r.name,
                "" if r.unit == "unknown" else r.unit,
                r.raw,
                o.score if o else None,
                o.rank if o else None,
                c.score if c else None,
                c.rank if c else None,
                c.mean if c else None,
                c.gap if c else None,
                r.target.text if r.target else None,
                {"strength": _("mạnh"), "weakness": _("yếu")}.get(r.flag, ""),
                "; ".join(r.lead),
                "; ".join(r.coordinating),
                r.pillar,
                c.max if c else None,
                c.min if c else None,
                states.get(r.target_status or "", ""),
                g.points_per_score_point if g else None,
                g.places_per_score_point if g else None,
            ]
        )
    for column in "EGIJPQ":
        for cell in ws[column][1:]:
            cell.number_format = "0.00"
    for cell in ws["S"][1:]:
        cell.number_format = "0.0000"
    if report.illustrative:
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
    response["Content-Disposition"] = f'attachment; filename="chiso-{province.code}-{ctx.year or ""}-indicators.xlsx"'
    return response


def _sheet_title(text: str) -> str:
    """A worksheet title Excel accepts: no []:*?/\\, at most 31 characters, not empty."""
    title = re.sub(r"[\[\]:*?/\\]", "", text).strip()[:31]
    return title or "chiso"


def _indicator_for(request: HttpRequest, code: str, indicator: str):
    """The province and page context if the user may see this indicator (404 for a non-indicator)."""
    profile = profile_of(request.user)
    province = province_for(request.user, code)
    ctx = load(request)
    if ctx.framework is None:
        raise NotFound(_("Chưa có bộ chỉ số nào."))
    if indicator not in ctx.framework.index or not ctx.framework.is_indicator(indicator):
        raise NotFound(
            _("Bộ chỉ số %(f)s không có chỉ số thành phần “%(c)s”.") % {"f": ctx.fv.name, "c": indicator[:40]}
        )
    if indicator not in visible_indicators(profile, province, list(ctx.framework.indicators)):
        raise PermissionDenied
    return province, ctx


@login_required
@require_GET
def detail(request: HttpRequest, code: str, indicator: str) -> HttpResponse:
    province, ctx = _indicator_for(request, code, indicator)
    report = reports.detail(ctx, province, indicator)
    data = {
        "province": province,
        **ctx.as_dict(),
        "report": report,
        "code": indicator,
        "node": ctx.framework.node(indicator),
        "name": report.name,
        "computed": report.computed,
        "official": report.official,
        "target": report.target,
        "worth": report.gain,
        "treatment": report.treatment,
        "raw_value": report.raw,
        "spread": report.spread,
        "history_count": queries.history_entries(ctx.fv, province, indicator).count(),
        "meta_rows": metadata_rows(ctx.fv, indicator),
    }
    if report.spread:
        mean = report.computed.mean if report.computed else None
        me = next((s.name for s in report.spread if s.unit == province.code), "")
        data["distribution"] = mark_safe(charts.distribution([(s.name, s.score) for s in report.spread], me, fmt, mean))
    return render(request, "pages/indicator.html", data)


@login_required
@require_GET
def history(request: HttpRequest, code: str, indicator: str) -> HttpResponse:
    """The data history of one indicator of one province in the framework being viewed, in words."""
    province, ctx = _indicator_for(request, code, indicator)
    from chiso.web.imports.display import KIND_LABELS, Namer
    from chiso.web.indexdata.journal import batch_id, parse
    from chiso.web.indexdata.models import ImportBatch

    namer = Namer(ctx.framework)
    entries = queries.history(ctx.fv, province, indicator)
    batches = {batch_id(c.source) for c in entries} - {None}
    files = dict(ImportBatch.objects.filter(id__in=batches).values_list("id", "filename"))
    rows = [
        SimpleNamespace(
            at=c.at,
            user=c.user,
            via=c.get_via_display(),
            kind=c.kind,
            what=KIND_LABELS.get(c.kind, c.kind),
            year=parse(c.kind, c.key).year,
            before=namer.change_text(c.kind, c.before, indicator),
            after=namer.change_text(c.kind, c.after, indicator),
            reason=c.why,
            file=files.get(batch_id(c.source), ""),
        )
        for c in entries
    ]
    return render(
        request,
        "pages/history.html",
        {
            "province": province,
            "fv": ctx.fv,
            "node": ctx.framework.node(indicator),
            "name": node_name(ctx.framework, indicator),
            "unit": namer.unit_of(indicator),
            "code": indicator,
            "changes": rows,
        },
    )
