from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from chiso.core import builtin
from chiso.core.aggregate import arithmetic, geometric
from chiso.core.normalise import minmax
from chiso.core.robustness import Variation, _node_scores, robustness

FW = builtin("pii-2025")


@pytest.fixture(scope="module")
def values():
    return np.random.default_rng(4).lognormal(0, 0.5, (15, 52))


def test_same_seed_same_output_including_seed_zero(values):
    a = robustness(FW, values, runs=300, seed=0)
    b = robustness(FW, values, runs=300, seed=0)
    c = robustness(FW, values, runs=300, seed=1)
    assert_array_equal(a.median, b.median)
    assert_array_equal(a.p05, b.p05) and a.shares == b.shares
    assert a.shares != c.shares


def test_no_variation_collapses_every_interval_to_the_nominal_rank(values):
    r = robustness(FW, values, runs=200, seed=3, variation=Variation.none())
    assert_array_equal(r.median, r.nominal)
    assert_array_equal(r.p05, r.nominal)
    assert_array_equal(r.p95, r.nominal)
    assert r.shares == {"gii_treatment": 1.0, "zscore": 0.0, "geometric": 0.0, "weights_perturbed": 0.0}


def test_variation_widens_intervals_and_shares_are_reported(values):
    r = robustness(FW, values, runs=2000, seed=5)
    assert (r.p05 <= r.median).all() and (r.median <= r.p95).all()
    assert (r.p95 - r.p05).max() >= 1
    for key in ("gii_treatment", "zscore", "geometric"):
        assert 0.45 < r.shares[key] < 0.55


@pytest.mark.parametrize("node", ["PII", "INPUT", "3", "5.3"])
def test_batched_aggregation_equals_the_engine(values, node):
    x = values.copy()
    x[2, 4] = np.nan
    x[5, :7] = np.nan
    scores, _ = minmax(x, FW.directions, FW.indicators)
    rng = np.random.default_rng(8)
    for _ in range(3):
        w = np.array([n.weight for n in FW.nodes]) * rng.uniform(0.75, 1.25, len(FW.nodes))
        fw2 = FW.with_weights({n.code: w[i] for i, n in enumerate(FW.nodes)})
        j = FW.index[node]
        assert_allclose(_node_scores(FW, scores, w[None], False, j)[0], arithmetic(fw2, scores)[:, j])
        assert_allclose(_node_scores(FW, scores, w[None], True, j)[0], geometric(fw2, scores)[:, j])
