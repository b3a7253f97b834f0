"""Robustness of ranks to methodological choices (Monte Carlo, vectorised over runs).

Each run draws: every node's weight times U(1 - w, 1 + w) (w = 0,25 by default); outlier treatment
gii or none; normalisation min-max or z-score; aggregation arithmetic or geometric mean. A choice
with probability 0 or 1 never varies. Treatment and normalisation do not depend on the weights, so
the (at most four) indicator-score matrices are computed once. A weighted (arithmetic or
geometric) mean of means is a weighted sum of indicator scores (or of their logs) with effective
weights that depend only on the weights and on which indicators a unit has, so each run costs one
pass down the tree and one matrix product per missing-value pattern.

Geometric means need positive scores: z-scores enter them as T-scores (50 + 10 z), every score
floored at 0,01 (the ``aggregate.geometric`` rule).

Randomness comes only from ``seed`` (a ``numpy.random.Generator``); the same seed gives the same
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .aggregate import GEOMETRIC_FLOOR
from .compute import compute_values
from .framework import Framework
from .normalise import NORMALISATIONS
from .rank import competition_ranks
from .spec import DEFAULT, Methodology
from .treat import TREATMENTS


@dataclass(frozen=True)
class Variation:
    weights: float = 0.25  # relative half-width of the weight perturbation
    p_treat: float = 0.5  # probability a run applies gii treatment
    p_zscore: float = 0.5  # probability a run uses z-scores instead of min-max
    p_geometric: float = 0.5  # probability a run uses the geometric mean

    @classmethod
    def none(cls) -> Variation:
        """No variation: every run is the nominal methodology (gii, min-max, arithmetic)."""
        return cls(weights=0.0, p_treat=1.0, p_zscore=0.0, p_geometric=0.0)


@dataclass
class Robustness:
    units: list[str]
    names: list[str]
    node: str
    runs: int
    seed: int | None
    variation: Variation
    nominal: np.ndarray
    median: np.ndarray
    p05: np.ndarray
    p95: np.ndarray
    shares: dict[str, float]

    def rows(self) -> list[tuple[str, int, float, float, float]]:
        return [
            (u, int(self.nominal[i]), float(self.median[i]), float(self.p05[i]), float(self.p95[i]))
            for i, u in enumerate(self.units)
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node,
            "runs": self.runs,
            "seed": self.seed,
            "variation": self.variation.__dict__,
            "shares": self.shares,
            "units": [
                {
                    "unit": u,
                    "name": self.names[i],
                    "nominal_rank": int(self.nominal[i]),
                    "median_rank": float(self.median[i]),
                    "p05_rank": float(self.p05[i]),
                    "p95_rank": float(self.p95[i]),
                }
                for i, u in enumerate(self.units)
            ],
        }


def effective_weights_batch(framework: Framework, weights: np.ndarray, available: np.ndarray, node: int) -> np.ndarray:
    """Effective weight of each indicator in ``node`` for many weight vectors at once.

    weights: runs x nodes; available: nodes (bool, an aggregate is available when any child is).
    Returns runs x indicators. With arithmetic means, node score = scores @ effective weights
    for every unit sharing this availability pattern; with geometric means, log score = log
    scores @ effective weights.
    """
    runs = weights.shape[0]
    below = np.zeros(len(framework.nodes), bool)  # strict descendants of the node
    for code in framework.leaves_under(framework.nodes[node].code):
        for anc in (code, *framework.ancestors(code)):
            if anc == framework.nodes[node].code:
                break
            below[framework.index[anc]] = True
    share = np.zeros((runs, len(framework.nodes)))
    share[:, node] = 1.0
    for kids, starts, parents in reversed(framework.aggregation_groups):
        wk = weights[:, kids] * available[kids]
        sums = np.add.reduceat(wk, starts, axis=1)
        group = np.repeat(np.arange(len(parents)), np.diff(np.append(starts, len(kids))))
        with np.errstate(invalid="ignore", divide="ignore"):
            frac = np.where(sums[:, group] > 0, wk / sums[:, group], 0.0)
        share[:, kids] = np.where(below[kids], share[:, parents[group]] * frac, share[:, kids])
    return share[:, framework.indicator_positions]


def _availability(framework: Framework, indicator_available: np.ndarray) -> np.ndarray:
    avail = np.zeros(len(framework.nodes), bool)
    avail[framework.indicator_positions] = indicator_available
    for kids, starts, parents in framework.aggregation_groups:
        avail[parents] = np.logical_or.reduceat(avail[kids], starts)
    return avail


def _node_scores(
    framework: Framework, scores: np.ndarray, weights: np.ndarray, geometric: bool, node: int
) -> np.ndarray:
    """Node scores (runs x units) for one indicator-score matrix (units x indicators, missing
    values skipped) and many weight vectors."""
    values = np.log(np.maximum(scores, GEOMETRIC_FLOOR)) if geometric else scores
    out = np.full((weights.shape[0], scores.shape[0]), np.nan)
    missing = np.isnan(scores)
    patterns, which = np.unique(missing, axis=0, return_inverse=True)
    for k, pattern in enumerate(patterns):
        rows = np.flatnonzero(which.ravel() == k)
        avail = _availability(framework, ~pattern)
        if not avail[node]:
            continue
        eff = effective_weights_batch(framework, weights, avail, node)
        out[:, rows] = eff @ np.nan_to_num(values[rows], nan=0.0).T
    return np.exp(out) if geometric else out


def robustness(
    framework: Framework,
    values: np.ndarray,
    units: list[str] | None = None,
    *,
    names: list[str] | None = None,
    runs: int = 10_000,
    seed: int | None = 0,
    variation: Variation = Variation(),
    node: str | None = None,
    methodology: Methodology = DEFAULT,
) -> Robustness:
    node = node or framework.root
    units = units or [f"U{i + 1}" for i in range(values.shape[0])]
    rng = np.random.default_rng(seed)
    nominal = compute_values(framework, values, methodology).ranks[:, framework.index[node]]

    variants: dict[tuple[bool, bool], np.ndarray] = {}
    for treat in (True, False):
        treated, _ = TREATMENTS["gii" if treat else "none"](values, framework.indicators)
        for z in (False, True):
            scores, _ = NORMALISATIONS["zscore" if z else "minmax"](treated, framework.directions, framework.indicators)
            variants[(treat, z)] = scores

    base_w = np.array([n.weight for n in framework.nodes])
    draws_treat = rng.random(runs) < variation.p_treat
    draws_z = rng.random(runs) < variation.p_zscore
    draws_geo = rng.random(runs) < variation.p_geometric
    factors = 1.0 + variation.weights * rng.uniform(-1.0, 1.0, (runs, len(framework.nodes)))
    j = framework.index[node]
    weights = base_w * factors
    node_scores = np.empty((runs, values.shape[0]))
    for (treat, z), scores in variants.items():
        if methodology.missing == "zero":
            scores = np.nan_to_num(scores, nan=0.0)
        for geo in (False, True):
            sel = np.flatnonzero((draws_treat == treat) & (draws_z == z) & (draws_geo == geo))
            if sel.size:
                matrix = 50 + 10 * scores if (z and geo) else scores
                node_scores[sel] = _node_scores(framework, matrix, weights[sel], geo, j)
    ranks = competition_ranks(node_scores.T, methodology.ties).T
    with np.errstate(invalid="ignore"):
        p05, median, p95 = np.nanpercentile(ranks, [5, 50, 95], axis=0)
    shares = {
        "gii_treatment": float(draws_treat.mean()),
        "zscore": float(draws_z.mean()),
        "geometric": float(draws_geo.mean()),
        "weights_perturbed": 1.0 if variation.weights > 0 else 0.0,
    }
    return Robustness(list(units), list(names or units), node, runs, seed, variation, nominal, median, p05, p95, shares)
