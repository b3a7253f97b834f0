"""Normalisation, step 3: indicator values to scores.

``minmax``: s = 100 (x - min) / (max - min), or 100 (max - x) / (max - min) for an indicator where
lower is better, over the units of the year. Published bounds (a province's partial view) replace
the observed ones indicator by indicator; scores are then clipped to [0, 100], because a value
beyond a published bound would itself become the bound. An indicator with max = min carries no
information: its scores are missing and a warning is given.
``zscore`` (an alternative for sensitivity analysis): (x - mean) / sd, signed by direction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def minmax(
    values: np.ndarray,
    directions: np.ndarray,
    indicators: Sequence[str],
    *,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
) -> tuple[np.ndarray, list[str]]:
    # fmin/fmax skip NaN and give NaN for an all-missing column, without a warning
    lo = np.fmin.reduce(values, axis=0) if values.shape[0] else np.full(values.shape[1], np.nan)
    hi = np.fmax.reduce(values, axis=0) if values.shape[0] else np.full(values.shape[1], np.nan)
    clip = False
    if lower is not None:
        lo = np.where(np.isnan(lower), lo, lower)
        clip = True
    if upper is not None:
        hi = np.where(np.isnan(upper), hi, upper)
        clip = True
    span = hi - lo
    constant = ~(span > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where(directions > 0, values - lo, hi - values) / span * 100.0
    if clip:
        scores = np.clip(scores, 0.0, 100.0)
    warnings: list[str] = []
    if constant.any():
        scores[:, constant] = np.nan
        has_data = ~np.isnan(values).all(axis=0)
        for i in np.flatnonzero(constant & has_data):
            warnings.append(f"indicator {indicators[i]}: max = min, no information; treated as missing")
    return scores, warnings


def zscore(
    values: np.ndarray,
    directions: np.ndarray,
    indicators: Sequence[str],
    *,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
) -> tuple[np.ndarray, list[str]]:
    # deviations are scaled to [-1, 1] before squaring, so neither tiny (1e-200) nor large (1e12)
    # values underflow or overflow the standard deviation; the z-scores are the same
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = _nanmean(values)
        deviations = values - mean
        scale = np.fmax.reduce(np.abs(deviations), axis=0) if values.shape[0] else mean
        unit = deviations / scale
        count = (~np.isnan(unit)).sum(axis=0)
        squares = np.nansum((unit - _nanmean(unit)) ** 2, axis=0)
        sd = np.where(count > 1, np.sqrt(squares / np.maximum(count - 1, 1)), np.nan)
        scores = unit / sd * directions
    constant = ~(sd > 0) | ~(scale > 0)
    scores[:, constant] = np.nan
    return scores, [f"indicator {indicators[i]}: no variation; treated as missing" for i in np.flatnonzero(constant)]


def _nanmean(values: np.ndarray) -> np.ndarray:
    """Column means skipping NaN, NaN (without a warning) for an all-missing column."""
    count = (~np.isnan(values)).sum(axis=0)
    total = np.nansum(values, axis=0)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


NORMALISATIONS: dict[str, Callable[..., tuple[np.ndarray, list[str]]]] = {"minmax": minmax, "zscore": zscore}
