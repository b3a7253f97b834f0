"""One test per access rule, each showing a denial (and the allowed case beside it)."""

from __future__ import annotations

import pytest

from chiso.web.people.models import Duty

PAGES = ["/p/14/", "/p/14/indicators/", "/p/14/imports/", "/p/14/indicators/1.1.1/history/"]


@pytest.mark.parametrize("url", [*PAGES, "/imports/template/national/pii-2025.xlsx"])
def test_anonymous_users_are_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("url", PAGES)
def test_another_provinces_coordinator_is_denied(other_coordinator, url):
    assert other_coordinator.get(url).status_code == 403
    assert other_coordinator.get("/p/20/").status_code == 200  # their own province


def test_focal_point_cannot_see_the_province_overview(focal):
    assert focal.get("/p/14/").status_code == 403


def test_focal_point_cannot_import(focal):
    assert focal.get("/p/14/imports/").status_code == 403
    assert focal.post("/p/14/imports/", {"kind": "national"}).status_code == 403


def test_focal_point_sees_only_its_agencys_indicators(focal):
    response = focal.get("/p/14/indicators/")
    assert response.status_code == 200
    shown = {row["code"] for row in response.context["rows"]}
    assigned = set(
        Duty.objects.filter(province__code="14", agency__name="Sở Tài chính")
        .exclude(code="")
        .values_list("code", flat=True)
    )
    assert shown == assigned and len(shown) > 10
    assert "2.2.4" not in shown  # led by Sở KH&CN


def test_focal_point_cannot_open_another_agencys_indicator_history(focal):
    assert focal.get("/p/14/indicators/2.2.4/history/").status_code == 403
    assert focal.get("/p/14/indicators/1.1.3/history/").status_code == 200


def test_leader_reads_but_cannot_import(leader):
    assert leader.get("/p/14/").status_code == 200
    assert leader.get("/p/14/imports/").status_code == 403
    assert leader.post("/p/14/imports/1/confirm/").status_code == 403


def test_unknown_province_is_404(coordinator):
    assert coordinator.get("/p/99/").status_code == 404


def test_administrator_sees_every_province(admin_client_):
    assert admin_client_.get("/p/20/").status_code == 200
    assert admin_client_.get("/p/14/imports/").status_code == 200


def test_django_admin_is_for_administrators_only(coordinator, client):
    response = coordinator.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_audit_records_cannot_be_edited_in_the_admin(admin_client_):
    assert admin_client_.get("/admin/audit/entry/add/").status_code == 403
    assert admin_client_.get("/admin/indexdata/change/add/").status_code == 404  # moved to the generic audit


def test_user_without_profile_is_denied(client, django_user_model, db):
    django_user_model.objects.create_user("nobody", password="x-very-long-password")
    client.login(username="nobody", password="x-very-long-password")
    assert client.get("/p/14/").status_code == 403


def test_home_sends_each_role_to_its_page(coordinator):
    assert coordinator.get("/")["Location"] == "/p/14/"


def test_home_of_a_focal_point_is_its_indicators(focal):
    assert focal.get("/")["Location"] == "/p/14/indicators/"
