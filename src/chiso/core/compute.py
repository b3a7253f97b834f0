"""The pipeline: raw values -> treatment -> normalisation -> aggregation -> ranks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .aggregate import AGGREGATIONS
from .dataset import DataSet, YearData
from .errors import Code, InputError
from .framework import Framework
from .normalise import NORMALISATIONS
from .numbers import MAX_MAGNITUDE
from .rank import competition_ranks
from .results import Results, YearResult
from .spec import DEFAULT, Methodology
from .treat import TREATMENTS, TreatmentRecord


def _check_range(framework: Framework, values: np.ndarray, units: Sequence[str] | None) -> None:
    """Raw values are missing (NaN) or finite within ``MAX_MAGNITUDE``: beyond, sums of squares
    and powers in treatment and normalisation could overflow into NaN scores."""
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(values) & ~(np.abs(values) <= MAX_MAGNITUDE)
    if bad.any():
        u, i = (int(k) for k in np.argwhere(bad)[0])
        unit = units[u] if units is not None else f"U{u + 1}"
        raise InputError(
            Code.RAW_VALUE_OUT_OF_RANGE,
            params={"value": float(values[u, i]), "unit": unit, "indicator": framework.indicators[i]},
        )


def compute_values(
    framework: Framework,
    values: np.ndarray,
    methodology: Methodology = DEFAULT,
    *,
    units: Sequence[str] | None = None,
    names: Sequence[str] | None = None,
    year: int | None = None,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
    score_overrides: np.ndarray | None = None,
) -> YearResult:
    """Compute one year from a units x indicators array of raw values (NaN = missing).

    ``lower``/``upper`` are published bounds per indicator (NaN where not published) for a
    province's partial view. ``score_overrides`` (units x indicators, NaN = none) sets indicator
    scores directly after normalisation (a what-if on scores).
    """
    m = methodology
    framework = m.frame(framework)
    _check_range(framework, values, units)
    treated, records, ind_scores, warnings = indicator_scores(framework, values, m, lower=lower, upper=upper)
    if score_overrides is not None:
        ind_scores = np.where(np.isnan(score_overrides), ind_scores, score_overrides)
    scores = AGGREGATIONS[m.aggregate](framework, ind_scores, m.missing, **m.aggregate_params)
    ranks = competition_ranks(scores, m.ties)
    units = list(units) if units is not None else [f"U{i + 1}" for i in range(values.shape[0])]
    return YearResult(
        framework,
        year,
        units,
        list(names) if names is not None else list(units),
        values,
        treated,
        scores,
        ranks,
        m,
        records,
        warnings,
    )


def indicator_scores(
    framework: Framework,
    values: np.ndarray,
    methodology: Methodology = DEFAULT,
    *,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
) -> tuple[np.ndarray, list[TreatmentRecord], np.ndarray, list[str]]:
    """Steps 2 and 3 of ``methodology``: treated values, what the treatment did, indicator scores
    (units x indicators) and warnings."""
    m = methodology
    treated, records = TREATMENTS[m.treat](values, framework.indicators, **m.treat_params)
    scores, warnings = NORMALISATIONS[m.normalise](
        treated, framework.directions, framework.indicators, lower=lower, upper=upper
    )
    return treated, records, scores, warnings


def compute_year(data: YearData, framework: Framework, methodology: Methodology = DEFAULT) -> YearResult:
    return compute_values(framework, data.values, methodology, units=data.units, names=data.names, year=data.year)


def compute(data: DataSet, methodology: Methodology = DEFAULT) -> Results:
    """Compute every year of a data set."""
    return Results({y: compute_year(yd, data.framework, methodology) for y, yd in data.years.items()})


def compute_from_scores(
    framework: Framework,
    indicator_scores: np.ndarray,
    methodology: Methodology = DEFAULT,
    *,
    units: Sequence[str] | None = None,
    year: int | None = None,
) -> YearResult:
    """Aggregate published indicator scores upward (no treatment, no normalisation)."""
    framework = methodology.frame(framework)
    scores = AGGREGATIONS[methodology.aggregate](
        framework, np.asarray(indicator_scores, float), methodology.missing, **methodology.aggregate_params
    )
    ranks = competition_ranks(scores, methodology.ties)
    units = list(units) if units is not None else [f"U{i + 1}" for i in range(scores.shape[0])]
    nan = np.full(indicator_scores.shape, np.nan)
    return YearResult(framework, year, units, list(units), nan, nan, scores, ranks, methodology)
