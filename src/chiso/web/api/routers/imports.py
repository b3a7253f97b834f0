"""Raw values written through the imports' own preview and apply (``chiso.web.imports.service`` and
``chiso.web.indexdata.actions.apply_import``): a POST of values makes a previewed batch and answers
its preview; a second call confirms it (or discards it). Same rules as a file import: an empty value
(null or "") means "not given" and never clears; clearing is explicit (``"XÓA"`` or ``"CLEAR"``) and
the confirmation must say ``confirm_clear``; a value changed by someone else since the preview stops
the apply (409), nothing written. Each value written is recorded in the audit as via "api".

Who writes: administrators (any province), a coordinator (their province), a focal point (their
province, only the indicators assigned to their agency); leaders read only."""

from __future__ import annotations

import hashlib
import json
import math
from datetime import datetime
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status, codes_4xx

from chiso.web.audit import actions as audit
from chiso.web.imports import service
from chiso.web.imports.parsers import is_clear
from chiso.web.imports.rows import RawRow
from chiso.web.imports.views import conflict_message
from chiso.web.indexdata.actions import ClearNotConfirmed, ImportConflict, apply_import
from chiso.web.indexdata.models import ImportBatch
from chiso.web.people import access
from chiso.web.people.models import Profile, Province, Role
from chiso.web.steering.fields import LIMIT as VALUE_LIMIT
from chiso.web.steering.fields import FieldError, read_number

from ..common import MAX_LIMIT, context, scoped_province
from ..errors import ApiError, ErrorOut, bad, forbidden, not_found

router = Router(tags=["imports"])
CODE = r"^[0-9]{2}$"
KIND = "api"  # the kind of a batch made through the API


class ValueIn(Schema):
    code: str = Field(..., pattern=r"^[^\s/]{1,20}$", description="an indicator's code", examples=["2.2.4"])
    value: float | str | None = Field(
        None,
        description='a number, a number as text ("12,5"), null or "" (not given), or "XÓA"/"CLEAR" (clear)',
        examples=[12.5],
    )
    source: str = Field("", max_length=200)


class ValuesIn(Schema):
    values: list[ValueIn] = Field(..., min_length=1, max_length=5000)


class ConfirmIn(Schema):
    reason: str = Field("", max_length=300)
    confirm_clear: bool = Field(False, description="required when the preview clears values")


class EntryOut(Schema):
    kind: str
    key: dict[str, Any]
    field: str
    before: Any
    after: Any
    status: Literal["new", "changed", "cleared", "unchanged", "ignored"]
    why: str


class BatchOut(Schema):
    id: int
    kind: str
    status: Literal["preview", "applied", "discarded"]
    province: str
    framework: str
    year: int
    filename: str
    created_by: str
    created_at: datetime
    applied_at: datetime | None
    counts: dict[str, int]
    applied: dict[str, int] | None


class BatchDetail(BatchOut):
    entries_count: int
    limit: int
    offset: int
    entries: list[EntryOut]


class BatchPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[BatchOut]


class FocalScope:
    """A focal point writes the raw values of its agency's indicators in its province, nothing else."""

    def __init__(self, province: str, codes: set[str]) -> None:
        self.province, self.codes = province, codes

    def why_not(self, kind: str, key: dict[str, Any]) -> str | None:
        if kind != "raw" or key.get("province") != self.province or key.get("code") not in self.codes:
            return service.REASON_OUTSIDE
        return None


def _writer(request: HttpRequest, code: str) -> tuple[Profile, Province]:
    profile, province = scoped_province(request, code)
    if profile.role not in (Role.ADMIN, Role.COORDINATOR, Role.FOCAL_POINT):
        raise forbidden(_("Vai trò của bạn chỉ được xem, không được ghi dữ liệu."))
    return profile, province


def _scope(request: HttpRequest, profile: Profile, province: Province, codes: list[str]):
    if profile.role == Role.FOCAL_POINT:
        return FocalScope(province.code, set(access.visible_indicators(profile, province, codes)))
    try:
        return service.Scope.of(request.user, province)
    except service.NotAllowed:
        raise forbidden() from None


def _batch_out(b: ImportBatch) -> dict[str, Any]:
    return {
        "id": b.id,
        "kind": b.kind,
        "status": b.status,
        "province": b.province.code,
        "framework": b.framework.name,
        "year": b.year,
        "filename": b.filename,
        "created_by": b.created_by.get_username(),
        "created_at": b.created_at,
        "applied_at": b.applied_at,
        "counts": b.summary.get("counts", {}),
        "applied": b.summary.get("applied"),
    }


def _detail(b: ImportBatch, limit: int, offset: int) -> dict[str, Any]:
    entries = [
        {k: e[k] for k in ("kind", "key", "field", "before", "after", "status", "why")}
        for e in service.unpack(b.payload)
    ]
    return {
        **_batch_out(b),
        "entries_count": len(entries),
        "limit": limit,
        "offset": offset,
        "entries": entries[offset : offset + limit],
    }


def _visible_batches(profile: Profile, province: Province):
    qs = ImportBatch.objects.filter(province=province).select_related("province", "framework", "created_by")
    if profile.role == Role.FOCAL_POINT:
        return qs.filter(created_by=profile.user)
    if not access.can_import(profile):
        raise forbidden()
    return qs


def _read_value(v: float | str | None) -> tuple[bool, float | None]:
    """(given, value): null and "" are not given; a clear marker gives None; else a finite number."""
    if v is None:
        return False, None
    if isinstance(v, str):
        if v.strip() == "":
            return False, None
        if is_clear(v):
            return True, None
        value = read_number(v)
    else:
        value = float(v)
    if not math.isfinite(value) or abs(value) > VALUE_LIMIT:
        raise FieldError(_("“%(v)s” không phải là số hữu hạn") % {"v": v})
    return True, value


@router.post(
    "/{code}/values",
    response={201: BatchDetail, codes_4xx: ErrorOut},
    summary="Raw values of a province-year: makes a previewed batch and answers its preview",
)
def post_values(
    request: HttpRequest,
    payload: ValuesIn,
    code: str = Path(..., pattern=CODE, examples=["14"]),
    year: int = Query(..., ge=1900, le=2200, examples=[2025]),
    framework: str | None = Query(None, pattern=r"^[-a-zA-Z0-9_]{1,40}$"),
):
    profile, province = _writer(request, code)
    ctx = context(request, province)
    fw = ctx.framework
    indicators = list(fw.indicators)
    scope = _scope(request, profile, province, indicators)
    errors: list[dict[str, str]] = []
    seen: set[str] = set()
    rows = []
    for n, item in enumerate(payload.values):
        c = fw.find(item.code)
        if c is None or not fw.is_indicator(c):
            errors.append(
                {
                    "field": f"values.{n}.code",
                    "problem": _("“%(c)s” không phải là chỉ số thành phần của %(f)s") % {"c": item.code, "f": fw.name},
                }
            )
            continue
        if c in seen:
            errors.append({"field": f"values.{n}.code", "problem": _("%(c)s xuất hiện hai lần") % {"c": c}})
            continue
        seen.add(c)
        try:
            given, value = _read_value(item.value)
        except FieldError as exc:
            errors.append({"field": f"values.{n}.value", "problem": f"{c}: {exc.message}"})
            continue
        if given:
            source = item.source.strip() or "API"
            rows.append(RawRow(year=ctx.year, province=province.code, code=c, value=value, source=source, row=n + 1))
    if errors:
        raise bad(_("Dữ liệu gửi lên không hợp lệ; chưa ghi gì."), errors=errors)
    outside = sorted(r.code for r in rows if scope.why_not("raw", r.key()))
    if outside:
        raise forbidden(
            _("Bạn không được ghi giá trị của các chỉ số: %(codes)s.") % {"codes": ", ".join(outside)}, codes=outside
        )
    if not rows:
        raise bad(_("Không có giá trị nào được cho (giá trị trống nghĩa là không thay đổi)."))
    entries = service.preview(ctx.fv, rows, scope)
    body = json.dumps([r.key() | r.fields() | r.extra() for r in rows], sort_keys=True, default=str)
    token = getattr(request, "api_token", None)
    filename = f"API · {token.name}" if token is not None and token.name else "API"
    batch = service.create_batch(
        request.user,
        KIND,
        province,
        ctx.fv,
        [ctx.year],
        filename[:255],
        hashlib.sha256(body.encode()).hexdigest(),
        entries,
        via=audit.Via.API,
    )
    return Status(201, _detail(batch, MAX_LIMIT, 0))


@router.get("/{code}/imports", response={200: BatchPage, codes_4xx: ErrorOut}, summary="Import batches of a province")
def list_batches(
    request: HttpRequest,
    code: str = Path(..., pattern=CODE, examples=["14"]),
    year: int | None = Query(None, ge=1900, le=2200),
    status: Literal["preview", "applied", "discarded"] | None = None,
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    profile, province = scoped_province(request, code)
    qs = _visible_batches(profile, province)
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return {
        "count": qs.count(),
        "limit": limit,
        "offset": offset,
        "items": [_batch_out(b) for b in qs[offset : offset + limit]],
    }


def _one(request: HttpRequest, code: str, batch: int) -> tuple[Profile, Province, ImportBatch]:
    profile, province = scoped_province(request, code)
    b = _visible_batches(profile, province).filter(id=batch).first()
    if b is None:
        raise not_found()
    return profile, province, b


@router.get(
    "/{code}/imports/{batch}",
    response={200: BatchDetail, codes_4xx: ErrorOut},
    summary="One import batch and its preview",
)
def get_batch(
    request: HttpRequest,
    code: str = Path(..., pattern=CODE, examples=["14"]),
    batch: int = Path(..., ge=1, le=2**53, examples=[1]),
    limit: int = Query(MAX_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    _profile, _province, b = _one(request, code, batch)
    return _detail(b, limit, offset)


@router.post(
    "/{code}/imports/{batch}/confirm",
    response={200: BatchOut, codes_4xx: ErrorOut},
    summary="Apply a previewed batch (in one transaction)",
)
def confirm_batch(
    request: HttpRequest,
    payload: ConfirmIn,
    code: str = Path(..., pattern=CODE, examples=["14"]),
    batch: int = Path(..., ge=1, le=2**53, examples=[1]),
):
    profile, province = _writer(request, code)
    _profile, _province, b = _one(request, code, batch)
    if b.status != ImportBatch.Status.PREVIEW:
        raise ApiError(409, "already_processed", _("Lần nhập này đã được xử lý."))
    reason = payload.reason.strip() or _("Ghi qua API")
    entries = service.unpack(b.payload)
    try:
        with transaction.atomic():
            if profile.role == Role.FOCAL_POINT:
                scope = _scope(request, profile, province, sorted({e["key"].get("code", "") for e in entries}))
                if b.kind != KIND or any(
                    scope.why_not(e["kind"], e["key"]) for e in entries if e["status"] != "ignored"
                ):
                    raise forbidden()
                apply_import(
                    request.user,
                    b.framework,
                    entries,
                    reason=reason,
                    batch=b,
                    confirm_clear=payload.confirm_clear,
                    via=audit.Via.API,
                )
            else:
                service.apply_batch(
                    request.user, b, reason=reason, confirm_clear=payload.confirm_clear, via=audit.Via.API
                )
    except ClearNotConfirmed as exc:
        raise ApiError(
            400,
            "clear_not_confirmed",
            _("Chưa nhập: hãy xác nhận xóa %(n)s giá trị (confirm_clear).") % {"n": exc.count},
            count=exc.count,
        ) from None
    except ImportConflict as exc:
        raise ApiError(409, "conflict", conflict_message(exc, b.framework), count=len(exc.conflicts)) from None
    except service.NotAllowed:
        raise forbidden() from None
    b.refresh_from_db()
    return _batch_out(b)


@router.post(
    "/{code}/imports/{batch}/discard",
    response={200: BatchOut, codes_4xx: ErrorOut},
    summary="Discard a previewed batch",
)
def discard_batch(
    request: HttpRequest,
    code: str = Path(..., pattern=CODE, examples=["14"]),
    batch: int = Path(..., ge=1, le=2**53, examples=[1]),
):
    _writer(request, code)
    _profile, _province, b = _one(request, code, batch)
    service.discard_batch(request.user, b, via=audit.Via.API)
    return _batch_out(b)
