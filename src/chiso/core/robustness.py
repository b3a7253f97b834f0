"""Robustness of ranks to methodological choices (Monte Carlo, vectorised over runs).

A run replays the year's methodology with edits: every node's weight times U(1 - w, 1 + w)
(w = 0,25 by default), and each edit of ``Variation.edits`` (outlier treatment gii or none,
normalisation z-score or min-max, aggregation geometric or arithmetic mean) drawn with its
probability; an edit with probability 0 or 1 never varies. Every other setting (treatment
parameters, missing values, ties, weight overrides) is the base methodology's. The variants are
``Methodology`` values built from the base (``Methodology.but``), and their indicator scores come
from the engine's own steps (``compute.indicator_scores``), once per distinct treatment and
normalisation. A weighted (arithmetic or geometric) mean of means is a weighted sum of indicator
scores (or of their logs) with effective weights that depend only on the weights and on which
indicators a unit has, so each run costs one pass down the tree and one matrix product per
missing-value pattern.

Geometric means need positive scores: z-scores enter them as T-scores (50 + 10 z), every score
floored at the geometric mean's ``floor`` (0,01 unless the methodology sets it).

Randomness comes only from ``seed`` (a ``numpy.random.Generator``); the same seed gives the same
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np

from .compute import compute_values, indicator_scores
from .errors import InputError
from .framework import Framework
from .rank import competition_ranks
from .spec import DEFAULT, Methodology

BATCHED = ("arithmetic", "geometric")  # the aggregations the batched runs know


@dataclass(frozen=True)
class Edit:
    """A setting a run may change: ``choice`` with probability ``p``, else ``other``."""

    setting: str  # a Methodology setting with choices: treat, normalise, aggregate
    choice: str
    other: str
    p: float
    share: str  # the name of its share of runs in the output


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

    def edits(self) -> tuple[Edit, ...]:
        """The edits a run draws, in the order they are drawn."""
        return (
            Edit("treat", "gii", "none", self.p_treat, "gii_treatment"),
            Edit("normalise", "zscore", "minmax", self.p_zscore, "zscore"),
            Edit("aggregate", "geometric", "arithmetic", self.p_geometric, "geometric"),
        )

    def variants(self, base: Methodology) -> dict[tuple[bool, ...], Methodology]:
        """The methodology of a run for each combination of drawn edits (True: the edit's
        ``choice``), built from ``base``."""
        edits = self.edits()
        return {
            drawn: base.but(**{e.setting: e.choice if d else e.other for e, d in zip(edits, drawn, strict=True)})
            for drawn in product((True, False), repeat=len(edits))
        }


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
    framework: Framework,
    scores: np.ndarray,
    weights: np.ndarray,
    geometric: bool,
    node: int,
    floor: float = 0.01,
) -> np.ndarray:
    """Node scores (runs x units) for one indicator-score matrix (units x indicators, missing
    values skipped) and many weight vectors."""
    values = np.log(np.maximum(scores, floor)) if geometric else scores
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


def _run_scores(framework: Framework, values: np.ndarray, variant: Methodology, memo: dict) -> np.ndarray:
    """The indicator scores a variant aggregates (units x indicators), its treatment and
    normalisation replayed once per distinct pair."""
    key = (variant.treat, tuple(sorted(variant.treat_params.items())), variant.normalise)
    if key not in memo:
        memo[key] = indicator_scores(framework, values, variant)[2]
    scores = memo[key]
    if variant.missing == "zero":
        scores = np.nan_to_num(scores, nan=0.0)
    if variant.normalise == "zscore" and variant.aggregate == "geometric":
        scores = 50 + 10 * scores
    return scores


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
    framework = methodology.frame(framework)
    node = node or framework.root
    units = units or [f"U{i + 1}" for i in range(values.shape[0])]
    rng = np.random.default_rng(seed)
    nominal = compute_values(framework, values, methodology).ranks[:, framework.index[node]]

    edits = variation.edits()
    variants = variation.variants(methodology)
    for variant in variants.values():
        if variant.aggregate not in BATCHED:
            raise InputError(f"robustness cannot vary runs aggregated by {variant.aggregate!r}")
    draws = [rng.random(runs) < e.p for e in edits]
    factors = 1.0 + variation.weights * rng.uniform(-1.0, 1.0, (runs, len(framework.nodes)))
    j = framework.index[node]
    weights = np.array([n.weight for n in framework.nodes]) * factors
    node_scores = np.empty((runs, values.shape[0]))
    memo: dict = {}
    for drawn, variant in variants.items():
        chosen = np.ones(runs, bool)
        for d, picks in zip(drawn, draws, strict=True):
            chosen &= picks == d
        sel = np.flatnonzero(chosen)
        if sel.size:
            geo = variant.aggregate == "geometric"
            floor = variant.parameters("aggregate_params").get("floor", 0.01)
            scores = _run_scores(framework, values, variant, memo)
            node_scores[sel] = _node_scores(framework, scores, weights[sel], geo, j, floor)
    ranks = competition_ranks(node_scores.T, methodology.ties).T
    with np.errstate(invalid="ignore"):
        p05, median, p95 = np.nanpercentile(ranks, [5, 50, 95], axis=0)
    shares = {e.share: float(d.mean()) for e, d in zip(edits, draws, strict=True)}
    shares["weights_perturbed"] = 1.0 if variation.weights > 0 else 0.0
    return Robustness(list(units), list(names or units), node, runs, seed, variation, nominal, median, p05, p95, shares)
