"""The import workflow shared by the page and the command line: read a file, decide what the user
may write, compare with what is stored (preview), and apply a preview as that user.

Nothing here knows about requests or terminals: the views and ``chiso import`` are thin callers.
This module is the imports app's actions module: every write of a batch (creating its preview,
applying it, discarding it) happens here, in a transaction, recorded in the audit (kind
"import_batch", the batch as subject; the values an import writes are recorded by
``indexdata.actions`` with ``source="import:<batch id>"``).

Scope: administrators write everything. A coordinator writes only the values, results, targets
and assignments of their own province: rows of other provinces are *ignored* ("outside"), and
national reference data (published maximum, minimum and mean) is *ignored* ("national"). Other
roles cannot import at all (``NotAllowed``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from chiso.web.audit import actions as audit
from chiso.web.indexdata.actions import (
    IMPORT_KINDS,
    _same_value,
    apply_import,
    batch_state,
    core_framework,
    key_tuple,
    read_state,
    record_batch,
)
from chiso.web.indexdata.models import FrameworkVersion, ImportBatch
from chiso.web.people.access import can_import, profile_of
from chiso.web.people.models import Province, Role

from . import parsers
from .rows import ImportRow

STATUSES = ("new", "changed", "cleared", "unchanged", "ignored")
REASON_OUTSIDE = "outside"  # another province's data
REASON_NATIONAL = "national"  # national reference data: administrators only


class NotAllowed(Exception):
    """The user may not import (or not for this province)."""


@dataclass(frozen=True)
class Scope:
    """Which provinces a user writes: ``None`` for every province (administrators)."""

    province: str | None
    admin: bool

    @classmethod
    def of(cls, user, province: Province | None = None) -> Scope:
        try:
            profile = profile_of(user)
        except Exception as exc:  # PermissionDenied: no profile
            raise NotAllowed("no role") from exc
        if not can_import(profile):
            raise NotAllowed("this role cannot import")
        if profile.role == Role.ADMIN:
            return cls(None, True)
        own = profile.province.code if profile.province else None
        if own is None or (province is not None and province.code != own):
            raise NotAllowed("a coordinator imports for their own province only")
        return cls(own, False)

    def why_not(self, kind: str, key: dict[str, Any]) -> str | None:
        """None when the user may write this row; else the reason it is ignored."""
        if self.admin:
            return None
        if kind == "stat":
            return REASON_NATIONAL
        if key.get("province") != self.province:
            return REASON_OUTSIDE
        return None


def parse_file(
    kind: str, path: Path, source: str, fv: FrameworkVersion, year: int, province: str
) -> tuple[list[ImportRow], list[int]]:
    """Rows the file gives (InputError naming file, sheet, row and column otherwise)."""
    return parsers.parse(kind, path, source, core_framework(fv), year, province)


def preview(fv: FrameworkVersion, rows: list[ImportRow], scope: Scope) -> list[dict[str, Any]]:
    """One entry per value the file gives: {kind, key, field, before, after, status, why, extra, row}.

    Reads what is stored with one query per kind of data, whatever the number of rows."""
    keyed = [(r, r.key()) for r in rows]
    allowed = [(r, key) for r, key in keyed if scope.why_not(r.kind, key) is None]
    years = {key["year"] for _, key in allowed if "year" in key}
    provinces = {key["province"] for _, key in allowed if "province" in key}
    states = {k: read_state(fv, k, years, provinces) for k in sorted({r.kind for r, _ in allowed})}
    entries = []
    for r, key in keyed:
        why = scope.why_not(r.kind, key)
        stored = None if why else states[r.kind].get(key_tuple(r.kind, key))
        extra = r.extra()
        for field, after in r.fields().items():
            before = stored.get(field) if stored else None
            if r.kind == "assignment":
                before = before or None
            if why:
                status = "ignored"
            elif _same_value(before, after):
                status = "unchanged"
            elif after is None or (r.kind == "assignment" and before and set(before) - set(after)):
                status = "cleared"  # a stored value (or an assigned agency) would be removed
            elif before is None:
                status = "new"
            else:
                status = "changed"
            entries.append(
                {
                    "kind": r.kind,
                    "key": key,
                    "field": field,
                    "before": before,
                    "after": after,
                    "status": status,
                    "why": why or "",
                    "extra": extra,
                    "row": r.row,
                }
            )
    return entries


def counts(entries: list[dict[str, Any]]) -> dict[str, int]:
    out = dict.fromkeys(STATUSES, 0)
    for e in entries:
        out[e["status"]] += 1
    return out


def _record_batch(user, batch: ImportBatch, before: dict[str, Any] | None, why: str, via: str) -> None:
    record_batch(audit.Context(user=user, via=via, why=why), batch, before)


@transaction.atomic(savepoint=False)
def create_batch(
    user,
    kind: str,
    province: Province,
    fv: FrameworkVersion,
    years: list[int],
    filename: str,
    digest: str,
    entries: list[dict[str, Any]],
    *,
    via: str = audit.Via.IMPORT,
) -> ImportBatch:
    """Store a preview (nothing of it is written to the data yet)."""
    batch = ImportBatch.objects.create(
        kind=kind,
        province=province,
        framework=fv,
        year=min(years),
        filename=filename,
        sha256=digest,
        payload=pack(entries),
        summary={"counts": counts(entries), "years": years},
        created_by=user,
    )
    _record_batch(user, batch, None, "Tải tệp lên để xem trước", via)
    return batch


def apply_batch(
    user, batch: ImportBatch, *, reason: str, confirm_clear: bool, via: str = audit.Via.IMPORT
) -> dict[str, int]:
    """Apply a previewed batch as ``user`` (ImportConflict, ClearNotConfirmed: nothing written)."""
    scope = Scope.of(user, batch.province)
    entries = unpack(batch.payload)
    if any(scope.why_not(e["kind"], e["key"]) for e in entries if e["status"] != "ignored"):
        raise NotAllowed("this preview writes data outside the user's scope")
    # apply_import writes the values, the batch's new state and their audit entries in one transaction
    return apply_import(
        user, batch.framework, entries, reason=reason, batch=batch, confirm_clear=confirm_clear, via=via
    )


@transaction.atomic(savepoint=False)
def discard_batch(user, batch: ImportBatch, *, via: str = audit.Via.IMPORT) -> bool:
    """Discard a preview (nothing written to the data); returns False when it was no longer a preview."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != ImportBatch.Status.PREVIEW:
        return False
    before = batch_state(locked)
    locked.status = ImportBatch.Status.DISCARDED
    locked.save(update_fields=["status"])
    batch.status = locked.status
    _record_batch(user, locked, before, "Hủy bản xem trước", via)
    return True


_FIELDS = ("kind", "key", "field", "before", "after", "status", "why", "extra", "row")


def pack(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Entries stored compactly (a batch may hold 170,000 of them): each entry a list, its key as
    the values of its kind's key fields, its extra (the same for most entries) by reference."""
    key_fields: dict[str, list[str]] = {}
    extras: dict[str, int] = {}
    rows = []
    for e in entries:
        names = key_fields.setdefault(e["kind"], list(e["key"]))
        extra = json.dumps(e["extra"], sort_keys=True)
        ref = extras.setdefault(extra, len(extras))
        rows.append(
            [
                e["kind"],
                [e["key"][n] for n in names],
                e["field"],
                e["before"],
                e["after"],
                e["status"],
                e["why"],
                ref,
                e["row"],
            ]
        )
    return {"format": 2, "keys": key_fields, "extras": [json.loads(x) for x in extras], "entries": rows}


def unpack(payload: Any) -> list[dict[str, Any]]:
    """The entries of a stored preview (a preview stored by an earlier version reads as empty)."""
    if not isinstance(payload, dict) or payload.get("format") != 2:
        return []
    keys, extras = payload["keys"], payload["extras"]
    return [
        {
            "kind": kind,
            "key": dict(zip(keys[kind], values, strict=True)),
            "field": field,
            "before": before,
            "after": after,
            "status": status,
            "why": why,
            "extra": extras[ref],
            "row": row,
        }
        for kind, values, field, before, after, status, why, ref, row in payload["entries"]
    ]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


__all__ = [
    "IMPORT_KINDS",
    "STATUSES",
    "NotAllowed",
    "Scope",
    "apply_batch",
    "counts",
    "create_batch",
    "discard_batch",
    "parse_file",
    "preview",
]
