"""The API answers with the caller's scope and nothing more, per role (tokens act as their user)."""

from __future__ import annotations

import pytest

from chiso.web.people.models import Duty

pytestmark = pytest.mark.django_db

PROVINCE_PATHS = [
    "/provinces/{p}",
    "/provinces/{p}/indicators",
    "/provinces/{p}/indicators/1.1.1",
    "/provinces/{p}/targets",
]


def test_admin_sees_every_province(api_as):
    api = api_as("admin")
    listed = api.get("/provinces", limit=500).json()
    assert listed["count"] > 34 and {"14", "20"} <= {p["code"] for p in listed["items"]}
    assert api.get("/provinces/20/results").status_code == 200
    assert api.get("/provinces/14/results").status_code == 200


@pytest.mark.parametrize("path", [*PROVINCE_PATHS, "/provinces/{p}/results", "/provinces/{p}/imports"])
def test_son_la_coordinator_is_refused_lang_son(api_as, path):
    api = api_as("coordinator")
    assert api.get(path.format(p="14")).status_code == 200
    response = api.get(path.format(p="20"))
    assert response.status_code == 403
    body = response.json()
    assert body["status"] == 403 and body["code"] == "forbidden" and body["message"]


def test_lang_son_coordinator_sees_only_lang_son(api_as):
    api = api_as("other")
    assert [p["code"] for p in api.get("/provinces").json()["items"]] == ["20"]
    assert api.get("/provinces/20").status_code == 200
    assert api.get("/provinces/14/indicators").status_code == 403
    assert api.get("/provinces/14/results").status_code == 403
    r = api.post("/provinces/14/values", {"values": [{"code": "1.1.1", "value": 1}]}, year=2025)
    assert r.status_code == 403
    assert api.post("/provinces/14/whatif", {"changes": []}).status_code == 403


def test_unknown_province_is_404(api_as):
    body = api_as("coordinator").get("/provinces/99/indicators").json()
    assert body["status"] == 404 and body["code"] == "not_found"


def test_focal_point_sees_only_its_agencys_indicators(api_as):
    api = api_as("focal")
    rows = api.get("/provinces/14/indicators", limit=500).json()["items"]
    assigned = set(
        Duty.objects.filter(province__code="14", agency__name="Sở Tài chính")
        .exclude(code="")
        .values_list("code", flat=True)
    )
    assert {r["code"] for r in rows} == assigned and len(assigned) > 10
    assert api.get("/provinces/14/indicators/2.2.4").status_code == 403  # led by Sở KH&CN
    assert api.get("/provinces/14/indicators/1.1.3").status_code == 200
    targets = api.get("/provinces/14/targets", limit=500).json()["items"]
    assert targets and {t["code"] for t in targets} <= assigned


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/provinces/14/results"),
        ("post", "/provinces/14/whatif"),
        ("post", "/provinces/14/solve"),
        ("post", "/provinces/14/robustness"),
    ],
)
def test_focal_point_cannot_see_the_overview_or_steer(api_as, method, path):
    api = api_as("focal")
    body = {"node": "PII", "kind": "rank", "value": 20} if path.endswith("solve") else {}
    response = api.get(path) if method == "get" else api.post(path, body)
    assert response.status_code == 403


def test_leader_reads_and_steers_but_cannot_write(api_as):
    api = api_as("leader")
    assert api.get("/provinces/14/results", level="pillar").json()["count"] == 7
    assert api.post("/provinces/14/whatif", {"changes": [{"code": "1.1.1", "value": 40}]}).status_code == 200
    response = api.post("/provinces/14/values", {"values": [{"code": "1.1.1", "value": 1}]}, year=2025)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert api.get("/provinces/14/imports").status_code == 403


def test_results_are_official_and_computed_side_by_side(api_as):
    body = api_as("coordinator").get("/provinces/14/results", year=2025, level="pillar", pillar="1").json()
    assert body["framework"] == "pii-2025" and body["year"] == 2025 and body["illustrative"] is True
    (pillar,) = body["items"]
    assert pillar["official"] == {
        "score": 45.23,
        "rank": 31,
        "rank_of": 34,
        "source": pillar["official"]["source"],
    }
    assert pillar["computed"]["of"] == 34 and pillar["computed"]["rank"] == 31


def test_pagination_and_filters(api_as):
    api = api_as("coordinator")
    first = api.get("/provinces/14/indicators", limit=5, offset=0).json()
    second = api.get("/provinces/14/indicators", limit=5, offset=5).json()
    assert first["count"] == second["count"] == 52
    assert len(first["items"]) == 5 and first["items"][0]["code"] != second["items"][0]["code"]
    pillar = api.get("/provinces/14/indicators", pillar="2").json()
    assert pillar["count"] and all(r["pillar"] == "2" for r in pillar["items"])
    assert api.get("/provinces/14/indicators", limit=0).status_code == 400
    tree = api.get("/frameworks/pii-2025", kind="pillar").json()["tree"]
    assert [n["code"] for n in tree] == ["1", "2", "3", "4", "5", "6", "7"]


def test_errors_speak_the_callers_language(api_as):
    vi = api_as("coordinator").get("/provinces/20").json()["message"]
    en = api_as("coordinator", language="en-US,en;q=0.9").get("/provinces/20").json()["message"]
    assert vi != en and "quyền" in vi


def test_no_token_is_401_json(client, db):
    for path in ["/api/me", "/api/provinces/14/indicators"]:
        response = client.get(path)
        assert response.status_code == 401 and response["Content-Type"] == "application/json"
        assert response.json()["code"] == "unauthenticated"


def test_unknown_path_and_method_are_json(api_as):
    api = api_as("coordinator")
    response = api.get("/nothing/here")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = api.client.delete("/api/provinces/14", headers=api.headers())
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"
    response = api.client.post(
        "/api/provinces/14/whatif", "{not json", content_type="application/json", headers=api.headers()
    )
    assert response.status_code == 400 and response.json()["status"] == 400
