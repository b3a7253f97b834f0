"""Cao Bằng's real annex as demo data: a partial-view province with two years, its targets and its trend."""

from __future__ import annotations

import pytest

from chiso.core import builtin
from chiso.core.partial import partial_view, raw_targets, trend
from chiso.demo.published import cao_bang_annex, cao_bang_bounds, cao_bang_targets_2026

FW = builtin("pii-2024")


@pytest.fixture(scope="module")
def views():
    bounds = cao_bang_bounds()
    return {y: partial_view(FW, bounds, unit="Cao Bằng", year=y) for y in (2023, 2024)}


def test_the_bounds_file_is_the_transcribed_annex():
    annex = cao_bang_annex()
    bounds = cao_bang_bounds()
    assert sorted(bounds.years) == [2023, 2024]
    for (code, year), v in annex.items():
        yb = bounds.year(year)
        if FW.is_indicator(code):
            i = FW.indicators.index(code)
            assert yb.value[i] == pytest.approx(v["value"], nan_ok=True), (code, year)
            if code == "3.2.2" and year == 2023:  # printed max below min, no value: never used
                assert any("3.2.2" in w for w in yb.warnings)
                continue
            assert (yb.upper[i], yb.lower[i]) == (pytest.approx(v["max"]), pytest.approx(v["min"])), (code, year)
        else:
            assert yb.official[code].score == pytest.approx(v["value"]), (code, year)
    assert bounds.year(2024).official["PII"].score == 23.95 and bounds.year(2024).official["PII"].rank == 63


def test_two_years_and_the_trend(views):
    t = trend(views, "PII")
    assert [p["official"] for p in t["points"]] == [22.18, 23.95]
    assert views[2023].score("3.2") == pytest.approx(13.50, abs=0.05)
    assert views[2024].score("3.2") == pytest.approx(29.07, abs=0.05)


def test_the_2026_targets_roll_up(views):
    targets = cao_bang_targets_2026()
    raw = {c: t["value"] for c, ts in targets.items() for t in ts if t["kind"] == "raw"}
    stated = {f"{c}#{t['kind']}": {**t, "node": c} for c, ts in targets.items() for t in ts if t["kind"] != "raw"}
    assert raw["4.1.1"] == 200.0 and raw["5.2.2"] == 800.0 and raw["7.1.1"] == 115.0 and raw["1.1.2"] == 10.0
    roll = raw_targets(views[2024], raw, stated, history={y: v.values for y, v in views.items()})
    by = {c.indicator: c for c in roll.indicators}
    assert by["1.1.2"].beyond_best and by["4.2.3"].far
    pii = next(n for n in roll.nodes if n["code"] == "PII" and n["kind"] == "score")
    assert pii["stated"] == 30.0 and pii["met"] == (roll.implied.score("PII") >= 30.0)
