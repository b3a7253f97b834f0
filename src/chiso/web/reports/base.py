"""The pieces every report is made of: a unit's standing on a node, an official result, a target
with its status, and the conversion of any report to plain data."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from chiso.core import YearResult
from chiso.core.position import TargetStatus, target_status


class Record:
    """A report object: fields by attribute or by name (``row.code``, ``row["code"]``), and
    ``to_dict()`` for JSON (missing and non-finite numbers become None)."""

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)

    def to_dict(self) -> dict[str, Any]:
        return plain(self)


def plain(value: Any) -> Any:
    """Plain JSON data for a report object, list or number."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, TargetStatus):
            out["state"] = value.state
        return out
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    return value


def finite(value: float | None) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


@dataclasses.dataclass(frozen=True)
class Standing(Record):
    """A unit's computed position on a node among every unit of the year."""

    score: float | None
    rank: int | None
    of: int  # units ranked that year
    mean: float | None  # national mean of the node's scores
    max: float | None
    min: float | None
    gap: float | None  # score - mean

    @classmethod
    def of_unit(cls, result: YearResult | None, unit: str, code: str) -> Standing | None:
        """None when nothing was computed for the unit (or the node is not in the result)."""
        if result is None or unit not in result.units or code not in result.framework.index:
            return None
        j = result.framework.index[code]
        stats = result.stats
        score = finite(result.score(unit, code))
        mean = finite(float(stats["mean"][j]))
        return cls(
            score=score,
            rank=result.rank(unit, code) if score is not None else None,
            of=len(result.units),
            mean=mean,
            max=finite(float(stats["max"][j])),
            min=finite(float(stats["min"][j])),
            gap=None if score is None or mean is None else score - mean,
        )


@dataclasses.dataclass(frozen=True)
class Official(Record):
    """A score and rank as the Ministry published them."""

    score: float | None
    rank: int | None
    rank_of: int | None
    source: str = ""

    @classmethod
    def of(cls, row: dict[str, Any] | None) -> Official | None:
        if row is None:
            return None
        return cls(finite(row.get("score")), row.get("rank"), row.get("rank_of"), row.get("source") or "")


@dataclasses.dataclass(frozen=True)
class Goal(Record):
    """A target as the plan writes it ("25/34": a rank of 25) and its status today."""

    kind: str  # rank, score or raw
    value: float
    text: str
    status: TargetStatus

    @classmethod
    def judge(
        cls,
        row: dict[str, Any] | None,
        standing: Standing | None,
        raw: float | None = None,
        direction: int = 1,
        others: np.ndarray | None = None,
    ) -> Goal | None:
        """The target of a node judged by the unit's standing (rank, score) or raw value."""
        if row is None or row.get("value") is None:
            return None
        status = target_status(
            row["kind"],
            float(row["value"]),
            score=standing.score if standing else None,
            rank=standing.rank if standing else None,
            raw=raw,
            direction=direction,
            others=others,
        )
        return cls(row["kind"], float(row["value"]), row.get("text") or "", status)


def others_scores(result: YearResult | None, unit: str, code: str) -> np.ndarray | None:
    """The other units' scores on a node (for the score a rank takes)."""
    if result is None or unit not in result.units:
        return None
    return np.delete(result.node_scores(code), result.unit_index(unit))
