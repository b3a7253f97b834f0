"""Reading data sets: layouts, Vietnamese numbers, province names, and every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest

from chiso.core import builtin, read_dataset
from chiso.core.errors import InputError
from chiso.core.units import match_province, provinces

FW = builtin("pii-2025")
CODES = FW.indicators


def write_csv(tmp_path: Path, text: str, name: str = "data.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def wide_text(units=("Sơn La", "Hà Nội", "Cao Bằng"), sep=",", decimal=".") -> str:
    lines = [sep.join(["unit", *CODES])]
    for u, unit in enumerate(units):
        vals = [f"{u + i / 10:.1f}".replace(".", decimal) for i in range(len(CODES))]
        lines.append(sep.join([unit, *vals]))
    return "\n".join(lines) + "\n"


def write_xlsx(tmp_path: Path, rows, name="data.xlsx", sheet="Dữ liệu") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_wide_csv(tmp_path):
    data = read_dataset(write_csv(tmp_path, wide_text()), FW)
    yd = data.year()
    assert yd.units == ["Sơn La", "Hà Nội", "Cao Bằng"]
    assert yd.values.shape == (3, 52)
    assert yd.values[1, 2] == pytest.approx(1.2)
    assert yd.official == ["14", "01", "04"]


def test_wide_semicolon_with_vietnamese_decimals(tmp_path):
    data = read_dataset(write_csv(tmp_path, wide_text(sep=";", decimal=",")), FW)
    assert data.year().values[2, 3] == pytest.approx(2.3)


def test_wide_xlsx_with_year_column_and_missing_cells(tmp_path):
    rows = [["year", "unit", "name", *CODES]]
    rows.append([2025, "14", "Sơn La", *([1.5] * 51), "n/a"])
    rows.append([2025, "01", "Hà Nội", *([2.5] * 51), None])
    rows.append([2024, "14", "Sơn La", *(["45,23"] * 52)])
    data = read_dataset(write_xlsx(tmp_path, rows), FW)
    assert sorted(data.years) == [2024, 2025]
    assert np.isnan(data.year(2025).values[:, -1]).all()
    assert data.year(2024).values[0, 0] == pytest.approx(45.23)
    assert data.year(2025).names == ["Sơn La", "Hà Nội"]
    only = read_dataset(write_xlsx(tmp_path, rows, name="b.xlsx"), FW, year=2024)
    assert list(only.years) == [2024]


def test_long_layout(tmp_path):
    text = 'year,unit,indicator,value\n2025,Sơn La,1.1.1,"45,23"\n2025,Sơn La,1.1.2,n/a\n2025,Lạng Sơn,1.1.1,3\n'
    data = read_dataset(write_csv(tmp_path, text), FW)
    yd = data.year(2025)
    assert yd.values[0, 0] == pytest.approx(45.23) and np.isnan(yd.values[0, 1])
    assert yd.units == ["Sơn La", "Lạng Sơn"]
    assert any("no values for 51 indicator" in w for w in data.warnings)


def test_any_unit_codes_are_accepted(tmp_path):
    data = read_dataset(write_csv(tmp_path, wide_text(units=("A", "B", "C"))), FW)
    assert data.year().units == ["A", "B", "C"]
    assert data.year().official == [None, None, None]


@pytest.mark.parametrize(
    "text,row,column,message",
    [
        ("unit,1.1.1,1.1.2\nA,1,abc\n", 2, 3, "'abc' is not a number"),
        ("unit,1.1.1,9.9.9\nA,1,2\n", 1, 3, "'9.9.9' is not a code"),
        ("unit,1.1.1,1.1\nA,1,2\n", 1, 3, "is a group, not an indicator"),
        ("unit,1.1.1\nA,1\nB,2\nA,3\n", 4, 1, "appears again \\(first in row 2\\)"),
        ("unit,1.1.1\n,1\n", 2, 1, "empty unit"),
        ("unit,1.1.1\nA,1.234\n", 2, 2, "ambiguous"),
        ("unit,1.1.1\nA,1,7\n", 2, 3, "without heading"),
        ("unit,1.1.1,1.1.1\nA,1,2\n", 1, 3, "appears twice"),
        ("year,unit,indicator,value\n2025,A,1.1.1,1\n2025,A,1.1.1,2\n", 3, 3, "appears again"),
        ("year,unit,indicator,value\n20x5,A,1.1.1,1\n", 2, 1, "year must be a whole number"),
        ("year,unit,indicator,value\n2025,A,1.1.1,1\n2025,A,1.2,2\n", 3, 3, "not an indicator"),
        ("year,unit,indicator,value,colour\n2025,A,1.1.1,1,red\n", 1, 5, "unknown column 'colour'"),
    ],
)
def test_bad_csv_names_row_and_column(tmp_path, text, row, column, message):
    with pytest.raises(InputError, match=message) as info:
        read_dataset(write_csv(tmp_path, text), FW)
    err = info.value
    assert (err.file, err.row, err.column) == ("data.csv", row, column)
    assert f"row {row}" in str(err)


def test_wrong_header_says_what_is_expected(tmp_path):
    with pytest.raises(InputError, match="cannot tell the layout") as info:
        read_dataset(write_csv(tmp_path, "province,score\nA,1\n"), FW)
    assert info.value.row == 1


def test_year_not_in_data(tmp_path):
    with pytest.raises(InputError, match="no data rows for year 2030"):
        read_dataset(write_csv(tmp_path, "year,unit,indicator,value\n2025,A,1.1.1,1\n"), FW, year=2030)


def test_empty_sheet(tmp_path):
    with pytest.raises(InputError, match="empty") as info:
        read_dataset(write_xlsx(tmp_path, []), FW)
    assert info.value.sheet == "Dữ liệu"


def test_header_only_sheet(tmp_path):
    with pytest.raises(InputError, match="no data rows"):
        read_dataset(write_xlsx(tmp_path, [["unit", "1.1.1"]]), FW)


def test_xlsx_error_names_sheet_row_and_column(tmp_path):
    path = write_xlsx(tmp_path, [["unit", "1.1.1", "1.1.2"], ["A", 1, 2], ["B", 3, "nhiều"]])
    with pytest.raises(InputError) as info:
        read_dataset(path, FW)
    assert "data.xlsx, sheet 'Dữ liệu', row 3, column C (1.1.2)" in str(info.value)


def test_not_utf8(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes("unit,1.1.1\nS\u01a1n La,1\n".encode("utf-16"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_dataset(path, FW)


def test_not_a_workbook(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(InputError, match=r"not a readable \.xlsx"):
        read_dataset(path, FW)


def test_missing_file_and_unsupported_type(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_dataset(tmp_path / "nope.csv", FW)
    path = tmp_path / "data.json"
    path.write_text("{}")
    with pytest.raises(InputError, match=r"unsupported file type \.json"):
        read_dataset(path, FW)


def test_two_spellings_of_one_province_are_refused(tmp_path):
    with pytest.raises(InputError, match="both Tỉnh Sơn La"):
        read_dataset(write_csv(tmp_path, wide_text(units=("Sơn La", "Tỉnh Sơn La"))), FW)


@pytest.mark.parametrize(
    "text,year,code",
    [
        ("Sơn La", 2025, "14"),
        ("Tỉnh Sơn La", 2025, "14"),
        ("son la", 2025, "14"),
        ("14", 2025, "14"),
        ("014", 2025, "14"),
        ("TP. Hồ Chí Minh", 2025, "79"),
        ("TP HCM", 2025, "79"),
        ("Thừa Thiên Huế", 2024, "46"),
        ("Hà Giang", 2024, "02"),
        ("Thành phố Huế", 2025, "46"),
    ],
)
def test_province_spellings(text, year, code):
    assert match_province(text, year).code == code


def test_merged_provinces_do_not_match_after_2025():
    assert match_province("Hà Giang", 2025) is None
    assert match_province("02", 2025) is None
    assert match_province("Bà Rịa - Vũng Tàu", 2025) is None


def test_official_lists():
    assert len(provinces(2025)) == 34
    assert len(provinces(2024)) == 63
