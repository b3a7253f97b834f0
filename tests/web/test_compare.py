"""The comparison pages: the national ranking and side by side (pages/compare.py)."""

from __future__ import annotations


def test_compare_page_ranking_and_side_by_side(coordinator):
    response = coordinator.get("/p/14/compare/")
    ranking = response.context["ranking"]
    assert len(ranking) == 34 and ranking[0]["unit"] == "01"
    side = [u for u, _ in response.context["side_units"]]
    assert side[0] == "14" and len(side) == 4
    response = coordinator.get("/p/14/compare/?with=01,20")
    assert [u for u, _ in response.context["side_units"]] == ["14", "01", "20"]
