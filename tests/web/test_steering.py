"""What-if, target and robustness pages: the numbers are the core's, changes recompute everything."""

from __future__ import annotations

import pytest

from chiso.web.steering.models import Plan, Scenario


def test_whatif_recomputes_and_moves_the_rank(coordinator):
    values = {
        "v_7.2.2": "65,36",
        "v_1.2.2": "7,38",
        "v_1.1.3": "7,81",
        "v_2.1.1": "7,46",
        "v_3.1.2": "3,97",
        "v_1.2.4": "6,95",
        "v_7.2.4": "0,82",
    }
    response = coordinator.post("/p/14/whatif/?year=2025", values, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()  # a fragment for htmx
    pii = response.context["wi_rows"][0]
    assert pii["code"] == "PII" and pii["after"] > pii["before"] and pii["rank_after"] < pii["rank_before"]
    assert [c.indicator for c in response.context["changes"]] == [
        "1.1.3",
        "1.2.2",
        "1.2.4",
        "2.1.1",
        "3.1.2",
        "7.2.2",
        "7.2.4",
    ]


def test_whatif_bad_value_keeps_what_was_typed(coordinator):
    response = coordinator.post("/p/14/whatif/?year=2025", {"v_2.2.1": "nhiều", "v_7.2.2": "60"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "2.2.1: &#x27;nhiều&#x27; không phải là số" in html and 'value="nhiều"' in html


def test_whatif_scenarios_are_saved_and_reloaded(coordinator):
    response = coordinator.post("/p/14/whatif/?year=2025", {"v_7.2.2": "60", "save": "1", "name": "Việc làm +"})
    assert response.status_code == 302
    scenario = Scenario.objects.get(name="Việc làm +")
    assert scenario.changes == [{"unit": "14", "indicator": "7.2.2", "kind": "raw", "value": 60.0}]
    page = coordinator.get(f"/p/14/whatif/?scenario={scenario.id}&year=2025")
    assert [c.indicator for c in page.context["changes"]] == ["7.2.2"]
    again = coordinator.post("/p/14/whatif/?year=2025", {"v_7.2.2": "61", "save": "1", "name": "Việc làm +"})
    assert again.status_code == 400 and Scenario.objects.count() == 1


def test_target_page_plan_reaches_the_target_through_whatif(coordinator):
    response = coordinator.post("/p/14/target/?year=2025", {"node": "PII", "kind": "rank", "value": "19"})
    plan = response.context["plan"]
    assert plan.reachable and plan.rank <= 19
    url = response.context["apply_url"]
    applied = coordinator.get(url)
    pii = applied.context["wi_rows"][0]
    assert pii["rank_after"] == plan.rank and pii["after"] == pytest.approx(plan.score)


def test_target_page_out_of_reach_and_limits(coordinator):
    limits = "\n".join(f"{c}; 0" for c in ["1.1.1"])
    response = coordinator.post(
        "/p/14/target/?year=2025", {"node": "1.1", "kind": "score", "value": "99", "limits": limits}
    )
    plan = response.context["plan"]
    assert not plan.reachable and plan.best["score"] < 99
    assert "Không thể đạt" in response.content.decode()


def test_target_page_bad_input_names_the_line(coordinator):
    response = coordinator.post(
        "/p/14/target/?year=2025", {"node": "PII", "kind": "rank", "value": "10", "limits": "2.2.1; 1\n9.9.9; 2"}
    )
    assert response.status_code == 400 and "dòng 2" in response.content.decode()


def test_target_plan_is_saved(coordinator):
    coordinator.post(
        "/p/14/target/?year=2025", {"node": "PII", "kind": "rank", "value": "20", "save": "1", "name": "Lên hạng 20"}
    )
    saved = Plan.objects.get(name="Lên hạng 20")
    assert saved.target == "rank:PII:20" and saved.result["reachable"] is True


def test_robustness_page(coordinator):
    response = coordinator.get("/p/14/robustness/?runs=500&seed=3")
    rows = response.context["rows"]
    assert len(rows) == 34 and any(home for *_, home in rows)
    assert all(p05 <= median <= p95 for _, _, p05, median, p95, _ in rows)
    assert "<svg" in response.content.decode()
    same = coordinator.get("/p/14/robustness/?runs=500&seed=3").context["rows"]
    assert same == rows


@pytest.mark.parametrize("url", ["/p/14/whatif/", "/p/14/target/", "/p/14/robustness/", "/p/14/compare/"])
def test_steering_pages_are_denied_to_focal_points_and_other_provinces(client, db, url):
    from tests.web.conftest import login

    assert login(client, "taichinh").get(url).status_code == 403
    client.logout()
    assert login(client, "langson").get(url).status_code == 403


def test_target_page_bad_rank_reads_in_vietnamese(coordinator):
    response = coordinator.post("/p/14/target/?year=2025", {"node": "PII", "kind": "rank", "value": "2,5"})
    assert response.status_code == 400 and "hạng phải là số nguyên từ 1" in response.content.decode()
