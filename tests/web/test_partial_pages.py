"""Issue 10, the web half: the product chooses the view. Cao Bằng (code 04) holds only its own raw
values, the published bounds and its official scores (pii-2024, 2023 and 2024): its pages show the
partial view; Sơn La's 2025 pages keep the full view."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from chiso.demo.published import cao_bang_bounds
from chiso.web.demo.cao_bang import CODE
from chiso.web.indexdata.models import FrameworkVersion, IndicatorStat, OfficialResult, RawValue
from chiso.web.people import actions as people
from chiso.web.people.models import Province, Role
from chiso.web.reports import partial

from .conftest import login


@pytest.fixture
def cao_bang(db):
    return Province.objects.get(code=CODE)


@pytest.fixture
def cb_client(client, cao_bang):
    user = people.ensure_user(None, "caobang", "chiso-caobang-2026", why="test")
    people.set_profile(None, user, role=Role.COORDINATOR, province=cao_bang, agency=None, why="test")
    return login(client, "caobang")


def test_demo_holds_cao_bangs_annex(cao_bang):
    fv = FrameworkVersion.objects.get(name="pii-2024")
    for year in (2023, 2024):
        assert RawValue.objects.filter(framework=fv, year=year, province=cao_bang).count() > 40
        # 2023's 3.2.2 prints a max below its min (and Cao Bằng has no value there): not stored
        assert IndicatorStat.objects.filter(framework=fv, year=year).count() == {2023: 51, 2024: 52}[year]
        assert OfficialResult.objects.get(framework=fv, year=year, province=cao_bang, code="PII").rank == 63
    stat = IndicatorStat.objects.get(framework=fv, year=2024, code="1.1.1")
    yb = cao_bang_bounds().year(2024)
    i = yb.framework.indicators.index("1.1.1")
    assert (stat.max, stat.min) == (pytest.approx(yb.upper[i]), pytest.approx(yb.lower[i]))


def test_the_product_chooses_the_view(cao_bang):
    cb24 = FrameworkVersion.objects.get(name="pii-2024")
    son_la = Province.objects.get(code="14")
    assert partial.kind(cb24, 2024, cao_bang) == partial.PARTIAL
    assert partial.kind(FrameworkVersion.objects.get(name="pii-2025"), 2025, son_la) == partial.FULL
    assert partial.kind(cb24, 2024, son_la) == partial.NONE  # Sơn La holds no 2024 raw values
    view = partial.build(cb24, 2024, cao_bang)
    official = cao_bang_bounds().year(2024).official
    assert view.score("1.2") == pytest.approx(official["1.2"].score, abs=0.1)
    assert view.rank("PII") is None  # no other province's official score is stored


def test_cao_bang_dashboard_shows_the_partial_view(cb_client):
    page = cb_client.get(f"/p/{CODE}/?framework=pii-2024&year=2024")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Góc nhìn riêng phần" in html and "Góc nhìn đầy đủ" not in html
    report = page.context["report"]
    assert report.view == partial.PARTIAL
    rows = {g.code: g for p in report.pillars for g in [p, *p.groups]}
    official = cao_bang_bounds().year(2024).official
    assert rows["1.2"].computed.score == pytest.approx(official["1.2"].score, abs=0.1)
    assert rows["1.2"].official.score == pytest.approx(official["1.2"].score)
    assert rows["1.2"].cause in ("agrees", "rounding")
    assert rows["2.2"].cause == "outlier" and 'data-cause="outlier"' in html
    assert rows["1"].computed.rank is None and "chưa biết" in html


def test_son_la_dashboard_still_says_full_view(coordinator):
    page = coordinator.get("/p/14/")
    assert page.status_code == 200
    html = page.content.decode()
    assert page.context["report"].view == partial.FULL
    assert "Góc nhìn đầy đủ" in html and "Góc nhìn riêng phần" not in html
    assert page.context["has_result"]


def test_the_view_sentence_in_english(cb_client):
    from chiso.core.partial import IMPLIES_EN

    cb_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = cb_client.get(f"/p/{CODE}/?framework=pii-2024&year=2024").content.decode()
    assert escape(IMPLIES_EN) in html and "unknown" in html and "outlier treatment" in html
    son_la = login(Client(), "sokhcn")
    son_la.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert escape(partial.FULL_IMPLIES_EN) in son_la.get("/p/14/").content.decode()


def test_cao_bang_indicator_table_lists_52_indicators_with_scores(cb_client):
    page = cb_client.get(f"/p/{CODE}/indicators/?framework=pii-2024&year=2024")
    assert page.status_code == 200
    rows = page.context["rows"]
    assert len(rows) == 52 and page.context["view"] == partial.PARTIAL
    scored = [r for r in rows if r.computed is not None and r.computed.score is not None]
    assert len(scored) == 52
    assert all(r.computed.rank is None for r in rows)  # no other province's score: rank unknown
    html = page.content.decode()
    assert "Góc nhìn riêng phần" in html and "chưa biết" in html
    assert cb_client.get(f"/p/{CODE}/indicators.xlsx?framework=pii-2024&year=2024").status_code == 200


@pytest.mark.parametrize("page", ["compare", "robustness", "whatif", "target"])
def test_pages_that_need_the_full_view_say_so(cb_client, page):
    response = cb_client.get(f"/p/{CODE}/{page}/?framework=pii-2024&year=2024")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="needs-full"' in html and "cần góc nhìn đầy đủ" in html
    # nothing computed from Cao Bằng's values alone is shown as a national ranking
    assert not response.context.get("ranking") and not response.context.get("rows")


def test_son_la_compare_is_unchanged(coordinator):
    response = coordinator.get("/p/14/compare/")
    assert response.status_code == 200 and response.context["ranking"] and not response.context["needs_full"]
