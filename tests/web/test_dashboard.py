"""The dashboard: official and computed numbers apart, radar, strengths, targets, trend (pages/dashboard.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from chiso.web.indexdata.models import RawValue

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


def test_year_that_has_no_data(coordinator):
    response = coordinator.get("/p/14/?year=2019")
    assert response.status_code == 200 and response.context["has_computed"] is False


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
