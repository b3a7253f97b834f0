"""The result of a computation: score and rank of every node for every unit, and how they came about."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from .framework import Framework
from .spec import Methodology
from .treat import TreatmentRecord


@dataclass
class YearResult:
    framework: Framework
    year: int | None
    units: list[str]
    names: list[str]
    raw: np.ndarray  # units x indicators, as given
    treated: np.ndarray  # units x indicators, after outlier treatment
    scores: np.ndarray  # units x nodes (framework node order)
    ranks: np.ndarray  # units x nodes
    methodology: Methodology
    treatment: list[TreatmentRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def unit_index(self, unit: str) -> int:
        if unit in self.units:
            return self.units.index(unit)
        if unit in self.names:
            return self.names.index(unit)
        raise KeyError(f"unit {unit!r} is not in the results for {self.year}")

    def score(self, unit: str, code: str) -> float:
        return float(self.scores[self.unit_index(unit), self.framework.index[code]])

    def rank(self, unit: str, code: str) -> int | None:
        r = self.ranks[self.unit_index(unit), self.framework.index[code]]
        return None if math.isnan(r) else int(r)

    def node_scores(self, code: str) -> np.ndarray:
        return self.scores[:, self.framework.index[code]]

    @cached_property
    def stats(self) -> dict[str, np.ndarray]:
        """Reference statistics per node (arrays in node order): max, min, mean, median, count."""
        ok = ~np.isnan(self.scores)
        count = ok.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(ok, self.scores, 0.0).sum(axis=0) / count
        has = count > 0
        med = np.full(self.scores.shape[1], np.nan)
        if has.any():
            med[has] = np.nanmedian(self.scores[:, has], axis=0)
        return {
            "max": np.fmax.reduce(self.scores, axis=0),
            "min": np.fmin.reduce(self.scores, axis=0),
            "mean": np.where(has, mean, np.nan),
            "median": med,
            "count": count,
        }

    def node_stats(self, code: str) -> dict[str, float]:
        j = self.framework.index[code]
        return {k: float(v[j]) for k, v in self.stats.items()}

    @cached_property
    def efficiency(self) -> np.ndarray | None:
        """Output sub-index / input sub-index per unit: the second of the root's two sub-indices
        over the first (``Framework.halves``); None when the framework has not exactly two."""
        halves = self.framework.halves
        if halves is None:
            return None
        idx = self.framework.index
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.scores[:, idx[halves[1]]] / self.scores[:, idx[halves[0]]]

    def rows(self) -> list[tuple[str, str, float, int | None]]:
        """(unit, code, score, rank) for every unit and node, in node order within each unit."""
        out = []
        codes = [n.code for n in self.framework.nodes]
        for u, unit in enumerate(self.units):
            for j, code in enumerate(codes):
                r = self.ranks[u, j]
                out.append((unit, code, float(self.scores[u, j]), None if math.isnan(r) else int(r)))
        return out

    def to_dict(self) -> dict[str, Any]:
        def num(v: float) -> float | None:
            return None if math.isnan(v) else float(v)

        codes = [n.code for n in self.framework.nodes]
        eff = self.efficiency
        return {
            "year": self.year,
            "framework": self.framework.name,
            "methodology": self.methodology.to_dict(),
            "units": [
                {
                    "unit": unit,
                    "name": self.names[u],
                    "efficiency": None if eff is None else num(eff[u]),
                    "nodes": {
                        code: {"score": num(self.scores[u, j]), "rank": num(self.ranks[u, j])}
                        for j, code in enumerate(codes)
                    },
                }
                for u, unit in enumerate(self.units)
            ],
            "statistics": {code: {k: num(float(v[j])) for k, v in self.stats.items()} for j, code in enumerate(codes)},
            "treatment": [r.as_dict() for r in self.treatment],
            "warnings": list(self.warnings),
        }


@dataclass
class Results:
    """Results of several years (each normalised over its own units)."""

    years: dict[int | None, YearResult]

    def year(self, year: int | None = None) -> YearResult:
        if year is None and len(self.years) == 1:
            return next(iter(self.years.values()))
        return self.years[year]

    @property
    def warnings(self) -> list[str]:
        return [f"{y}: {w}" if y is not None else w for y, r in self.years.items() for w in r.warnings]
