"""One implementation of "score needed for rank n", "gap to the next place" and "target met"
(chiso.core.position), used by the solver, the trends and the reports alike."""

from __future__ import annotations

import math

import numpy as np
import pytest

from chiso.core import builtin, compute_values
from chiso.core.framework import Framework, Node
from chiso.core.position import gap_to_next_place, score_for_rank, target_met, target_status
from chiso.core.rank import rank_against
from chiso.core.solver import SolverTarget, _threshold
from chiso.core.trend import ACHIEVED, HorizonTarget, trend

OTHERS = np.array([70.0, np.nan, 50.0, 60.0, 50.0, 40.0])


def test_score_for_rank_is_the_score_holding_that_rank_today():
    assert score_for_rank(OTHERS, 1) == 70.0
    assert score_for_rank(OTHERS, 3) == 50.0 and score_for_rank(OTHERS, 4) == 50.0  # a tie
    assert score_for_rank(OTHERS, 5) == 40.0
    assert score_for_rank(OTHERS, 6) == -math.inf  # five others with a score: any score is 6th or better
    assert score_for_rank(OTHERS, 0) == math.inf
    for rank in range(1, 6):  # equal to it is enough: ties share the better place
        assert rank_against(score_for_rank(OTHERS, rank), OTHERS) <= rank


def test_gap_to_the_next_place():
    assert gap_to_next_place(45.0, OTHERS) == pytest.approx(5.0)
    assert gap_to_next_place(50.0, OTHERS) == pytest.approx(10.0)  # tied with 50: the next is 60
    assert rank_against(45.0 + gap_to_next_place(45.0, OTHERS), OTHERS) < rank_against(45.0, OTHERS)
    assert rank_against(45.0 + gap_to_next_place(45.0, OTHERS) - 1e-6, OTHERS) == rank_against(45.0, OTHERS)
    assert gap_to_next_place(70.0, OTHERS) is None and gap_to_next_place(99.0, OTHERS) is None  # first
    assert gap_to_next_place(math.nan, OTHERS) is None and gap_to_next_place(None, OTHERS) is None


@pytest.mark.parametrize(
    "kind, goal, have, expected",
    [
        ("rank", 25, {"rank": 25}, True),
        ("rank", 25, {"rank": 26}, False),
        ("rank", 25, {"rank": None}, None),
        ("score", 55, {"score": 55.0 - 1e-12}, True),
        ("score", 55, {"score": 54.9}, False),
        ("score", 55, {"score": math.nan}, None),
        ("raw", 200, {"raw": 200.0}, True),
        ("raw", 200, {"raw": 199.0}, False),
        ("raw", 3, {"raw": 2.0, "direction": -1}, True),  # lower is better
        ("raw", 3, {"raw": 4.0, "direction": -1}, False),
        ("raw", 3, {"raw": None}, None),
    ],
)
def test_target_met(kind, goal, have, expected):
    assert target_met(kind, goal, **have) is expected


def test_target_status_says_how_far_and_what_score_a_rank_takes():
    status = target_status("rank", 2, rank=4, others=OTHERS)
    assert (status.met, status.places, status.score_needed, status.state) == (False, 2, 60.0, "off")
    assert target_status("rank", 4, rank=4).to_dict()["state"] == "met"
    status = target_status("score", 55, score=50.0)
    assert status.met is False and status.points == pytest.approx(5.0)
    assert target_status("raw", 10, raw=None).state == "unknown"
    with pytest.raises(ValueError):
        target_met("percent", 1, score=1.0)


def test_the_solver_and_the_trend_use_the_same_rules():
    target = SolverTarget("PII", "rank", 2)
    assert _threshold(target, OTHERS) == pytest.approx(score_for_rank(OTHERS, 2) + 1e-7)
    assert target.met(0.0, 2) and not target.met(99.0, 3) and not SolverTarget("PII", "score", 5).met(math.nan, 1)
    fw = builtin("pii-2025")
    rng = np.random.default_rng(3)
    results = {y: compute_values(fw, rng.uniform(0, 100, (6, len(fw.indicators))), year=y) for y in (2024, 2025)}
    unit = results[2025].units[0]
    rank = results[2025].rank(unit, fw.root)
    t = trend(results, unit, target=HorizonTarget(fw.root, "rank", rank, 2030))
    assert t.node == fw.root and t.status == ACHIEVED


def test_levels_and_order_come_from_the_tree_whatever_the_codes():
    fw = Framework(
        "other",
        [
            Node("Z", "root", None),
            Node("B.x", "second pillar first", "Z"),
            Node("A.b", "first code, second pillar", "Z"),
            Node("B.x.2", "indicator", "B.x"),
            Node("B.x.1", "indicator", "B.x"),
            Node("k", "indicator", "A.b"),
        ],
    )
    assert fw.levels == ("pillar",) and fw.kind("A.b") == "pillar" and fw.kind("k") == "indicator"
    assert fw.of_kind("pillar") == ["B.x", "A.b"]  # the table's order, not the codes'
    assert fw.halves == ("B.x", "A.b")
    pii = builtin("pii-2025")
    assert pii.levels == ("subindex", "pillar", "group") and pii.of_kind("group", under="1") == ["1.1", "1.2"]
    assert pii.halves == tuple(pii.of_kind("subindex"))
