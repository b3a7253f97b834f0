"""What-if, target solver and robustness pages. Every number comes from chiso.core."""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from chiso.core.errors import InputError
from chiso.core.numbers import NumberFormatError, format_number, parse_number
from chiso.core.robustness import Variation, robustness
from chiso.core.solver import Limit, Target, solve_full
from chiso.core.whatif import Change, whatif
from chiso.web.imports.messages import vietnamese
from chiso.web.pages import charts
from chiso.web.pages.common import Structure, load, node_name, require_result
from chiso.web.people.access import require_overview

from .models import Plan, Scenario


def _year_data(ctx, province):
    """The year's data as the core sees it (the computed result holds the raw values)."""
    from chiso.core.dataset import YearData

    result = require_result(ctx, province)
    return result, YearData(ctx.year, list(result.units), result.raw.copy(), list(result.names))


def localised(message: str) -> str:
    return message if get_language() == "en" else vietnamese(message)


def _page(request: HttpRequest, code: str):
    """Province, page context and computed result, for the roles that may steer (not focal points)."""
    _profile, province = require_overview(request.user, code)
    ctx = load(request)
    return province, ctx, require_result(ctx, province)


def _changes_from(request: HttpRequest, result, unit: str, fw) -> tuple[list[Change], dict[str, str], list[str]]:
    """Changes the form asks for: every indicator whose typed value differs from the stored one.
    Returns the changes, what the user typed (to show it again) and errors naming the indicator."""
    typed, errors, changes = {}, [], []
    u = result.unit_index(unit)
    source = request.POST if request.method == "POST" else request.GET
    sets = dict(s.split(":", 1) for s in source.getlist("set") if ":" in s)
    for i, code in enumerate(fw.indicators):
        text = source.get(f"v_{code}", sets.get(code))
        if text is None or text.strip() == "":
            continue
        typed[code] = text
        try:
            value = parse_number(text)
        except NumberFormatError as exc:
            errors.append(f"{code}: {localised(str(exc))}")
            continue
        current = result.raw[u, i]
        if math.isnan(value) or (not math.isnan(current) and math.isclose(value, current, rel_tol=1e-12)):
            continue
        changes.append(Change(unit, code, "raw", value))
    return changes, typed, errors


def _whatif_context(ctx, province, changes):
    fw = ctx.framework
    result, year = _year_data(ctx, province)
    w = whatif(fw, year, changes, result.methodology)
    unit = province.code
    codes = [*Structure.of(fw).heads, *Structure.of(fw).pillars]  # PII, INPUT, OUTPUT, pillars
    rows = []
    for c in codes:
        before, after = w.base.score(unit, c), w.new.score(unit, c)
        rows.append(
            {
                "code": c,
                "name": node_name(fw, c),
                "before": before,
                "after": after,
                "delta": after - before,
                "rank_before": w.base.rank(unit, c),
                "rank_after": w.new.rank(unit, c),
            }
        )
    movers = [d for d in w.deltas(fw.root) if d["unit"] != unit and (d["rank_change"] or 0) != 0]
    return {
        "wi_rows": rows,
        "movers": movers,
        "changes": changes,
        "count": len(w.base.units),
        "names": {c: node_name(fw, c) for c in fw.indicators},
    }


@login_required
@require_http_methods(["GET", "POST"])
def whatif_page(request: HttpRequest, code: str) -> HttpResponse:
    province, ctx, result = _page(request, code)
    fw = ctx.framework
    scenario = None
    if request.GET.get("scenario"):
        if not request.GET["scenario"].isdigit():  # a bad link, not a server error
            raise Http404
        scenario = get_object_or_404(Scenario, id=request.GET["scenario"], province=province)
    changes, typed, errors = _changes_from(request, result, province.code, fw)
    if scenario is not None and not typed:
        changes = [
            Change(province.code, c["indicator"], c["kind"], c["value"])
            for c in scenario.changes
            if c.get("indicator") in fw.indicators  # a scenario saved under an older framework
        ]
        typed = {c.indicator: format_number(c.value, 6, locale="vi").rstrip("0").rstrip(",") for c in changes}
    if request.method == "POST" and request.POST.get("save") and not errors:
        name = request.POST.get("name", "").strip()
        if not name:
            errors.append(_("Hãy đặt tên cho kịch bản."))
        else:
            data = _whatif_context(ctx, province, changes)
            pii = data["wi_rows"][0]
            try:
                with transaction.atomic():
                    saved = Scenario.objects.create(
                        province=province,
                        framework=ctx.fv,
                        year=ctx.year,
                        name=name[:120],
                        created_by=request.user,
                        changes=[c.as_dict() for c in changes],
                        result={
                            "before": pii["before"],
                            "after": pii["after"],
                            "rank_before": pii["rank_before"],
                            "rank_after": pii["rank_after"],
                        },
                    )
            except IntegrityError:
                errors.append(_("Đã có kịch bản tên này."))
            else:
                messages.success(request, _("Đã lưu kịch bản “%(n)s”.") % {"n": saved.name})
                url = (
                    reverse("whatif", args=[province.code]) + "?" + urlencode({"scenario": saved.id, "year": ctx.year})
                )
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    u = result.unit_index(province.code)
    inputs = [
        {
            "code": c,
            "name": node_name(fw, c),
            "unit": fw.node(c).unit,
            "current": result.raw[u, i],
            "score": result.scores[u, fw.index[c]],
            "typed": typed.get(c, ""),
        }
        for i, c in enumerate(fw.indicators)
    ]
    data = {
        "province": province,
        **ctx.as_dict(),
        "inputs": inputs,
        "errors": errors,
        "scenario": scenario,
        "scenarios": Scenario.objects.filter(province=province, year=ctx.year)[:20],
        **_whatif_context(ctx, province, changes),
    }
    template = "steering/_whatif_result.html" if request.htmx else "steering/whatif.html"
    return render(request, template, data, status=400 if errors else 200)


def _parse_limits(text: str, fw) -> tuple[dict[str, Limit], list[str]]:
    limits, errors = {}, []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("\t", ";").split(";")]
        code = parts[0]
        if code not in fw.index or not fw.is_indicator(code):
            errors.append(_("dòng %(n)s: %(c)s không phải là chỉ số thành phần") % {"n": n, "c": code})
            continue
        try:
            value = parse_number(parts[1]) if len(parts) > 1 and parts[1] else math.nan
            effort = parse_number(parts[2]) if len(parts) > 2 and parts[2] else 1.0
        except NumberFormatError as exc:
            errors.append(_("dòng %(n)s: %(e)s") % {"n": n, "e": localised(str(exc))})
            continue
        if effort < 0:
            errors.append(_("dòng %(n)s: công sức phải ≥ 0") % {"n": n})
            continue
        limits[code] = Limit(None if math.isnan(value) else value, effort)
    return limits, errors


@login_required
@require_http_methods(["GET", "POST"])
def target_page(request: HttpRequest, code: str) -> HttpResponse:
    province, ctx, result = _page(request, code)
    fw = ctx.framework
    nodes = [
        (c, node_name(fw, c))
        for c in Structure.of(fw).heads + [n.code for n in fw.nodes if fw.kind(n.code) in ("pillar", "group")]
    ]
    form = {
        "node": request.POST.get("node", request.GET.get("node", fw.root)),
        "kind": request.POST.get("kind", request.GET.get("kind", "rank")),
        "value": request.POST.get("value", request.GET.get("value", "")),
        "limits": request.POST.get("limits", ""),
        "name": request.POST.get("name", ""),
    }
    errors, plan = [], None
    if request.method == "POST" or form["value"]:
        limits, errors = _parse_limits(form["limits"], fw)
        try:
            target = Target.parse(f"{form['kind']}:{form['node']}:{form['value']}")
            if target.node not in fw.index:
                raise InputError(_("không có nút %(n)s") % {"n": target.node})
        except InputError as exc:
            errors.append(localised(exc.message))
        if not errors:
            plan = solve_full(fw, result.raw, result.unit_index(province.code), target, limits, result.methodology)
            if request.POST.get("save"):
                if not form["name"].strip():
                    errors.append(_("Hãy đặt tên cho phương án."))
                else:
                    try:
                        with transaction.atomic():
                            saved = Plan.objects.create(
                                province=province,
                                framework=ctx.fv,
                                year=ctx.year,
                                name=form["name"].strip()[:120],
                                target=str(target),
                                limits={c: [lim.value, lim.effort] for c, lim in limits.items()},
                                result=plan.to_dict(),
                                created_by=request.user,
                            )
                        messages.success(request, _("Đã lưu phương án “%(n)s”.") % {"n": saved.name})
                    except IntegrityError:
                        errors.append(_("Đã có phương án tên này."))
    apply_url = None
    if plan is not None and plan.reachable and plan.changes:
        apply_url = (
            reverse("whatif", args=[province.code])
            + "?"
            + urlencode([("year", ctx.year)] + [("set", f"{c['indicator']}:{c['to']!r}") for c in plan.changes])
        )
    return render(
        request,
        "steering/target.html",
        {
            "province": province,
            **ctx.as_dict(),
            "nodes": nodes,
            "form": form,
            "errors": errors,
            "plan": plan,
            "apply_url": apply_url,
            "names": {c: node_name(fw, c) for c in fw.indicators},
            "plans": Plan.objects.filter(province=province, year=ctx.year)[:20],
            "start_rank": result.rank(province.code, form["node"]) if form["node"] in fw.index else None,
        },
        status=400 if errors else 200,
    )


@login_required
@require_GET
def robustness_page(request: HttpRequest, code: str) -> HttpResponse:
    province, ctx, result = _page(request, code)
    try:
        runs = min(max(int(request.GET.get("runs", 10_000)), 100), 50_000)
        seed = int(request.GET.get("seed", 0))
        if seed < 0:  # numpy takes only seeds >= 0
            raise ValueError(seed)
        variation = Variation(
            float(request.GET.get("weights", 0.25)),
            float(request.GET.get("p_treat", 0.5)),
            float(request.GET.get("p_zscore", 0.5)),
            float(request.GET.get("p_geometric", 0.5)),
        )
    except ValueError:
        raise Http404("bad settings") from None
    r = robustness(
        ctx.framework,
        result.raw,
        list(result.units),
        names=list(result.names),
        runs=runs,
        seed=seed,
        variation=variation,
        methodology=result.methodology,
    )
    order = sorted(range(len(r.units)), key=lambda i: (r.nominal[i], r.units[i]))
    rows = [
        (
            r.names[i],
            int(r.nominal[i]),
            float(r.p05[i]),
            float(r.median[i]),
            float(r.p95[i]),
            r.units[i] == province.code,
        )
        for i in order
        if not math.isnan(r.nominal[i])  # a unit without a score has no rank to vary
    ]
    chart = charts.intervals(rows, len(r.units), lambda v: format_number(v, 0))
    return render(
        request,
        "steering/robustness.html",
        {
            "province": province,
            **ctx.as_dict(),
            "rows": rows,
            "chart": mark_safe(chart),
            "runs": runs,
            "seed": seed,
            "variation": variation,
            "shares": r.shares,
        },
    )
