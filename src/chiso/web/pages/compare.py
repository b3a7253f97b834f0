"""Comparisons: the national ranking and the home province beside chosen provinces."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chiso.core.position import neighbours, ranking_order
from chiso.web.common.context import load, node_name
from chiso.web.people.access import require_overview
from chiso.web.reports import partial
from chiso.web.reports.base import Standing


@login_required
@require_GET
def compare(request: HttpRequest, code: str) -> HttpResponse:
    _profile, province = require_overview(request.user, code)
    ctx = load(request)
    data = {"province": province, **ctx.as_dict()}
    result = ctx.result
    data["needs_full"] = partial.needs_full(ctx.fv, ctx.year, province)  # issue 10: a national data set only
    if data["needs_full"]:
        return render(request, "pages/compare.html", data)
    if result is None or province.code not in result.units:
        return render(request, "pages/compare.html", data)
    fw, structure = ctx.framework, ctx.structure
    columns = [*structure.heads, *structure.pillars]
    root = result.node_scores(structure.root)
    order = ranking_order(root)
    ranking = [
        {
            "unit": result.units[u],
            "name": result.names[u],
            "home": result.units[u] == province.code,
            "cells": [Standing.of_unit(result, result.units[u], c) for c in columns],
        }
        for u in order
    ]
    asked = [c for v in request.GET.getlist("with") for c in v.split(",")]  # the form's list or "01,20"
    chosen = list(dict.fromkeys(c for c in asked if c in result.units and c != province.code))
    if not chosen:  # default: the two provinces just above and the one just below
        chosen = [result.units[u] for u in neighbours(root, result.unit_index(province.code))]
    side_units = [province.code, *chosen]
    rows_codes = list(structure.heads)
    for p in structure.pillars:
        rows_codes += [p, *structure.groups[p]]
    side = [
        {
            "code": c,
            "name": node_name(fw, c),
            "kind": fw.kind(c),
            "cells": [Standing.of_unit(result, u, c) for u in side_units],
        }
        for c in rows_codes
    ]
    data.update(
        {
            # headings: a code officials read (the index's, a pillar's number), else the node's name
            "columns": [
                (c, node_name(fw, c), c if c == fw.root or fw.kind(c) != "subindex" else node_name(fw, c))
                for c in columns
            ],
            "ranking": ranking,
            "side_units": [(u, result.names[result.unit_index(u)]) for u in side_units],
            "side": side,
            "choices": [(u, result.names[i]) for i, u in enumerate(result.units) if u != province.code],
            "chosen": chosen,
        }
    )
    return render(request, "pages/compare.html", data)
