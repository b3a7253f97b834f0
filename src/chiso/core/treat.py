"""Outlier treatment, step 2 of the methodology.

``gii`` (the WIPO Global Innovation Index rule the PII follows): an indicator passes when
|skewness| < 2 or kurtosis < 3.5 (Excel's SKEW and KURT over the available values). If it fails,
the current extreme value(s) on the side of the skew (ties together) are set to the next value
inward, re-testing after each step, until it passes or more than ``max_points`` units would have
been changed; then the winsorisation is undone and the original values are log-transformed:
ln(x - min + 0.01 (max - min)), or -ln(max - x + 0.01 (max - min)) when the skew is negative.
Both transforms keep the order of the values, so the indicator's direction is applied later.
``none`` leaves the values as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

PASSED = "passed"
WINSORISED = "winsorised"
LOG = "log"
LOG_MIRRORED = "log (negative skew)"
TOO_FEW = "too few values"
CONSTANT = "constant"
UNTREATED = "not treated"

MIN_VALUES = 4  # Excel's KURT needs four values


@dataclass(frozen=True)
class TreatmentRecord:
    """What the treatment did to one indicator in one year."""

    indicator: str
    action: str
    count: int
    skew: float
    kurt: float
    skew_after: float
    kurt_after: float
    changed: tuple[int, ...] = ()  # unit positions whose value was changed by winsorisation

    def as_dict(self) -> dict[str, object]:
        def clean(v: float) -> float | None:
            return None if np.isnan(v) else round(float(v), 6)

        return {
            "indicator": self.indicator,
            "action": self.action,
            "count": self.count,
            "skew": clean(self.skew),
            "kurt": clean(self.kurt),
            "skew_after": clean(self.skew_after),
            "kurt_after": clean(self.kurt_after),
            "changed": list(self.changed),
        }


def skew_kurt(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Column-wise Excel SKEW and KURT ignoring NaN; also the counts. NaN where undefined."""
    x = np.atleast_2d(values.T).T if values.ndim == 1 else values
    ok = ~np.isnan(x)
    n = ok.sum(axis=0).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ok, x, 0.0).sum(axis=0) / n
        spread = np.fmax.reduce(x, axis=0) - np.fmin.reduce(x, axis=0)
        d = np.where(ok, (x - mean) / spread, 0.0)  # moments are scale-free; scaling avoids under/overflow
        sd = np.sqrt((d * d).sum(axis=0) / (n - 1))
        z = d / sd
        z2 = z * z
        s3 = (z2 * z).sum(axis=0)
        s4 = (z2 * z2).sum(axis=0)
        skew = n / ((n - 1) * (n - 2)) * s3
        kurt = n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * s4 - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3))
    undefined = (n < MIN_VALUES) | ~(sd > 0) | ~(spread > 0)
    skew = np.where(undefined, np.nan, skew)
    kurt = np.where(undefined, np.nan, kurt)
    return skew, kurt, n


def _passes(skew: float, kurt: float, skew_limit: float, kurt_limit: float) -> bool:
    return bool(abs(skew) < skew_limit or kurt < kurt_limit)


def _moments_sorted(v: np.ndarray) -> tuple[float, float]:
    """Excel SKEW and KURT of a sorted 1-D array without NaN (NaN when undefined). Hot path of
    winsorisation: plain dot products, no reductions beyond the two needed."""
    n = v.size
    spread = v[-1] - v[0]
    if n < MIN_VALUES or spread == 0:  # exact test: rounding noise must not look like spread
        return np.nan, np.nan
    d = (v - v.sum() / n) / spread  # moments are scale-free; scaling avoids under/overflow
    d2 = d * d
    m2 = float(np.dot(d, d))
    if not m2 > 0:
        return np.nan, np.nan
    var = m2 / (n - 1)
    skew = n / ((n - 1) * (n - 2)) * float(np.dot(d2, d)) / var**1.5
    kurt = n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * float(np.dot(d2, d2)) / (var * var) - 3 * (n - 1) ** 2 / (
        (n - 2) * (n - 3)
    )
    return skew, kurt


def _winsorise(
    col: np.ndarray, skew: float, kurt: float, max_points: int, skew_limit: float, kurt_limit: float
) -> tuple[np.ndarray, set[int]] | None:
    """Winsorised column and changed positions, or None when it cannot pass within max_points.

    Works on the sorted available values: moving the top (bottom) tie group to the next value
    inward keeps them sorted, and every unit from the group's start to the end has then changed.
    """
    avail = np.flatnonzero(~np.isnan(col))
    order = avail[np.argsort(col[avail], kind="stable")]
    v = col[order]
    n = v.size
    changed_hi = changed_lo = 0
    while not _passes(skew, kurt, skew_limit, kurt_limit):
        if skew >= 0:
            start = int(np.searchsorted(v, v[-1], side="left"))
            if start == 0:
                return None
            v[start:] = v[start - 1]
            changed_hi = n - start
        else:
            end = int(np.searchsorted(v, v[0], side="right"))
            if end == n:
                return None
            v[:end] = v[end]
            changed_lo = end
        if changed_hi + changed_lo > max_points:
            return None
        skew, kurt = _moments_sorted(v)
        if np.isnan(skew):
            return None
    x = col.copy()
    x[order] = v
    changed = set(order[n - changed_hi :].tolist()) | set(order[:changed_lo].tolist())
    return x, changed


def _log_transform(col: np.ndarray, skew: float) -> np.ndarray:
    lo, hi = np.nanmin(col), np.nanmax(col)
    shift = 0.01 * (hi - lo)
    if skew >= 0:
        return np.log(col - lo + shift)
    return -np.log(hi - col + shift)


def treat_gii(
    values: np.ndarray,
    indicators: Sequence[str],
    *,
    skew_limit: float = 2.0,
    kurt_limit: float = 3.5,
    max_points: int = 5,
) -> tuple[np.ndarray, list[TreatmentRecord]]:
    skew, kurt, counts = skew_kurt(values)
    out = values
    actions: list[tuple[str, tuple[int, ...]]] = []
    treated: list[int] = []
    for i in range(len(indicators)):
        s, k, n = float(skew[i]), float(kurt[i]), int(counts[i])
        if n < MIN_VALUES:
            actions.append((TOO_FEW, ()))
        elif np.isnan(s):
            actions.append((CONSTANT, ()))
        elif _passes(s, k, skew_limit, kurt_limit):
            actions.append((PASSED, ()))
        else:
            if not treated:
                out = values.copy()
            treated.append(i)
            result = _winsorise(values[:, i], s, k, max_points, skew_limit, kurt_limit)
            if result is not None:
                out[:, i], changed = result
                actions.append((WINSORISED, tuple(sorted(changed))))
            else:
                out[:, i] = _log_transform(values[:, i], s)
                actions.append((LOG if s >= 0 else LOG_MIRRORED, ()))
    skew_after, kurt_after = skew.copy(), kurt.copy()
    if treated:
        skew_after[treated], kurt_after[treated], _ = skew_kurt(out[:, treated])
    records = [
        TreatmentRecord(
            code,
            action,
            int(counts[i]),
            float(skew[i]),
            float(kurt[i]),
            float(skew_after[i]),
            float(kurt_after[i]),
            changed,
        )
        for i, (code, (action, changed)) in enumerate(zip(indicators, actions, strict=True))
    ]
    return out, records


def treat_none(values: np.ndarray, indicators: Sequence[str]) -> tuple[np.ndarray, list[TreatmentRecord]]:
    n = (~np.isnan(values)).sum(axis=0)
    nan = float("nan")
    return values, [TreatmentRecord(c, UNTREATED, int(n[i]), nan, nan, nan, nan) for i, c in enumerate(indicators)]


TREATMENTS: dict[str, Callable[..., tuple[np.ndarray, list[TreatmentRecord]]]] = {
    "gii": treat_gii,
    "none": treat_none,
}
