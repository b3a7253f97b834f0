"""Normalisation, aggregation and ranking, each on its own, with hand-computed answers."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from chiso.core import Framework, Node, compute_values
from chiso.core.aggregate import arithmetic, geometric
from chiso.core.normalise import minmax
from chiso.core.rank import competition_ranks, rank_against
from chiso.core.spec import Methodology

nan = np.nan


def small() -> Framework:
    return Framework(
        "small",
        [
            Node("R", "root", None),
            Node("G1", "g1", "R", weight=3),
            Node("G2", "g2", "R"),
            Node("a", "a", "G1"),
            Node("b", "b", "G1", direction=-1),
            Node("c", "c", "G2"),
        ],
    )


def test_minmax_with_direction():
    x = np.array([[0.0, 10.0], [5.0, 20.0], [10.0, 30.0]])
    s, warnings = minmax(x, np.array([1.0, -1.0]), ["a", "b"])
    assert_allclose(s, [[0, 100], [50, 50], [100, 0]])
    assert warnings == []


def test_minmax_constant_indicator_is_missing_and_warned():
    s, warnings = minmax(np.array([[3.0], [3.0]]), np.array([1.0]), ["a"])
    assert np.isnan(s).all()
    assert "max = min" in warnings[0]


def test_minmax_with_published_bounds_clips():
    s, _ = minmax(np.array([[5.0], [12.0]]), np.array([1.0]), ["a"], lower=np.array([0.0]), upper=np.array([10.0]))
    assert_allclose(s[:, 0], [50, 100])


def test_weighted_mean_skips_missing_children():
    fw = small()
    ind = np.array([[100.0, nan, 40.0], [0.0, 50.0, nan]])
    s = arithmetic(fw, ind)
    g1, g2, r = fw.index["G1"], fw.index["G2"], fw.index["R"]
    assert_allclose(s[:, g1], [100, 25])
    assert_allclose(s[0, g2], 40) and np.isnan(s[1, g2])
    assert_allclose(s[0, r], (3 * 100 + 40) / 4)
    assert_allclose(s[1, r], 25)  # only G1 available


def test_missing_as_zero_is_a_setting():
    fw = small()
    s = arithmetic(fw, np.array([[100.0, nan, 40.0]]), missing="zero")
    assert_allclose(s[0, fw.index["G1"]], 50)


def test_geometric_mean():
    fw = small()
    s = geometric(fw, np.array([[100.0, 25.0, 40.0]]))
    assert_allclose(s[0, fw.index["G1"]], 50)


def test_competition_ranks_best_and_worst():
    scores = np.array([90.0, 80.0, 80.0 + 1e-12, 70.0, nan])
    assert_array_equal(competition_ranks(scores), [1, 2, 2, 4, nan])
    assert_array_equal(competition_ranks(scores, ties="worst"), [1, 3, 3, 4, nan])


def test_competition_ranks_on_many_units_with_ties():
    rng = np.random.default_rng(3)
    scores = np.round(rng.uniform(0, 100, (600, 3)), 1)  # rounding makes ties
    full = competition_ranks(scores)
    for j in range(3):
        expected = [1 + np.sum(scores[:, j] > s + 1e-9) for s in scores[:, j]]
        assert_array_equal(full[:, j], expected)
    worst = competition_ranks(scores, ties="worst")
    expected = [np.sum(scores[:, 0] > s - 1e-9) for s in scores[:, 0]]
    assert_array_equal(worst[:, 0], expected)


def test_rank_against_others():
    assert rank_against(50.0, np.array([60.0, 50.0, 40.0])) == 2
    assert rank_against(50.0, np.array([60.0, 50.0, 40.0]), ties="worst") == 3


def test_full_pipeline_by_hand():
    fw = small()
    raw = np.array([[1.0, 10.0, 5.0], [3.0, 30.0, 5.0], [2.0, 20.0, 8.0]])
    r = compute_values(fw, raw, Methodology(treat="none"), units=["X", "Y", "Z"])
    # a: 0,100,50  b (lower is better): 100,0,50  c: 0,0,100
    assert_allclose(r.node_scores("G1"), [50, 50, 50])
    assert_allclose(r.node_scores("R"), [(150 + 0) / 4, 150 / 4, (150 + 100) / 4])
    assert [r.rank(u, "R") for u in "XYZ"] == [2, 2, 1]
    stats = r.node_stats("c")
    assert stats == pytest.approx({"max": 100, "min": 0, "mean": 100 / 3, "median": 0, "count": 3})


def test_methodology_is_data():
    m = Methodology(treat="none", missing="zero", ties="worst")
    assert Methodology.from_dict(m.to_dict()) == m
    with pytest.raises(ValueError, match="treat must be one of"):
        Methodology(treat="magic")
    with pytest.raises(ValueError, match="unknown methodology setting"):
        Methodology.from_dict({"colour": 1})
    with pytest.raises(ValueError, match="weights must be a mapping"):
        Methodology.from_dict({"weights": 1})
