"""Coded input errors: every code of the core's registry has a Vietnamese message (and its English
translation in the .po), filled from the error's params; real uploads show them in Vietnamese."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from chiso.core.errors import ENGLISH, Code, InputError, Notice, english
from chiso.web.common.messages import MESSAGES, describe, message, wording
from chiso.web.indexdata.models import ImportBatch, RawValue

EXAMPLES = {
    "value": "nhiều",
    "mark": ".",
    "unit": "14",
    "indicator": "2.2.1",
    "limit": 100_000,
    "limit_mb": 5,
    "suffix": ".pdf",
    "lines": 3,
    "detail": "BadZipFile",
    "reason": "Permission denied",
    "cells": 2,
    "width": 3,
    "part": "xl/worksheets/sheet1.xml",
    "ratio": 1780,
    "size_mb": 1030.5,
    "sheet": "Dữ liệu",
    "sheets": "Dữ liệu, Ghi chú",
    "heading": "1.1.1",
    "file": "data.xlsx",
    "first": "B2",
    "last": "B3",
    "count": 4,
    "column": "colour",
    "expected": "code, name, score",
    "columns": "code, score",
    "what": "unit",
    "year": 2025,
    "years": "2024, 2025",
    "code": "1.1",
    "framework": "pii-2025",
    "kind": "group",
    "first_row": 4,
    "second": "Son La",
    "province": "Tỉnh Sơn La",
    "nodes": 10_001,
    "other": "LPI",
    "root": "PII",
    "parent": "X",
    "path": "A -> B -> A",
    "depth": 21,
    "name": "pii-2030",
    "builtin": "pii-2025, pii-2024",
    "text": "rank:PII:x",
    "form": "rank:NODE:N or score:NODE:S",
    "cause": InputError(Code.VALUE_NOT_NUMBER, params={"value": "x"}),
    "node": "ZZ",
    "change": 10.0,
    "codes": "1.1.1, 2.2.3",
}
PLACEHOLDER = re.compile(r"%\((\w+)\)|\{(\w+)[!:}]")


def names_in(template: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(template)}


def test_every_code_has_an_english_wording_and_a_message():
    assert set(ENGLISH) == set(Code)
    assert set(MESSAGES) == set(Code)


@pytest.mark.parametrize("code", list(Code), ids=[c.value for c in Code])
def test_every_message_renders_in_vietnamese_and_english(code):
    msgid = str(MESSAGES[code]._args[0])
    needed = names_in(msgid) | names_in(ENGLISH[code])
    params = {n: EXAMPLES[n] for n in needed}
    if code in (Code.EFFORT_NEGATIVE, Code.CHANGE_SCORE_RANGE):
        params["value"] = -1.5  # a number, as these raise sites give
    # the web's message uses only params the core's wording names (what every raise site supplies)
    assert names_in(msgid) <= names_in(ENGLISH[code]), code
    core = english(code, params)
    assert "{" not in core and "}" not in core
    with translation.override("vi"):
        vi = wording(code, params)
    with translation.override("en"):
        en = wording(code, params)
    for text in (vi, en):
        assert "%(" not in text and "%%" not in text and "{" not in text
    assert vi != en, f"{code}: no English translation in the .po"


def test_numbers_in_messages_are_written_the_language_s_way():
    error = InputError(Code.TOO_MANY_ROWS, params={"limit": 100_000}, file="a.csv", row=100_001)
    with translation.override("vi"):
        assert message(error) == "quá nhiều dòng: tối đa 100.000 dòng"
        assert describe(error) == "a.csv, dòng 100001: quá nhiều dòng: tối đa 100.000 dòng"
    with translation.override("en"):
        assert message(error) == "too many rows: at most 100,000 rows"
    assert str(error) == "a.csv, row 100001: too many rows: the limit is 100,000"  # the command line's


def test_a_nested_error_and_a_framework_level_are_worded_in_vietnamese():
    cause = InputError(Code.VALUE_PERCENT, params={"value": "10%"})
    error = InputError(Code.TARGET_INVALID, params={"text": "score:PII:10%", "cause": cause})
    with translation.override("vi"):
        assert message(error) == "mục tiêu 'score:PII:10%': '10%' có dấu %: chỉ ghi số (đơn vị tính thuộc về chỉ số)"
        level = InputError(Code.NOT_INDICATOR, params={"code": "1.1", "kind": "group"})
        assert message(level) == "'1.1' là mã nhóm: chỉ nhập giá trị của chỉ số thành phần"


def test_notices_and_uncoded_errors():
    notice = Notice(Code.MERGED_CELLS, {"file": "d.xlsx", "sheet": "S", "cells": "B2:B3", "first": "B2", "last": "B3"})
    assert notice.startswith("d.xlsx, sheet 'S': cells B2:B3 are merged")  # still the English sentence
    with translation.override("vi"):
        assert "các ô B2:B3 được gộp; chỉ ô B2 có giá trị" in message(notice)
        assert message(InputError("--out is a folder")) == "--out is a folder"


# -- through the imports page -------------------------------------------------------------------


def post(client, content: bytes, name: str = "data.csv", kind: str = "national", framework: str = "pii-2025"):
    return client.post(
        "/p/14/imports/",
        {"kind": kind, "framework": framework, "year": 2025, "file": SimpleUploadedFile(name, content)},
    )


def error_text(response) -> str:
    assert response.status_code == 400
    return html.unescape(response.content.decode())


UPLOADS = [
    (
        "bad number",
        b"unit,1.1.1,1.1.2\n14,1,2\n20,nhi\xe1\xbb\x81u,3\n",
        "national",
        "data.csv, dòng 3, cột B (1.1.1): 'nhiều' không phải là số",
    ),
    (
        "unknown code",
        b"code,score,rank\n1.1,45,3\n9.9.9,40,2\n",
        "annex_son_la",
        "data.csv, dòng 3, cột A (code): '9.9.9' không phải là mã trong bộ chỉ số pii-2025",
    ),
    (
        "duplicate row",
        b"year,unit,indicator,value\n2025,14,1.1.1,1\n2025,14,1.1.1,2\n",
        "national",
        "data.csv, dòng 3, cột C (indicator): '14', chỉ số 1.1.1, năm 2025 lặp lại (lần đầu ở dòng 2)",
    ),
    (
        "duplicate code in an annex",
        b"code,score,rank\n1.1,45,3\n1.1,40,2\n",
        "annex_son_la",
        "data.csv, dòng 3, cột A (code): 1.1 lặp lại (lần đầu ở dòng 2)",
    ),
    (
        "a percent sign",
        b"unit,1.1.1\n14,12%\n",
        "national",
        "dòng 2, cột B (1.1.1): '12%' có dấu %: chỉ ghi số",
    ),
]


@pytest.mark.parametrize("label,content,kind,expected", UPLOADS, ids=[u[0] for u in UPLOADS])
def test_upload_errors_read_in_vietnamese_and_write_nothing(coordinator, label, content, kind, expected):
    batches, values = ImportBatch.objects.count(), RawValue.objects.count()
    response = post(coordinator, content, kind=kind)
    assert expected in error_text(response)
    shown = response.context["error"]
    for english_word in (" is not ", " appears again", "row ", "column ", "sign"):
        assert english_word not in shown
    assert (ImportBatch.objects.count(), RawValue.objects.count()) == (batches, values)


def test_too_many_rows_reads_in_vietnamese(coordinator, monkeypatch):
    monkeypatch.setattr("chiso.core.tables.MAX_ROWS", 3)
    text = error_text(post(coordinator, b"unit,1.1.1\n14,1\n20,2\n11,3\n"))
    assert "data.csv, dòng 4: quá nhiều dòng: tối đa 3 dòng" in text


@override_settings(CHISO_MAX_UPLOAD_BYTES=2**20)
def test_a_file_too_large_reads_in_vietnamese_then_english(coordinator):
    content = b"unit,1.1.1\n" + b"14,1\n" * (2**20 // 5 + 10)
    assert "Tệp quá lớn: tối đa 1 MB." in error_text(post(coordinator, content))
    coordinator.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "The file is too large: at most 1 MB." in error_text(post(coordinator, content))


def test_an_upload_error_reads_in_english_with_english_numbers(coordinator, monkeypatch):
    monkeypatch.setattr("chiso.core.tables.MAX_ROWS", 1500)
    coordinator.post("/i18n/setlang/", {"language": "en", "next": "/"})
    content = b"unit,1.1.1\n" + b"14,1\n" * 1600
    text = error_text(post(coordinator, content))
    assert "data.csv, row 1501: too many rows: at most 1,500 rows" in text
