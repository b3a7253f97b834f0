"""The core's input errors worded for the pages, by their code (``chiso.core.errors.Code``).

Each code has one message here, a gettext msgid in Vietnamese (the English wording is its
translation in the .po file), filled with the error's params: numbers the Vietnamese way in
Vietnamese (100.000; 1,5) and the English way in English, a framework level by its name, a nested
error (the reason a target cannot be read) by its own message. Nothing reads the core's English
sentence: an uncoded error (the command line's own) is shown as written.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core.errors import Code, InputError, Notice, column_letter

from .formatting import format_vn

MESSAGES: dict[Code, Promise] = {
    Code.VALUE_NOT_NUMBER: gettext_lazy("'%(value)s' không phải là số"),
    Code.VALUE_NOT_FINITE: gettext_lazy("'%(value)s' không phải là số: để trống ô nếu thiếu giá trị"),
    Code.VALUE_PERCENT: gettext_lazy("'%(value)s' có dấu %%: chỉ ghi số (đơn vị tính thuộc về chỉ số)"),
    Code.VALUE_AMBIGUOUS: gettext_lazy(
        "'%(value)s' không rõ nghĩa: theo cách viết Việt Nam 1.234 là một nghìn hai trăm ba mươi tư, "
        "theo cách viết Anh là 1,234; hãy viết 1234, hoặc 1,234 nếu là số thập phân"
    ),
    Code.VALUE_GROUPS_WITH_DECIMAL_MARK: gettext_lazy(
        "'%(value)s' dùng dấu '%(mark)s' để tách nhóm chữ số, trong khi tệp này dùng dấu đó làm dấu thập phân"
    ),
    Code.VALUE_MARK_TWICE: gettext_lazy(
        "'%(value)s' dùng dấu '%(mark)s' vừa để tách nhóm chữ số vừa làm dấu thập phân"
    ),
    Code.VALUE_OUT_OF_RANGE: gettext_lazy(
        "'%(value)s' vượt quá giới hạn: chỉ nhận số có giá trị tuyệt đối không quá 10^12"
    ),
    Code.VALUE_INFINITE: gettext_lazy("giá trị vô hạn: chỉ nhận số hữu hạn"),
    Code.RAW_VALUE_OUT_OF_RANGE: gettext_lazy(
        "%(value)s vượt quá giới hạn (đơn vị %(unit)s, chỉ số %(indicator)s): "
        "chỉ nhận số có giá trị tuyệt đối không quá 10^12"
    ),
    Code.FILE_NOT_FOUND: gettext_lazy("không tìm thấy tệp"),
    Code.FILE_IS_FOLDER: gettext_lazy("đây là thư mục, không phải tệp"),
    Code.FILE_UNREADABLE: gettext_lazy("không đọc được tệp"),
    Code.FILE_TOO_LARGE: gettext_lazy("Tệp quá lớn: tối đa %(limit_mb)s MB."),
    Code.FILE_TYPE_UNSUPPORTED: gettext_lazy("không nhận loại tệp %(suffix)s: dùng .csv hoặc .xlsx"),
    Code.NOT_UTF8: gettext_lazy("tệp không phải văn bản UTF-8 (hãy lưu dạng 'CSV UTF-8' hoặc .xlsx)"),
    Code.CSV_QUOTE_SWALLOWS_LINES: gettext_lazy(
        "CSV sai định dạng: dấu ngoặc kép mở ô này chỉ đóng lại sau %(lines)s dòng, nên các dòng ở giữa bị đọc "
        'thành một ô; hãy xoá dấu ngoặc kép thừa (hoặc đóng lại: "…")'
    ),
    Code.CSV_QUOTE_NOT_CLOSED: gettext_lazy(
        "CSV sai định dạng: có dấu ngoặc kép mở ở dòng này hoặc phía trên không được đóng đúng cách"
    ),
    Code.ROW_TOO_SHORT: gettext_lazy(
        "dòng này có %(cells)s ô, dòng tiêu đề có %(width)s ô: hãy kiểm tra dấu ngoặc kép và dấu phân cách của dòng này"
    ),
    Code.TOO_MANY_ROWS: gettext_lazy("quá nhiều dòng: tối đa %(limit)s dòng"),
    Code.TOO_MANY_CELLS: gettext_lazy("quá nhiều ô: tối đa %(limit)s ô"),
    Code.TOO_MANY_COLUMNS: gettext_lazy("quá nhiều cột: tối đa %(limit)s cột"),
    Code.TOO_MANY_STRINGS: gettext_lazy("quá nhiều chuỗi văn bản: tối đa %(limit)s"),
    Code.TOO_MANY_MERGED: gettext_lazy("quá nhiều vùng ô gộp: tối đa %(limit)s"),
    Code.PART_TOO_LARGE: gettext_lazy("phần %(part)s của bảng tính giải nén ra hơn %(limit_mb)s MB: không nhận"),
    Code.PART_ZIP_BOMB: gettext_lazy(
        "phần %(part)s của bảng tính bị nén quá mức (%(ratio)s lần, có thể là tệp 'bom nén'): không nhận"
    ),
    Code.NOT_XLSX: gettext_lazy("không đọc được tệp .xlsx"),
    Code.BROKEN_WORKBOOK: gettext_lazy("bảng tính bị hỏng"),
    Code.NO_SHEET: gettext_lazy("không có trang tính '%(sheet)s' (các trang: %(sheets)s)"),
    Code.FORMULA_WITHOUT_VALUE: gettext_lazy(
        "công thức chưa có giá trị tính sẵn: hãy mở tệp bằng Excel hoặc LibreOffice để tính rồi lưu lại "
        "(hoặc nhập trực tiếp giá trị)"
    ),
    Code.EMPTY_SHEET: gettext_lazy("trang tính trống: không có dòng tiêu đề"),
    Code.EMPTY_HEADING: gettext_lazy("tiêu đề cột để trống"),
    Code.DUPLICATE_HEADING: gettext_lazy("tiêu đề cột '%(heading)s' lặp lại"),
    Code.VALUE_WITHOUT_HEADING: gettext_lazy("có giá trị ở cột không có tiêu đề"),
    Code.MERGED_CELLS: gettext_lazy(
        "%(file)s, trang tính '%(sheet)s': các ô %(cells)s được gộp; chỉ ô %(first)s có giá trị, "
        "các ô còn lại đến %(last)s được đọc là trống"
    ),
    Code.MORE_MERGED_CELLS: gettext_lazy("%(file)s, trang tính '%(sheet)s': thêm %(count)s vùng ô gộp"),
    Code.UNKNOWN_COLUMN: gettext_lazy("cột '%(column)s' không có trong mẫu (các cột: %(expected)s)"),
    Code.MISSING_COLUMNS: gettext_lazy("thiếu cột %(columns)s: xem tệp mẫu"),
    Code.UNKNOWN_LAYOUT: gettext_lazy(
        "không nhận ra bố cục: bảng dạng rộng có cột 'unit' và mỗi chỉ số một cột; "
        "bảng dạng dài có các cột year, unit, indicator, value"
    ),
    Code.NO_DATA_ROWS: gettext_lazy("không có dòng dữ liệu"),
    Code.NO_YEAR_COLUMNS: gettext_lazy("không có cột theo năm (max_YYYY, min_YYYY, value_YYYY)"),
    Code.EMPTY_CELL: gettext_lazy("ô %(what)s để trống"),
    Code.YEAR_NOT_WHOLE: gettext_lazy("năm phải là số nguyên như 2025, không phải '%(value)s'"),
    Code.YEAR_OUT_OF_RANGE: gettext_lazy("năm %(year)s nằm ngoài khoảng 2015–2100"),
    Code.YEAR_MISMATCH: gettext_lazy("năm '%(value)s' trong lần nhập cho năm %(year)s"),
    Code.NO_DATA_FOR_YEAR: gettext_lazy("không có số liệu năm %(year)s (có các năm %(years)s)"),
    Code.UNKNOWN_CODE: gettext_lazy("'%(code)s' không phải là mã trong bộ chỉ số %(framework)s"),
    Code.NOT_INDICATOR: gettext_lazy("'%(code)s' là mã %(kind)s: chỉ nhập giá trị của chỉ số thành phần"),
    Code.UNKNOWN_INDICATOR: gettext_lazy("'%(code)s' không phải là chỉ số thành phần của bộ chỉ số %(framework)s"),
    Code.DUPLICATE_ROW: gettext_lazy(
        "'%(unit)s', chỉ số %(code)s, năm %(year)s lặp lại (lần đầu ở dòng %(first_row)s)"
    ),
    Code.DUPLICATE_UNIT: gettext_lazy("đơn vị '%(unit)s' lặp lại (lần đầu ở dòng %(first_row)s)"),
    Code.DUPLICATE_CODE: gettext_lazy("%(code)s lặp lại (lần đầu ở dòng %(first_row)s)"),
    Code.SAME_PROVINCE: gettext_lazy("'%(first)s' và '%(second)s' cùng là %(province)s"),
    Code.NOT_PROVINCE: gettext_lazy(
        "'%(unit)s' không phải tỉnh, thành phố chính thức năm %(year)s (hãy ghi tên hoặc mã hai chữ số)"
    ),
    Code.SCORE_OUT_OF_RANGE: gettext_lazy("điểm số phải từ 0 đến 100, không phải '%(value)s'"),
    Code.AGGREGATE_SCORE_OUT_OF_RANGE: gettext_lazy("%(code)s là mã %(kind)s: giá trị của nó là điểm từ 0 đến 100"),
    Code.RANK_NOT_WHOLE: gettext_lazy("xếp hạng phải là số nguyên từ 1, không phải '%(value)s'"),
    Code.TARGET_RANK_NOT_WHOLE: gettext_lazy("mục tiêu xếp hạng phải là số nguyên từ 1, không phải '%(value)s'"),
    Code.UNKNOWN_IMPORT_KIND: gettext_lazy("không có loại dữ liệu nhập '%(kind)s'"),
    Code.FRAMEWORK_EMPTY: gettext_lazy("bộ chỉ số không có nút nào"),
    Code.TOO_MANY_NODES: gettext_lazy("bộ chỉ số có %(nodes)s nút: tối đa %(limit)s nút"),
    Code.EMPTY_CODE: gettext_lazy("mã để trống"),
    Code.CODE_DEFINED_TWICE: gettext_lazy("mã '%(code)s' đã có ở dòng %(first_row)s"),
    Code.CODE_DIFFERS_BY_CASE: gettext_lazy(
        "mã '%(code)s' chỉ khác mã '%(other)s' (dòng %(first_row)s) ở chữ hoa, chữ thường hoặc dấu cách: "
        "các mã phải khác nhau thật sự"
    ),
    Code.WEIGHT_INVALID: gettext_lazy("trọng số phải là số ≥ 0, không phải '%(value)s'"),
    Code.DIRECTION_INVALID: gettext_lazy("chiều phải là 1 hoặc -1, không phải '%(value)s'"),
    Code.NO_ROOT: gettext_lazy("không có gốc: đúng một nút phải để trống mã cha"),
    Code.SECOND_ROOT: gettext_lazy("gốc thứ hai '%(code)s': chỉ '%(root)s' được để trống mã cha"),
    Code.PARENT_UNKNOWN: gettext_lazy("mã cha '%(parent)s' của '%(code)s' không có trong bộ chỉ số"),
    Code.CYCLE: gettext_lazy("vòng lặp cha – con: %(path)s"),
    Code.TOO_DEEP: gettext_lazy("'%(code)s' nằm sâu %(depth)s cấp dưới gốc: tối đa %(limit)s cấp"),
    Code.UNKNOWN_FRAMEWORK: gettext_lazy("không có bộ chỉ số '%(name)s' (có sẵn: %(builtin)s)"),
    Code.TARGET_UNREADABLE: gettext_lazy("không đọc được mục tiêu '%(text)s'"),
    Code.TARGET_INVALID: gettext_lazy("mục tiêu '%(text)s': %(cause)s"),
    Code.TARGET_NODE_UNKNOWN: gettext_lazy("mục tiêu: '%(node)s' không phải là mã trong bộ chỉ số %(framework)s"),
    Code.EFFORT_NEGATIVE: gettext_lazy("mức công sức phải từ 0 trở lên, không phải %(value)s"),
    Code.CHANGE_UNREADABLE: gettext_lazy(
        "không đọc được thay đổi '%(text)s': hãy viết ĐƠN_VỊ:CHỈ_SỐ=GIÁ_TRỊ (ví dụ 14:2.2.1=0,5 hoặc 14:2.2.1=+10%%)"
    ),
    Code.CHANGE_INVALID: gettext_lazy("thay đổi '%(text)s': %(cause)s"),
    Code.CHANGE_UNKNOWN_UNIT: gettext_lazy("thay đổi cho đơn vị '%(unit)s': không có trong số liệu năm %(year)s"),
    Code.CHANGE_NOT_INDICATOR: gettext_lazy(
        "thay đổi cho '%(indicator)s': không phải là chỉ số thành phần của bộ chỉ số %(framework)s"
    ),
    Code.CHANGE_NO_CURRENT_VALUE: gettext_lazy(
        "%(unit)s %(indicator)s: chưa có giá trị hiện tại để thay đổi %(change)s%%"
    ),
    Code.CHANGE_SCORE_RANGE: gettext_lazy("%(unit)s %(indicator)s: điểm phải từ 0 đến 100, không phải %(value)s"),
    Code.UNIT_NOT_IN_YEARS: gettext_lazy("đơn vị '%(unit)s' không có trong năm nào (%(years)s)"),
    Code.TREND_NEEDS_YEARS: gettext_lazy("cần số liệu có năm để tính xu hướng"),
    Code.SOLVER_VALUES_MISSING: gettext_lazy("%(count)s chỉ số chưa có giá trị nên được giữ nguyên: %(codes)s"),
    Code.SOLVER_RECOMPUTED: gettext_lazy(
        "Mô hình tuyến tính chưa đủ (ngưỡng hoặc cách xử lý ngoại lai thay đổi): phương án được tìm bằng "
        "cách tính lại toàn bộ."
    ),
}

# A framework level named in a message (``Framework.kind``).
KINDS: dict[str, Promise] = {
    "index": gettext_lazy("chỉ số chung"),
    "subindex": gettext_lazy("chỉ số phụ"),
    "pillar": gettext_lazy("trụ cột"),
    "group": gettext_lazy("nhóm"),
    "aggregate": gettext_lazy("tổng hợp"),
    "indicator": gettext_lazy("chỉ số thành phần"),
}
PLAIN = frozenset({"year", "row", "first_row"})  # numbers shown as written (2025, not 2.025)
YEAR_VALUES = frozenset({Code.YEAR_MISMATCH, Code.YEAR_NOT_WHOLE})  # their ``value`` is a year cell
SIGNED = frozenset({"change"})  # shown with their sign (+10)


def _number(value: float) -> str:
    if not math.isfinite(value):
        return format_vn(value)
    if float(value).is_integer():
        return format_vn(value, 0)
    decimals = min(4, max(1, len(f"{abs(value):.4f}".rstrip("0").split(".")[1])))
    return format_vn(value, decimals)


def _shown(name: str, value: Any, plain: frozenset[str] = PLAIN) -> str:
    if isinstance(value, InputError):
        return message(value)
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if name in plain and float(value).is_integer():
            return str(int(value))
        text = _number(float(value))
        if name in SIGNED and value > 0:
            text = "+" + text
        return text
    if name == "kind" and value in KINDS:
        return str(KINDS[value])
    if isinstance(value, list | tuple):
        return ", ".join(_shown(name, v, plain) for v in value)
    return str(value)


def wording(code: Code, params: Mapping[str, Any]) -> str:
    """The code's message in the active language, filled with the params."""
    plain = PLAIN | {"value"} if code in YEAR_VALUES else PLAIN
    return str(MESSAGES[code]) % {k: _shown(k, v, plain) for k, v in params.items()}


def message(exc: InputError | Notice) -> str:
    """The error's (or notice's) message in the active language, without its place; an uncoded error
    as written."""
    code = getattr(exc, "code", None)
    if code is None or code not in MESSAGES:
        return exc.message if isinstance(exc, InputError) else str(exc)
    return wording(code, exc.params)


def place(exc: InputError) -> str:
    """Where the error is, in the active language: file, sheet, row, column (heading)."""
    parts = [exc.file] if exc.file else []
    if exc.sheet:
        parts.append(_("trang tính '%(s)s'") % {"s": exc.sheet})
    if exc.row is not None:
        parts.append(_("dòng %(n)s") % {"n": exc.row})
    if exc.column is not None:
        column = _("cột %(c)s") % {"c": column_letter(exc.column)}
        parts.append(f"{column} ({exc.header})" if exc.header else column)
    return ", ".join(parts)


def describe(exc: InputError) -> str:
    """The error with its place, in the active language: 'data.csv, dòng 7, cột M (2.2.1): …'."""
    where = place(exc)
    return (where + ": " if where else "") + message(exc)
