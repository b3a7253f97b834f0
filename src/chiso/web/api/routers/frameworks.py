"""Frameworks: the list, and one framework's tree (its nodes with their parents)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from ninja.responses import codes_4xx

from chiso.web.indexdata import queries
from chiso.web.indexdata.actions import core_framework
from chiso.web.indexdata.models import FrameworkVersion, Node
from chiso.web.people.access import profile_of

from ..common import MAX_LIMIT, Page, page
from ..errors import ErrorOut, not_found

router = Router(tags=["frameworks"])
NAME = r"^[-a-zA-Z0-9_]{1,40}$"
Kind = Literal["index", "subindex", "pillar", "group", "indicator", "aggregate"]


class FrameworkOut(Schema):
    name: str
    title: str
    indicators: int
    nodes: int
    years: list[int]  # years with stored data


class NodeOut(Schema):
    code: str
    name: str
    name_en: str
    parent: str | None
    kind: Kind
    depth: int
    weight: float
    direction: int
    unit: str
    source: str
    definition: str


class FrameworkDetail(FrameworkOut):
    root: str
    tree: list[NodeOut]


def _summary(fv: FrameworkVersion) -> dict:
    fw = core_framework(fv)
    return {
        "name": fv.name,
        "title": fv.title,
        "indicators": len(fw.indicators),
        "nodes": len(fw.nodes),
        "years": queries.years(fv),
    }


@router.get("", response={200: Page[FrameworkOut], codes_4xx: ErrorOut}, summary="Frameworks")
def list_frameworks(
    request: HttpRequest,
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    profile_of(request.user)
    return page([_summary(fv) for fv in FrameworkVersion.objects.all()], limit, offset)


@router.get("/{name}", response={200: FrameworkDetail, codes_4xx: ErrorOut}, summary="One framework and its tree")
def get_framework(
    request: HttpRequest,
    name: str = Path(..., pattern=NAME, examples=["pii-2025"]),
    kind: Kind | None = None,
):
    profile_of(request.user)
    fv = FrameworkVersion.objects.filter(name=name).first()
    if fv is None:
        raise not_found()
    fw = core_framework(fv)
    stored = {n.code: n for n in Node.objects.filter(framework=fv)}
    tree = []
    for n in fw.nodes:
        k = fw.kind(n.code)
        if kind and k != kind:
            continue
        row = stored[n.code]
        tree.append(
            {
                "code": n.code,
                "name": n.name,
                "name_en": n.name_en,
                "parent": n.parent,
                "kind": k,
                "depth": fw.depth(n.code),
                "weight": float(n.weight),
                "direction": int(n.direction),
                "unit": row.unit,
                "source": row.source,
                "definition": row.definition,
            }
        )
    return {**_summary(fv), "root": fw.root, "tree": tree}
