"""The first pages show the demo's numbers, official and computed apart, in Vietnamese or English."""

from __future__ import annotations

import pytest
from django.test import Client

from chiso.web.audit.models import Entry
from chiso.web.demo.loader import load_demo
from chiso.web.indexdata.models import OfficialResult, RawValue

from .conftest import login


def test_overview_shows_official_and_computed_numbers_apart(coordinator):
    response = coordinator.get("/p/14/")
    assert response.status_code == 200
    html = response.content.decode()
    pillars = {r["code"]: r for r in response.context["pillars"]}
    assert pillars["1"]["official"]["score"] == 45.23 and pillars["1"]["official"]["rank"] == 31
    assert round(pillars["1"]["computed"]["score"], 2) == 45.23 and pillars["1"]["computed"]["rank"] == 31
    heads = {r["code"]: r for r in response.context["heads"]}
    assert heads["PII"]["official"] is None  # not published in the plan: never replaced by a computed number
    assert round(heads["PII"]["computed"]["score"], 2) == 29.33
    assert "45,23" in html and "31/34" in html and "29,33" in html
    assert "chưa có số liệu chính thức" in html
    assert "Dữ liệu minh họa" in html
    assert response.context["pillars"][0]["target"]["text"] == "25/34"


def test_dashboard_has_radar_strengths_and_target_status(coordinator):
    response = coordinator.get("/p/14/")
    html = response.content.decode()
    assert "<svg" in html and 'id="radar-table"' in html
    pillars = {r["code"]: r for r in response.context["pillars"]}
    assert pillars["1"]["status"].met is False and pillars["1"]["status"].places == 6  # 31st, target 25/34
    assert pillars["6"]["status"]["met"] is True  # 23rd, target 23/34
    assert [g["code"] for g in pillars["1"]["groups"]] == ["1.1", "1.2"]
    strengths = {it.code for it in response.context["sw"]["indicator"]["strengths"]}
    assert "6.3.2" in strengths  # ranked 1st
    assert response.context["next_place_gap"] > 0


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


def test_compare_page_ranking_and_side_by_side(coordinator):
    response = coordinator.get("/p/14/compare/")
    ranking = response.context["ranking"]
    assert len(ranking) == 34 and ranking[0]["unit"] == "01"
    side = [u for u, _ in response.context["side_units"]]
    assert side[0] == "14" and len(side) == 4
    response = coordinator.get("/p/14/compare/?with=01,20")
    assert [u for u, _ in response.context["side_units"]] == ["14", "01", "20"]


def test_history_lists_who_changed_what(coordinator):
    response = coordinator.get("/p/14/indicators/1.1.1/history/")
    changes = list(response.context["changes"])
    kinds = {c.kind for c in changes}
    assert {"official", "raw", "target", "assignment"} <= kinds
    # the demo's data is written by its loader, not by a person (a tester found it credited to sokhcn)
    assert all(c.user is None for c in changes)
    assert "hệ thống (nạp dữ liệu mẫu)" in response.content.decode()


def test_english_is_switchable_and_numbers_follow(coordinator):
    response = coordinator.post("/i18n/setlang/", {"language": "en", "next": "/p/14/"})
    assert response.status_code == 302
    html = coordinator.get("/p/14/").content.decode()
    assert "Institutions" in html and "45.23" in html and 'lang="en"' in html
    assert "Overview" in html


def test_vietnamese_by_default_whatever_the_browser_asks(coordinator):
    html = coordinator.get("/p/14/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html and "Thể chế" in html


def test_year_that_has_no_data(coordinator):
    response = coordinator.get("/p/14/?year=2019")
    assert response.status_code == 200 and response.context["has_computed"] is False


def test_demo_loads_twice_without_changes(db):
    before = (RawValue.objects.count(), OfficialResult.objects.count(), Entry.objects.count())
    lines = []
    load_demo(log=lines.append)
    assert (RawValue.objects.count(), OfficialResult.objects.count(), Entry.objects.count()) == before
    assert all("'new': 0, 'changed': 0" in line for line in lines)


@pytest.mark.parametrize("page", ["/login/"])
def test_login_page_is_public(client, db, page):
    assert client.get(page).status_code == 200


def test_dashboard_shows_the_change_on_the_year_before_and_the_trend(coordinator, django_user_model):
    from chiso.web.indexdata.actions import apply_rows
    from chiso.web.indexdata.frameworks import set_framework_year
    from chiso.web.indexdata.models import FrameworkVersion

    fv = FrameworkVersion.objects.get(name="pii-2025")
    rows = [
        {
            "kind": "raw",
            "key": {"year": 2024, "province": r.province.code, "code": r.code},
            "fields": {
                "value": r.value * (0.9 if r.province.code == "14" else 1.0),
                "source": "test",
                "illustrative": True,
            },
        }
        for r in RawValue.objects.filter(year=2025).select_related("province")
    ]
    apply_rows(django_user_model.objects.get(username="sokhcn"), fv, rows, reason="a second year")
    set_framework_year(django_user_model.objects.get(username="admin"), 2024, fv)  # the demo sets pii-2024
    response = coordinator.get("/p/14/?year=2025")
    pii = response.context["heads"][0]
    assert pii["change"] is not None and pii["change"] > 0  # Sơn La was 10% lower on every raw value in 2024
    assert [y for y, _, _ in response.context["trend_rows"]] == [2024, 2025]
    assert response.context["trend"].slope == pytest.approx(pii["change"])


# -- no page falls over (issue 8, item 5; defects 3 and 13) ---------------------------------------


def test_dashboard_after_the_home_province_s_values_were_blanked(coordinator):
    """Defect 3: an upload blanked Sơn La's values; the dashboard answered 500 (blocktranslate)."""
    RawValue.objects.filter(province__code="14").update(value=None)
    response = coordinator.get("/p/14/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "chưa tính được" in html and "45,23" in html  # the official numbers still shown
    pillars = {r["code"]: r for r in response.context["pillars"]}
    assert pillars["1"]["computed"]["score"] is None and pillars["1"]["status"] is None
    assert pillars["1"]["target"]["text"] == "25/34"
    assert login(Client(), "lanhdao").get("/p/14/").status_code == 200
    assert coordinator.get("/p/14/indicators/").status_code == 200
    assert coordinator.get("/p/14/indicators/2.2.1/").status_code == 200
    assert coordinator.get("/p/14/compare/").status_code == 200


@pytest.mark.parametrize("user", ["sokhcn", "lanhdao", "taichinh", "admin"])
def test_pages_of_a_framework_without_computed_results(client, db, user):
    """Defect 13: the indicators table and indicator page answered 500 for pii-2024 (no raw values)."""
    login(client, user)
    table = client.get("/p/14/indicators/?framework=pii-2024")
    assert table.status_code == 200 and table.context["has_computed"] is False
    assert all(r["computed"] is None for r in table.context["rows"])
    code = table.context["rows"][0]["code"] if table.context["rows"] else "1.1.1"
    assert client.get(f"/p/14/indicators/{code}/?framework=pii-2024").status_code in (200, 403)
    assert client.get("/p/14/indicators.xlsx?framework=pii-2024").status_code == 200


def test_official_results_of_a_year_without_raw_values(coordinator):
    """Defect 13: after importing 2024 official results only, every page of 2024 answers."""
    from chiso.web.indexdata.frameworks import choose
    from chiso.web.people.models import Province

    home = Province.objects.get(code="14")
    fv = choose(home, 2024).framework  # the framework an administrator set for 2024
    assert fv is not None and not RawValue.objects.filter(framework=fv, year=2024).exists()
    OfficialResult.objects.bulk_create(
        OfficialResult(framework=fv, year=2024, province=home, code=c, score=41.5, rank=30, rank_of=63)
        for c in ("PII", "1", "1.1", "1.1.1")
    )
    response = coordinator.get("/p/14/?year=2024")
    assert response.status_code == 200 and response.context["has_result"] is False
    assert "41,50" in response.content.decode() and "chưa tính được" in response.content.decode()
    rows = coordinator.get("/p/14/indicators/?year=2024").context["rows"]
    assert rows[0]["official"]["score"] == 41.5 and rows[0]["computed"] is None
    page = coordinator.get("/p/14/indicators/1.1.1/?year=2024")
    assert page.status_code == 200 and "chưa tính được" in page.content.decode()
    assert coordinator.get("/p/14/compare/?year=2024").status_code == 200


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


def test_a_framework_with_non_numeric_codes(coordinator):
    """Pages read the levels from the tree (no PII/INPUT/OUTPUT) and list codes like LPI, a.b in
    the framework's order (issue 9: nodes sort by their position, never by their codes)."""
    from .test_walk import _asem

    _asem()
    response = coordinator.get("/p/14/")  # zz-asem is set for 2025
    assert response.status_code == 200
    assert [r["code"] for r in response.context["heads"]] == ["Index", "Conn", "Sust"]
    assert [r["code"] for r in response.context["pillars"]] == ["Physical", "ConEcFin", "Environ", "Social"]
    rows = coordinator.get("/p/14/indicators/").context["rows"]
    assert [r["code"] for r in rows] == ["LPI", "Flights", "a.b", "Goods", "Renew", "CO2", "Poverty", "x"]
    assert {r["code"]: r["pillar"] for r in rows}["a.b"] == "ConEcFin"
    rows = coordinator.get("/p/14/indicators/?pillar=Physical&sort=-score").context["rows"]
    assert {r["code"] for r in rows} == {"LPI", "Flights"}
    for url in ("/p/14/compare/", "/p/14/indicators/a.b/", "/p/14/indicators/LPI/", "/p/14/indicators.xlsx"):
        assert coordinator.get(url).status_code == 200, url
    focal = login(Client(), "taichinh")
    assert [r["code"] for r in focal.get("/p/14/indicators/").context["rows"]] == ["LPI", "a.b"]


def test_codes_sort_by_their_position_in_the_framework(coordinator):
    rows = coordinator.get("/p/14/indicators/?sort=-code").context["rows"]
    assert [r["code"] for r in rows][:3] == ["7.2.4", "7.2.3", "7.2.2"]


def test_pages_of_an_empty_database(coordinator):
    """After migrate (no framework, no data) every page says so instead of failing."""
    from .test_walk import _empty

    _empty()
    for url in ("/p/14/", "/p/14/indicators/", "/p/14/compare/", "/p/14/indicators.xlsx"):
        response = coordinator.get(url)
        assert response.status_code == 200, url
    assert "Chưa có bộ chỉ số nào" in coordinator.get("/p/14/").content.decode()
    assert coordinator.get("/p/14/indicators/1.1.1/").status_code == 404


def test_a_year_with_a_single_province(coordinator):
    """One province alone: no indicator varies, nothing can be computed; the pages say so."""
    from .test_walk import _single_province

    _single_province()
    for year in (2024, 2025):
        for url in ("/p/14/", "/p/14/indicators/", "/p/14/compare/", "/p/14/indicators/1.1.1/"):
            response = coordinator.get(f"{url}?year={year}")
            assert response.status_code == 200, (url, year)
    response = coordinator.get("/p/14/?year=2025")
    assert response.context["heads"][0]["computed"]["score"] is None
    assert response.context["next_place_gap"] is None


def test_sorting_puts_indicators_without_a_score_last_either_way(coordinator):
    RawValue.objects.filter(province__code="14", code__in=["1.1.1", "7.2.4"]).update(value=None)
    for sort in ("score", "-score", "rank", "-rank", "gap", "-gap"):
        rows = coordinator.get(f"/p/14/indicators/?sort={sort}").context["rows"]
        missing = [r["code"] for r in rows if r["computed"]["score"] is None]
        assert [r["code"] for r in rows[-len(missing) :]] == missing and "1.1.1" in missing, sort
    assert coordinator.get("/p/14/indicators/?sort=bogus").context["sort"] == "code"


@pytest.mark.filterwarnings("ignore:All-NaN slice:RuntimeWarning")  # the core's, on Sơn La's empty column
def test_robustness_after_the_home_province_s_values_were_blanked(db):
    """Defect 3: robustness answered 500 for every province (cannot convert float NaN to integer)."""
    RawValue.objects.filter(province__code="14").update(value=None)
    for url in ("/p/14/robustness/?runs=100", "/p/20/robustness/?runs=100"):
        response = login(Client(), "admin").get(url)
        assert response.status_code == 200, url
        ranked = [row for row in response.context["rows"] if row["nominal"] is not None]
        assert "Sơn La" not in [row["name"] for row in ranked]  # no rank to vary
        assert len(ranked) == 33
        assert "Sơn La" in [row["name"] for row in response.context["unranked"]]
