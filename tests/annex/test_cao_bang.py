"""The Cao Bằng annex, in Word and in Excel: values and bounds of two years, targets, agencies."""

from __future__ import annotations

import pytest

from chiso.annex import agencies
from chiso.annex.values import vn_number

from .documents import rows

FORMATS = ["docx", "xlsx"]
DATA = rows("cao_bang")
INDICATORS = [r for r in DATA if r["code"]]


def _num(text):
    return None if text in ("", "n/a") else vn_number(text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_indicator_with_values_bounds_target_and_agencies(read, fmt):
    annex = read("cao_bang", fmt)
    assert annex.kind == "cao_bang_pii"
    assert [i.code for i in annex.indicators] == [r["code"] for r in INDICATORS]
    assert len(annex.indicators) == 52
    for item, row in zip(annex.indicators, INDICATORS, strict=True):
        assert item.name == row["name"]
        for year in (2023, 2024):
            assert item.values[year] == _num(row[f"value_{year}"]), (item.code, year)
            assert item.bounds[year] == (_num(row[f"max_{year}"]), _num(row[f"min_{year}"])), (item.code, year)
        # the target is in a column headed "Điểm số" but it is a raw value
        assert (item.target, item.target_kind, item.target_year) == (row["target_score"], "raw", 2026)
        assert item.target_value == vn_number(row["target_score"])
        assert item.lead == agencies.names(row["lead"], "cao-bang"), item.code
        expected = [a for a in agencies.names(row["coordinating"], "cao-bang") if a not in item.lead]
        assert item.coordinating == expected, item.code
    assert annex.unknown_agencies == []
    by_code = {i.code: i for i in annex.indicators}
    assert by_code["4.1.1"].target_value == 200.0 and by_code["7.1.1"].target_value == 115.0
    assert by_code["2.2.3"].lead == ["Sở Tài chính"] and by_code["2.2.3"].coordinating == ["Sở Khoa học và Công nghệ"]
    assert by_code["4.1.2"].lead == ["Ngân hàng Chính sách xã hội tỉnh Cao Bằng"]
    assert by_code["4.1.3"].supplier == ["Thống kê tỉnh Cao Bằng"]  # the statistics office supplies the data
    assert by_code["3.2.2"].values[2023] is None  # "n/a"


@pytest.mark.parametrize("fmt", FORMATS)
def test_groups_pillars_and_the_index_with_their_targets(read, fmt):
    annex = read("cao_bang", fmt)
    levels = [n.level for n in annex.nodes]
    assert levels.count("pillar") == 7 and levels.count("group") == 16 and levels.count("index") == 1
    pillar = annex.nodes[0]
    assert (pillar.code, pillar.name, pillar.values, pillar.target_value) == (
        "1",
        "Thể chế",
        {2023: 35.49, 2024: 42.2},
        45.0,
    )
    assert pillar.bounds[2024] == (77.59, 28.3) and pillar.target_kind == "score"
    group = next(n for n in annex.nodes if n.code == "3.1")
    assert group.target_value == 40.0  # the text of the plan says 30: a conflict for the plan's checks
    pii = next(n for n in annex.nodes if n.code == "PII")
    assert pii.values == {2023: 22.18, 2024: 23.95}
    assert (pii.rank, pii.of, pii.target_rank) == (63, 63, 30)
    assert pii.target == "≥ 30,00; ≤ 30/34"


@pytest.mark.parametrize("fmt", FORMATS)
def test_max_below_min_is_reported_with_its_row_not_a_crash(read, fmt):
    annex = read("cao_bang", fmt)
    assert [u.code for u in annex.unplaced] == ["bounds_inverted"]
    warning = annex.unplaced[0]
    item = next(i for i in annex.indicators if i.code == "3.2.2")
    assert warning.location.row == item.location.row
    assert warning.location.column == 4  # "Cao nhất" of 2023
    assert "3.2.2" in warning.why and "0,16" in warning.why and "100,00" in warning.why
    assert item.bounds[2023] == (0.16, 100.0)  # kept as written


def test_values_typed_as_excel_numbers_read_the_same(read, tmp_path):
    from chiso.annex import read_annex

    from . import documents

    path = documents.write_xlsx(documents.cao_bang_layout(), tmp_path / "numbers.xlsx", numbers=True)
    annex = read_annex(path)
    reference = read("cao_bang", "xlsx")
    assert [(i.code, i.values, i.bounds, i.target_value) for i in annex.indicators] == [
        (i.code, i.values, i.bounds, i.target_value) for i in reference.indicators
    ]
    assert [(n.code, n.values, n.target_value) for n in annex.nodes] == [
        (n.code, n.values, n.target_value) for n in reference.nodes
    ]
    assert [u.code for u in annex.unplaced] == ["bounds_inverted"]
