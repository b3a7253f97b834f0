"""Every write to index data goes through here, inside a transaction, and is recorded as a Change
(who, when, before, after, why). Imports apply rows with the state their preview showed; a row
that someone changed in between stops the whole import (no silent overwrite)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from chiso.core import Framework
from chiso.core import Node as CoreNode
from chiso.core.framework import UNKNOWN as CORE_UNKNOWN
from chiso.web.people.models import Agency, Province

from .models import (
    Assignment,
    Change,
    FrameworkVersion,
    ImportBatch,
    IndicatorStat,
    Node,
    OfficialResult,
    RawValue,
    Target,
)

# kind -> (model, key fields besides framework, stored fields, the fields whose change is a change of data;
# the others record provenance: a row whose data is unchanged but whose source is new is "source only")
KINDS: dict[str, tuple[type, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "raw": (RawValue, ("year", "province", "code"), ("value", "source", "illustrative"), ("value",)),
    "official": (
        OfficialResult,
        ("year", "province", "code"),
        ("score", "rank", "rank_of", "source"),
        ("score", "rank", "rank_of"),
    ),
    "stat": (IndicatorStat, ("year", "code"), ("max", "min", "mean", "source"), ("max", "min", "mean")),
    "target": (Target, ("year", "province", "code", "kind"), ("value", "text"), ("value", "text")),
}
STATUSES = ("new", "changed", "source", "unchanged")
AGENCY_KINDS = (  # how an agency's name tells its kind
    ("ngân hàng", "bank"),
    ("thống kê", "statistics"),
    ("công an", "police"),
    ("tòa án", "court"),
    ("ubnd xã", "commune"),
    ("hiệp hội", "association"),
    ("văn phòng", "office"),
    ("ban ", "board"),
    ("sở ", "department"),
)


class Conflict(Exception):
    """The data changed since the preview was made."""


def ensure_framework(core: Framework, title: str | None = None) -> FrameworkVersion:
    """Store a core framework (once); an existing one of the same name must be identical."""
    fv, created = FrameworkVersion.objects.get_or_create(
        name=core.name, defaults={"title": title or core.node(core.root).name}
    )
    rows = [
        dict(
            code=n.code,
            name=n.name,
            name_en=n.name_en,
            parent=n.parent or "",
            weight=n.weight,
            direction=n.direction,
            unit=_metadata_in(n.unit),
            source=_metadata_in(n.source),
        )
        for n in core.nodes
    ]
    if created:
        Node.objects.bulk_create(Node(framework=fv, position=i, **row) for i, row in enumerate(rows))
        return fv
    # unit and source are metadata administrators may edit: the structure must match, they need not
    structure = ("code", "name", "name_en", "parent", "weight", "direction")
    stored = list(fv.nodes.values(*structure))
    if stored != [{k: row[k] for k in structure} for row in rows]:
        raise ValueError(f"a different framework named {core.name!r} is already stored")
    return fv


def _metadata_in(text: str) -> str:
    """The core writes an unknown unit or source as "unknown"; the database keeps it blank."""
    return "" if text == CORE_UNKNOWN else text


def _metadata_out(text: str) -> str:
    return text or CORE_UNKNOWN


@transaction.atomic
def store_framework(user, core: Framework, *, reason: str) -> FrameworkVersion:
    """A new framework from a validated table, recorded as a change."""
    fv = ensure_framework(core)
    Change.objects.create(
        user=user,
        kind="framework",
        framework=fv.name,
        before=None,
        after={"name": fv.name, "nodes": len(core.nodes), "indicators": len(core.indicators)},
        reason=reason,
    )
    return fv


_CACHE: dict[tuple, Framework] = {}


def core_framework(fv: FrameworkVersion) -> Framework:
    """The core Framework of a stored version, cached. A framework's structure never changes once
    stored; its metadata may, and every edit moves ``updated_at``, which is part of the key."""
    key = (fv.id, fv.name, fv.created_at, fv.updated_at)
    if key not in _CACHE:
        nodes = [
            CoreNode(
                n.code,
                n.name,
                n.parent or None,
                n.weight,
                n.direction,
                _metadata_out(n.unit),
                _metadata_out(n.source),
                n.name_en,
            )
            for n in fv.nodes.all()
        ]
        for stale in [k for k in _CACHE if k[0] == fv.id]:
            del _CACHE[stale]
        _CACHE[key] = Framework(fv.name, nodes)
    return _CACHE[key]


def _clean(v: Any) -> Any:
    return None if isinstance(v, float) and math.isnan(v) else v


def _lookup(fv: FrameworkVersion, kind: str, key: dict[str, Any]) -> dict[str, Any]:
    q = {"framework": fv, **key}
    if "province" in q:
        q["province__code"] = q.pop("province")
    return q


def agency_kind(name: str) -> str:
    lowered = name.lower() + " "
    return next(
        (kind for needle, kind in AGENCY_KINDS if lowered.startswith(needle) or f" {needle}" in lowered), "other"
    )


def current_state(fv: FrameworkVersion, kind: str, key: dict[str, Any]) -> dict[str, Any] | None:
    if kind == "assignment":
        exists = Assignment.objects.filter(
            province__code=key["province"], code=key["code"], agency__name=key["agency"], role=key["role"]
        ).exists()
        return {"assigned": True} if exists else None
    model, _, fields, _ = KINDS[kind]
    return model.objects.filter(**_lookup(fv, kind, key)).values(*fields).first()


@dataclass
class RowDiff:
    row: dict[str, Any]
    status: str  # new, changed, source (provenance only), unchanged
    before: dict[str, Any] | None


def diff(fv: FrameworkVersion, rows: list[dict[str, Any]]) -> list[RowDiff]:
    """Compare parsed rows ({kind, key, fields}) with what is stored."""
    out = []
    for row in rows:
        before = current_state(fv, row["kind"], row["key"])
        out.append(RowDiff(row, _status(row["kind"], before, row["fields"]), before))
    return out


def _status(kind: str, before: dict[str, Any] | None, fields: dict[str, Any]) -> str:
    if before is None:
        return "new"
    if all(_same(before.get(k), v) for k, v in fields.items()):
        return "unchanged"
    data_fields = KINDS[kind][3] if kind in KINDS else ()
    if all(_same(before.get(k), fields.get(k)) for k in data_fields if k in fields):
        return "source"
    return "changed"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


@transaction.atomic
def apply_rows(
    user, fv: FrameworkVersion, rows: list[dict[str, Any]], *, reason: str, batch: ImportBatch | None = None
) -> dict[str, int]:
    """Write rows whose preview showed ``row['before']``; Conflict when a stored row differs now."""
    provinces = {p.code: p for p in Province.objects.all()}
    counts = dict.fromkeys(STATUSES, 0)
    changes = []
    for n, row in enumerate(rows, start=1):
        kind, key, fields = row["kind"], row["key"], row["fields"]
        if kind == "assignment":
            counts[
                "new" if _assign(user, provinces[key["province"]], key, reason, batch, changes) else "unchanged"
            ] += 1
            continue
        model, _, value_fields, _ = KINDS[kind]
        lookup = _lookup(fv, kind, key)
        obj = model.objects.select_for_update().filter(**lookup).first()
        before = {f: getattr(obj, f) for f in value_fields} if obj else None
        expected = row.get("before", "unknown")
        if expected != "unknown" and not _same_state(expected, before):
            raise Conflict(
                f"row {row.get('source_row', n)}: {key} was changed by someone else since the preview "
                f"(now {before}, preview showed {expected}); nothing was imported"
            )
        status = _status(kind, before, fields)
        counts[status] += 1
        if status == "unchanged":
            continue
        if obj is None:
            create = {"framework": fv, **{k: v for k, v in key.items() if k != "province"}, **fields}
            if "province" in key:
                create["province"] = provinces[key["province"]]
            if hasattr(model, "updated_by"):
                create["updated_by"] = user
            obj = model.objects.create(**create)
        else:
            for k, v in fields.items():
                setattr(obj, k, v)
            if hasattr(obj, "updated_by"):
                obj.updated_by = user
            obj.save()
        after = {f: getattr(obj, f) for f in value_fields}
        changes.append(
            Change(
                user=user,
                kind=kind,
                framework=fv.name,
                year=key.get("year"),
                province=key.get("province", ""),
                code=key.get("code", ""),
                before=before,
                after=after,
                reason=reason,
                batch=batch,
            )
        )
    Change.objects.bulk_create(changes)
    if batch is not None:
        batch.status = ImportBatch.Status.APPLIED
        batch.applied_at = timezone.now()
        batch.summary = {**batch.summary, "applied": counts}
        batch.save(update_fields=["status", "applied_at", "summary"])
    return counts


def _assign(user, province: Province, key: dict[str, Any], reason: str, batch, changes: list[Change]) -> bool:
    agency, _ = Agency.objects.get_or_create(
        province=province, name=key["agency"], defaults={"kind": agency_kind(key["agency"])}
    )
    _, created = Assignment.objects.get_or_create(province=province, code=key["code"], agency=agency, role=key["role"])
    if created:
        changes.append(
            Change(
                user=user,
                kind="assignment",
                province=province.code,
                code=key["code"],
                before=None,
                after={"agency": agency.name, "role": key["role"]},
                reason=reason,
                batch=batch,
            )
        )
    return created


def _same_state(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return all(_same(a.get(k), b.get(k)) for k in set(a) | set(b))


def set_raw_value(
    user,
    fv: FrameworkVersion,
    year: int,
    province: str,
    code: str,
    value: float | None,
    *,
    source: str,
    reason: str,
    before: dict[str, Any] | str | None = "unknown",
) -> dict[str, int]:
    """One raw value, as a form sets it (``before``: the state the form showed, for conflicts)."""
    row = {
        "kind": "raw",
        "key": {"year": year, "province": province, "code": code},
        "fields": {"value": _clean(value), "source": source, "illustrative": False},
        "before": before,
    }
    return apply_rows(user, fv, [row], reason=reason)
