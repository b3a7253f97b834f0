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
5. Every other province is then placed on the published national ranking (press reports of MOST's
   2025 results): Hà Nội 65,68 (1st), TP. Hồ Chí Minh 59,33 (2nd), Quảng Ninh 58,41 (3rd), Hải Phòng
   58,09 (4th), Huế 49,37 (5th; input 51,50, output 47,23), Gia Lai 37,66 (21st), Sơn La 29,33
   (23rd), Lạng Sơn 29th; the others keep their drawn order in the places left. A province's PII is
   moved to its place by moving each pillar's indicator scores within their slots, each pillar kept
   on its required side of Sơn La (a pillar's score is linear in the fraction of the way to the
   slots' edges, so each pillar's allowed range is exact); the fraction is found by bisection.
6. A draw is kept only if every indicator passes the gii outlier test untouched, Sơn La's seven
   pillar ranks come out as published and every published figure above is reproduced (to the 2
   decimals published); otherwise the next draw is tried.
7. Scores become raw values through realistic national bounds per indicator (the 2024 max and min
   printed in the Cao Bằng annex): x = min + s (max - min) / 100.
"""

from __future__ import annotations

import math

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

# A plausible strength order for the illustrative provinces (codes), the published places first; the rest
# follow by code.
STRENGTH_ORDER = ["01", "79", "22", "31", "46", "48", "24", "92", "75", "33", "19", "56", "37", "38", "40", "25"]
STRENGTH_ORDER += ["42", "51", "66", "68", "52", "15", "08", "44", "80", "82", "86", "20"]

# PII 2025 as published (press reports of MOST's results): code -> (score, rank); None: rank only.
PUBLISHED_PII = {
    "01": (65.68, 1),  # Hà Nội
    "79": (59.33, 2),  # TP. Hồ Chí Minh
    "22": (58.41, 3),  # Quảng Ninh
    "31": (58.09, 4),  # Hải Phòng
    "46": (49.37, 5),  # Huế
    "52": (37.66, 21),  # Gia Lai
    "14": (29.33, 23),  # Sơn La (its own scores fix it)
    "20": (None, 29),  # Lạng Sơn
}
PUBLISHED_SUBINDICES = {"46": {"INPUT": 51.50, "OUTPUT": 47.23}}  # Huế
# what the placing aims at: within the published rounding, and adding up to Huế's PII 49,37
SUBINDEX_AIMS = {"46": {"INPUT": 51.503, "OUTPUT": 47.233}}
GAP = 0.02  # the least distance between two provinces' PII scores in the placing
PRIORITY_NOISE = 30.0  # spread of each indicator's order around the provinces' strength
ABOVE_SHAPE = 1.6  # draws above Sơn La: s + (100 - s) U^shape (larger: closer to s)


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
            pri = (
                noisy
                + rng.normal(0, PRIORITY_NOISE, n)
                + np.array([100.0 if u in above_pillar else 0.0 for u in range(n)])
            )
            order = np.argsort(-pri)  # best first
            above, below = order[: r - 1], order[r - 1 :]
            gap = 0.005 * max(s, 1.0)  # keeps every other province clearly off Sơn La's score
            hi_draw = np.sort(s + gap + (100 - s - gap) * rng.uniform(0.0, 1.0, above.size) ** ABOVE_SHAPE)[::-1]
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


class _Province:
    """One other province's pillars as lines: each pillar's score is linear in t, the fraction of the
    way from its drawn scores to its slots' ceilings (t > 0) or floors (t < 0); ``lo``/``hi`` bound t
    so that the pillar stays on its required side of Sơn La."""

    def __init__(self, framework, row, floor, ceiling, above: dict[str, bool], home_pillars, pillars) -> None:
        self.framework, self.row, self.floor, self.ceiling = framework, row, floor, ceiling
        self.cols = {p: [framework.indicators.index(c) for c in framework.leaves_under(p)] for p in pillars}
        base = arithmetic(framework, row[None, :])[0]
        self.lo, self.hi = {}, {}
        for p, cols in self.cols.items():
            j = framework.index[p]
            up, down = row.copy(), row.copy()
            up[cols], down[cols] = ceiling[cols], floor[cols]
            p0 = base[j]
            a = arithmetic(framework, up[None, :])[0, j] - p0  # pillar points per unit of t > 0
            b = p0 - arithmetic(framework, down[None, :])[0, j]  # per unit of -t

            def t_of(value: float, p0=p0, a=a, b=b) -> float:
                if value >= p0:
                    return (value - p0) / a if a > 0 else math.inf
                return (value - p0) / b if b > 0 else -math.inf

            margin = 0.05
            if above[p]:
                self.lo[p], self.hi[p] = max(-1.0, t_of(home_pillars[p] + margin)), 1.0
            else:
                self.lo[p], self.hi[p] = -1.0, min(1.0, t_of(home_pillars[p] - margin))

    def feasible(self) -> bool:
        return all(self.lo[p] <= self.hi[p] for p in self.cols)

    def scores(self, lam: dict[str, float]) -> np.ndarray:
        """The province's indicator scores with each pillar at ``lam[p]`` (0: its lowest allowed t, 1: highest)."""
        out = self.row.copy()
        for p, cols in self.cols.items():
            t = self.lo[p] + lam[p] * (self.hi[p] - self.lo[p])
            edge = self.ceiling[cols] if t >= 0 else self.floor[cols]
            out[cols] = self.row[cols] + abs(t) * (edge - self.row[cols])
        return out

    def node(self, lam: dict[str, float], code: str) -> float:
        return float(arithmetic(self.framework, self.scores(lam)[None, :])[0, self.framework.index[code]])

    def reach(self, code: str, target: float, pillars, lam: dict[str, float]) -> dict[str, float] | None:
        """``lam`` with ``pillars`` moved together so that ``code`` scores ``target`` (None: out of reach)."""

        def at(x: float) -> dict[str, float]:
            return {**lam, **dict.fromkeys(pillars, x)}

        if not self.node(at(0.0), code) <= target <= self.node(at(1.0), code):
            return None
        lo, hi = 0.0, 1.0
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if self.node(at(mid), code) < target else (lo, mid)
        return at((lo + hi) / 2)


def _place(framework, others, scores, floor, ceiling, above_sets, home_pillars, home_pii) -> bool:
    """Move the other provinces' scores (within their slots and pillar sides) so that the national
    ranking shows the published figures; False when this draw cannot."""
    pillars = list(framework.children["INPUT"] + framework.children["OUTPUT"])
    inputs, outputs = list(framework.children["INPUT"]), list(framework.children["OUTPUT"])
    j = framework.index["PII"]
    current = arithmetic(framework, scores)[:, j]
    fixed_rank = {c: r for c, (_, r) in PUBLISHED_PII.items() if c != HOME}
    anchors = {0: 100.0 + GAP, len(others) + 2: -GAP, PUBLISHED_PII[HOME][1]: home_pii}
    anchors.update({r: v for c, (v, r) in PUBLISHED_PII.items() if c != HOME and v is not None})
    free = sorted((u for u, c in enumerate(others) if c not in fixed_rank), key=lambda u: -current[u])
    places = [k for k in range(1, len(others) + 2) if k not in fixed_rank.values() and k != PUBLISHED_PII[HOME][1]]
    at_place = dict(zip(places, free, strict=True))
    at_place.update({r: others.index(c) for c, r in fixed_rank.items()})
    previous = anchors[0]
    for k in range(1, len(others) + 2):
        if k == PUBLISHED_PII[HOME][1]:
            if not home_pii < previous:
                return False
            previous = home_pii
            continue
        u = at_place[k]
        code = others[u]
        prov = _Province(
            framework,
            scores[u],
            floor[u],
            ceiling[u],
            {p: u in above_sets[p] for p in pillars},
            home_pillars,
            pillars,
        )
        if not prov.feasible():
            return False
        above_k = max(a for a in anchors if a < k)
        below_k = min(a for a in anchors if a > k)
        if k in anchors:
            lo_v = hi_v = anchors[k]
        else:
            lo_v = anchors[below_k] + GAP * (below_k - k)
            hi_v = min(anchors[above_k] - GAP * (k - above_k), previous - GAP)
        if hi_v < lo_v or (k in anchors and not anchors[k] < previous):
            return False
        if code in PUBLISHED_SUBINDICES:
            lam = dict.fromkeys(pillars, 0.5)
            for sub, members in (("INPUT", inputs), ("OUTPUT", outputs)):
                lam = prov.reach(sub, SUBINDEX_AIMS[code][sub], members, lam)
                if lam is None:
                    return False
            scores[u] = prov.scores(lam)
        elif lo_v <= current[u] <= hi_v:
            pass  # already in its place: left as drawn
        else:
            goal = lo_v if current[u] < lo_v else hi_v
            lam = prov.reach("PII", goal, pillars, dict.fromkeys(pillars, 0.0))
            if lam is None:
                return False
            scores[u] = prov.scores(lam)
        previous = float(arithmetic(framework, scores[u][None, :])[0, j])
    return True


def _as_published(result) -> bool:
    """Every published 2025 figure, to the 2 decimals published, and the published ranks."""
    for code, (score, rank) in PUBLISHED_PII.items():
        if result.rank(code, "PII") != rank:
            return False
        if score is not None and round(result.score(code, "PII"), 2) != score:
            return False
    for code, subs in PUBLISHED_SUBINDICES.items():
        if any(round(result.score(code, sub), 2) != v for sub, v in subs.items()):
            return False
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
        home_pii = float(arithmetic(framework, home_scores[None, :])[0, framework.index["PII"]])
        if not _place(framework, others, other_scores, floor, ceiling, above_sets, home_pillars, home_pii):
            continue
        all_scores = np.vstack([other_scores[: codes.index(HOME)], home_scores, other_scores[codes.index(HOME) :]])
        if not _passes(all_scores):
            continue
        raw = lo + all_scores * (hi - lo) / 100.0
        result = compute_values(framework, raw, units=codes)
        pillars_as_published = all(result.rank(HOME, p) == published[p]["rank"] for p in "1234567")
        if pillars_as_published and _as_published(result):
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
