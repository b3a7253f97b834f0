"""Imports with preview: good files of the three layouts, broken files that name row and column and
write nothing, and a conflict that never overwrites another person's change."""

from __future__ import annotations

import html
import io
import math

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.core import builtin
from chiso.demo.illustrative import generate
from chiso.demo.published import cao_bang_annex
from chiso.web.audit.models import Entry
from chiso.web.indexdata.actions import set_raw_value
from chiso.web.indexdata.models import FrameworkVersion, ImportBatch, IndicatorStat, OfficialResult, RawValue

FW = builtin("pii-2025")


def national_csv(change: dict | None = None, year_column: int | None = None) -> bytes:
    data = generate().year(2025)
    lines = [",".join((["year"] if year_column else []) + ["unit", "name", *FW.indicators])]
    for u, unit in enumerate(data.units):
        values = [repr(float(v)) for v in data.values[u]]
        if change and unit in change:
            for code, v in change[unit].items():
                values[FW.indicators.index(code)] = v
        lines.append(",".join(([str(year_column)] if year_column else []) + [unit, data.names[u], *values]))
    return ("\n".join(lines) + "\n").encode()


def upload(
    client,
    content: bytes,
    name: str = "data.csv",
    kind: str = "national",
    year: int = 2025,
    framework: str = "pii-2025",
):
    return client.post(
        "/p/14/imports/",
        {
            "kind": kind,
            "framework": framework,
            "year": year,
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_good_national_file_previews_then_applies_atomically(coordinator):
    content = national_csv({"14": {"2.2.1": "0.9"}, "20": {"1.1.1": "n/a"}})
    response = upload(coordinator, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.latest("created_at")
    # Sơn La's coordinator: one change of Sơn La; the 33 other provinces are ignored (out of scope)
    assert batch.summary["counts"] == {"new": 0, "changed": 1, "cleared": 0, "unchanged": 51, "ignored": 33 * 52 - 1}
    preview = coordinator.get(response["Location"])
    assert preview.status_code == 200 and b"count-changed" in preview.content
    assert RawValue.objects.get(province__code="14", code="2.2.1").value != 0.9  # nothing written yet
    done = coordinator.post(f"/p/14/imports/{batch.id}/confirm/", {"reason": "Số liệu Sở KH&CN rà soát"})
    assert done.status_code == 302
    assert RawValue.objects.get(province__code="14", code="2.2.1").value == 0.9
    assert RawValue.objects.get(province__code="20", code="1.1.1").value is not None
    change = Entry.objects.filter(province__code="14", key="pii-2025/2025/2.2.1").latest("at")
    assert change.user.username == "sokhcn" and change.why == "Số liệu Sở KH&CN rà soát" and change.via == "import"
    assert change.after["value"] == 0.9 and change.before["value"] != 0.9 and change.source == f"import:{batch.id}"
    batch.refresh_from_db()
    assert batch.status == "applied"
    again = coordinator.post(f"/p/14/imports/{batch.id}/confirm/")
    assert again.status_code == 302 and Entry.objects.filter(kind="raw", source=f"import:{batch.id}").count() == 1


def _xlsx(rows, sheet="Dữ liệu") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


BROKEN = [
    ("wrong header", b"province,1.1.1\n14,1\n", "data.csv", "dòng 1"),
    (
        "text in a number cell",
        national_csv({"14": {"2.2.1": "nhiều"}}),
        "data.csv",
        "dòng 7, cột M (2.2.1): 'nhiều' không phải là số",
    ),
    (
        "unknown province",
        b"unit,1.1.1\nAtlantis,1\n",
        "data.csv",
        "dòng 2, cột A (unit): 'Atlantis' không phải tỉnh, thành phố chính thức năm 2025",
    ),
    ("duplicate rows", b"unit,1.1.1\n14,1\nSon La,2\n", "data.csv", "'14' và 'Son La' cùng là Tỉnh Sơn La"),
    ("duplicate unit code", b"unit,1.1.1\n14,1\n14,2\n", "data.csv", "dòng 3, cột A (unit)"),
    (
        "wrong year",
        national_csv(year_column=2024),
        "data.csv",
        "dòng 2, cột A (year): năm '2024' trong lần nhập cho năm 2025",
    ),
    ("empty sheet", _xlsx([]), "data.xlsx", "trang tính 'Dữ liệu': trang tính trống"),
    ("a merged province in 2025", b"unit,1.1.1\nHa Giang,1\n", "data.csv", "dòng 2, cột A (unit)"),
]


@pytest.mark.parametrize("label,content,name,where", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_files_name_the_place_and_write_nothing(coordinator, label, content, name, where):
    raw_before = RawValue.objects.count()
    changes_before = Entry.objects.count()
    response = upload(coordinator, content, name)
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "import-error" in text and where in text and name in text, text[text.find("import-error") :][:400]
    assert RawValue.objects.count() == raw_before and Entry.objects.count() == changes_before
    assert not ImportBatch.objects.exists()
    assert response.context["form"]["year"].value() in (2025, "2025")  # what the user typed is kept


def test_files_that_are_not_tables_are_refused_before_reading(coordinator):
    response = upload(coordinator, b"MZ\x90\x00binary", "data.xlsx")
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()
    # said like every other import error, with the field's Vietnamese label (not Django's "file" list)
    summary = response.content.decode().split('id="form-error"')[1].split("</div>")[0]
    assert "Không nhập được, chưa ghi gì vào hệ thống." in summary and "file" not in summary
    response = upload(coordinator, b"<html>", "data.html")
    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


def test_conflict_never_overwrites_another_persons_change(coordinator, django_user_model):
    response = upload(coordinator, national_csv({"14": {"2.2.1": "0.9"}}))
    batch = ImportBatch.objects.get(id=int(response["Location"].rstrip("/").split("/")[-1]))
    fv = FrameworkVersion.objects.get(name="pii-2025")
    other = django_user_model.objects.get(username="lanhdao")
    set_raw_value(other, fv, 2025, "14", "2.2.1", 0.5, source="sửa tay", reason="kiểm tra")
    response = coordinator.post(f"/p/14/imports/{batch.id}/confirm/", follow=True)
    text = html.unescape(response.content.decode())
    assert "đã được người khác thay đổi" in text and "Sơn La · 2.2.1" in text and "hiện nay là 0,5" in text
    assert RawValue.objects.get(province__code="14", code="2.2.1").value == 0.5
    batch.refresh_from_db()
    assert batch.status == "preview" and not Entry.objects.filter(source=f"import:{batch.id}").exists()


def test_son_la_annex_layout(coordinator):
    rows = [
        ["Mã chỉ số", "Tên chỉ số", "Điểm số", "Xếp hạng", "Mục tiêu xếp hạng", "Đơn vị chủ trì", "Đơn vị phối hợp"],
        ["1", "Thể chế", "46,00/100", "30/34", "24/34", None, None],
        ["1.1.1", "Chính sách", "0/100", "34/34", "25/34", "Sở Tài chính\nSở Khoa học và Công nghệ", "Sở Xây dựng"],
    ]
    response = upload(coordinator, _xlsx(rows), "annex.xlsx", kind="annex_son_la")
    assert response.status_code == 302
    batch = ImportBatch.objects.latest("created_at")
    coordinator.post(f"/p/14/imports/{batch.id}/confirm/")
    pillar = OfficialResult.objects.get(province__code="14", year=2025, code="1")
    assert (pillar.score, pillar.rank, pillar.rank_of) == (46.0, 30, 34)
    assert (
        Entry.objects.filter(kind="official", key="pii-2025/2025/1", source=f"import:{batch.id}").get().before["score"]
        == 45.23
    )


def test_son_la_annex_bad_rank_names_the_cell(coordinator):
    rows = [["Mã chỉ số", "Điểm số", "Xếp hạng"], ["1.1.1", "45,23", "35/34"]]
    response = upload(coordinator, _xlsx(rows), "annex.xlsx", kind="annex_son_la")
    assert response.status_code == 400 and "dòng 2, cột C" in response.content.decode()


def test_cao_bang_annex_layout_from_the_transcribed_annex(admin_client_):
    coordinator = admin_client_  # the national max and min are for administrators
    annex = cao_bang_annex()
    codes = sorted({c for c, _ in annex}, key=lambda c: [int(x) for x in c.split(".")])
    header = ["code", "name"] + [f"{k}_{y}" for y in (2023, 2024) for k in ("max", "min", "value")]
    rows = [header]
    for c in codes:
        cells = []
        for y in (2023, 2024):
            for k in ("max", "min", "value"):
                v = annex[(c, y)][k]
                cells.append("n/a" if math.isnan(v) else f"{v:.2f}".replace(".", ","))
        rows.append([c, None, *cells])
    content = "\n".join(";".join(str(x or "") for x in r) for r in rows).encode()
    response = upload(coordinator, content, "caobang.csv", kind="annex_cao_bang", framework="pii-2024", year=2024)
    assert response.status_code == 302, response.content.decode()[:3000]
    batch = ImportBatch.objects.latest("created_at")
    coordinator.post(f"/p/14/imports/{batch.id}/confirm/")
    stat = IndicatorStat.objects.get(framework__name="pii-2024", year=2024, code="5.2.2")
    assert (stat.max, stat.min) == (1255.81, 0.0)
    # n/a in the annex gives nothing: no value is stored for it
    assert not RawValue.objects.filter(
        framework__name="pii-2024", year=2023, province__code="14", code="3.2.2"
    ).exists()
    assert (
        OfficialResult.objects.get(framework__name="pii-2024", year=2024, province__code="14", code="3.2").score
        == 29.07
    )


def test_templates_download_as_workbooks(coordinator):
    for kind in ("national", "annex_son_la", "annex_cao_bang"):
        response = coordinator.get(f"/imports/template/{kind}/pii-2025.xlsx")
        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Dữ liệu", "Hướng dẫn"]
        notes = " ".join(str(r[0].value) for r in book["Hướng dẫn"].iter_rows())
        assert "XÓA" in notes and "giữ nguyên" in notes
    assert coordinator.get("/imports/template/nope/pii-2025.xlsx").status_code == 404


def test_errors_read_in_english_when_english_is_chosen(coordinator):
    coordinator.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = upload(coordinator, b"unit,1.1.1\nAtlantis,1\n")
    assert "data.csv, row 2, column A (unit): 'Atlantis' is not an official province in 2025" in html.unescape(
        response.content.decode()
    )
