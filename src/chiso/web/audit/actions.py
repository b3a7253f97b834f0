"""The only way entries are written. Call it inside the transaction of the change it records, so that
a change and its record land together or not at all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Entry

Via = Entry.Via


@dataclass
class Change:
    """One change, before it is written: ``subject`` (a model instance) or ``key`` names what changed."""

    kind: str
    before: Any = None
    after: Any = None
    subject: models.Model | None = None
    key: str = ""
    province: Any = None  # a people.Province (None: national)


@dataclass
class Context:
    """Who made a set of changes, through what, and why (shared by every change of one act)."""

    user: Any = None  # a User, or None for the system
    via: str = Via.FORM
    why: str = ""
    source: str = ""
    extra: dict = field(default_factory=dict)


def _entry(change: Change, ctx: Context) -> Entry:
    if ctx.via not in Via.values:
        raise ValueError(f"unknown audit channel {ctx.via!r}")
    user = ctx.user if ctx.user is not None and getattr(ctx.user, "is_authenticated", False) else None
    entry = Entry(
        user=user,
        via=ctx.via,
        province=change.province,
        kind=change.kind,
        key=change.key or (str(change.subject) if change.subject is not None else ""),
        before=change.before,
        after=change.after,
        why=ctx.why[:300],
        source=ctx.source[:100],
    )
    if change.subject is not None:
        if change.subject.pk is None:
            raise ValueError("an audited object must be saved before its change is recorded")
        entry.subject_type = ContentType.objects.get_for_model(change.subject, for_concrete_model=False)
        entry.subject_id = str(change.subject.pk)
    return entry


def record(change: Change, ctx: Context) -> Entry:
    """Write one entry."""
    entry = _entry(change, ctx)
    entry.save()
    return entry


def record_many(changes: Iterable[Change], ctx: Context, batch_size: int = 1000) -> int:
    """Write many entries of one act at once (an import of a thousand values); returns how many."""
    entries = [_entry(c, ctx) for c in changes]
    Entry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The state of a row as the audit keeps it (JSON): its concrete fields but the primary key, a
    related row by its readable name (``str``), dates as ISO text. ``fields`` limits the fields."""
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key or (fields is not None and f.name not in fields):
            continue
        if f.is_relation:
            related = getattr(obj, f.name) if getattr(obj, f.attname) is not None else None
            out[f.name] = str(related) if related is not None else None
            continue
        value = getattr(obj, f.attname)
        out[f.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def history(subject: models.Model | None = None, *, province: Any = None, kind: str = "", key: str = ""):
    """Entries of one object (newest first), or of a province, a kind and a key."""
    qs = Entry.objects.select_related("user", "province")
    if subject is not None:
        ct = ContentType.objects.get_for_model(subject, for_concrete_model=False)
        qs = qs.filter(subject_type=ct, subject_id=str(subject.pk))
    if province is not None:
        qs = qs.filter(province=province)
    if kind:
        qs = qs.filter(kind=kind)
    if key:
        qs = qs.filter(key=key)
    return qs
