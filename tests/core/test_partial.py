"""The partial view on Cao Bằng's real annex (2023, 2024; framework pii-2024): own values and
published bounds only, ranks among published scores, targets in both directions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from chiso.core import InputError, builtin
from chiso.core.partial import (
    CAUSES,
    partial_view,
    raw_for_rank,
    raw_for_score,
    raw_targets,
    robustness_unavailable,
    solve,
    strengths,
    trend,
    whatif,
    worth,
)
from chiso.core.partial_inputs import read_bounds, read_ranking
from chiso.core.solver import SolverTarget
from tests.annex import documents

FW = builtin("pii-2024")
UNIT = "Cao Bằng"
REPRODUCED = ("1.2", "2.1", "3.1", "3.2")  # DESIGN §7


@pytest.fixture(scope="module")
def annex(tmp_path_factory):
    """The Cao Bằng annex as the province's office writes it in Excel, from the source's rows."""
    return documents.cao_bang_annex_xlsx(tmp_path_factory.mktemp("cb") / "phu-luc-cao-bang.xlsx")


@pytest.fixture(scope="module")
def view(annex):
    return partial_view(FW, read_bounds(annex, FW, year=2024), unit=UNIT)


def write_ranking(path, others: dict[str, float], own: float | None = None, node: str = "PII") -> str:
    lines = ["unit,code,score"]
    lines += [f"{u},{node},{s:.2f}" for u, s in others.items()]
    if own is not None:
        lines.append(f"{UNIT},{node},{own:.2f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def sixty_two_others() -> dict[str, float]:
    """62 other provinces' PII scores (illustrative, deterministic), all above Cao Bằng's 23,95 as in 2024."""
    scores = np.linspace(60.76, 24.10, 62)
    return {f"P{i + 1:02d}": float(s) for i, s in enumerate(scores)}


def test_groups_reproduced_from_raw_values_and_bounds_alone(view, annex):
    official = read_bounds(annex, FW, year=2024).year(2024).official
    by_code = {d.code: d for d in view.differences}
    for code in REPRODUCED:
        assert view.score(code) == pytest.approx(official[code].score, abs=0.1), code
        assert by_code[code].cause in ("agrees", "rounding"), by_code[code].explanation
    # every other group with an official score is reported, with a cause and a sentence
    for code in FW.aggregates:
        if FW.kind(code) == "group":
            d = by_code[code]
            assert d.cause in CAUSES and code in d.explanation
    assert {by_code[c].cause for c in ("2.2", "4.1", "5.2", "6.3", "7.2")} == {"outlier"}


def test_pillars_are_the_mean_of_their_groups_and_the_pii_of_input_and_output(view):
    for p in "1234567":
        kids = FW.children[p]
        assert view.score(p) == pytest.approx(np.mean([view.score(k) for k in kids]))
    assert view.score("PII") == pytest.approx((view.score("INPUT") + view.score("OUTPUT")) / 2)
    assert view.rank("PII") is None and view.average("PII") is None  # no ranking table: unknown


def test_2023_max_below_min_is_refused_with_its_row(annex):
    with pytest.raises(InputError) as info:
        read_bounds(annex, FW, year=2023)
    err = info.value
    assert err.code == "bounds_inverted" and err.params["code"] == "3.2.2"
    assert err.row is not None and "3.2.2" in str(err)
    # where the province has no value the bounds are never used: accepted on request, with a warning
    v = partial_view(FW, read_bounds(annex, FW, year=2023, inverted="ignore"), unit=UNIT)
    assert v.score("3.2") == pytest.approx(13.50, abs=0.05)  # 3.2.2 "n/a" left out (DESIGN §3)
    assert any("3.2.2" in w for w in v.warnings)


def test_bounds_table_errors_name_file_row_column(tmp_path):
    bad = tmp_path / "bounds.csv"
    bad.write_text("code,value,max,min\n1.1.1,45,52,25\n1.1.2,6,6,abc\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_bounds(bad, FW)
    assert info.value.file == "bounds.csv" and info.value.row == 3 and info.value.column == 4
    inverted = tmp_path / "inv.csv"
    inverted.write_text("code,value,max,min\n1.1.1,45,25,52\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_bounds(inverted, FW)
    assert info.value.code == "bounds_inverted" and info.value.row == 2 and info.value.column == 3
    unknown = tmp_path / "unk.csv"
    unknown.write_text("code,value,max,min\n9.9.9,1,2,0\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_bounds(unknown, FW)
    assert info.value.code == "unknown_code" and info.value.row == 2 and info.value.column == 1
    rk = tmp_path / "rank.csv"
    rk.write_text("unit,code,score\nA,PII,30\nB,PII,130\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_ranking(rk, FW)
    assert info.value.code == "score_range" and (info.value.row, info.value.column) == (3, 3)


def test_value_beyond_a_bound_scores_100_and_is_flagged(view):
    after = whatif(view, {"1.1.2": 10.0}).after  # the 2026 target, above the 2024 national max 8,31
    assert after.score("1.1.2") == 100.0
    (flag,) = [f for f in after.flags if f.code == "1.1.2"]
    assert flag.kind == "above_max" and "other provinces' scores would move" in flag.message


def test_ranks_among_published_scores_and_the_average_only_when_complete(annex, tmp_path):
    others = sixty_two_others()
    full = read_ranking(write_ranking(tmp_path / "r.csv", others, own=23.95), FW)
    v = partial_view(FW, read_bounds(annex, FW, year=2024), full, unit=UNIT)
    assert v.rank("PII") == 63 and v.of["PII"] == 63
    assert v.average("PII") == pytest.approx(np.mean([*(round(s, 2) for s in others.values()), 23.95]))
    assert v.average("1") is None  # the table has no pillar scores: unknown, not guessed
    partial_table = read_ranking(write_ranking(tmp_path / "r2.csv", dict(list(others.items())[:10])), FW)
    v2 = partial_view(FW, read_bounds(annex, FW, year=2024), partial_table, unit=UNIT)
    assert v2.rank("PII") == 11 and v2.of["PII"] == 11
    assert any("not in the ranking table" in w for w in v2.warnings)


def test_solver_plan_applied_places_the_province_at_the_target_rank(annex, tmp_path):
    others = sixty_two_others()
    ranking = read_ranking(write_ranking(tmp_path / "r.csv", others, own=23.95), FW)
    v = partial_view(FW, read_bounds(annex, FW, year=2024), ranking, unit=UNIT)
    plan = solve(v, SolverTarget("PII", "rank", 50))
    assert plan.reachable and plan.changes and plan.verified
    applied = whatif(v, {c["indicator"]: c["to"] for c in plan.changes}).after  # recomputation
    assert applied.rank("PII") <= 50 < v.rank("PII")
    published = [round(s, 2) for s in others.values()]
    placed = sorted([*published, applied.score("PII")], reverse=True).index(applied.score("PII")) + 1
    assert placed == applied.rank("PII")
    with pytest.raises(InputError) as info:
        solve(v, SolverTarget("1", "rank", 10))  # the table has no pillar scores
    assert info.value.code == "others_unknown"
    score_plan = solve(v, SolverTarget("2.2", "score", 30))  # a score target needs no others
    assert score_plan.reachable
    reached = whatif(v, {c["indicator"]: c["to"] for c in score_plan.changes}).after
    assert reached.score("2.2") >= 30 - 1e-9


def test_raw_targets_of_2026_roll_up_and_are_checked(annex):
    bounds = read_bounds(annex, FW, year=2024)
    v24 = partial_view(FW, bounds, unit=UNIT, year=2024)
    history = {2024: v24.values}
    v23_values = read_bounds(annex, FW, year=2023, inverted="ignore").year(2023).value
    history[2023] = v23_values
    roll = raw_targets(v24, history=history)
    checks = {c.indicator: c for c in roll.indicators}
    assert checks["4.1.1"].target == 200.0 and checks["5.2.2"].target == 800.0 and checks["7.1.1"].target == 115.0
    assert checks["1.1.2"].beyond_best and checks["1.1.2"].score == 100.0  # 10,00 > national max 8,31
    assert checks["4.2.3"].far and not checks["4.2.3"].beyond_best  # 0,22% -> 5,00% of national GDP
    nodes = {(n["code"], n["kind"]): n for n in roll.nodes}
    assert nodes[("PII", "score")]["stated"] == 30.0
    implied_pii = roll.implied.score("PII")
    assert nodes[("PII", "score")]["implied_score"] == pytest.approx(implied_pii)
    assert nodes[("PII", "score")]["met"] == (implied_pii >= 30.0)
    assert implied_pii > v24.score("PII")
    assert nodes[("PII", "rank")]["stated"] == 30 and nodes[("PII", "rank")]["met"] is None  # others unknown
    for p in "1234567":
        n = nodes[(p, "score")]
        assert n["implied_score"] == pytest.approx(roll.implied.score(p)) and n["met"] in (True, False)


def test_score_to_raw_to_score_round_trip(view):
    for code, score in [("1.1.1", 60.0), ("7.1.4", 35.5), ("4.1.1", 12.25)]:
        raw = raw_for_score(view, code, score)
        assert raw.raw is not None and "bounds move" in raw.caveat
        back = whatif(view, {code: raw.raw}).after.score(code)
        assert back == pytest.approx(score, abs=1e-9)


def test_rank_to_raw_needs_the_others(view, annex, tmp_path):
    unknown = raw_for_rank(view, "1.1.1", 10)
    assert unknown.raw is None and "not published" in unknown.reason
    ranking = read_ranking(write_ranking(tmp_path / "i.csv", sixty_two_others(), node="1.1.1"), FW)
    v = partial_view(FW, read_bounds(annex, FW, year=2024), ranking, unit=UNIT)
    r = raw_for_rank(v, "1.1.1", 10)
    assert whatif(v, {"1.1.1": r.raw}).after.rank("1.1.1") == 10


def test_analyses_strengths_worth_trend_and_robustness_refused(annex, view):
    items = strengths(view)
    assert {i.basis for i in items} == {"range"} and any(i.rule == "weakness" for i in items)
    w = {x.indicator: x for x in worth(view)}
    assert sum(x.weight for x in w.values()) == pytest.approx(1.0)
    assert w["1.1.1"].gain_to_best == pytest.approx(w["1.1.1"].weight * (100 - view.score("1.1.1")))
    bounds = read_bounds(annex, FW, inverted="ignore")
    views = {y: partial_view(FW, bounds, unit=UNIT, year=y) for y in (2023, 2024)}
    t = trend(views, "PII")
    assert [p["official"] for p in t["points"]] == [22.18, 23.95]
    assert t["view"] == "partial" and not math.isnan(t["change"])
    assert robustness_unavailable().code == "robustness_full_view_only"


def test_from_published_scores_alone_it_aggregates_upward(tmp_path):
    """Sơn La holds its 2025 indicator scores and ranks (no raw values): DESIGN §7's figures."""
    from chiso.demo.published import son_la_2025

    fw = builtin("pii-2025")
    published = son_la_2025()
    lines = ["code,score,rank"] + [f"{c},{published[c]['score']},{int(published[c]['rank'])}" for c in fw.indicators]
    path = tmp_path / "son-la-2025.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    v = partial_view(fw, read_bounds(path, fw), unit="Sơn La", year=2025)
    assert v.score("1.1") == pytest.approx(40.41, abs=0.01)
    assert v.score("1") == pytest.approx(45.23, abs=0.01)
    assert v.score("PII") == pytest.approx(29.33, abs=0.01)
    assert any("official score" in w for w in v.warnings)
    assert {d.cause for d in v.differences} == {"agrees"}


def test_year_bounds_from_plain_mappings_as_a_page_reads_them(annex):
    from chiso.core.partial_inputs import year_bounds

    file_year = read_bounds(annex, FW, year=2024).year(2024)
    values = {c: float(file_year.value[i]) for i, c in enumerate(FW.indicators)}
    stats = {c: (float(file_year.upper[i]), float(file_year.lower[i])) for i, c in enumerate(FW.indicators)}
    official = {c: (p.score, p.rank, p.of) for c, p in file_year.official.items()}
    yb = year_bounds(FW, 2024, values, stats, official)
    a, b = partial_view(FW, yb, unit=UNIT), partial_view(FW, file_year, unit=UNIT)
    np.testing.assert_allclose(a.row, b.row)
    assert [d.cause for d in a.differences] == [d.cause for d in b.differences]


def test_ranking_from_a_plain_mapping(view, annex):
    from chiso.core.partial_inputs import ranking_year

    others = sixty_two_others()
    ry = ranking_year({"PII": {**others, UNIT: 23.95}})
    v = partial_view(FW, read_bounds(annex, FW, year=2024), ry, unit=UNIT)
    assert v.rank("PII") == 63 and v.average("PII") == pytest.approx(np.mean([*others.values(), 23.95]))
    short = ranking_year({"PII": others}, units=[*others, UNIT])  # Cao Bằng's own score not given
    assert partial_view(FW, read_bounds(annex, FW, year=2024), short, unit=UNIT).average("PII") is None


def test_bounds_and_ranking_as_real_xlsx(tmp_path, view):
    import openpyxl

    file_year = view.bounds
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["code", "value", "max", "min"])
    for i, c in enumerate(FW.indicators):
        cells = [file_year.value[i], file_year.upper[i], file_year.lower[i]]
        ws.append([c, *(None if math.isnan(x) else float(x) for x in cells)])
    ws.append(["2.2.1", 1, 2, 0])  # twice: refused with its row
    book.save(tmp_path / "bounds.xlsx")
    with pytest.raises(InputError) as info:
        read_bounds(tmp_path / "bounds.xlsx", FW)
    assert info.value.code == "duplicate_code" and info.value.row == 54 and info.value.sheet
    ws.delete_rows(54)
    book.save(tmp_path / "bounds.xlsx")
    v = partial_view(FW, read_bounds(tmp_path / "bounds.xlsx", FW), unit=UNIT, year=2024)
    np.testing.assert_allclose(v.row, view.row)
    rk = openpyxl.Workbook()
    rk.active.append(["unit", "code", "score", "rank"])
    rk.active.append(["A", "PII", 30.5, 1])
    rk.active.append([UNIT, "PII", 23.95, 2])
    rk.save(tmp_path / "ranking.xlsx")
    ranked = partial_view(
        FW, read_bounds(tmp_path / "bounds.xlsx", FW), read_ranking(tmp_path / "ranking.xlsx", FW), unit=UNIT
    )
    assert ranked.rank("PII") == 2 and ranked.of["PII"] == 2
