"""The 52-indicator table (sort, filter, export) and the page of one indicator."""

from __future__ import annotations

import io
import math
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

from chiso.core.contribution import worth
from chiso.core.strengths import strengths_weaknesses
from chiso.core.xlsxsafe import defuse
from chiso.web.common import charts
from chiso.web.common.context import NotFound, fmt, load, node_name
from chiso.web.indexdata import queries
from chiso.web.people.access import profile_of, province_for, visible_indicators
from chiso.web.people.models import Duty, Role

from .frameworks import metadata_rows


def code_key(code: str) -> tuple:
    """Codes in natural order whatever they are made of: 1.2 < 1.10 < 2, LPI, a.b."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower()) for part in code.split("."))


SORTS = {
    "code": lambda r: code_key(r["code"]),
    "score": lambda r: _value(r["computed"], "score"),
    "rank": lambda r: _value(r["computed"], "rank"),
    "gap": lambda r: _value(r["computed"], "gap"),
    "official": lambda r: _value(r["official"], "score"),
}


def _value(d: dict | None, field: str) -> float | None:
    v = (d or {}).get(field)
    return None if v is None or not math.isfinite(v) else v


def sort_rows(rows: list[dict], sort: str) -> str:
    """Sort in place by ``sort`` (a key of SORTS, "-" first for descending; rows without a value
    last either way) and return the sort actually applied."""
    name = sort.lstrip("-")
    if name not in SORTS:
        sort = name = "code"
    key = SORTS[name]
    if name == "code":
        rows.sort(key=key, reverse=sort.startswith("-"))
        return sort
    present = [r for r in rows if key(r) is not None]
    missing = [r for r in rows if key(r) is None]
    present.sort(key=key, reverse=sort.startswith("-"))
    missing.sort(key=SORTS["code"])
    rows[:] = present + missing
    return sort


def _target_status(target: dict | None, computed: dict | None, raw: float | None, direction: int) -> str | None:
    """ "met", "off", or "unknown" when there is nothing to judge the target by (a value cleared or
    never given: a missing value never counts as met); None without a target."""
    if not target or target.get("value") is None:
        return None
    goal, kind = target["value"], target["kind"]
    if kind == "rank":
        have = computed.get("rank") if computed else None
        return "unknown" if not have else ("met" if have <= goal else "off")
    if kind == "score":
        have = _finite(computed.get("score")) if computed else None
        return "unknown" if have is None else ("met" if have >= goal else "off")
    if raw is None:
        return "unknown"
    return "met" if (raw >= goal if direction > 0 else raw <= goal) else "off"


def _finite(v: float | None) -> float | None:
    return v if v is not None and math.isfinite(v) else None


def _rows(request: HttpRequest, code: str) -> tuple:
    profile = profile_of(request.user)
    province = province_for(request.user, code)
    ctx = load(request)
    fw = ctx.framework
    filters = {
        "pillar": request.GET.get("pillar", ""),
        "agency": request.GET.get("agency", ""),
        "below": request.GET.get("below") == "1",
        "off": request.GET.get("off") == "1",
    }
    if fw is None:
        return profile, province, ctx, [], filters, "code", []
    structure = ctx.structure
    codes = visible_indicators(profile, province, list(fw.indicators))
    official = queries.official(ctx.fv, ctx.year, province) if ctx.year else {}
    raw = queries.raw_values(ctx.fv, ctx.year, province) if ctx.year else {}
    targets = queries.targets(ctx.fv, ctx.year + 1, province) if ctx.year else {}
    agencies: dict[str, dict[str, list[str]]] = {}
    indicator_duties = Duty.objects.filter(province=province, role__in=("lead", "coordinating")).exclude(code="")
    for a in indicator_duties.select_related("agency"):
        agencies.setdefault(a.code, {"lead": [], "coordinating": []})[a.role].append(str(a.agency))
    flags = {}
    if ctx.result is not None and province.code in ctx.result.units:
        flags = {it.code: it.gii_rule for it in strengths_weaknesses(ctx.result, province.code, ("indicator",))}
    rows = []
    for c in codes:
        node = fw.node(c)
        computed = ctx.cell(province.code, c)
        target = targets.get(c)
        rv = raw.get(c)
        status = _target_status(target, computed, _finite(rv.value) if rv else None, node.direction)
        rows.append(
            {
                "code": c,
                "name": node_name(fw, c),
                "unit": node.unit,
                "pillar": structure.pillar_of(fw, c),
                "group": node.parent,
                "raw": _finite(rv.value) if rv else None,
                "computed": computed,
                "official": official.get(c),
                "target": target,
                "target_status": status,
                "off_target": status in ("off", "unknown"),  # a target not known to be met is not met
                "flag": flags.get(c, ""),
                "lead": agencies.get(c, {}).get("lead", []),
                "coordinating": agencies.get(c, {}).get("coordinating", []),
            }
        )
    if filters["pillar"]:
        rows = [r for r in rows if r["pillar"] == filters["pillar"]]
    if filters["agency"]:
        rows = [r for r in rows if filters["agency"] in r["lead"] + r["coordinating"]]
    if filters["below"]:
        rows = [r for r in rows if r["computed"] and r["computed"]["gap"] is not None and r["computed"]["gap"] < 0]
    if filters["off"]:
        rows = [r for r in rows if r["off_target"]]
    sort = sort_rows(rows, request.GET.get("sort", "code"))
    all_agencies = sorted({a for v in agencies.values() for names in v.values() for a in names})
    return profile, province, ctx, rows, filters, sort, all_agencies


@login_required
@require_GET
def table(request: HttpRequest, code: str) -> HttpResponse:
    profile, province, ctx, rows, filters, sort, agencies = _rows(request, code)
    pillars = [(p, node_name(ctx.framework, p)) for p in ctx.structure.pillars] if ctx.framework else []
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
    ws.title = _sheet_title(f"{ctx.framework.root if ctx.framework else 'PII'} {ctx.year or ''}")
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
        ]
    )
    for r in rows:
        c, o = r["computed"] or {}, r["official"] or {}
        ws.append(
            [
                r["code"],
                r["name"],
                "" if r["unit"] == "unknown" else r["unit"],
                r["raw"],
                _finite(o.get("score")),
                o.get("rank"),
                _finite(c.get("score")),
                c.get("rank"),
                _finite(c.get("mean")),
                _finite(c.get("gap")),
                (r["target"] or {}).get("text"),
                {"strength": _("mạnh"), "weakness": _("yếu")}.get(r["flag"], ""),
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
    response["Content-Disposition"] = f'attachment; filename="chiso-{province.code}-{ctx.year or ""}-indicators.xlsx"'
    return response


def _sheet_title(text: str) -> str:
    """A worksheet title Excel accepts: no []:*?/\\, at most 31 characters, not empty."""
    title = re.sub(r"[\[\]:*?/\\]", "", text).strip()[:31]
    return title or "PII"


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
    fw = ctx.framework
    node = fw.node(indicator)
    data = {"province": province, **ctx.as_dict(), "code": indicator, "node": node, "name": node_name(fw, indicator)}
    result = ctx.result
    if result is not None and province.code in result.units:
        col = result.node_scores(indicator)
        i = fw.indicators.index(indicator)
        spread = [
            (result.names[u], float(col[u]), result.units[u], _finite(float(result.raw[u, i])))
            for u in range(len(result.units))
            if math.isfinite(col[u])
        ]
        spread.sort(key=lambda t: -t[1])
        me = result.names[result.unit_index(province.code)]
        mean = _finite(result.node_stats(indicator)["mean"])
        data["distribution"] = mark_safe(charts.distribution([(n, s) for n, s, _u, _r in spread], me, fmt, mean))
        data["spread"] = spread
        data["computed"] = ctx.cell(province.code, indicator)
        root = ctx.structure.root
        if math.isfinite(result.score(province.code, root)) and math.isfinite(result.score(province.code, indicator)):
            found = [w for w in worth(result, province.code, root) if w.indicator == indicator]
            data["worth"] = found[0].as_dict() if found else None
        data["treatment"] = result.treatment[i] if i < len(result.treatment) else None
    data["official"] = queries.official(ctx.fv, ctx.year, province).get(indicator) if ctx.year else None
    data["target"] = queries.targets(ctx.fv, ctx.year + 1, province).get(indicator) if ctx.year else None
    raw = queries.raw_values(ctx.fv, ctx.year, province).get(indicator) if ctx.year else None
    data["raw"] = raw
    data["raw_value"] = _finite(raw.value) if raw is not None else None
    data["raw_unusable"] = raw is not None and raw.value is not None and not queries.usable(raw.value)
    data["assignments"] = Duty.objects.filter(province=province, code=indicator).select_related("agency")
    data["history_count"] = queries.history_entries(ctx.fv, province, indicator).count()
    data["meta_rows"] = metadata_rows(ctx.fv, indicator)
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
