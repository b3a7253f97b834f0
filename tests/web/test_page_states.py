"""No page falls over in unusual data states (issue 8, item 5): a framework without results, official results without raw values, odd codes, an empty database, one province, a blanked province, the demo loaded twice."""

from __future__ import annotations

import pytest
from django.test import Client

from chiso.web.audit.models import Entry
from chiso.web.demo.loader import load_demo
from chiso.web.indexdata.models import OfficialResult, RawValue

from .conftest import login


def test_demo_loads_twice_without_changes(db):
    before = (RawValue.objects.count(), OfficialResult.objects.count(), Entry.objects.count())
    lines = []
    load_demo(log=lines.append)
    assert (RawValue.objects.count(), OfficialResult.objects.count(), Entry.objects.count()) == before
    assert all("'new': 0, 'changed': 0" in line for line in lines)


@pytest.mark.parametrize("user", ["sokhcn", "lanhdao", "taichinh", "admin"])
def test_pages_of_a_framework_without_computed_results(client, db, user):
    """Defect 13: the indicators table and indicator page answered 500 for pii-2024 (no raw values)."""
    RawValue.objects.filter(framework__name="pii-2024").delete()  # the demo's Cao Bằng annex (issue 10)
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
    RawValue.objects.filter(framework=fv).delete()  # the demo's Cao Bằng annex (issue 10)
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
