"""The illustrative national data set: 34 provinces' raw values for PII 2025, generated so that
computing the index reproduces Sơn La's published indicator scores and ranks exactly, and its
seven pillar ranks.

The other provinces' raw values are not public; everything here except Sơn La's position is
made up and must be labelled "dữ liệu minh họa" (illustrative data) wherever it is shown.

Method (deterministic for a seed):
1. Each other province gets a strength (a plausible order, Hà Nội and TP. Hồ Chí Minh first).
2. Per pillar, the provinces that must stand above Sơn La (its published pillar rank - 1) are the
   strongest after a little per-pillar noise.
3. Per indicator, Sơn La's published rank r fixes how many provinces score above it (r - 1): those
   places go first to the pillar's "above" provinces, by strength. Scores are drawn uniformly in
   (s, 100] above and [0, s) below Sơn La's score s; the best province above gets 100, the worst
   below gets 0, and stronger provinces get the higher draws.
4. Each province's scores are then moved within their places, as little as needed, so that it
   stands on the required side of Sơn La in every pillar.
5. A draw is kept only if every indicator passes the gii outlier test untouched, Sơn La's seven
   pillar ranks come out as published and Hà Nội ranks first (as published); otherwise the next
   draw is tried.
6. Scores become raw values through realistic national bounds per indicator (the 2024 max and min
   printed in the Cao Bằng annex): x = min + s (max - min) / 100.
"""

from __future__ import annotations

import numpy as np

from chiso.core import DataSet, Framework, YearData, builtin, compute_values
from chiso.core.aggregate import arithmetic
from chiso.core.treat import skew_kurt
from chiso.core.units import provinces

from .published import cao_bang_annex, son_la_2025

HOME = "14"  # Sơn La
CAPITAL = "01"  # Hà Nội, first in PII 2025 as published
YEAR = 2025
SEED = 2025
LABEL_VI = "dữ liệu minh họa"

# A plausible strength order for the illustrative provinces (codes); the rest follow by code.
STRENGTH_ORDER = ["01", "79", "48", "31", "24", "22", "46", "92", "75", "33", "19", "56", "37", "38", "40", "25"]


def _strengths(codes: list[str]) -> dict[str, float]:
    order = STRENGTH_ORDER + [c for c in codes if c not in STRENGTH_ORDER]
    return {c: 2.0 * (len(order) - i) for i, c in enumerate(order) if c in codes}


def _passes(scores: np.ndarray) -> bool:
    s, k, _ = skew_kurt(scores)
    return bool(np.all((np.abs(s) < 2) | (k < 3.5)))


def _draw(framework, published, others, strength, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """Scores (others x indicators) for one attempt, each cell's slot [floor, ceiling], and per
    pillar the set of provinces that must stand above Sơn La."""
    n = len(others)
    shape = (n, len(framework.indicators))
    scores, floor, ceiling = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    base = np.array([strength[c] for c in others])
    above_sets = {}
    for pillar in framework.of_kind("pillar"):
        k = int(published[pillar]["rank"]) - 1
        noisy = base + rng.normal(0, 4.0, n)
        above_pillar = set(np.argsort(-noisy)[:k].tolist())
        above_sets[pillar] = above_pillar
        for code in framework.leaves_under(pillar):
            i = framework.indicators.index(code)
            s, r = published[code]["score"], int(published[code]["rank"])
            pri = noisy + rng.normal(0, 20.0, n) + np.array([100.0 if u in above_pillar else 0.0 for u in range(n)])
            order = np.argsort(-pri)  # best first
            above, below = order[: r - 1], order[r - 1 :]
            gap = 0.005 * max(s, 1.0)  # keeps every other province clearly off Sơn La's score
            hi_draw = np.sort(s + gap + (100 - s - gap) * rng.uniform(0.0, 1.0, above.size) ** 1.6)[::-1]
            lo_draw = np.sort((s - gap) * rng.uniform(0.0, 1.0, below.size))[::-1]
            if above.size:
                hi_draw[0] = 100.0
            if below.size:
                lo_draw[-1] = 0.0
            scores[above, i], floor[above, i], ceiling[above, i] = hi_draw, s + gap, 100.0
            scores[below, i], floor[below, i], ceiling[below, i] = lo_draw, 0.0, max(s - gap, 0.0)
            if above.size:
                floor[above[0], i] = 100.0  # the best keeps 100
            if below.size:
                ceiling[below[-1], i] = 0.0  # the worst keeps 0
    return scores, floor, ceiling, above_sets


def _pillar_after_tilt(framework, row, cols, goal, j: int, t: float) -> float:
    trial = row.copy()
    trial[cols] = row[cols] + t * (goal - row[cols])
    return float(arithmetic(framework, trial[None, :])[0, j])


def _tilt(framework, scores, floor, ceiling, above_sets, home_pillars) -> bool:
    """Move each province's scores within their slots, as little as needed (bisection on the
    fraction of the way to the slot's edge), so that it stands on the required side of Sơn La in
    every pillar. False when a province cannot."""
    margin = 0.05
    for pillar, above in above_sets.items():
        cols = [framework.indicators.index(c) for c in framework.leaves_under(pillar)]
        target, j = home_pillars[pillar], framework.index[pillar]
        for u in range(scores.shape[0]):
            row = scores[u].copy()
            goal = ceiling[u, cols] if u in above else floor[u, cols]
            sign = 1.0 if u in above else -1.0

            def ok(t: float, row=row, goal=goal, sign=sign, j=j, cols=cols, target=target) -> bool:
                return sign * (_pillar_after_tilt(framework, row, cols, goal, j, t) - target) > margin

            if ok(0.0):
                continue
            if not ok(1.0):
                return False
            lo_t, hi_t = 0.0, 1.0
            for _ in range(30):
                mid = (lo_t + hi_t) / 2
                lo_t, hi_t = (lo_t, mid) if ok(mid) else (mid, hi_t)
            scores[u, cols] = row[cols] + hi_t * (goal - row[cols])
    return True


def generate(seed: int = SEED, attempts: int = 500) -> DataSet:
    """The illustrative data set (raises RuntimeError if no attempt meets every condition)."""
    framework: Framework = builtin("pii-2025")
    published = son_la_2025()
    annex = cao_bang_annex()
    units = provinces(YEAR)
    codes = [p.code for p in units]
    others = [c for c in codes if c != HOME]
    strength = _strengths(others)
    home_scores = np.array([published[c]["score"] for c in framework.indicators])
    lo = np.array([annex[(c, 2024)]["min"] for c in framework.indicators])
    hi = np.array([annex[(c, 2024)]["max"] for c in framework.indicators])
    rng = np.random.default_rng(seed)
    home_pillars = {p: published[p]["score"] for p in "1234567"}
    for _ in range(attempts):
        other_scores, floor, ceiling, above_sets = _draw(framework, published, others, strength, rng)
        if not _tilt(framework, other_scores, floor, ceiling, above_sets, home_pillars):
            continue
        all_scores = np.vstack([other_scores[: codes.index(HOME)], home_scores, other_scores[codes.index(HOME) :]])
        if not _passes(all_scores):
            continue
        raw = lo + all_scores * (hi - lo) / 100.0
        result = compute_values(framework, raw, units=codes)
        pillars_as_published = all(result.rank(HOME, p) == published[p]["rank"] for p in "1234567")
        if pillars_as_published and result.rank(CAPITAL, framework.root) == 1:
            names = [p.short for p in units]
            return DataSet(framework, {YEAR: YearData(YEAR, codes, raw, names, list(codes))})
    raise RuntimeError(f"no illustrative data set met the conditions in {attempts} attempts (seed {seed})")


def write_csv(path: str) -> None:
    """Write the data set in the wide layout, values to 10 significant digits."""
    from chiso.core.tables import write_table

    data = generate()
    yd = data.year(YEAR)
    header = ["year", "unit", "name", *data.framework.indicators]
    rows = [[YEAR, u, yd.names[i], *(f"{v:.10g}" for v in yd.values[i])] for i, u in enumerate(yd.units)]
    write_table(path, header, rows)


if __name__ == "__main__":
    import sys

    write_csv(sys.argv[1] if len(sys.argv) > 1 else "pii-2025-illustrative.csv")
