from __future__ import annotations

import numpy as np
import pytest

from chiso.core import Framework, Node, compute_from_scores
from chiso.core.errors import InputError
from chiso.core.trend import HorizonTarget, trend

FW = Framework("flat", [Node("PII", "index", None), Node("a", "a", "PII")])


def history(per_unit: dict[str, list[float]], start: int = 2021):
    n_years = len(next(iter(per_unit.values())))
    units = list(per_unit)
    return {
        start + k: compute_from_scores(FW, np.array([[per_unit[u][k]] for u in units]), units=units, year=start + k)
        for k in range(n_years)
    }


def test_slope_projection_and_projected_rank():
    results = history({"A": [10, 20, 30], "B": [50, 50, 50], "C": [40, 38, 36]})
    t = trend(results, "A")
    assert t.slope == pytest.approx(10)
    assert t.projected_year == 2024 and t.projected_score == pytest.approx(40)
    assert t.projected_rank == 2  # B 50, A 40, C 34
    assert t.ranks == [3, 3, 3]


@pytest.mark.parametrize(
    "scores,target,status",
    [
        ([10, 20, 30], "score:PII:30@2025", "achieved"),
        ([10, 20, 30], "score:PII:60@2025", "acceleration needed"),  # needs 15/yr, has 10
        ([10, 20, 30], "score:PII:50@2026", "on track"),  # needs 6,67/yr, has 10
        ([10, 20, 30], "score:PII:90@2026", "acceleration needed"),  # needs 20/yr, has 10
        ([10, 11, 12], "score:PII:90@2026", "limited progress"),
        ([30, 20, 10], "score:PII:40@2026", "deterioration"),
        ([30], "score:PII:40@2026", "no data"),
    ],
)
def test_statuses(scores, target, status):
    results = history({"A": scores, "B": [0] * len(scores)})
    t = trend(results, "A", target=HorizonTarget.parse(target))
    assert t.status == status


def test_required_yearly_improvement():
    t = trend(history({"A": [10, 20, 30], "B": [0, 0, 0]}), "A", target=HorizonTarget.parse("score:PII:60@2025"))
    assert t.required_per_year == pytest.approx(15)


def test_rank_target_uses_the_others_projections():
    results = history({"A": [10, 20, 30], "B": [50, 55, 60], "C": [45, 45, 45], "D": [5, 5, 5]})
    t = trend(results, "A", target=HorizonTarget.parse("rank:PII:2@2026"))
    # in 2026 B projects to 75, C to 45: second place needs 45, i.e. +5/yr over 3 years; A has +10
    assert t.target["score_needed"] == pytest.approx(45)
    assert t.required_per_year == pytest.approx(5)
    assert t.status == "on track"


def test_unknown_unit_and_bad_target():
    results = history({"A": [1, 2]})
    with pytest.raises(InputError, match="in none of the years"):
        trend(results, "Z")
    with pytest.raises(InputError):
        HorizonTarget.parse("rank:PII:10")
