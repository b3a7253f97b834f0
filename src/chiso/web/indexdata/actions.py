"""Every write to index data goes through here, inside a transaction, and is recorded in the audit
(``chiso.web.audit``: who, when, through what, before, after, why; keys as ``journal`` says). Imports apply rows with the state their preview showed; a row
that someone changed in between stops the whole import (no silent overwrite)."""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from chiso.core import Framework
from chiso.core import Node as CoreNode
from chiso.core.framework import UNKNOWN as CORE_UNKNOWN
from chiso.web.audit import actions as audit
from chiso.web.audit.models import Entry
from chiso.web.people import actions as people
from chiso.web.people.models import Agency, Duty, Province

from .journal import batch_source, key_of
from .models import (
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
DATA_KINDS: dict[str, tuple[type, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
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


def context(user, reason: str = "", *, via: str | None = None, source: str = "") -> audit.Context:
    """Who writes and why: a person through a form unless said otherwise; without a user, the system
    (the demo loader, a migration)."""
    if via is None:
        via = audit.Via.FORM if getattr(user, "is_authenticated", False) else audit.Via.SYSTEM
    return audit.Context(user=user, via=via, why=reason, source=source)


def batch_state(batch: ImportBatch) -> dict[str, Any]:
    """An import batch as the audit keeps it (kind "import_batch", the batch as subject)."""
    return {
        "status": batch.status,
        "kind": batch.kind,
        "file": batch.filename,
        "framework": batch.framework.name,
        "year": batch.year,
        "counts": batch.summary.get("applied") or batch.summary.get("counts"),
    }


def record_batch(ctx: audit.Context, batch: ImportBatch, before: dict[str, Any] | None) -> None:
    """Record a batch's change of state (created, applied, discarded) in the current transaction."""
    audit.record(
        audit.Change(
            "import_batch",
            before,
            batch_state(batch),
            subject=batch,
            key=f"{batch.framework.name}/{batch.year}/{batch.filename}"[:200],
            province=batch.province,
        ),
        audit.Context(user=ctx.user, via=ctx.via, why=ctx.why),
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
    audit.record(
        audit.Change(
            "framework",
            before=None,
            after={"name": fv.name, "nodes": len(core.nodes), "indicators": len(core.indicators)},
            subject=fv,
            key=key_of("framework", fv.name),
        ),
        context(user, reason),
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
        exists = Duty.objects.filter(
            province__code=key["province"], code=key["code"], agency__name=key["agency"], role=key["role"]
        ).exists()
        return {"assigned": True} if exists else None
    model, _, fields, _ = DATA_KINDS[kind]
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
    data_fields = DATA_KINDS[kind][3] if kind in DATA_KINDS else ()
    if all(_same(before.get(k), fields.get(k)) for k in data_fields if k in fields):
        return "source"
    return "changed"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


@transaction.atomic
def apply_rows(
    user,
    fv: FrameworkVersion,
    rows: list[dict[str, Any]],
    *,
    reason: str,
    batch: ImportBatch | None = None,
    via: str | None = None,
) -> dict[str, int]:
    """Write rows whose preview showed ``row['before']``; Conflict when a stored row differs now."""
    provinces = {p.code: p for p in Province.objects.all()}
    counts = dict.fromkeys(STATUSES, 0)
    changes = []
    via = via or (audit.Via.IMPORT if batch is not None else None)
    ctx = context(user, reason, via=via, source=batch_source(batch.id if batch else None))
    for n, row in enumerate(rows, start=1):
        kind, key, fields = row["kind"], row["key"], row["fields"]
        if kind == "assignment":
            counts["new" if _assign(provinces[key["province"]], key, changes, ctx) else "unchanged"] += 1
            continue
        model, _, value_fields, _ = DATA_KINDS[kind]
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
            audit.Change(
                kind,
                before=before,
                after=after,
                key=key_of(kind, fv.name, key.get("year"), key.get("code", "")),
                province=provinces[key["province"]] if "province" in key else None,
            )
        )
    audit.record_many(changes, ctx)
    if batch is not None:
        before = batch_state(batch)
        batch.status = ImportBatch.Status.APPLIED
        batch.applied_at = timezone.now()
        batch.summary = {**batch.summary, "applied": counts}
        batch.save(update_fields=["status", "applied_at", "summary"])
        record_batch(ctx, batch, before)
    return counts


def _assign(province: Province, key: dict[str, Any], changes: list[audit.Change], ctx: audit.Context) -> bool:
    agency = people.ensure_agency(
        ctx.user, province, key["agency"], agency_kind(key["agency"]), via=ctx.via, why=ctx.why
    )
    _, created = Duty.objects.get_or_create(province=province, code=key["code"], agency=agency, role=key["role"])
    if created:
        changes.append(
            audit.Change(
                "assignment",
                before=None,
                after={"agency": agency.name, "role": key["role"]},
                key=key_of("assignment", code=key["code"]),
                province=province,
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


# -- imports: bulk preview state and apply -------------------------------------------------------
# kind -> (model, key fields, data fields (what a preview compares), extra fields (written along))
IMPORT_KINDS: dict[str, tuple[type, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "raw": (RawValue, ("year", "province", "code"), ("value",), ("source", "illustrative")),
    "official": (OfficialResult, ("year", "province", "code"), ("score", "rank", "rank_of"), ("source",)),
    "stat": (IndicatorStat, ("year", "code"), ("max", "min", "mean"), ("source",)),
    "target": (Target, ("year", "province", "code", "kind"), ("value",), ("text",)),
}
WRITTEN = ("new", "changed", "cleared")


class ClearNotConfirmed(Exception):
    """Values would be cleared and the separate confirmation was not given."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} value(s) would be cleared: confirm the clearing")
        self.count = count


class ImportConflict(Conflict):
    """Stored values differ from what the preview showed: ``conflicts`` is [(entry, value now)]."""

    def __init__(self, conflicts: list[tuple[dict[str, Any], Any]]) -> None:
        super().__init__(f"{len(conflicts)} value(s) were changed by someone else since the preview")
        self.conflicts = conflicts


_KEY_GETTERS = {
    **{kind: operator.itemgetter(*spec[1]) for kind, spec in IMPORT_KINDS.items()},
    "assignment": operator.itemgetter("province", "code", "role"),
}


def key_tuple(kind: str, key: dict[str, Any]) -> tuple:
    """The key of a stored row as a tuple (the order of IMPORT_KINDS' key fields)."""
    return _KEY_GETTERS[kind](key)


def read_state(
    fv: FrameworkVersion,
    kind: str,
    years: set[int],
    provinces: set[str] | None,
    *,
    lock: bool = False,
) -> dict[tuple, dict[str, Any]]:
    """What is stored for a kind, in ONE query: key tuple -> {"id", data and extra fields}.
    ``provinces`` None reads every province."""
    if kind == "assignment":
        qs = Duty.objects.exclude(code="")
        if provinces is not None:
            qs = qs.filter(province__code__in=sorted(provinces))
        if lock:
            qs = qs.select_for_update()
        state: dict[tuple, dict[str, Any]] = {}
        for a in qs.values("id", "province__code", "code", "role", "agency__name"):
            s = state.setdefault((a["province__code"], a["code"], a["role"]), {"ids": {}, "agencies": []})
            s["ids"][a["agency__name"]] = a["id"]
        for s in state.values():
            s["agencies"] = sorted(s["ids"])
        return state
    model, key_fields, data, extra = IMPORT_KINDS[kind]
    qs = model.objects.filter(framework=fv, year__in=sorted(years))
    if provinces is not None and "province" in key_fields:
        qs = qs.filter(province__code__in=sorted(provinces))
    if lock:
        qs = qs.select_for_update()
    names = [("province__code" if k == "province" else k) for k in key_fields]
    out = {}
    for r in qs.values("id", *names, *data, *extra):
        out[tuple(r[n] for n in names)] = r
    return out


def _keys_of(entries: list[dict[str, Any]]) -> tuple[set[int], set[str]]:
    years = {e["key"]["year"] for e in entries if "year" in e["key"]}
    provinces = {e["key"]["province"] for e in entries if "province" in e["key"]}
    return years, provinces


def _current(state: dict[tuple, dict[str, Any]], entry: dict[str, Any], kt: tuple) -> Any:
    now = state.get(kt)
    if now is None:
        return None
    return now.get(entry["field"])


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
    return a == b


@transaction.atomic
def apply_import(
    user,
    fv: FrameworkVersion,
    entries: list[dict[str, Any]],
    *,
    reason: str,
    batch: ImportBatch | None = None,
    confirm_clear: bool = False,
    via: str = audit.Via.IMPORT,
) -> dict[str, int]:
    """Write the entries of a preview (new, changed, cleared) in one transaction and a constant
    number of queries; ImportConflict (nothing written) when a stored value is no longer what
    the preview showed; ClearNotConfirmed when values would be cleared without confirmation."""
    from . import bulk

    counts = {s: 0 for s in ("new", "changed", "cleared", "unchanged", "ignored")}
    for e in entries:
        counts[e["status"]] += 1
    todo = [e for e in entries if e["status"] in WRITTEN]
    if counts["cleared"] and not confirm_clear:
        raise ClearNotConfirmed(counts["cleared"])
    years, provinces = _keys_of(todo)
    kinds = sorted({e["kind"] for e in todo})
    states = {k: read_state(fv, k, years, provinces, lock=True) for k in kinds}
    conflicts = []
    keys = [key_tuple(e["kind"], e["key"]) for e in todo]
    for e, kt in zip(todo, keys, strict=True):
        now = _current(states[e["kind"]], e, kt)
        if e["kind"] == "assignment":
            now = now or None
        if not _same_value(now, e["before"]):
            conflicts.append((e, now))
    if conflicts:
        raise ImportConflict(conflicts)
    now_ts = timezone.now()
    province_ids = dict(Province.objects.filter(code__in=sorted(provinces)).values_list("code", "id"))
    user_id = getattr(user, "id", None)
    source = batch_source(batch.id if batch is not None else None)
    grouped: dict[tuple[str, tuple], dict[str, Any]] = {}
    for e, kt in zip(todo, keys, strict=True):
        g = grouped.get((e["kind"], kt))
        if g is None:
            g = grouped[(e["kind"], kt)] = {"kind": e["kind"], "key": e["key"], "kt": kt, "set": {}, "extra": {}}
        g["set"][e["field"]] = e["after"]
        if e.get("extra"):
            g["extra"].update(e["extra"])
    changes: list[list[Any]] = []

    def record(kind: str, key: dict[str, Any], before: Any, after: Any) -> None:
        changes.append(
            [
                user_id,
                via,
                province_ids.get(key.get("province")),
                kind,
                key_of(kind, fv.name, key.get("year"), key.get("code", "")),
                "",
                before,
                after,
                reason[:300],
                source,
                now_ts,
            ]
        )

    for kind in kinds:
        groups = [g for (k, _), g in grouped.items() if k == kind]
        if kind == "assignment":
            _apply_assignments(groups, states[kind], province_ids, record)
            continue
        model, key_fields, data, extra = IMPORT_KINDS[kind]
        value_fields = [*data, *extra]
        stamp = [f for f in ("updated_by", "updated_at") if any(x.name == f for x in model._meta.fields)]
        inserts, updates, deletes = [], [], []
        for g in groups:
            stored = states[kind].get(g["kt"])
            before = {f: stored[f] for f in value_fields} if stored else None
            merged = {**(before or dict.fromkeys(data)), **g["set"]}
            merged.update({f: v for f, v in g["extra"].items() if f in extra})
            for f in extra:
                merged.setdefault(f, "" if f in ("source", "text") else False)
            if kind == "target" and merged["value"] is None:
                if stored:
                    deletes.append(stored["id"])
                    record(kind, g["key"], before, None)
                continue
            stamps = [user_id if f == "updated_by" else now_ts for f in stamp]
            if stored:
                updates.append([stored["id"], *(merged[f] for f in value_fields), *stamps])
            else:
                keys = [province_ids[g["key"][k]] if k == "province" else g["key"][k] for k in key_fields]
                inserts.append([fv.id, *keys, *(merged[f] for f in value_fields), *stamps])
            record(kind, g["key"], before, {f: merged[f] for f in value_fields})
        bulk.insert(model, ["framework", *key_fields, *value_fields, *stamp], inserts)
        bulk.update(model, [*value_fields, *stamp], updates)
        bulk.delete(model, deletes)
    bulk.insert(
        Entry,
        ["user", "via", "province", "kind", "key", "subject_id", "before", "after", "why", "source", "at"],
        changes,
    )
    if batch is not None:
        before = batch_state(batch)
        batch.status = ImportBatch.Status.APPLIED
        batch.applied_at = now_ts
        batch.summary = {**batch.summary, "applied": counts}
        batch.save(update_fields=["status", "applied_at", "summary"])
        record_batch(context(user, reason, via=via), batch, before)
    return counts


def _apply_assignments(groups, state, province_ids, record) -> None:
    """Set the agencies of (province, code, role): create missing agencies, add and remove."""
    from . import bulk

    wanted = {(g["key"]["province"], name) for g in groups for name in (g["set"]["agencies"] or [])}
    pids = {province_ids[p] for p, _ in wanted}
    known = {
        (p, n): i for p, n, i in Agency.objects.filter(province_id__in=pids).values_list("province__code", "name", "id")
    }
    missing = sorted(w for w in wanted if w not in known)
    if missing:
        bulk.insert(
            Agency,
            ["province", "name", "short_name", "kind"],
            [[province_ids[p], n, "", agency_kind(n)] for p, n in missing],
        )
        known = {
            (p, n): i
            for p, n, i in Agency.objects.filter(province_id__in=pids).values_list("province__code", "name", "id")
        }
    inserts, deletes = [], []
    for g in groups:
        province, code, role = key_tuple("assignment", g["key"])
        stored = state.get((province, code, role), {"ids": {}, "agencies": []})
        after = sorted(g["set"]["agencies"] or [])
        for name in after:
            if name not in stored["ids"]:
                inserts.append([province_ids[province], code, known[(province, name)], role, 0])
        deletes.extend(i for name, i in stored["ids"].items() if name not in after)
        record(
            "assignment",
            g["key"],
            {"role": role, "agencies": stored["agencies"]} if stored["agencies"] else None,
            {"role": role, "agencies": after} if after else None,
        )
    bulk.insert(Duty, ["province", "code", "agency", "role", "position"], inserts)
    bulk.delete(Duty, deletes)
