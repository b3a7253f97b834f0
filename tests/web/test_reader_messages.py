"""The readers' errors read in Vietnamese on the pages, numbers written the Vietnamese way; each
raised by the reader itself from a real file."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from chiso.core import framework as core_framework
from chiso.core.errors import Code, InputError, Notice
from chiso.core.framework import Framework, Node
from chiso.core.tables import read_table
from chiso.web.common.messages import message

CASES = [
    (Code.CSV_QUOTE_SWALLOWS_LINES, {"lines": 3}, "dấu ngoặc kép mở ô này chỉ đóng lại sau 3 dòng"),
    (Code.CSV_QUOTE_NOT_CLOSED, {"detail": "unexpected end of data"}, "CSV sai định dạng"),
    (Code.ROW_TOO_SHORT, {"cells": 2, "width": 3}, "dòng này có 2 ô, dòng tiêu đề có 3 ô"),
    (Code.TOO_MANY_ROWS, {"limit": 100_000}, "quá nhiều dòng: tối đa 100.000 dòng"),
    (Code.TOO_MANY_CELLS, {"limit": 5_000_000}, "tối đa 5.000.000 ô"),
    (Code.PART_ZIP_BOMB, {"part": "xl/worksheets/sheet1.xml", "ratio": 178, "size_mb": 103.0}, "bị nén quá mức"),
    (Code.FORMULA_WITHOUT_VALUE, {}, "công thức chưa có giá trị tính sẵn"),
    (Code.VALUE_NOT_FINITE, {"value": "nan"}, "'nan' không phải là số"),
    (Code.VALUE_OUT_OF_RANGE, {"value": "1e309"}, "'1e309' vượt quá giới hạn"),
    (Code.CODE_DIFFERS_BY_CASE, {"code": "lpi", "other": "LPI", "first_row": 7}, "mã 'lpi' chỉ khác mã 'LPI' (dòng 7)"),
    (Code.TOO_DEEP, {"code": "N21", "depth": 21, "limit": 20}, "'N21' nằm sâu 21 cấp dưới gốc: tối đa 20 cấp"),
    (Code.TOO_MANY_NODES, {"nodes": 10_001, "limit": 10_000}, "bộ chỉ số có 10.001 nút: tối đa 10.000 nút"),
]


@pytest.mark.parametrize("code,params,vietnamese_text", CASES)
def test_reader_messages(code, params, vietnamese_text):
    assert vietnamese_text in message(InputError(code, params=params))


def _raised(call) -> InputError:
    with pytest.raises(InputError) as info:
        call()
    return info.value


def test_a_stray_quote_in_a_real_csv(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('a,b,c\n1,"2,3\n4,5,6\n7,8",9\n', encoding="utf-8")
    error = _raised(lambda: read_table(path))
    assert error.code == Code.CSV_QUOTE_SWALLOWS_LINES and error.row == 2
    assert "dấu ngoặc kép mở ô này chỉ đóng lại sau" in message(error)


def test_too_many_rows_in_a_real_csv(tmp_path, monkeypatch):
    monkeypatch.setattr("chiso.core.tables.MAX_ROWS", 1200)
    path = tmp_path / "a.csv"
    path.write_text("a\n" + "1\n" * 1300, encoding="utf-8")
    error = _raised(lambda: read_table(path))
    assert (error.code, error.params) == (Code.TOO_MANY_ROWS, {"limit": 1200})
    assert message(error) == "quá nhiều dòng: tối đa 1.200 dòng"
    assert "the limit is 1,200" in str(error)  # the command line's English


def test_a_formula_without_value_and_merged_cells_in_a_real_workbook(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Dữ liệu"
    ws.append(["unit", "1.1.1"])
    ws.append(["14", 1])
    ws.append(["20", 2])
    ws.merge_cells("B2:B3")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    notices = read_table(path).warnings
    assert isinstance(notices[0], Notice) and notices[0].code == Code.MERGED_CELLS
    assert "các ô B2:B3 được gộp; chỉ ô B2 có giá trị" in message(notices[0])
    ws["A4"] = "=1+1"
    book.save(path)
    error = _raised(lambda: read_table(path))
    assert error.code == Code.FORMULA_WITHOUT_VALUE and (error.row, error.column) == (4, 1)


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    assert message(_raised(lambda: read_table(path))) == "không đọc được tệp .xlsx"


def test_framework_errors_from_real_trees():
    nodes = [Node("R", "R", None, 1, 1, "", "", ""), Node("lpi", "a", "R", 1, 1, "", "", "")]
    nodes.append(Node("LPI", "b", "R", 1, 1, "", "", ""))
    error = _raised(lambda: Framework("t", nodes))
    assert error.code == Code.CODE_DIFFERS_BY_CASE
    assert message(error) == (
        "mã 'LPI' chỉ khác mã 'lpi' (dòng 3) ở chữ hoa, chữ thường hoặc dấu cách: các mã phải khác nhau thật sự"
    )
    chain = [Node("N0", "n", None, 1, 1, "", "", "")]
    chain += [Node(f"N{i}", "n", f"N{i - 1}", 1, 1, "", "", "") for i in range(1, core_framework.MAX_DEPTH + 2)]
    assert "nằm sâu 21 cấp dưới gốc: tối đa 20 cấp" in message(_raised(lambda: Framework("deep", chain)))
