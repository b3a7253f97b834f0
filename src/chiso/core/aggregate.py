"""Aggregation, step 4: indicator scores up the tree to the index.

``arithmetic``: each node is the weighted mean of its children's available scores.
``geometric`` (for sensitivity analysis): the weighted geometric mean of the available scores,
each floored at ``floor`` so that a zero does not wipe out the node.
``missing``: ``skip`` leaves a missing indicator out of its parent's mean; ``zero`` counts it as 0.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .framework import Framework

MISSING_RULES = ("skip", "zero")


def _start(framework: Framework, indicator_scores: np.ndarray, missing: str) -> np.ndarray:
    if missing not in MISSING_RULES:
        raise ValueError(f"missing must be one of {MISSING_RULES}, not {missing!r}")
    n_units = indicator_scores.shape[0]
    scores = np.full((n_units, len(framework.nodes)), np.nan)
    ind = np.nan_to_num(indicator_scores, nan=0.0) if missing == "zero" else indicator_scores
    scores[:, framework.indicator_positions] = ind
    return scores


# the geometric mean takes scores below this as this (a score of 0 would make the mean 0)
GEOMETRIC_FLOOR = 0.01


def arithmetic(framework: Framework, indicator_scores: np.ndarray, missing: str = "skip") -> np.ndarray:
    """Scores of every node (units x nodes, in the framework's node order)."""
    scores = _start(framework, indicator_scores, missing)
    for parents, weights in framework.aggregation_levels:
        ok = ~np.isnan(scores)
        total = np.where(ok, scores, 0.0) @ weights
        mass = ok.astype(float) @ weights
        with np.errstate(invalid="ignore", divide="ignore"):
            scores[:, parents] = np.where(mass > 0, total / mass, np.nan)
    return scores


def geometric(
    framework: Framework, indicator_scores: np.ndarray, missing: str = "skip", *, floor: float = 0.01
) -> np.ndarray:
    scores = _start(framework, indicator_scores, missing)
    for parents, weights in framework.aggregation_levels:
        ok = ~np.isnan(scores)
        logs = np.log(np.maximum(np.where(ok, scores, 1.0), floor))
        total = np.where(ok, logs, 0.0) @ weights
        mass = ok.astype(float) @ weights
        with np.errstate(invalid="ignore", divide="ignore"):
            scores[:, parents] = np.where(mass > 0, np.exp(total / mass), np.nan)
    return scores


AGGREGATIONS: dict[str, Callable[..., np.ndarray]] = {"arithmetic": arithmetic, "geometric": geometric}
