"""Strengths and weaknesses, effective weights, contributions and marginal gains."""

from __future__ import annotations

import numpy as np
import pytest

from chiso.core import Framework, Node, builtin, compute_values
from chiso.core.contribution import by_gain_per_effort, effective_weights, worth
from chiso.core.spec import Methodology
from chiso.core.strengths import strengths_weaknesses

FW = builtin("pii-2025")


@pytest.fixture(scope="module")
def result():
    values = np.random.default_rng(12).uniform(0, 10, (34, 52))
    values[5, 3] = np.nan
    return compute_values(FW, values, Methodology(treat="none"))


def test_effective_weights_add_up_and_reproduce_the_score(result):
    for u in (0, 5):
        row = result.scores[u]
        ew = effective_weights(FW, row, "PII")
        assert ew.sum() == pytest.approx(1.0)
        ind = result.scores[u, FW.indicator_positions]
        assert np.nansum(ew * ind) == pytest.approx(result.scores[u, FW.index["PII"]])
    # unit 5 lacks 1.2.1: its siblings share group 1.2 in thirds
    ew5 = effective_weights(FW, result.scores[5], "PII")
    assert ew5[3] == 0 and ew5[4] == pytest.approx(1 / 2 / 5 / 2 / 3)


def test_points_per_score_point_match_a_recomputation(result):
    items = {w.indicator: w for w in worth(result, "U1", "PII")}
    overrides = np.full((34, 52), np.nan)
    i = FW.indicators.index("4.1.2")
    overrides[0, i] = result.scores[0, FW.index["4.1.2"]] + 1
    again = compute_values(FW, result.raw, Methodology(treat="none"), score_overrides=overrides)
    assert again.score("U1", "PII") - result.score("U1", "PII") == pytest.approx(items["4.1.2"].points_per_score_point)
    assert sum(w.contribution for w in items.values()) == pytest.approx(result.score("U1", "PII"))


def test_points_per_raw_unit_match_a_recomputation(result):
    items = {w.indicator: w for w in worth(result, "U1", "PII")}
    i = FW.indicators.index("6.2.2")
    col = result.raw[:, i]
    raw = result.raw.copy()
    raw[0, i] = min(col[0] + 0.01, col.max())
    again = compute_values(FW, raw, Methodology(treat="none"))
    gain = again.score("U1", "PII") - result.score("U1", "PII")
    assert gain == pytest.approx(items["6.2.2"].points_per_raw_unit * (raw[0, i] - col[0]))


def test_places_per_point_counts_the_units_overtaken():
    fw = Framework("flat", [Node("PII", "index", None), Node("a", "a", "PII"), Node("b", "b", "PII")])
    values = np.array([[0.0, 0.0], [4.0, 4.0], [5.0, 6.0], [10.0, 10.0]])
    r = compute_values(fw, values, Methodology(treat="none"))
    # U2 has PII 40; U3 has 55; one more score point on a is worth 0.5 PII points: no place
    items = {w.indicator: w for w in worth(r, "U2")}
    assert items["a"].points_per_score_point == 0.5 and items["a"].places_per_score_point == 0
    assert by_gain_per_effort(list(items.values()))[0].indicator in ("a", "b")


def test_strengths_and_weaknesses_by_both_rules(result):
    items = strengths_weaknesses(result, "U1")
    by_level = {lv: [it for it in items if it.level == lv] for lv in ("indicator", "group", "pillar")}
    assert len(by_level["indicator"]) == 52 and len(by_level["group"]) == 16 and len(by_level["pillar"]) == 7
    ind = by_level["indicator"]
    assert sum(it.gii_rule == "weakness" for it in ind) <= 10
    strong = {it.code for it in ind if it.gii_rule == "strength"}
    assert {it.code for it in ind if it.rank <= 3} <= strong
    assert len(strong - {it.code for it in ind if it.rank <= 3}) <= 10
    for it in ind:
        assert it.gap == pytest.approx(it.score - result.node_stats(it.code)["mean"])
        assert it.average_rule == ("above" if it.gap > 0 else "below")
