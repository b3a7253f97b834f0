"""Provinces the caller may see, and a province-year's results, indicators and targets. Every
endpoint reads with the caller's scope: another province is 403 (404 when it does not exist), a focal
point sees only its agency's indicators and not the province overview (as on the pages)."""

from __future__ import annotations

from typing import Literal

import numpy as np
from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from ninja.responses import codes_4xx

from chiso.web.indexdata import frameworks, queries
from chiso.web.indexdata.models import IndicatorStat, Target
from chiso.web.people import access
from chiso.web.people.models import Duty, Province, Role
from chiso.web.reports.base import Standing
from chiso.web.reports.indicators import agencies_of

from ..common import MAX_LIMIT, Page, context, node_label, num, page, scoped_province
from ..errors import ErrorOut, forbidden, not_found

router = Router(tags=["provinces"])
CODE = r"^[0-9]{2}$"
NODE = r"^[^\s/]{1,20}$"
Level = Literal["index", "subindex", "pillar", "group", "indicator"]
YEAR = Query(None, ge=1900, le=2200, examples=[2025], description="the year (default: the latest with data)")
FRAMEWORK = Query(None, pattern=r"^[-a-zA-Z0-9_]{1,40}$", description="a framework's name (default: the one set)")
LIMIT = Query(100, ge=1, le=MAX_LIMIT)
OFFSET = Query(0, ge=0, le=1_000_000)


class ProvinceOut(Schema):
    code: str
    name: str
    short_name: str
    current: bool


class FrameworkYearOut(Schema):
    year: int
    framework: str


class ProvinceDetail(ProvinceOut):
    frameworks: list[FrameworkYearOut]  # the framework set for each year (a setting holds until the next)


class OfficialOut(Schema):
    score: float | None
    rank: int | None
    rank_of: int | None
    source: str


class ComputedOut(Schema):
    score: float | None
    rank: int | None
    of: int
    mean: float | None
    gap: float | None


class ResultOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None
    official: OfficialOut | None
    computed: ComputedOut | None


class ResultsOut(Page[ResultOut]):
    province: str
    framework: str
    year: int
    years: list[int]
    illustrative: bool  # some values computed with are illustrative (the demo's national data)


class StatsOut(Schema):
    max: float | None
    min: float | None
    mean: float | None


class TargetOut(Schema):
    framework: str
    year: int
    code: str
    kind: Literal["rank", "score", "raw"]
    value: float
    text: str


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    pillar: str
    group: str
    raw: float | None
    raw_source: str
    illustrative: bool
    official: OfficialOut | None
    computed: ComputedOut | None
    national_published: StatsOut | None  # as the Ministry published them
    national_computed: StatsOut | None  # of the raw values stored for the year
    target_next_year: TargetOut | None
    lead: list[str]
    coordinating: list[str]


class IndicatorsOut(Page[IndicatorOut]):
    province: str
    framework: str
    year: int
    years: list[int]
    illustrative: bool


def _province_out(p: Province) -> dict:
    return {"code": p.code, "name": p.name, "short_name": p.short_name, "current": p.current}


@router.get("", response={200: Page[ProvinceOut], codes_4xx: ErrorOut}, summary="Provinces the caller may see")
def list_provinces(request: HttpRequest, current: bool | None = None, limit: int = LIMIT, offset: int = OFFSET):
    profile = access.profile_of(request.user)
    qs = Province.objects.all() if profile.role == Role.ADMIN else Province.objects.filter(id=profile.province_id)
    if current is not None:
        qs = qs.filter(current=current)
    return page([_province_out(p) for p in qs], limit, offset)


@router.get("/{code}", response={200: ProvinceDetail, codes_4xx: ErrorOut}, summary="One province")
def get_province(request: HttpRequest, code: str = Path(..., pattern=CODE, examples=["14"])):
    _profile, province = scoped_province(request, code)
    chosen = frameworks.settings_for(province)
    return {
        **_province_out(province),
        "frameworks": [{"year": y, "framework": fv.name} for y, fv in chosen.items()],
    }


def _official(o: dict | None) -> dict | None:
    if o is None:
        return None
    return {"score": num(o["score"]), "rank": o["rank"], "rank_of": o["rank_of"], "source": o["source"]}


def _header(province: Province, ctx) -> dict:
    return {
        "province": province.code,
        "framework": ctx.fv.name,
        "year": ctx.year,
        "years": ctx.years,
        "illustrative": ctx.illustrative,
    }


@router.get(
    "/{code}/results",
    response={200: ResultsOut, codes_4xx: ErrorOut},
    summary="A province-year's official and computed results (PII, sub-indices, pillars, groups, indicators)",
)
def results(
    request: HttpRequest,
    code: str = Path(..., pattern=CODE, examples=["14"]),
    year: int | None = YEAR,
    framework: str | None = FRAMEWORK,
    level: Level | None = None,
    pillar: str | None = Query(None, pattern=NODE),
    node: str | None = Query(None, pattern=NODE, description="one node's code"),
    limit: int = LIMIT,
    offset: int = OFFSET,
):
    _profile, province = access.require_overview(request.user, code)
    ctx = context(request, province)
    fw, structure = ctx.framework, ctx.structure
    official = queries.official(ctx.fv, ctx.year, province)
    items = []
    for n in fw.nodes:
        kind = fw.kind(n.code)
        if (level and kind != level) or (node and n.code != node):
            continue
        if pillar and structure.pillar_of(fw, n.code) != pillar:
            continue
        items.append(
            {
                "code": n.code,
                "name": node_label(fw, n.code),
                "kind": kind,
                "parent": n.parent,
                "official": _official(official.get(n.code)),
                "computed": _standing(ctx.result, province.code, n.code),
            }
        )
    return {**_header(province, ctx), **page(items, limit, offset)}


def _standing(result, unit: str, code: str) -> dict | None:
    """Score, rank, national mean, max, min and gap of one unit on one node (None when not computed)."""
    standing = Standing.of_unit(result, unit, code)
    return standing.to_dict() if standing is not None else None


def _agencies(province: Province) -> dict[str, dict[str, list[str]]]:
    return agencies_of(province)


def _raw_stats(result, fw, code: str) -> dict | None:
    if result is None:
        return None
    column = result.raw[:, fw.indicators.index(code)]
    column = column[np.isfinite(column)]
    if column.size == 0:
        return None
    return {"max": num(column.max()), "min": num(column.min()), "mean": num(column.mean())}


def _target(t: Target | None) -> dict | None:
    if t is None:
        return None
    return {
        "framework": t.framework.name,
        "year": t.year,
        "code": t.code,
        "kind": t.kind,
        "value": t.value,
        "text": t.text,
    }


def _indicator_rows(request: HttpRequest, code: str, only: str | None = None) -> tuple[Province, object, list[dict]]:
    profile, province = scoped_province(request, code)
    ctx = context(request, province)
    fw, structure = ctx.framework, ctx.structure
    codes = access.visible_indicators(profile, province, list(fw.indicators))
    if only is not None:
        if only not in fw.indicators:
            raise not_found()
        if only not in codes:
            raise forbidden()
        codes = [only]
    official = queries.official(ctx.fv, ctx.year, province)
    raw = queries.raw_values(ctx.fv, ctx.year, province)
    published = {s.code: s for s in IndicatorStat.objects.filter(framework=ctx.fv, year=ctx.year, code__in=codes)}
    targets = {
        t.code: t
        for t in Target.objects.filter(province=province, framework=ctx.fv, year=ctx.year + 1, code__in=codes)
        .select_related("framework")
        .order_by("kind")
    }
    agencies = _agencies(province)
    rows = []
    for c in codes:
        node = fw.node(c)
        rv = raw.get(c)
        stat = published.get(c)
        rows.append(
            {
                "code": c,
                "name": node_label(fw, c),
                "unit": node.unit,
                "pillar": structure.pillar_of(fw, c),
                "group": node.parent or "",
                "raw": num(rv.value) if rv else None,
                "raw_source": rv.source if rv else "",
                "illustrative": bool(rv.illustrative) if rv else False,
                "official": _official(official.get(c)),
                "computed": _standing(ctx.result, province.code, c),
                "national_published": (
                    {"max": num(stat.max), "min": num(stat.min), "mean": num(stat.mean)} if stat else None
                ),
                "national_computed": _raw_stats(ctx.result, fw, c),
                "target_next_year": _target(targets.get(c)),
                "lead": agencies.get(c, {}).get("lead", []),
                "coordinating": agencies.get(c, {}).get("coordinating", []),
            }
        )
    return province, ctx, rows


@router.get(
    "/{code}/indicators",
    response={200: IndicatorsOut, codes_4xx: ErrorOut},
    summary="A province-year's indicators: raw value, scores, ranks, national statistics, target, agencies",
)
def indicators(
    request: HttpRequest,
    code: str = Path(..., pattern=CODE, examples=["14"]),
    year: int | None = YEAR,
    framework: str | None = FRAMEWORK,
    pillar: str | None = Query(None, pattern=NODE),
    indicator: str | None = Query(None, pattern=NODE, description="one indicator's code"),
    agency: str | None = Query(None, max_length=200, description="lead or coordinating agency's name"),
    limit: int = LIMIT,
    offset: int = OFFSET,
):
    province, ctx, rows = _indicator_rows(request, code)
    if pillar:
        rows = [r for r in rows if r["pillar"] == pillar]
    if indicator:
        rows = [r for r in rows if r["code"] == indicator]
    if agency:
        rows = [r for r in rows if agency in r["lead"] + r["coordinating"]]
    return {**_header(province, ctx), **page(rows, limit, offset)}


@router.get(
    "/{code}/indicators/{indicator}",
    response={200: IndicatorOut, codes_4xx: ErrorOut},
    summary="One indicator of a province-year",
)
def indicator_detail(
    request: HttpRequest,
    code: str = Path(..., pattern=CODE, examples=["14"]),
    indicator: str = Path(..., pattern=NODE, examples=["2.2.4"]),
    year: int | None = YEAR,
    framework: str | None = FRAMEWORK,
):
    _province, _ctx, rows = _indicator_rows(request, code, only=indicator)
    return rows[0]


@router.get("/{code}/targets", response={200: Page[TargetOut], codes_4xx: ErrorOut}, summary="A province's targets")
def targets(
    request: HttpRequest,
    code: str = Path(..., pattern=CODE, examples=["14"]),
    year: int | None = Query(None, ge=1900, le=2200),
    framework: str | None = Query(None, pattern=r"^[-a-zA-Z0-9_]{1,40}$"),
    node: str | None = Query(None, pattern=NODE),
    limit: int = LIMIT,
    offset: int = OFFSET,
):
    profile, province = scoped_province(request, code)
    qs = (
        Target.objects.filter(province=province)
        .select_related("framework")
        .order_by("year", "framework__name", "code", "kind")
    )
    if year is not None:
        qs = qs.filter(year=year)
    if framework:
        qs = qs.filter(framework__name=framework)
    if node:
        qs = qs.filter(code=node)
    rows = [_target(t) for t in qs]
    if profile.role == Role.FOCAL_POINT:
        mine = set(
            Duty.objects.filter(province=province, agency=profile.agency)
            .exclude(code="")
            .values_list("code", flat=True)
        )
        rows = [r for r in rows if r["code"] in mine]
    return page(rows, limit, offset)
