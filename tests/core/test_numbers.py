from __future__ import annotations

import math

import pytest

from chiso.core.numbers import NumberFormatError, format_number, parse_number


@pytest.mark.parametrize(
    "text,expected",
    [
        ("45,23", 45.23),
        ("0,5", 0.5),
        ("1.234,56", 1234.56),
        ("1.234.567,8", 1234567.8),
        ("1,234.56", 1234.56),
        ("1,234,567", 1234567),
        ("0.46", 0.46),
        ("12.5", 12.5),
        ("0.125", 0.125),
        ("-0,02", -0.02),
        ("−15,70", -15.70),
        (" 45,23  ", 45.23),
        ("1 234,5", 1234.5),
        ("100", 100.0),
        ("2.9e-05", 2.9e-05),
        ("-1E3", -1000.0),
        (7, 7.0),
        (2.5, 2.5),
    ],
)
def test_reads_what_vietnamese_spreadsheets_contain(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["n/a", "N/A", "-", "", "  ", None, "…"])
def test_missing_values(text):
    assert math.isnan(parse_number(text))


@pytest.mark.parametrize(
    "text", ["1.234", "12.500", "abc", "1,2,3", "12%", "1.234.5", "1,234,56.7", "1.234.567.89,0.1"]
)
def test_refuses_what_it_would_have_to_guess(text):
    with pytest.raises(NumberFormatError):
        parse_number(text)


def test_ambiguous_message_explains():
    with pytest.raises(NumberFormatError, match="ambiguous"):
        parse_number("1.234")


def test_format_vietnamese_and_english():
    assert format_number(45.2345) == "45,23"
    assert format_number(1234.5) == "1.234,50"
    assert format_number(1234.5, locale="en") == "1,234.50"
    assert format_number(float("nan")) == "–"


def test_a_files_convention_settles_the_ambiguous_cells():
    from chiso.core.numbers import infer_decimal_mark

    english = ["8.050", "0.46", "12.3"]
    vietnamese = ["1.234", "45,23", "7"]
    assert infer_decimal_mark(english) == "."
    assert infer_decimal_mark(vietnamese) == ","
    assert infer_decimal_mark(["1.234", "2.500"]) is None
    assert infer_decimal_mark(["0.46", "45,23"]) is None  # conflicting evidence decides nothing
    assert parse_number("8.050", ".") == pytest.approx(8.05)
    assert parse_number("1.234", ",") == 1234
    assert parse_number("1,234", ".") == 1234
    assert parse_number("1,234", ",") == pytest.approx(1.234)
    with pytest.raises(NumberFormatError, match="decimal mark of this file"):
        parse_number("1.234.567", ".")


def test_dataset_reads_an_english_file_with_three_decimals(tmp_path):
    from chiso.core import builtin, read_dataset

    path = tmp_path / "d.csv"
    path.write_text("unit,1.1.1,1.1.2\nA,8.050,0.5\nB,1.234,2\n", encoding="utf-8")
    values = read_dataset(path, builtin("pii-2025")).year().values
    assert values[0, 0] == pytest.approx(8.05) and values[1, 0] == pytest.approx(1.234)
    path.write_text('unit,1.1.1,1.1.2\nA,1.234,"0,5"\n', encoding="utf-8")
    assert read_dataset(path, builtin("pii-2025")).year().values[0, 0] == 1234
