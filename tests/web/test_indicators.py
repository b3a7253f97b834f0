"""The indicator table, its export, an indicator's page and its data history (pages/indicators.py)."""

from __future__ import annotations

from chiso.web.indexdata.models import RawValue


def test_indicator_table_has_52_rows_with_agencies(coordinator):
    response = coordinator.get("/p/14/indicators/")
    rows = response.context["rows"]
    assert len(rows) == 52
    first = rows[0]
    assert first["code"] == "1.1.1" and first["official"]["rank"] == 34
    assert set(first["lead"]) == {"Sở Tài chính", "Sở Khoa học và Công nghệ"}
    assert first["off_target"] is True and first["flag"] == "weakness"
    assert "dữ liệu minh họa" in response.content.decode().lower()


def test_indicator_table_sorts_and_filters(coordinator):
    rows = coordinator.get("/p/14/indicators/?sort=-score").context["rows"]
    scores = [r["computed"]["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    rows = coordinator.get("/p/14/indicators/?pillar=2").context["rows"]
    assert {r["code"][0] for r in rows} == {"2"} and len(rows) == 7
    rows = coordinator.get("/p/14/indicators/?below=1").context["rows"]
    assert rows and all(r["computed"]["gap"] < 0 for r in rows)
    rows = coordinator.get("/p/14/indicators/?off=1").context["rows"]
    assert rows and all(r["off_target"] for r in rows)
    rows = coordinator.get("/p/14/indicators/?agency=Sở Nội vụ").context["rows"]
    assert {r["code"] for r in rows} == {"1.2.3", "7.2.2"}


def test_a_cleared_value_never_reads_as_target_met(coordinator):
    """Found by a tester: after 1.2.2 was cleared, its row showed the 2026 rank target 25/34 as met
    (✓) and left the "off target" filter. A target with nothing to judge it by is not met."""
    RawValue.objects.filter(province__code="14", code="1.2.2").update(value=None)
    response = coordinator.get("/p/14/indicators/")
    row = next(r for r in response.context["rows"] if r["code"] == "1.2.2")
    assert row["target"] and row["computed"]["rank"] is None
    assert row["target_status"] == "unknown" and row["off_target"] is True
    assert "1.2.2" in {r["code"] for r in coordinator.get("/p/14/indicators/?off=1").context["rows"]}
    html = response.content.decode()
    cell = html[html.index('data-code="1.2.2"') :].split("</tr>")[0]
    assert "✓" not in cell and "chưa có số liệu để đánh giá" in cell


def test_indicator_table_exports_to_excel_with_the_filter(coordinator):
    import io

    import openpyxl

    response = coordinator.get("/p/14/indicators.xlsx?pillar=3")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = book.active
    codes = [row[0].value for row in ws.iter_rows(min_row=2) if row[0].value and row[0].value[0].isdigit()]
    assert codes == ["3.1.1", "3.1.2", "3.2.1", "3.2.2", "3.2.3"]
    assert ws["E2"].number_format == "0.00"


def test_indicator_page_shows_distribution_and_worth(coordinator):
    response = coordinator.get("/p/14/indicators/2.2.1/")
    assert response.status_code == 200
    assert len(response.context["spread"]) == 34
    assert response.context["worth"]["points_per_score_point"] > 0
    assert "<svg" in response.content.decode()
    assert coordinator.get("/p/14/indicators/2.2/").status_code == 404


def test_history_lists_who_changed_what(coordinator):
    response = coordinator.get("/p/14/indicators/1.1.1/history/")
    changes = list(response.context["changes"])
    kinds = {c.kind for c in changes}
    assert {"official", "raw", "target", "assignment"} <= kinds
    # the demo's data is written by its loader, not by a person (a tester found it credited to sokhcn)
    assert all(c.user is None for c in changes)
    assert "hệ thống (nạp dữ liệu mẫu)" in response.content.decode()


def test_overflowing_raw_values_are_left_out_of_the_computation(coordinator):
    """Defect 13: values near ±1e308 overflowed (NaN scores, a 500 on the indicator page)."""
    RawValue.objects.filter(province__code="14", code="2.2.1").update(value=1e308)
    RawValue.objects.filter(province__code="20", code="2.2.1").update(value=-1e308)
    response = coordinator.get("/p/14/indicators/2.2.1/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "giá trị ngoài phạm vi, không dùng để tính" in html and "inf" not in html
    assert response.context["computed"]["score"] is None  # missing for Sơn La, not a NaN or a crash
    assert len(response.context["spread"]) == 32
    heads = coordinator.get("/p/14/").context["heads"]
    assert heads[0]["computed"]["score"] is not None  # PII still computed from the other indicators


def test_codes_sort_by_their_position_in_the_framework(coordinator):
    rows = coordinator.get("/p/14/indicators/?sort=-code").context["rows"]
    assert [r["code"] for r in rows][:3] == ["7.2.4", "7.2.3", "7.2.2"]


def test_sorting_puts_indicators_without_a_score_last_either_way(coordinator):
    RawValue.objects.filter(province__code="14", code__in=["1.1.1", "7.2.4"]).update(value=None)
    for sort in ("score", "-score", "rank", "-rank", "gap", "-gap"):
        rows = coordinator.get(f"/p/14/indicators/?sort={sort}").context["rows"]
        missing = [r["code"] for r in rows if r["computed"]["score"] is None]
        assert [r["code"] for r in rows[-len(missing) :]] == missing and "1.1.1" in missing, sort
    assert coordinator.get("/p/14/indicators/?sort=bogus").context["sort"] == "code"
