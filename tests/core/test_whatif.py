from __future__ import annotations

import numpy as np
import pytest

from chiso.core import DataSet, builtin, compute_values
from chiso.core.errors import InputError
from chiso.core.spec import Methodology
from chiso.core.whatif import ScenarioChange, whatif

FW = builtin("pii-2025")


@pytest.fixture
def year():
    rng = np.random.default_rng(9)
    values = rng.uniform(1, 10, (8, 52))
    return DataSet.from_array(FW, values, [f"P{i}" for i in range(8)], year=2025).year(2025)


@pytest.mark.parametrize("treat", ["none", "gii"])
def test_whatif_equals_a_fresh_computation_with_bounds_moved(year, treat):
    i = FW.indicators.index("2.2.1")
    new_max = year.values[:, i].max() * 1.5  # beyond the current max: every unit's 2.2.1 score moves
    m = Methodology(treat=treat)
    result = whatif(FW, year, [ScenarioChange("P3", "2.2.1", "raw", new_max)], m)
    modified = year.values.copy()
    modified[3, i] = new_max
    fresh = compute_values(FW, modified, m, units=year.units)
    assert result.new.treatment[i].action in ("passed", "not treated")
    np.testing.assert_allclose(result.new.scores, fresh.scores)
    np.testing.assert_array_equal(result.new.ranks, fresh.ranks)
    others_before = result.base.node_scores("2.2.1")[[0, 1, 2]]
    others_after = result.new.node_scores("2.2.1")[[0, 1, 2]]
    assert (others_after < others_before).all()
    assert result.new.score("P3", "2.2.1") == 100


def test_relative_change_and_deltas(year):
    result = whatif(FW, year, [ScenarioChange.parse("P0:7.2.2=+10%")])
    i = FW.indicators.index("7.2.2")
    assert result.new.raw[0, i] == pytest.approx(year.values[0, i] * 1.1)
    deltas = {d["unit"]: d for d in result.deltas("PII")}
    assert deltas["P0"]["score_change"] == pytest.approx(result.new.score("P0", "PII") - result.base.score("P0", "PII"))


def test_score_change_sets_the_indicator_score_only_for_that_unit(year):
    result = whatif(FW, year, [ScenarioChange.parse("P1:1.1.1=score=80")])
    assert result.new.score("P1", "1.1.1") == 80
    assert result.new.score("P2", "1.1.1") == result.base.score("P2", "1.1.1")
    assert result.new.score("P1", "1.1") == pytest.approx(
        np.mean([80, result.base.score("P1", "1.1.2"), result.base.score("P1", "1.1.3")])
    )


@pytest.mark.parametrize(
    "text,message",
    [("P0:1.1.1", "cannot read change"), ("P0:1.1.1=abc", "not a number"), ("P0:1.1.1=score=1.234", "ambiguous")],
)
def test_bad_change_text(text, message):
    with pytest.raises(InputError, match=message):
        ScenarioChange.parse(text)


def test_bad_change_targets(year):
    with pytest.raises(InputError, match="no such unit"):
        whatif(FW, year, [ScenarioChange("nowhere", "1.1.1", "raw", 1)])
    with pytest.raises(InputError, match="not an indicator"):
        whatif(FW, year, [ScenarioChange("P0", "1.1", "raw", 1)])
    with pytest.raises(InputError, match="within 0 and 100"):
        whatif(FW, year, [ScenarioChange("P0", "1.1.1", "score", 120)])


def test_an_outlier_is_winsorised_as_a_real_recomputation_would(year):
    i = FW.indicators.index("2.2.1")
    result = whatif(FW, year, [ScenarioChange("P3", "2.2.1", "raw", year.values[:, i].max() * 50)])
    assert result.new.treatment[i].action == "winsorised"
    assert result.new.treatment[i].changed == (3,)
    np.testing.assert_allclose(
        np.delete(result.new.node_scores("2.2.1"), 3), np.delete(result.base.node_scores("2.2.1"), 3)
    )
