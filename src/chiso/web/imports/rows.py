"""What an import file gives, one typed row per kind of data: a raw value, an official result,
national statistics, a target, an assignment.

A row holds only what the file GIVES: a field the file leaves empty is ``ABSENT`` (it never changes a
stored value), a field the file clears (``XÓA``) is ``None``. ``key()``, ``fields()`` and ``extra()``
give the row as the index-data actions and the stored previews read it (``as_dict()``: the form
``indexdata.actions.apply_rows`` takes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Final


class _Absent:
    """Not given by the file (an empty cell)."""

    _instance: ClassVar[_Absent | None] = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False


ABSENT: Final = _Absent()


@dataclass(frozen=True)
class ImportRow:
    """One row of an import, at ``row`` (the file's row number)."""

    kind: ClassVar[str]
    _fields: ClassVar[tuple[str, ...]]

    def key(self) -> dict[str, Any]:
        raise NotImplementedError

    def fields(self) -> dict[str, Any]:
        """The values the file gives (``None``: to clear); absent ones left out."""
        return {f: getattr(self, f) for f in self._fields if getattr(self, f) is not ABSENT}

    def extra(self) -> dict[str, Any]:
        return {}

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key(), "fields": self.fields(), "extra": self.extra(), "row": self.row}


@dataclass(frozen=True)
class RawRow(ImportRow):
    """A raw value of an indicator for a province and year."""

    kind: ClassVar[str] = "raw"
    _fields: ClassVar[tuple[str, ...]] = ("value",)
    year: int
    province: str
    code: str
    value: float | None
    source: str
    row: int

    def key(self) -> dict[str, Any]:
        return {"year": self.year, "province": self.province, "code": self.code}

    def extra(self) -> dict[str, Any]:
        return {"source": self.source, "illustrative": False}


@dataclass(frozen=True)
class OfficialRow(ImportRow):
    """A province's official score and rank for a node of the framework."""

    kind: ClassVar[str] = "official"
    _fields: ClassVar[tuple[str, ...]] = ("score", "rank", "rank_of")
    year: int
    province: str
    code: str
    source: str
    row: int
    score: float | _Absent | None = ABSENT
    rank: int | _Absent | None = ABSENT
    rank_of: int | _Absent | None = ABSENT

    def key(self) -> dict[str, Any]:
        return {"year": self.year, "province": self.province, "code": self.code}

    def extra(self) -> dict[str, Any]:
        return {"source": self.source}


@dataclass(frozen=True)
class StatRow(ImportRow):
    """The national maximum and minimum of a node for a year (administrators only)."""

    kind: ClassVar[str] = "stat"
    _fields: ClassVar[tuple[str, ...]] = ("max", "min")
    year: int
    code: str
    source: str
    row: int
    max: float | _Absent | None = ABSENT
    min: float | _Absent | None = ABSENT

    def key(self) -> dict[str, Any]:
        return {"year": self.year, "code": self.code}

    def extra(self) -> dict[str, Any]:
        return {"source": self.source}


@dataclass(frozen=True)
class TargetRow(ImportRow):
    """A province's target rank for a node, for a year; ``text`` as the file wrote it."""

    kind: ClassVar[str] = "target"
    _fields: ClassVar[tuple[str, ...]] = ("value",)
    year: int
    province: str
    code: str
    value: float | None
    row: int
    text: str = ""
    target_kind: str = "rank"

    def key(self) -> dict[str, Any]:
        return {"year": self.year, "province": self.province, "code": self.code, "kind": self.target_kind}

    def extra(self) -> dict[str, Any]:
        return {"text": self.text} if self.text else {}


@dataclass(frozen=True)
class AssignmentRow(ImportRow):
    """The agencies leading (``lead``) or coordinating an indicator in a province (``None``: to clear)."""

    kind: ClassVar[str] = "assignment"
    _fields: ClassVar[tuple[str, ...]] = ("agencies",)
    province: str
    code: str
    role: str
    agencies: list[str] | None
    row: int

    def key(self) -> dict[str, Any]:
        return {"province": self.province, "code": self.code, "role": self.role}


ROW_TYPES: dict[str, type[ImportRow]] = {t.kind: t for t in (RawRow, OfficialRow, StatRow, TargetRow, AssignmentRow)}
