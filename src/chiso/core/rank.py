"""Ranks, step 5: competition ranking on unrounded scores, 1 = best.

Scores within ``tol`` of each other tie. ``best`` gives tied units the best of their places
("1, 2, 2, 4"); ``worst`` the worst ("1, 3, 3, 4"). Missing scores get no rank (NaN).
"""

from __future__ import annotations

import numpy as np

TIE_RULES = ("best", "worst")
TOL = 1e-9


def competition_ranks(scores: np.ndarray, ties: str = "best", tol: float = TOL) -> np.ndarray:
    """Rank each column of ``scores`` (units x nodes); a 1-D array is one column."""
    if ties not in TIE_RULES:
        raise ValueError(f"ties must be one of {TIE_RULES}, not {ties!r}")
    one_d = scores.ndim == 1
    s = scores[:, None] if one_d else scores
    if s.shape[0] <= 256:  # small: compare all pairs at once
        shift = tol if ties == "best" else -tol
        above = (s[None, :, :] > s[:, None, :] + shift).sum(axis=1)
        ranks = np.where(np.isnan(s), np.nan, above + (1 if ties == "best" else 0))
        return ranks[:, 0] if one_d else ranks
    ranks = np.full(s.shape, np.nan)
    for j in range(s.shape[1]):
        col = s[:, j]
        ok = ~np.isnan(col)
        vals = np.sort(col[ok])
        n = vals.size
        if ties == "best":  # 1 + number of scores clearly above
            ranks[ok, j] = 1 + n - np.searchsorted(vals, col[ok] + tol, side="right")
        else:  # number of scores above or tied
            ranks[ok, j] = n - np.searchsorted(vals, col[ok] - tol, side="left")
    return ranks[:, 0] if one_d else ranks


def rank_against(score: float, others: np.ndarray, ties: str = "best", tol: float = TOL) -> int:
    """The rank ``score`` would have among ``others`` (which exclude the unit itself)."""
    others = others[~np.isnan(others)]
    if ties == "best":
        return int(1 + np.count_nonzero(others > score + tol))
    return int(1 + np.count_nonzero(others > score - tol))
