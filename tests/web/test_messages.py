"""The core's input errors read in Vietnamese on the pages."""

from __future__ import annotations

import pytest

from chiso.web.common.messages import vietnamese

CASES = [
    ("'nhiều' is not a number", "'nhiều' không phải là số"),
    ("'1.234' is ambiguous: 1.234 is 1234 in Vietnamese and 1.234 in English; write 1234", "'1.234' không rõ nghĩa"),
    ("empty unit", "ô unit để trống"),
    ("'9.9.9' is not a code of framework pii-2025", "'9.9.9' không phải là mã trong bộ chỉ số pii-2025"),
    ("'1.1' is a group, not an indicator: data holds indicator values only", "'1.1' là mã nhóm hoặc trụ cột"),
    ("unit 'A' appears again (first in row 2)", "đơn vị 'A' lặp lại (lần đầu ở dòng 2)"),
    ("1.1.1 appears again (first in row 4)", "1.1.1 lặp lại (lần đầu ở dòng 4)"),
    ("the sheet is empty: no heading row", "trang tính trống"),
    ("no data rows for year 2030", "không có dòng dữ liệu"),
    ("unknown column 'colour'; see the template", "cột 'colour' không có trong mẫu"),
    ("missing column(s): code, score; see the template", "thiếu cột code, score"),
    ("code 'A' already defined in row 3", "mã 'A' đã có ở dòng 3"),
    ("a rank is a whole number from 1, not '35/34'", "xếp hạng phải là số nguyên từ 1, không phải '35/34'"),
]


@pytest.mark.parametrize("english,vietnamese_text", CASES)
def test_known_messages(english, vietnamese_text):
    assert vietnamese_text in vietnamese(english)


def test_unknown_messages_are_kept_as_written():
    assert vietnamese("something new went wrong") == "something new went wrong"
