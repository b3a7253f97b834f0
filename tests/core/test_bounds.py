"""Finite input within the accepted range never yields NaN or infinite scores (ISSUE-8 defect 13:
values near ±1e308 overflowed into NaN scores)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from chiso.core import Methodology, builtin, compute_values
from chiso.core.numbers import MAX_MAGNITUDE
from chiso.core.robustness import Variation, robustness

FW = builtin("pii-2025")
N_IND = len(FW.indicators)
large = st.floats(min_value=-MAX_MAGNITUDE, max_value=MAX_MAGNITUDE, allow_nan=False, allow_subnormal=False)
edges = st.sampled_from([MAX_MAGNITUDE, -MAX_MAGNITUDE, 0.0, 1e-9, 999_999_999_999.0, -5e11])
matrices = st.integers(min_value=3, max_value=25).flatmap(
    lambda n: arrays(np.float64, (n, N_IND), elements=large | edges)
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices, st.sampled_from(["gii", "none"]), st.sampled_from(["minmax", "zscore"]))
def test_scores_are_finite_for_values_within_range(values, treat, normalise):
    varies = values.max(axis=0) > values.min(axis=0)
    assume(varies.any())
    r = compute_values(FW, values, Methodology(treat=treat, normalise=normalise))
    indicator_scores = r.scores[:, FW.indicator_positions]
    # an indicator without variation carries no information (missing); every other score is finite
    assert np.isfinite(indicator_scores[:, varies]).all()
    assert np.isfinite(r.scores[:, FW.index["PII"]]).all()


@pytest.mark.parametrize("scale", [1.0, 1e6, 1e11, MAX_MAGNITUDE])
def test_values_near_the_limit_compute_like_small_ones(scale):
    """Min-max scores do not depend on the scale of the values."""
    rng = np.random.default_rng(3)
    base = rng.uniform(-1, 1, (34, N_IND))
    small = compute_values(FW, base, Methodology(treat="none"))
    big = compute_values(FW, base * scale, Methodology(treat="none"))
    np.testing.assert_allclose(big.scores, small.scores, rtol=1e-9, atol=1e-9)


def test_robustness_ranks_are_finite_near_the_limit():
    rng = np.random.default_rng(4)
    values = rng.uniform(-MAX_MAGNITUDE, MAX_MAGNITUDE, (34, N_IND))
    r = robustness(FW, values, runs=200, seed=1, variation=Variation())
    assert np.isfinite(r.median).all() and np.isfinite(r.p95).all()
