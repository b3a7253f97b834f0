"""The target solver: hand-solved optima, verification by recomputation, out-of-reach targets,
the partial view, and moves beyond the current bounds."""

from __future__ import annotations

import numpy as np
import pytest

from chiso.core import Framework, Node, builtin, compute_values, read_dataset
from chiso.core.errors import InputError
from chiso.core.solver import Limit, SolverTarget, read_limits, solve_full, solve_partial
from chiso.core.spec import Methodology

NONE = Methodology(treat="none")


def two_indicators() -> Framework:
    return Framework("two", [Node("R", "root", None), Node("a", "a", "R"), Node("b", "b", "R")])


# a: X=1 in [0, 10]; b: X=5 in [0, 10]. R(X) = (10 + 50) / 2 = 30.
VALUES = np.array([[1.0, 5.0], [0.0, 10.0], [10.0, 0.0]])


def apply(values: np.ndarray, u: int, plan) -> np.ndarray:
    fw_codes = [c["indicator"] for c in plan.changes]
    new = values.copy()
    for ch in plan.changes:
        new[u, ["a", "b"].index(ch["indicator"])] = ch["to"]
    assert len(set(fw_codes)) == len(fw_codes)
    return new


def test_cheapest_indicator_first_by_hand():
    # gain per raw unit: 5 points for both; cost per raw unit: 1/1 for a, 1/5 for b -> b first.
    plan = solve_full(two_indicators(), VALUES, 0, SolverTarget("R", "score", 40), methodology=NONE)
    assert plan.reachable and plan.verified
    assert [(c["indicator"], c["from"], c["to"]) for c in plan.changes] == [("b", 5.0, pytest.approx(7.0))]
    assert plan.cost == pytest.approx(0.4)
    assert plan.score == pytest.approx(40)


def test_effort_weights_change_the_choice():
    # effort 10 on b: cost per raw unit 2 > 1 for a -> a first: +10 points = 2 raw units of a.
    plan = solve_full(two_indicators(), VALUES, 0, SolverTarget("R", "score", 40), {"b": Limit(effort=10)}, NONE)
    assert [(c["indicator"], c["to"]) for c in plan.changes] == [("a", pytest.approx(3.0))]
    assert plan.cost == pytest.approx(2.0)


def test_limits_cap_a_move_and_the_next_indicator_takes_over():
    # b may rise only to 6 (+5 points, cost 0.2); the other 5 points come from a (+1, cost 1).
    plan = solve_full(two_indicators(), VALUES, 0, SolverTarget("R", "score", 40), {"b": Limit(6.0)}, NONE)
    moves = {c["indicator"]: c["to"] for c in plan.changes}
    assert moves == {"b": pytest.approx(6.0), "a": pytest.approx(2.0)}
    assert plan.cost == pytest.approx(1.2)


def test_rank_target_by_hand():
    # R: X 30, Y (0, 100) 50, Z (100, 0) 50. Rank 1 needs more than 50: +20 points -> b to 9.
    plan = solve_full(two_indicators(), VALUES, 0, SolverTarget("R", "rank", 1), methodology=NONE)
    assert plan.reachable and plan.rank == 1
    assert plan.changes[0]["indicator"] == "b" and plan.changes[0]["to"] == pytest.approx(9.0, abs=1e-6)


def test_already_met_needs_nothing():
    plan = solve_full(two_indicators(), VALUES, 0, SolverTarget("R", "score", 20), methodology=NONE)
    assert plan.reachable and plan.changes == [] and plan.cost == 0


def test_out_of_reach_says_so_with_the_best_reachable():
    plan = solve_full(two_indicators(), VALUES, 0, SolverTarget("R", "score", 80), {"a": Limit(4.0)}, NONE)
    assert not plan.reachable
    # best: a at 4 (40 points), b at the national max 10 (100 points) -> 70
    assert plan.best == {"score": pytest.approx(70.0), "rank": 1}
    assert plan.changes == []


@pytest.fixture(scope="module")
def demo():
    from importlib import resources

    with resources.as_file(resources.files("chiso") / "examples" / "pii-2025-illustrative.csv") as path:
        return read_dataset(path, builtin("pii-2025")).year()


@pytest.mark.parametrize("target", ["rank:PII:19", "rank:PII:10", "score:PII:40", "rank:1:20", "score:5.1:30"])
def test_demo_plans_meet_their_target_on_recomputation(demo, target):
    fw = builtin("pii-2025")
    u = demo.units.index("14")
    t = SolverTarget.parse(target)
    plan = solve_full(fw, demo.values, u, t)
    assert plan.reachable
    new = demo.values.copy()
    for ch in plan.changes:
        new[u, fw.indicators.index(ch["indicator"])] = ch["to"]
    fresh = compute_values(fw, new, units=demo.units)
    assert t.met(fresh.score("14", t.node), fresh.rank("14", t.node))
    assert fresh.score("14", t.node) == pytest.approx(plan.score)


def test_random_data_every_returned_plan_meets_its_target():
    fw = builtin("pii-2025")
    rng = np.random.default_rng(42)
    checked = 0
    for _ in range(12):
        values = rng.lognormal(0, 0.6, (20, 52))
        u = int(rng.integers(20))
        base = compute_values(fw, values)
        current = base.rank(f"U{u + 1}", "PII")
        if current <= 3:
            continue
        t = SolverTarget("PII", "rank", int(rng.integers(1, current)))
        plan = solve_full(fw, values, u, t)
        new = values.copy()
        for ch in plan.changes:
            new[u, fw.indicators.index(ch["indicator"])] = ch["to"]
        fresh = compute_values(fw, new)
        if plan.reachable:
            assert t.met(fresh.score(f"U{u + 1}", "PII"), fresh.rank(f"U{u + 1}", "PII"))
            checked += 1
    assert checked >= 8


def test_partial_view_agrees_with_the_full_view(demo):
    fw = builtin("pii-2025")
    u = demo.units.index("14")
    full = compute_values(fw, demo.values, units=demo.units)
    assert {r.action for r in full.treatment} == {"passed"}
    lower = np.nanmin(demo.values, axis=0)
    upper = np.nanmax(demo.values, axis=0)
    others = {"PII": np.delete(full.node_scores("PII"), u)}
    t = SolverTarget("PII", "rank", 16)  # within the linear region of the illustrative data
    a = solve_full(fw, demo.values, u, t)
    b = solve_partial(fw, demo.values[u], lower, upper, others, t)
    assert b.start == {"score": pytest.approx(a.start["score"]), "rank": a.start["rank"]}
    assert [(c["indicator"], c["to"]) for c in b.changes] == [
        (c["indicator"], pytest.approx(c["to"])) for c in a.changes
    ]
    assert (b.score, b.rank) == (pytest.approx(a.score), a.rank)


def test_limits_beyond_the_national_best_move_the_bounds_and_still_verify(demo):
    fw = builtin("pii-2025")
    u = demo.units.index("14")
    upper = np.nanmax(demo.values, axis=0)
    # five indicators may move, each up to twice the current national max; the rest stay (a set for which
    # the illustrative data need a move beyond the national best)
    movable = {"2.2.4", "3.1.1", "4.1.3", "6.3.2", "6.3.3"}
    limits = {c: Limit(2 * upper[i] if c in movable else demo.values[u, i]) for i, c in enumerate(fw.indicators)}
    t = SolverTarget("PII", "rank", 22)
    plan = solve_full(fw, demo.values, u, t, limits)
    new = demo.values.copy()
    for ch in plan.changes:
        new[u, fw.indicators.index(ch["indicator"])] = ch["to"]
    fresh = compute_values(fw, new, units=demo.units)
    assert (fresh.score("14", "PII"), fresh.rank("14", "PII")) == (pytest.approx(plan.score), plan.rank)
    assert plan.reachable and t.met(plan.score, plan.rank)
    assert {ch["indicator"] for ch in plan.changes} <= movable
    assert any(ch["to"] > upper[fw.indicators.index(ch["indicator"])] for ch in plan.changes)


def test_target_and_limits_parsing(tmp_path):
    assert SolverTarget.parse("rank:PII:25") == SolverTarget("PII", "rank", 25)
    assert SolverTarget.parse("score:1:55,5") == SolverTarget("1", "score", 55.5)
    for bad in ("rank:PII", "place:PII:3", "rank:PII:0", "rank:PII:2,5"):
        with pytest.raises(InputError):
            SolverTarget.parse(bad)
    fw = builtin("pii-2025")
    path = tmp_path / "limits.csv"
    path.write_text('indicator,max_value,effort\n1.1.1,"60,5",2\n2.2.1,,0.5\n', encoding="utf-8")
    assert read_limits(path, fw) == {"1.1.1": Limit(60.5, 2.0), "2.2.1": Limit(None, 0.5)}
    path.write_text("indicator,max_value,effort\n1.1,1,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 2, column A"):
        read_limits(path, fw)
    path.write_text("indicator,max_value,effort\n1.1.1,1,-1\n", encoding="utf-8")
    with pytest.raises(InputError, match="effort must be >= 0"):
        read_limits(path, fw)
