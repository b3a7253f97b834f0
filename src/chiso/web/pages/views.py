"""Pages: check access, read through queries and the core, render."""

from __future__ import annotations

import math

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from chiso.web.indexdata import queries
from chiso.web.indexdata.actions import core_framework
from chiso.web.indexdata.models import Assignment, Change, FrameworkVersion
from chiso.web.people.access import home_url_name, profile_of, province_for, require_overview, visible_indicators
from chiso.web.people.models import Role


def _framework_and_year(request: HttpRequest) -> tuple[FrameworkVersion, int | None]:
    name = request.GET.get("framework")
    fv = FrameworkVersion.objects.filter(name=name).first() if name else FrameworkVersion.objects.first()
    if fv is None:
        raise Http404("no framework loaded")
    years = queries.years(fv)
    try:
        year = int(request.GET["year"]) if "year" in request.GET else (years[0] if years else None)
    except ValueError:
        raise Http404("bad year") from None
    return fv, year


def _cell(result, unit: str, code: str) -> dict | None:
    if result is None or unit not in result.units:
        return None
    score = result.score(unit, code)
    return {
        "score": None if math.isnan(score) else score,
        "rank": result.rank(unit, code),
        "of": len(result.units),
        "mean": result.node_stats(code)["mean"],
    }


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    if profile.role == Role.ADMIN and profile.province is None:
        from django.conf import settings

        return redirect(home_url_name(profile), code=settings.CHISO_HOME_PROVINCE)
    return redirect(home_url_name(profile), code=profile.province.code)


@login_required
@require_GET
def overview(request: HttpRequest, code: str) -> HttpResponse:
    _profile, province = require_overview(request.user, code)
    fv, year = _framework_and_year(request)
    framework = core_framework(fv)
    result, illustrative = queries.computed(fv, year) if year else (None, False)
    official = queries.official(fv, year, province) if year else {}
    targets = queries.targets(fv, year + 1, province) if year else {}
    heads = [(c, framework.node(c)) for c in ("PII", "INPUT", "OUTPUT")]
    pillars = [(c, framework.node(c)) for c in framework.children["INPUT"] + framework.children["OUTPUT"]]
    rows = [
        {
            "code": c,
            "node": n,
            "computed": _cell(result, province.code, c),
            "official": official.get(c),
            "target": targets.get(c),
        }
        for c, n in heads + pillars
    ]
    efficiency = None
    if result is not None and province.code in result.units and result.efficiency is not None:
        e = result.efficiency[result.unit_index(province.code)]
        efficiency = None if math.isnan(e) else e
    return render(
        request,
        "pages/overview.html",
        {
            "province": province,
            "fv": fv,
            "year": year,
            "years": queries.years(fv),
            "rows": rows[:3],
            "pillars": rows[3:],
            "illustrative": illustrative,
            "has_computed": result is not None,
            "efficiency": efficiency,
            "count": len(result.units) if result else 0,
        },
    )


@login_required
@require_GET
def indicators(request: HttpRequest, code: str) -> HttpResponse:
    profile = profile_of(request.user)
    province = province_for(request.user, code)
    fv, year = _framework_and_year(request)
    framework = core_framework(fv)
    codes = visible_indicators(profile, province, list(framework.indicators))
    result, illustrative = queries.computed(fv, year) if year else (None, False)
    official = queries.official(fv, year, province) if year else {}
    raw = queries.raw_values(fv, year, province) if year else {}
    targets = queries.targets(fv, year + 1, province) if year else {}
    leads: dict[str, list[str]] = {}
    for a in Assignment.objects.filter(province=province, role="lead").select_related("agency"):
        leads.setdefault(a.code, []).append(str(a.agency))
    rows = []
    for c in codes:
        node = framework.node(c)
        rv = raw.get(c)
        rows.append(
            {
                "code": c,
                "node": node,
                "raw": rv.value if rv else None,
                "computed": _cell(result, province.code, c),
                "official": official.get(c),
                "target": targets.get(c),
                "leads": leads.get(c, []),
                "group": node.parent,
            }
        )
    return render(
        request,
        "pages/indicators.html",
        {
            "province": province,
            "fv": fv,
            "year": year,
            "years": queries.years(fv),
            "rows": rows,
            "illustrative": illustrative,
            "limited": profile.role == Role.FOCAL_POINT,
        },
    )


@login_required
@require_GET
def history(request: HttpRequest, code: str, indicator: str) -> HttpResponse:
    profile = profile_of(request.user)
    province = province_for(request.user, code)
    fv, _ = _framework_and_year(request)
    framework = core_framework(fv)
    if indicator not in framework.index:
        raise Http404
    if indicator not in visible_indicators(profile, province, list(framework.index)):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    changes = Change.objects.filter(province=province.code, code=indicator).select_related("user", "batch")[:200]
    national = Change.objects.filter(kind="stat", code=indicator)[:50]
    return render(
        request,
        "pages/history.html",
        {
            "province": province,
            "fv": fv,
            "node": framework.node(indicator),
            "code": indicator,
            "changes": changes,
            "national": national,
        },
    )
