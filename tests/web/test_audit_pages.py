"""The audit pages ("Lịch sử thay đổi"): per province and per object, who may read what, filters,
pages, bad filters (400), Vietnamese and English."""

from __future__ import annotations

import html

import pytest
from django.contrib.auth import get_user_model

from chiso.web.audit import actions as audit
from chiso.web.audit.models import Entry
from chiso.web.people.models import Duty, Province
from chiso.web.steering.models import SolverPlan

from .conftest import login

pytestmark = pytest.mark.django_db
URL = "/p/14/audit/"


def _keys(response) -> list[str]:
    return [r["entry"].key for r in response.context["rows"]]


def test_the_coordinator_reads_the_province_and_filters_it(coordinator):
    page = coordinator.get(URL)
    assert page.status_code == 200
    total = page.context["page"].paginator.count
    assert total == Entry.objects.filter(province__code="14").count() > 50
    assert len(page.context["rows"]) == 50 and page.context["page"].has_next()
    text = page.content.decode()
    assert "Lịch sử thay đổi" in text and "Trang 1/" in text and 'id="nav-audit"' in text
    second = coordinator.get(URL + "?page=2")
    first_ids = [r["entry"].id for r in page.context["rows"]]
    assert second.status_code == 200 and second.context["rows"][0]["entry"].id < min(first_ids)  # newest first
    raw = coordinator.get(URL + "?kind=raw")
    assert {r["entry"].kind for r in raw.context["rows"]} == {"raw"}
    assert raw.context["page"].paginator.count == Entry.objects.filter(province__code="14", kind="raw").count()
    system = coordinator.get(URL + "?user=-&via=system")
    assert all(r["entry"].user is None and r["entry"].via == "system" for r in system.context["rows"])
    assert coordinator.get(URL + "?from=2000-01-01&to=2000-01-02").context["page"].paginator.count == 0
    assert coordinator.get(URL + "?from=2000-01-01").context["page"].paginator.count == total


def test_bad_filters_answer_400_in_vietnamese(coordinator):
    for query in ("?via=email", "?from=2026-13-01", "?to=hôm-qua", "?type=nope.nope&id=1", "?type=steering.scenario"):
        response = coordinator.get(URL + query)
        assert response.status_code == 400, query
    assert "năm-tháng-ngày" in html.unescape(coordinator.get(URL + "?from=x").content.decode())
    assert coordinator.get(URL + "?page=abc").status_code == 200  # the first page
    assert coordinator.get(URL + "?page=99999").status_code == 200  # the last page


def test_who_may_read_which_province(client, leader, db):
    assert leader.get(URL).status_code == 200  # the leader reads
    login(client, "langson")
    assert client.get(URL).status_code == 403  # another province's coordinator
    assert client.get("/p/20/audit/").status_code == 200  # its own
    assert client.get("/p/99/audit/").status_code == 404
    assert client.get("/audit/").status_code == 403  # the national page is the administrators'
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


def test_the_administrator_reads_every_province_and_the_national_changes(admin_client_):
    every = admin_client_.get("/audit/")
    assert every.status_code == 200 and every.context["page"].paginator.count == Entry.objects.count()
    national = admin_client_.get("/audit/?province=-")
    assert national.context["page"].paginator.count == Entry.objects.filter(province__isnull=True).count()
    assert {r["entry"].kind for r in national.context["rows"]} <= {
        "framework",
        "framework_year",
        "stat",
        "user",
        "profile",
        "metadata",
    }
    assert (
        admin_client_.get("/audit/?province=20").context["page"].paginator.count
        == Entry.objects.filter(province__code="20").count()
    )
    assert admin_client_.get("/p/20/audit/").status_code == 200
    assert 'id="framework-audit-all"' in admin_client_.get("/frameworks/").content.decode()


def test_a_focal_point_reads_only_its_agencys_items(focal):
    page = focal.get(URL + "?kind=raw")
    assert page.status_code == 200 and page.context["limited"]
    own = set(
        Duty.objects.filter(province__code="14", agency__name="Sở Tài chính")
        .exclude(code="")
        .values_list("code", flat=True)
    )
    assert own, "the demo gives Sở Tài chính indicators"
    codes = {r["entry"].key.rsplit("/", 1)[-1] for r in page.context["rows"]}
    assert codes and codes <= own
    everything = focal.get(URL + "?page=1")
    kinds = {r["entry"].kind for r in everything.context["rows"]}
    assert kinds <= {"raw", "official", "target", "assignment", "agency"}
    # entries about other agencies' indicators or the province's users are not shown
    others = [e for e in Entry.objects.filter(province__code="14", kind="raw") if e.key.rsplit("/", 1)[-1] not in own]
    assert (
        others and page.context["page"].paginator.count < Entry.objects.filter(province__code="14", kind="raw").count()
    )
    assert focal.get(URL + "?kind=profile").context["page"].paginator.count == 0
    assert focal.get("/p/20/audit/").status_code == 403
    assert focal.get("/audit/").status_code == 403


def test_an_objects_history_is_reachable_from_where_it_is_shown(coordinator):
    response = coordinator.post(
        "/p/14/target/", {"node": "PII", "kind": "rank", "value": "20", "save": "1", "name": "Lên hạng 20"}
    )
    assert response.status_code == 200
    plan = SolverPlan.objects.get(name="Lên hạng 20")
    link = f"/p/14/audit/?type=steering.solverplan&amp;id={plan.id}"
    assert link in coordinator.get("/p/14/target/").content.decode()
    page = coordinator.get(html.unescape(link))
    assert page.status_code == 200 and page.context["on_object"]
    assert [(r["entry"].kind, r["entry"].subject) for r in page.context["rows"]] == [("solver_plan", plan)]
    # a raw value, by its key: its changes only, the page links back to every change
    raw = coordinator.get(URL + "?kind=raw&key=pii-2025/2025/1.1.1")
    assert _keys(raw) and set(_keys(raw)) == {"pii-2025/2025/1.1.1"}
    assert f'href="{URL}"' in raw.content.decode()
    # the indicator's data history links to the province's audit
    assert 'id="province-audit"' in coordinator.get("/p/14/indicators/1.1.1/history/").content.decode()


def test_entries_read_in_words_and_in_english(client, db):
    son_la = Province.objects.get(code="14")
    user = get_user_model().objects.get(username="sokhcn")
    audit.record(
        audit.Change("assignment", None, {"agency": "Sở Tài chính", "role": "lead"}, key="9.9.9", province=son_la),
        audit.Context(user=user, via=audit.Via.FORM, why="thử"),
    )
    login(client, "sokhcn")
    text = html.unescape(client.get(URL + "?kind=assignment&key=9.9.9").content.decode())
    assert "cơ quan: Sở Tài chính · vai trò: chủ trì" in text and "Phân công" in text and "biểu mẫu" in text
    client.post("/i18n/setlang/", {"language": "en", "next": URL})
    english = html.unescape(client.get(URL + "?kind=assignment&key=9.9.9").content.decode())
    assert "Change history" in english and "Assignment" in english and "agency: Sở Tài chính · role: lead" in english
    assert "Lịch sử thay đổi" not in english
