"""The core's input errors read in Vietnamese on the pages: worded by their code and params."""

from __future__ import annotations

import pytest

from chiso.core.errors import Code, InputError
from chiso.web.common.messages import message

CASES = [
    (Code.VALUE_NOT_NUMBER, {"value": "nhiều"}, "'nhiều' không phải là số"),
    (Code.VALUE_AMBIGUOUS, {"value": "1.234"}, "'1.234' không rõ nghĩa"),
    (Code.EMPTY_CELL, {"what": "unit"}, "ô unit để trống"),
    (
        Code.UNKNOWN_CODE,
        {"code": "9.9.9", "framework": "pii-2025"},
        "'9.9.9' không phải là mã trong bộ chỉ số pii-2025",
    ),
    (Code.NOT_INDICATOR, {"code": "1.1", "kind": "group"}, "'1.1' là mã nhóm"),
    (Code.NOT_INDICATOR, {"code": "1", "kind": "pillar"}, "'1' là mã trụ cột"),
    (Code.DUPLICATE_UNIT, {"unit": "A", "first_row": 2}, "đơn vị 'A' lặp lại (lần đầu ở dòng 2)"),
    (Code.DUPLICATE_CODE, {"code": "1.1.1", "first_row": 4}, "1.1.1 lặp lại (lần đầu ở dòng 4)"),
    (Code.EMPTY_SHEET, {}, "trang tính trống"),
    (Code.NO_DATA_ROWS, {"year": 2030}, "không có dòng dữ liệu"),
    (Code.UNKNOWN_COLUMN, {"column": "colour", "expected": "code, score"}, "cột 'colour' không có trong mẫu"),
    (Code.MISSING_COLUMNS, {"columns": "code, score"}, "thiếu cột code, score"),
    (Code.CODE_DEFINED_TWICE, {"code": "A", "first_row": 3}, "mã 'A' đã có ở dòng 3"),
    (Code.RANK_NOT_WHOLE, {"value": "35/34"}, "xếp hạng phải là số nguyên từ 1, không phải '35/34'"),
    (Code.YEAR_MISMATCH, {"value": 2024, "year": 2025}, "năm '2024' trong lần nhập cho năm 2025"),
]


@pytest.mark.parametrize("code,params,vietnamese_text", CASES)
def test_known_messages(code, params, vietnamese_text):
    assert vietnamese_text in message(InputError(code, params=params))


def test_uncoded_messages_are_kept_as_written():
    assert message(InputError("something new went wrong")) == "something new went wrong"


def test_rewording_the_english_keeps_the_vietnamese():
    """The English sentence is the command line's; the page reads the code (no regex over English)."""
    error = InputError(Code.VALUE_NOT_NUMBER, params={"value": "x"}, english="a sentence reworded later")
    assert message(error) == "'x' không phải là số"
