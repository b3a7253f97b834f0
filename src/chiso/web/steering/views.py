"""What-if, target solver and robustness pages. Every number comes from chiso.core.

Forms keep the user's word: what was typed is shown again as typed, a value the page cannot use
is refused with a message next to its field (and no stale result is left beside it), a value far
from anything in the country is computed but flagged. Bad query parameters answer 400 with a
message, never 500."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from chiso.core.errors import InputError, Notice
from chiso.core.robustness import Variation, robustness
from chiso.core.solver import Limit, SolverTarget, solve_full
from chiso.core.whatif import ScenarioChange, whatif
from chiso.web.common import charts
from chiso.web.common.context import Structure, load, node_name, require_result
from chiso.web.common.formatting import decimals_for, format_input, format_vn
from chiso.web.common.messages import message
from chiso.web.people.access import require_overview
from chiso.web.reports import partial

from . import actions
from .fields import FieldError, Range, flag, read_number
from .models import Scenario, SolverPlan


def solver_note(note: str) -> str:
    """A solver's note (a coded ``Notice``) in the page's language; any other text as written."""
    return message(note) if isinstance(note, Notice) else note


def _page(request: HttpRequest, code: str):
    """Profile, province, page context and computed result, for the roles that may steer (not
    focal points)."""
    profile, province = require_overview(request.user, code)
    ctx = load(request)
    return profile, province, ctx, require_result(ctx, province)


def _full_only(request: HttpRequest, province, ctx, title: str) -> HttpResponse | None:
    """What-if and the target solver compute on every province's raw values: where only the partial
    view applies (issue 10), the page says so instead of ranking the province among itself."""
    needs = partial.needs_full(ctx.fv, ctx.year, province)
    if not needs:
        return None
    data = {"province": province, **ctx.as_dict(), "title": title, "needs_full": needs}
    return render(request, "steering/needs_full.html", data)


def _year_data(result, year: int):
    """The year's data as the core sees it (the computed result holds the raw values)."""
    from chiso.core.dataset import YearData

    return YearData(year, list(result.units), result.raw.copy(), list(result.names))


def _indicator_facts(result, fw) -> list[dict[str, Any]]:
    """Per indicator: national range of raw values and the decimals it is shown with."""
    facts = []
    for i, _code in enumerate(fw.indicators):
        column = [float(v) for v in result.raw[:, i]]
        facts.append({"range": Range.of(column), "decimals": decimals_for(column)})
    return facts


# --------------------------------------------------------------------------------------- what-if


def _read_inputs(source, result, unit: str, fw, facts) -> tuple[list[dict[str, Any]], list[ScenarioChange], list[str]]:
    """One row per indicator (typed text, message, flag), the changes asked for, and errors naming
    the indicator. An empty field keeps the current value."""
    u = result.unit_index(unit)
    rows, changes, errors = [], [], []
    sets = {}
    for item in source.getlist("set"):
        code, sep, text = item.partition(":")
        if not sep or code.strip() not in fw.index or not fw.is_indicator(code.strip()):
            errors.append(_("“%(v)s”: không có chỉ số thành phần này (viết mã:giá trị, ví dụ 2.2.1:0,8)") % {"v": item})
            continue
        sets[code.strip()] = text
    for i, code in enumerate(fw.indicators):
        current = float(result.raw[u, i])
        fact = facts[i]
        row = {
            "code": code,
            "field": f"f{i}",
            "name": node_name(fw, code),
            "unit": fw.node(code).unit,
            "current": current,
            "score": float(result.scores[u, fw.index[code]]),
            "decimals": fact["decimals"],
            "typed": "",
            "error": None,
            "flag": None,
        }
        rows.append(row)
        text = source.get(f"v_{code}", sets.get(code))
        if text is None or text.strip() == "":
            continue
        row["typed"] = text
        try:
            value = read_number(text)
        except FieldError as exc:
            row["error"] = exc.message
            errors.append(f"{code}: {exc.message}")
            continue
        row["flag"] = flag(value, fact["range"], fact["decimals"])
        if not math.isnan(current) and math.isclose(value, current, rel_tol=1e-12, abs_tol=1e-15):
            continue
        changes.append(ScenarioChange(unit, code, "raw", value))
    return rows, changes, errors


def _whatif_context(fw, result, year: int, province, changes) -> dict[str, Any]:
    w = whatif(fw, _year_data(result, year), changes, result.methodology)
    unit = province.code
    structure = Structure.of(fw)
    codes = [*structure.heads, *structure.pillars]  # the index, its sub-indices, their pillars
    top = set(structure.heads)  # shown by name: their codes are not words for officials
    rows = []
    for c in codes:
        before, after = w.base.score(unit, c), w.new.score(unit, c)
        rows.append(
            {
                "code": c,
                "label": node_name(fw, c) if c in top else f"{c} {node_name(fw, c)}",
                "name": node_name(fw, c),
                "before": before,
                "after": after,
                "delta": after - before,
                "rank_before": w.base.rank(unit, c),
                "rank_after": w.new.rank(unit, c),
            }
        )
    movers = [d for d in w.deltas(fw.root) if d["unit"] != unit and (d["rank_change"] or 0) != 0]
    return {"wi_rows": rows, "movers": movers, "count": len(w.base.units)}


def _scenario_from(request: HttpRequest, province, year) -> tuple[Scenario | None, str | None]:
    text = request.GET.get("scenario", "").strip()
    if not text:
        return None, None
    if not text.isdigit():
        return None, _("Mã kịch bản “%(v)s” không hợp lệ.") % {"v": text}
    scenario = Scenario.objects.filter(id=int(text), province=province, year=year).first()
    if scenario is None:
        return None, _("Không có kịch bản số %(v)s của tỉnh này trong năm %(y)s.") % {"v": text, "y": year}
    return scenario, None


@login_required
@require_http_methods(["GET", "POST"])
def whatif_page(request: HttpRequest, code: str) -> HttpResponse:
    profile, province, ctx, result = _page(request, code)
    if (refused := _full_only(request, province, ctx, _("Nếu thay đổi giá trị thì sao?"))) is not None:
        return refused
    fw = ctx.framework
    may_save = actions.can_save(profile)
    saving = request.method == "POST" and bool(request.POST.get("save"))
    if saving and not may_save:
        actions.require_save(request.user)  # 403: leaders read, they do not save
    scenario, scenario_error = _scenario_from(request, province, ctx.year)
    facts = _indicator_facts(result, fw)
    source = request.POST if request.method == "POST" else request.GET
    inputs, changes, errors = _read_inputs(source, result, province.code, fw, facts)
    if scenario_error:
        errors.insert(0, scenario_error)
    if scenario is not None and request.method == "GET" and not changes and not any(i["typed"] for i in inputs):
        by_code = {c["indicator"]: c for c in scenario.changes if c.get("kind") == "raw"}
        for i, row in enumerate(inputs):
            if row["code"] in by_code:
                value = float(by_code[row["code"]]["value"])
                row["typed"] = format_input(value, 6)
                row["flag"] = flag(value, facts[i]["range"], row["decimals"])
                changes.append(ScenarioChange(province.code, row["code"], "raw", value))
    name = request.POST.get("name", "") if request.method == "POST" else ""
    name_error = None
    saved = None
    if request.GET.get("saved") and scenario is not None and request.method == "GET":
        saved = scenario
    if saving and not errors:
        if not name.strip():
            name_error = _("Hãy đặt tên cho kịch bản trước khi lưu.")
        elif not changes:
            name_error = _("Chưa có thay đổi nào để lưu: hãy nhập ít nhất một giá trị mới.")
        else:
            data = _whatif_context(fw, result, ctx.year, province, changes)
            pii = data["wi_rows"][0]
            try:
                scenario = actions.save_scenario(
                    request.user,
                    province,
                    ctx.fv,
                    ctx.year,
                    name,
                    [c.as_dict() for c in changes],
                    {
                        "before": _json_number(pii["before"]),
                        "after": _json_number(pii["after"]),
                        "rank_before": pii["rank_before"],
                        "rank_after": pii["rank_after"],
                    },
                )
            except actions.NameTaken:
                name_error = _("Đã có kịch bản tên “%(n)s” trong năm này: hãy chọn tên khác.") % {"n": name.strip()}
            else:
                url = (
                    reverse("whatif", args=[province.code])
                    + "?"
                    + urlencode({"scenario": scenario.id, "year": ctx.year, "saved": 1})
                )
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    data = {
        "province": province,
        **ctx.as_dict(),
        "inputs": inputs,
        "errors": errors,
        "changes": changes,
        "names": {c: node_name(fw, c) for c in fw.indicators},
        "decimals": {row["code"]: row["decimals"] for row in inputs},
        "flags": [row for row in inputs if row["flag"]],
        "name": name,
        "name_error": name_error,
        "saved": saved,
        "may_save": may_save,
        "scenario": scenario,
        "scenarios": Scenario.objects.filter(province=province, year=ctx.year)[:20],
        "oob": bool(request.htmx),
    }
    if not errors:
        data.update(_whatif_context(fw, result, ctx.year, province, changes))
    template = "steering/_whatif_result.html" if request.htmx else "steering/whatif.html"
    return render(request, template, data, status=400 if errors or name_error else 200)


def _json_number(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


# ---------------------------------------------------------------------------------------- target


def _parse_limits(text: str, fw) -> tuple[dict[str, Limit], list[str]]:
    """Lines "code; best reachable value; effort" (the last two optional)."""
    limits, errors = {}, []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("\t", ";").split(";")]
        code = parts[0]
        if code not in fw.index or not fw.is_indicator(code):
            errors.append(_("dòng %(n)s: %(c)s không phải là chỉ số thành phần") % {"n": n, "c": code})
            continue
        if len(parts) > 3:
            errors.append(_("dòng %(n)s: mỗi dòng chỉ có mã; giá trị; công sức") % {"n": n})
            continue
        try:
            value = read_number(parts[1]) if len(parts) > 1 and parts[1] else None
            effort = read_number(parts[2], minimum=0) if len(parts) > 2 and parts[2] else 1.0
        except FieldError as exc:
            errors.append(_("dòng %(n)s: %(e)s") % {"n": n, "e": exc.message})
            continue
        limits[code] = Limit(value, effort)
    return limits, errors


def _rounded_toward(value: float, decimals: int, direction: int) -> float:
    """``value`` rounded to ``decimals`` in the indicator's improving direction, so that what the
    what-if page shows (and computes) reaches at least what the solver found."""
    scale = 10**decimals
    if direction >= 0:
        return math.ceil(value * scale - 1e-6) / scale
    return math.floor(value * scale + 1e-6) / scale


@login_required
@require_http_methods(["GET", "POST"])
def target_page(request: HttpRequest, code: str) -> HttpResponse:
    profile, province, ctx, result = _page(request, code)
    if (refused := _full_only(request, province, ctx, _("Cần thay đổi gì, bao nhiêu, để đạt mục tiêu?"))) is not None:
        return refused
    fw = ctx.framework
    may_save = actions.can_save(profile)
    saving = request.method == "POST" and bool(request.POST.get("save"))
    if saving and not may_save:
        actions.require_save(request.user)  # 403
    aggregates = [c for c in Structure.of(fw).heads if c != fw.root]
    node_codes = [fw.root, *aggregates] + [
        n.code for n in fw.nodes if fw.kind(n.code) in ("pillar", "group") and n.code not in (fw.root, *aggregates)
    ]
    top = {fw.root, *aggregates}  # shown by name: their codes are not words for officials
    nodes = [(c, node_name(fw, c) if c in top else f"{c} {node_name(fw, c)}") for c in node_codes]
    source = request.POST if request.method == "POST" else request.GET
    form = {
        "node": source.get("node", fw.root),
        "kind": source.get("kind", "rank"),
        "value": source.get("value", ""),
        "limits": request.POST.get("limits", ""),
        "name": request.POST.get("name", ""),
    }
    field_errors: dict[str, str] = {}
    errors: list[str] = []
    plan = None
    count = len(result.units)
    if form["node"] not in node_codes:
        field_errors["node"] = _("Không có nút “%(n)s” trong bộ chỉ số.") % {"n": form["node"]}
    if form["kind"] not in ("rank", "score"):
        field_errors["kind"] = _("Loại mục tiêu phải là hạng hoặc điểm.")
    target = None
    if (request.method == "POST" or form["value"].strip()) and not field_errors:
        limits, errors = _parse_limits(form["limits"], fw)
        try:
            if not form["value"].strip():
                raise FieldError(_("Hãy nhập giá trị mục tiêu."))
            if form["kind"] == "rank":
                value = read_number(form["value"], integer=True)
                if not 1 <= value <= count:
                    raise FieldError(_("hạng phải là số nguyên từ 1 đến %(n)s") % {"n": count})
            else:
                value = read_number(form["value"])
                if not 0 <= value <= 100:
                    raise FieldError(_("điểm phải từ 0 đến 100"))
            target = SolverTarget(form["node"], form["kind"], value)
        except FieldError as exc:
            field_errors["value"] = exc.message
        if target is not None and not errors:
            if math.isnan(result.score(province.code, target.node)):
                errors.append(
                    _("Tỉnh chưa có điểm %(n)s năm %(y)s (thiếu số liệu): chưa thể tìm phương án.")
                    % {"n": node_name(fw, target.node), "y": ctx.year}
                )
            else:
                try:
                    plan = solve_full(
                        fw, result.raw, result.unit_index(province.code), target, limits, result.methodology
                    )
                except InputError as exc:
                    errors.append(message(exc))
        if plan is not None and saving:
            if not form["name"].strip():
                field_errors["name"] = _("Hãy đặt tên cho phương án trước khi lưu.")
            else:
                try:
                    saved = actions.save_solver_plan(
                        request.user,
                        province,
                        ctx.fv,
                        ctx.year,
                        form["name"],
                        str(target),
                        {c: [lim.value, lim.effort] for c, lim in limits.items()},
                        plan.to_dict(),
                    )
                except actions.NameTaken:
                    field_errors["name"] = _("Đã có phương án tên “%(n)s” trong năm này: hãy chọn tên khác.") % {
                        "n": form["name"].strip()
                    }
                else:
                    form["saved"] = saved.name
    decimals = {c: decimals_for(float(v) for v in result.raw[:, i]) for i, c in enumerate(fw.indicators)}
    apply_url = None
    plan_rows = []
    if plan is not None:
        sets = []
        for c in plan.changes:
            d = decimals[c["indicator"]]
            direction = fw.directions[fw.indicators.index(c["indicator"])]
            to = _rounded_toward(c["to"], d, int(direction))
            plan_rows.append({**c, "to_shown": to, "decimals": d})
            sets.append(("set", f"{c['indicator']}:{format_input(to, d)}"))
        if plan.reachable and sets:
            apply_url = reverse("whatif", args=[province.code]) + "?" + urlencode([("year", ctx.year), *sets])
    start_rank = result.rank(province.code, form["node"]) if form["node"] in fw.index else None
    return render(
        request,
        "steering/target.html",
        {
            "province": province,
            **ctx.as_dict(),
            "nodes": nodes,
            "form": form,
            "errors": errors,
            "field_errors": field_errors,
            "plan": plan,
            "plan_rows": plan_rows,
            "notes": [solver_note(n) for n in plan.notes] if plan is not None else [],
            "apply_url": apply_url,
            "names": {c: node_name(fw, c) for c in fw.indicators},
            "solver_plans": SolverPlan.objects.filter(province=province, year=ctx.year)[:20],
            "start_rank": start_rank,
            "count": count,
            "may_save": may_save,
        },
        status=400 if errors or field_errors else 200,
    )


# ------------------------------------------------------------------------------------ robustness

RUNS = (100, 50_000)
SEED_MAX = 2**32 - 1


def _robustness_settings(query) -> tuple[dict[str, str], dict[str, str], dict[str, Any]]:
    """What the form says (as typed), errors per field, and the settings read from it."""
    defaults = {"runs": "10000", "seed": "0", "weights": format_input(0.25), "p_treat": format_input(0.5)}
    defaults.update(p_zscore=defaults["p_treat"], p_geometric=defaults["p_treat"])
    typed = {k: query.get(k, v).strip() or v for k, v in defaults.items()}
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    try:
        runs = read_number(typed["runs"], integer=True)
        if not RUNS[0] <= runs <= RUNS[1]:
            raise FieldError(
                _("số lần chạy phải từ %(a)s đến %(b)s") % {"a": format_vn(RUNS[0], 0), "b": format_vn(RUNS[1], 0)}
            )
        values["runs"] = int(runs)
    except FieldError as exc:
        errors["runs"] = exc.message
    try:
        seed = read_number(typed["seed"], integer=True)
        if not 0 <= seed <= SEED_MAX:
            raise FieldError(_("hạt giống phải là số nguyên từ 0 đến %(b)s") % {"b": format_vn(SEED_MAX, 0)})
        values["seed"] = int(seed)
    except FieldError as exc:
        errors["seed"] = exc.message
    try:
        weights = read_number(typed["weights"])
        if not 0 <= weights < 1:
            raise FieldError(_("nhiễu trọng số phải từ 0 đến dưới 1 (trọng số không được âm)"))
        values["weights"] = weights
    except FieldError as exc:
        errors["weights"] = exc.message
    for key in ("p_treat", "p_zscore", "p_geometric"):
        try:
            p = read_number(typed[key])
            if not 0 <= p <= 1:
                raise FieldError(_("tỷ lệ phải từ 0 đến 1"))
            values[key] = p
        except FieldError as exc:
            errors[key] = exc.message
    return typed, errors, values


def _rank(value) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


@login_required
@require_GET
def robustness_page(request: HttpRequest, code: str) -> HttpResponse:
    _profile, province, ctx, result = _page(request, code)
    typed, field_errors, settings = _robustness_settings(request.GET)
    data = {"province": province, **ctx.as_dict(), "form": typed, "field_errors": field_errors}
    if field_errors:
        return render(request, "steering/robustness.html", data, status=400)
    data["needs_full"] = partial.needs_full(ctx.fv, ctx.year, province)  # issue 10: a national data set only
    if data["needs_full"]:
        return render(request, "steering/robustness.html", data)
    variation = Variation(settings["weights"], settings["p_treat"], settings["p_zscore"], settings["p_geometric"])
    # A province without a PII score (its values blank) cannot be ranked in any run: it is listed
    # apart, and the others are ranked among themselves.
    root = ctx.framework.index[ctx.framework.root]
    scored = [i for i in range(len(result.units)) if np.isfinite(result.scores[i, root])]
    rows: list[dict[str, Any]] = [
        {
            "name": result.names[i],
            "nominal": None,
            "p05": None,
            "median": None,
            "p95": None,
            "home": result.units[i] == province.code,
        }
        for i in range(len(result.units))
        if i not in set(scored)
    ]
    unranked = sorted(rows, key=lambda row: row["name"])
    ranked: list[dict[str, Any]] = []
    shares: dict[str, float] = {}
    if len(scored) >= 2:
        r = robustness(
            ctx.framework,
            result.raw[scored],
            [result.units[i] for i in scored],
            names=[result.names[i] for i in scored],
            runs=settings["runs"],
            seed=settings["seed"],
            variation=variation,
            methodology=result.methodology,
        )
        shares = r.shares
        for k in range(len(r.units)):
            row = {
                "name": r.names[k],
                "nominal": _rank(r.nominal[k]),
                "p05": _rank(r.p05[k]),
                "median": _rank(r.median[k]),
                "p95": _rank(r.p95[k]),
                "home": r.units[k] == province.code,
            }
            if None in (row["nominal"], row["p05"], row["median"], row["p95"]):
                unranked.append(row)
            else:
                row["nominal"] = int(row["nominal"])
                ranked.append(row)
    else:
        unranked = sorted(
            [
                {"name": n, "nominal": None, "p05": None, "median": None, "p95": None, "home": u == province.code}
                for u, n in zip(result.units, result.names, strict=True)
            ],
            key=lambda row: row["name"],
        )
    ranked.sort(key=lambda row: (row["nominal"], row["name"]))
    chart = charts.intervals(
        [(w["name"], w["nominal"], w["p05"], w["median"], w["p95"], w["home"]) for w in ranked],
        len(ranked),
        lambda v: format_vn(v, 0),
    )
    data.update(
        {
            "rows": ranked + unranked,
            "unranked": unranked,
            "chart": mark_safe(chart),
            "runs": settings["runs"],
            "seed": settings["seed"],
            "variation": variation,
            "shares": shares,
        }
    )
    return render(request, "steering/robustness.html", data)
