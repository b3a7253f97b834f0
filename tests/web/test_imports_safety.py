"""Imports that cannot destroy by accident (issue 8, defects 1, 2, 6, 8, 16): an empty cell never
clears, clearing is explicit and confirmed separately, templates come prefilled and round-trip to
no change, a coordinator writes only their own province, and the pages speak Vietnamese."""

from __future__ import annotations

import html
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.core import builtin
from chiso.web.audit.models import Entry
from chiso.web.indexdata.actions import apply_rows
from chiso.web.indexdata.models import (
    FrameworkVersion,
    ImportBatch,
    OfficialResult,
    RawValue,
    Target,
)
from chiso.web.people.models import Duty

from .conftest import login

FW = builtin("pii-2025")
CODES = FW.indicators


def post(client, content: bytes, name="data.csv", kind="national", year=2025, framework="pii-2025", province="14"):
    return client.post(
        f"/p/{province}/imports/",
        {"kind": kind, "framework": framework, "year": year, "file": SimpleUploadedFile(name, content)},
    )


def batch_of(response) -> ImportBatch:
    assert response.status_code == 302, html.unescape(response.content.decode())[:3000]
    return ImportBatch.objects.get(id=int(response["Location"].rstrip("/").split("/")[-1]))


def raw(province: str) -> dict[str, float | None]:
    return dict(
        RawValue.objects.filter(framework__name="pii-2025", year=2025, province__code=province).values_list(
            "code", "value"
        )
    )


def csv(rows: list[list[object]]) -> bytes:
    return ("\n".join(";".join("" if c is None else str(c) for c in r) for r in rows) + "\n").encode()


# -- defect 1: an empty cell is "not given" -----------------------------------------------------
def test_the_old_blank_template_changes_nothing(admin_client_):
    """Defect 1: the template's empty rows for Sơn La and Lạng Sơn used to clear 104 values."""
    content = csv([["unit", "name", *CODES], ["14", "Sơn La", *[None] * 52], ["20", "Lạng Sơn", *[None] * 52]])
    before = raw("14"), raw("20")
    batch = batch_of(post(admin_client_, content))
    assert batch.summary["counts"] == {"new": 0, "changed": 0, "cleared": 0, "unchanged": 0, "ignored": 0}
    page = admin_client_.get(f"/p/14/imports/{batch.id}/")
    assert "không có gì để nhập" in page.content.decode()
    assert admin_client_.post(f"/p/14/imports/{batch.id}/confirm/").status_code == 302
    assert (raw("14"), raw("20")) == before


def _download(client, kind: str, framework="pii-2025", year=2025, province="14") -> openpyxl.Workbook:
    response = client.get(f"/imports/template/{kind}/{framework}.xlsx?year={year}&province={province}")
    assert response.status_code == 200, response.status_code
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _upload_book(client, book: openpyxl.Workbook, kind: str, year=2025, framework="pii-2025", province="14"):
    buf = io.BytesIO()
    book.save(buf)
    return post(client, buf.getvalue(), f"{kind}.xlsx", kind=kind, year=year, framework=framework, province=province)


def _son_la_targets_and_annex_data(user) -> None:
    """A second year of Sơn La's annex data, so the Cao Bằng layout has values in both years."""
    fv = FrameworkVersion.objects.get(name="pii-2025")
    rows = [
        {"kind": "raw", "key": {"year": 2024, "province": "14", "code": c}, "fields": {"value": 1.5 + i}}
        for i, c in enumerate(CODES[:5])
    ]
    rows.append({"kind": "stat", "key": {"year": 2025, "code": "1.1.1"}, "fields": {"max": 9.5, "min": 0.25}})
    apply_rows(user, fv, rows, reason="test")


@pytest.mark.parametrize("who", ["sokhcn", "admin"])
@pytest.mark.parametrize("kind", ["national", "annex_son_la", "annex_cao_bang"])
def test_an_untouched_template_round_trips_to_no_change(client, db, django_user_model, who, kind):
    _son_la_targets_and_annex_data(django_user_model.objects.get(username="admin"))
    login(client, who)
    book = _download(client, kind)
    data = book["Dữ liệu"]
    filled = sum(1 for row in data.iter_rows(min_row=2, min_col=3) for c in row if c.value is not None)
    assert filled > 20  # prefilled with what is stored, not blank
    if kind == "national":
        units = [r[0].value for r in data.iter_rows(min_row=2)]
        assert units == ["14"] if who == "sokhcn" else len(units) == 34
    batch = batch_of(_upload_book(client, book, kind))
    counts = batch.summary["counts"]
    assert counts["new"] == counts["changed"] == counts["cleared"] == counts["ignored"] == 0, counts
    assert counts["unchanged"] >= filled  # every prefilled cell (a rank 31/34 is two values)
    page = html.unescape(client.get(f"/p/14/imports/{batch.id}/").content.decode())
    assert "không có gì để nhập" in page


def test_filling_one_cell_of_the_template_changes_exactly_one_value(coordinator):
    """Done-when: download the template, fill one cell, upload, confirm: exactly one value changes."""
    book = _download(coordinator, "national")
    ws = book["Dữ liệu"]
    col = 3 + CODES.index("2.2.1")
    ws.cell(row=2, column=col).value = 0.77
    ws.cell(row=2, column=3 + CODES.index("1.1.2")).value = None  # emptied: means "not given"
    before = raw("14")
    batch = batch_of(_upload_book(coordinator, ws.parent, "national"))
    assert batch.summary["counts"] == {"new": 0, "changed": 1, "cleared": 0, "unchanged": 50, "ignored": 0}
    assert coordinator.post(f"/p/14/imports/{batch.id}/confirm/").status_code == 302
    after = raw("14")
    assert {c for c in CODES if after[c] != before[c]} == {"2.2.1"} and after["2.2.1"] == 0.77
    assert Entry.objects.filter(kind="raw", source=f"import:{batch.id}").count() == 1


# -- clearing is explicit and confirmed separately ----------------------------------------------
@pytest.mark.parametrize("marker", ["XÓA", "xoá", "[xóa]", "clear", "CLEAR"])
def test_the_clear_marker_clears_only_after_a_separate_confirmation(admin_client_, marker):
    content = csv([["unit", "1.1.1", "1.1.2"], ["14", marker, None]])
    batch = batch_of(post(admin_client_, content))
    assert batch.summary["counts"]["cleared"] == 1 and batch.summary["counts"]["changed"] == 0
    page = html.unescape(admin_client_.get(f"/p/14/imports/{batch.id}/").content.decode())
    assert 'id="cleared"' in page and "Tôi xác nhận xóa 1 giá trị" in page and 'name="confirm_clear"' in page
    kept = raw("14")["1.1.1"]
    refused = admin_client_.post(f"/p/14/imports/{batch.id}/confirm/", follow=True)
    assert "xác nhận xóa 1 giá trị" in html.unescape(refused.content.decode())
    assert (
        raw("14")["1.1.1"] == kept is not None
        and not Entry.objects.filter(kind="raw", source=f"import:{batch.id}").exists()
    )
    admin_client_.post(f"/p/14/imports/{batch.id}/confirm/", {"confirm_clear": "1"})
    assert raw("14")["1.1.1"] is None
    change = Entry.objects.get(kind="raw", source=f"import:{batch.id}")
    assert change.before["value"] == kept and change.after["value"] is None


def test_the_upload_page_documents_empty_cells_and_the_clear_marker(coordinator):
    text = html.unescape(coordinator.get("/p/14/imports/").content.decode())
    assert "Ô để trống nghĩa là không cung cấp" in text and "XÓA" in text


def test_removing_an_agency_from_an_assignment_is_a_clear(coordinator):
    lead = sorted(
        Duty.objects.filter(province__code="14", code="1.1.1", role="lead").values_list("agency__name", flat=True)
    )
    assert len(lead) >= 2
    rows = [["Mã chỉ số", "Điểm số", "Xếp hạng", "Đơn vị chủ trì"], ["1.1.1", None, None, lead[0]]]
    batch = batch_of(post(coordinator, csv(rows), kind="annex_son_la"))
    assert batch.summary["counts"]["cleared"] == 1
    coordinator.post(f"/p/14/imports/{batch.id}/confirm/", {"confirm_clear": "1"})
    now = list(
        Duty.objects.filter(province__code="14", code="1.1.1", role="lead").values_list("agency__name", flat=True)
    )
    assert now == [lead[0]]


def test_an_empty_score_keeps_the_official_result_and_xoa_clears_the_target(coordinator):
    official = OfficialResult.objects.get(province__code="14", year=2025, code="1.1.1")
    assert Target.objects.filter(province__code="14", year=2026, code="1.1.1").exists()
    rows = [["Mã chỉ số", "Điểm số", "Xếp hạng", "Mục tiêu xếp hạng"], ["1.1.1", None, "30/34", "XÓA"]]
    batch = batch_of(post(coordinator, csv(rows), kind="annex_son_la"))
    coordinator.post(f"/p/14/imports/{batch.id}/confirm/", {"confirm_clear": "1"})
    after = OfficialResult.objects.get(id=official.id)
    assert after.score == official.score and after.rank == 30
    assert not Target.objects.filter(province__code="14", year=2026, code="1.1.1").exists()


# -- scope: who may write what (defects 2 and 8) ------------------------------------------------
def test_a_coordinator_cannot_change_another_province(coordinator):
    """Defect 2: Sơn La's coordinator erased Lạng Sơn's values with an upload."""
    content = csv([["unit", "1.1.1", "1.1.2"], ["14", 0.5, None], ["20", 0.1, "XÓA"]])
    before = raw("20")
    batch = batch_of(post(coordinator, content))
    assert batch.summary["counts"] == {"new": 0, "changed": 1, "cleared": 0, "unchanged": 0, "ignored": 2}
    page = html.unescape(coordinator.get(f"/p/14/imports/{batch.id}/").content.decode())
    assert "ngoài phạm vi" in page and "Lạng Sơn" in page
    coordinator.post(f"/p/14/imports/{batch.id}/confirm/")
    assert raw("20") == before and raw("14")["1.1.1"] == 0.5
    assert (
        not Entry.objects.filter(province__code="20")
        .exclude(why__startswith="Dữ liệu minh họa")
        .filter(source=f"import:{batch.id}")
    )


def test_langson_cannot_rewrite_son_la(other_coordinator):
    """Defect 8: as langson, a national CSV with one row 14,0,0,... confirmed on /p/20/imports/."""
    before = raw("14")
    content = csv([["unit", *CODES], ["14", *[0] * 52]])
    batch = batch_of(post(other_coordinator, content, province="20"))
    assert batch.summary["counts"]["ignored"] == 52 and batch.summary["counts"]["changed"] == 0
    other_coordinator.post(f"/p/20/imports/{batch.id}/confirm/")
    assert raw("14") == before
    assert not Entry.objects.filter(province__code="14", user__username="langson").exists()


def test_national_statistics_are_for_administrators(coordinator, django_user_model):
    content = csv([["code", "max_2024", "min_2024", "value_2024"], ["1.1.1", 9, 1, 4.5]])
    batch = batch_of(post(coordinator, content, kind="annex_cao_bang"))
    assert batch.summary["counts"] == {"new": 1, "changed": 0, "cleared": 0, "unchanged": 0, "ignored": 2}
    assert "số liệu cả nước" in html.unescape(coordinator.get(f"/p/14/imports/{batch.id}/").content.decode())


def test_a_preview_of_another_scope_cannot_be_confirmed(admin_client_, client, django_user_model):
    batch = batch_of(post(admin_client_, csv([["unit", "1.1.1"], ["20", 0.1], ["14", 0.2]])))
    sokhcn = login(client, "sokhcn")
    assert sokhcn.post(f"/p/14/imports/{batch.id}/confirm/").status_code == 403
    assert RawValue.objects.get(province__code="20", year=2025, code="1.1.1").value != 0.1


@pytest.mark.parametrize("who", ["taichinh", "lanhdao"])
def test_focal_points_and_leaders_cannot_import_at_all(client, db, who):
    login(client, who)
    assert client.get("/p/14/imports/").status_code == 403
    assert post(client, csv([["unit", "1.1.1"], ["14", 1]])).status_code == 403
    assert client.get("/imports/template/national/pii-2025.xlsx").status_code == 403
    assert not ImportBatch.objects.exists()


def test_a_coordinator_gets_only_their_province_in_templates(other_coordinator):
    book = _download(other_coordinator, "national", province="14")
    assert [r[0].value for r in book["Dữ liệu"].iter_rows(min_row=2)] == ["20"]


# -- the preview and the history speak Vietnamese (defects 6 and 16) ----------------------------
def test_the_preview_speaks_vietnamese(coordinator):
    batch = batch_of(post(coordinator, csv([["unit", "2.2.1", "1.1.1"], ["Sơn La", "1234,5", "XÓA"]])))
    page = html.unescape(coordinator.get(f"/p/14/imports/{batch.id}/").content.decode())
    main = page[page.index("<main>") :]
    for bad in ("{'", "None", "'value'", "raw", "· 14 ·", "nan"):
        assert bad not in main, bad
    assert "Sơn La" in main and FW.node("2.2.1").name in main and "1.234,5" in main and "→" in main


def test_the_history_is_in_words_and_of_the_framework_viewed(coordinator, django_user_model):
    user = django_user_model.objects.get(username="admin")
    fv24 = FrameworkVersion.objects.get(name="pii-2024")
    apply_rows(
        user,
        fv24,
        [{"kind": "raw", "key": {"year": 2024, "province": "14", "code": "1.1.1"}, "fields": {"value": 77.0}}],
        reason="pii-2024 only",
    )
    batch = batch_of(post(coordinator, csv([["unit", "1.1.1"], ["14", "0,5"]])))
    coordinator.post(f"/p/14/imports/{batch.id}/confirm/", {"reason": "rà soát"})
    page = html.unescape(coordinator.get("/p/14/indicators/1.1.1/history/?framework=pii-2025").content.decode())
    main = page[page.index("<main>") :]
    assert "rà soát" in main and "0,5" in main and "pii-2024 only" not in main
    for bad in ("{'", "None", "'value'", "2025 · 14"):
        assert bad not in main, bad
    other = html.unescape(coordinator.get("/p/14/indicators/1.1.1/history/?framework=pii-2024").content.decode())
    assert "pii-2024 only" in other and "rà soát" not in other
