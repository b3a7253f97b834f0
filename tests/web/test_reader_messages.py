"""The readers' new errors read in Vietnamese on the pages, numbers written the Vietnamese way."""

from __future__ import annotations

import pytest

from chiso.web.common.messages import vietnamese

CASES = [
    (
        "malformed CSV: the quote that opens this cell closes 3 line(s) later, so the lines in between are read "
        'as one cell; remove the stray quote (or close it: "…")',
        "dấu ngoặc kép mở ô này chỉ đóng lại sau 3 dòng",
    ),
    (
        "malformed CSV (unexpected end of data): a quote opened in this row or above is not closed properly",
        "CSV sai định dạng",
    ),
    ("this row has 2 cell(s) and the heading row 3: check the quotes", "dòng này có 2 ô, dòng tiêu đề có 3 ô"),
    ("too many rows: the limit is 100,000", "quá nhiều dòng: tối đa 100.000 dòng"),
    ("too many cells: the limit is 5,000,000", "tối đa 5.000.000 ô"),
    (
        "the workbook part xl/worksheets/sheet1.xml is compressed 178 times (103 MB uncompressed): "
        "refused as a possible zip bomb",
        "bị nén quá mức",
    ),
    ("formula without a computed value: open the file in Excel", "công thức chưa có giá trị tính sẵn"),
    ("'nan' is not a number: leave the cell empty for a missing value", "'nan' không phải là số"),
    ("'1e309' is out of range: numbers are accepted up to 10^12 in magnitude", "'1e309' vượt quá giới hạn"),
    (
        "code 'lpi' differs from 'LPI' (row 7) only by case or spaces: codes must differ by more than that",
        "mã 'lpi' chỉ khác mã 'LPI' (dòng 7)",
    ),
    ("'N21' is 21 levels below the root: the limit is 20", "'N21' nằm sâu 21 cấp dưới gốc: tối đa 20 cấp"),
    ("the framework has 10,001 nodes: the limit is 10,000", "bộ chỉ số có 10.001 nút: tối đa 10.000 nút"),
    (
        "data.xlsx, sheet 'Dữ liệu': cells B2:B3 are merged; only B2 holds a value, the other cells up to B3 "
        "are read as empty",
        "các ô B2:B3 được gộp; chỉ ô B2 có giá trị",
    ),
]


@pytest.mark.parametrize("english,vietnamese_text", CASES)
def test_reader_messages(english, vietnamese_text):
    assert vietnamese_text in vietnamese(english)
