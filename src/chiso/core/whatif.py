"""What-if: apply changes to a year's data and recompute everything for every unit.

A change names a unit and an indicator and gives a new raw value ("12.5"), a relative change of the
raw value ("+10%", "-5%") or a new score ("score=55"). Raw changes go through the whole pipeline,
so a value beyond the current max or min moves the bounds and every unit's scores with them, and
may change the indicator's outlier treatment, exactly as a real recomputation would. Score changes
set the unit's indicator score after normalisation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from .compute import compute_values
from .dataset import YearData
from .errors import Code, InputError
from .framework import Framework
from .numbers import NumberFormatError, parse_number
from .results import YearResult
from .spec import DEFAULT, Methodology

_RELATIVE = re.compile(r"^([+-])\s*([\d.,]+)\s*%$")


@dataclass(frozen=True)
class ScenarioChange:
    """One change a what-if scenario makes to a unit's indicator (not an audit record, which is a
    ``chiso.web.audit`` entry)."""

    unit: str
    indicator: str
    kind: str  # "raw", "relative" or "score"
    value: float

    @classmethod
    def parse(cls, text: str) -> ScenarioChange:
        """``UNIT:INDICATOR=VALUE`` with VALUE a number, ``+10%`` or ``score=55``."""
        m = re.match(r"^(.+):([^:=]+)=(.+)$", text.strip())
        if not m:
            raise InputError(Code.CHANGE_UNREADABLE, params={"text": text})
        unit, indicator, value = (g.strip() for g in m.groups())
        try:
            if value.lower().startswith("score="):
                return cls(unit, indicator, "score", parse_number(value[6:]))
            rel = _RELATIVE.match(value)
            if rel:
                sign = -1.0 if rel.group(1) == "-" else 1.0
                return cls(unit, indicator, "relative", sign * parse_number(rel.group(2)))
            return cls(unit, indicator, "raw", parse_number(value))
        except NumberFormatError as exc:
            raise InputError(Code.CHANGE_INVALID, params={"text": text, "cause": exc}) from exc

    def as_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "indicator": self.indicator, "kind": self.kind, "value": self.value}


@dataclass
class WhatIf:
    base: YearResult
    new: YearResult
    changes: list[ScenarioChange]

    def deltas(self, code: str | None = None) -> list[dict[str, Any]]:
        j = self.base.framework.index[code or self.base.framework.root]
        out = []
        for u, unit in enumerate(self.base.units):
            b, n = self.base.scores[u, j], self.new.scores[u, j]
            br, nr = self.base.ranks[u, j], self.new.ranks[u, j]
            out.append(
                {
                    "unit": unit,
                    "name": self.base.names[u],
                    "score": None if math.isnan(n) else float(n),
                    "score_change": None if math.isnan(n - b) else float(n - b),
                    "rank": None if math.isnan(nr) else int(nr),
                    "rank_change": None if math.isnan(br - nr) else int(br - nr),  # places gained
                }
            )
        return out


def apply_changes(framework: Framework, data: YearData, changes: list[ScenarioChange]) -> tuple[np.ndarray, np.ndarray]:
    """New raw values and the score overrides (NaN = none) the changes describe."""
    values = data.values.copy()
    overrides = np.full(values.shape, np.nan)
    for change in changes:
        try:
            u = data.unit_index(change.unit)
        except KeyError as exc:
            raise InputError(Code.CHANGE_UNKNOWN_UNIT, params={"unit": change.unit, "year": data.year}) from exc
        code = framework.find(change.indicator)
        if code is None or not framework.is_indicator(code):
            raise InputError(
                Code.CHANGE_NOT_INDICATOR, params={"indicator": change.indicator, "framework": framework.name}
            )
        i = framework.indicators.index(code)
        if change.kind == "raw":
            values[u, i] = change.value
        elif change.kind == "relative":
            if math.isnan(values[u, i]):
                raise InputError(
                    Code.CHANGE_NO_CURRENT_VALUE,
                    params={"unit": change.unit, "indicator": change.indicator, "change": change.value},
                )
            values[u, i] = data.values[u, i] * (1 + change.value / 100)
        else:
            if not 0 <= change.value <= 100:
                raise InputError(
                    Code.CHANGE_SCORE_RANGE,
                    params={"unit": change.unit, "indicator": change.indicator, "value": change.value},
                )
            overrides[u, i] = change.value
    return values, overrides


def whatif(
    framework: Framework, data: YearData, changes: list[ScenarioChange], methodology: Methodology = DEFAULT
) -> WhatIf:
    base = compute_values(framework, data.values, methodology, units=data.units, names=data.names, year=data.year)
    values, overrides = apply_changes(framework, data, changes)
    new = compute_values(
        framework,
        values,
        methodology,
        units=data.units,
        names=data.names,
        year=data.year,
        score_overrides=overrides if not np.isnan(overrides).all() else None,
    )
    return WhatIf(base, new, changes)
