"""Raw values through the API: the imports' preview and apply, scope per role, audited via "api"."""

from __future__ import annotations

import pytest

from chiso.web.audit.models import Entry
from chiso.web.indexdata.models import ImportBatch, RawValue

pytestmark = pytest.mark.django_db


def _raw(code: str, province: str = "14") -> float | None:
    return RawValue.objects.get(framework__name="pii-2025", year=2025, province__code=province, code=code).value


def test_preview_then_confirm_writes_and_audits_via_api(api_as):
    api = api_as("coordinator")
    before = _raw("2.2.4")
    body = {"values": [{"code": "2.2.4", "value": "12,5", "source": "Sở KH&CN"}, {"code": "1.1.1", "value": None}]}
    preview = api.post("/provinces/14/values", body, year=2025)
    assert preview.status_code == 201
    batch = preview.json()
    assert batch["status"] == "preview" and batch["counts"]["changed"] == 1 and batch["entries_count"] == 1
    (entry,) = batch["entries"]  # 1.1.1 was null: not given
    assert entry["key"]["code"] == "2.2.4" and entry["before"] == before and entry["after"] == 12.5
    assert _raw("2.2.4") == before  # a preview writes nothing
    done = api.post(f"/provinces/14/imports/{batch['id']}/confirm", {"reason": "báo cáo quý"})
    assert done.status_code == 200 and done.json()["status"] == "applied"
    assert _raw("2.2.4") == 12.5
    audit = Entry.objects.get(kind="raw", source=f"import:{batch['id']}")
    assert audit.via == "api" and audit.user.username == "sokhcn" and audit.why == "báo cáo quý"
    assert audit.before["value"] == before and audit.after["value"] == 12.5 and audit.province.code == "14"
    assert Entry.objects.filter(source=f"import:{batch['id']}", key__endswith="/2.2.4").exists()
    again = api.post(f"/provinces/14/imports/{batch['id']}/confirm", {})
    assert again.status_code == 409 and again.json()["code"] == "already_processed"


def test_clearing_needs_its_own_confirmation(api_as):
    api = api_as("coordinator")
    batch = api.post("/provinces/14/values", {"values": [{"code": "2.2.4", "value": "XÓA"}]}, year=2025).json()
    assert batch["counts"]["cleared"] == 1
    refused = api.post(f"/provinces/14/imports/{batch['id']}/confirm", {})
    assert refused.status_code == 400 and refused.json()["code"] == "clear_not_confirmed"
    assert _raw("2.2.4") is not None
    assert api.post(f"/provinces/14/imports/{batch['id']}/confirm", {"confirm_clear": True}).status_code == 200
    assert _raw("2.2.4") is None


def test_a_value_changed_since_the_preview_stops_the_apply(api_as):
    api = api_as("coordinator")
    batch = api.post("/provinces/14/values", {"values": [{"code": "2.2.4", "value": 7}]}, year=2025).json()
    RawValue.objects.filter(framework__name="pii-2025", year=2025, province__code="14", code="2.2.4").update(value=99)
    response = api.post(f"/provinces/14/imports/{batch['id']}/confirm", {})
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert _raw("2.2.4") == 99 and not Entry.objects.filter(source=f"import:{batch['id']}").exists()


def test_focal_point_writes_only_its_indicators(api_as):
    api = api_as("focal")
    refused = api.post("/provinces/14/values", {"values": [{"code": "2.2.4", "value": 1}]}, year=2025)
    assert refused.status_code == 403 and refused.json()["params"]["codes"] == ["2.2.4"]
    mixed = api.post(
        "/provinces/14/values", {"values": [{"code": "1.1.3", "value": 1}, {"code": "2.2.4", "value": 1}]}, year=2025
    )
    assert mixed.status_code == 403 and not ImportBatch.objects.filter(kind="api").exists()
    ok = api.post("/provinces/14/values", {"values": [{"code": "1.1.3", "value": 4.5}]}, year=2025)
    assert ok.status_code == 201
    assert api.post(f"/provinces/14/imports/{ok.json()['id']}/confirm", {}).status_code == 200
    assert _raw("1.1.3") == 4.5
    assert Entry.objects.get(source=f"import:{ok.json()['id']}").via == "api"
    assert api.get("/provinces/14/imports").json()["count"] == 1  # its own batches only


def test_focal_point_cannot_confirm_someone_elses_batch(api_as):
    batch = api_as("coordinator").post("/provinces/14/values", {"values": [{"code": "1.1.3", "value": 2}]}, year=2025)
    response = api_as("focal").post(f"/provinces/14/imports/{batch.json()['id']}/confirm", {})
    assert response.status_code == 404


def test_bad_values_name_the_field_and_write_nothing(api_as):
    api = api_as("coordinator", language="en")
    body = {"values": [{"code": "9.9.9", "value": 1}, {"code": "2.2.4", "value": "abc"}, {"code": "2.2.4", "value": 1}]}
    response = api.post("/provinces/14/values", body, year=2025)
    assert response.status_code == 400
    errors = response.json()["params"]["errors"]
    assert [e["field"] for e in errors] == ["values.0.code", "values.1.value", "values.2.code"]  # 2: twice
    assert not ImportBatch.objects.exists()
    assert api.post("/provinces/14/values", {"values": [{"code": "2.2.4", "value": ""}]}, year=2025).status_code == 400
    assert api.post("/provinces/14/values", {"values": []}, year=2025).status_code == 400
    assert api.post("/provinces/14/values", {"values": [{"code": "2.2.4", "value": 1}]}).status_code == 400  # no year


def test_discard(api_as):
    api = api_as("admin")
    batch = api.post("/provinces/20/values", {"values": [{"code": "2.2.4", "value": 3}]}, year=2025).json()
    assert api.post(f"/provinces/20/imports/{batch['id']}/discard").json()["status"] == "discarded"
    assert api.post(f"/provinces/20/imports/{batch['id']}/confirm", {}).status_code == 409


def test_compute_matches_the_core(api_as):
    api = api_as("coordinator")
    plan = api.post("/provinces/14/solve", {"node": "PII", "kind": "rank", "value": 20}).json()
    assert plan["reachable"] and plan["rank"] <= 20 and plan["changes"] and "from" in plan["changes"][0]
    changes = [{"code": c["indicator"], "value": c["to"]} for c in plan["changes"]]
    whatif = api.post("/provinces/14/whatif", {"changes": changes}).json()
    pii = next(n for n in whatif["nodes"] if n["code"] == "PII")
    assert pii["rank_after"] <= 20 < pii["rank_before"]
    robust = api.post("/provinces/14/robustness", {"runs": 200, "seed": 1}).json()
    assert robust["runs"] == 200 and len(robust["provinces"]) == 34
    assert api.post("/provinces/14/robustness", {"runs": 10**6}).status_code == 400
    assert api.post("/provinces/14/solve", {"node": "PII", "kind": "rank", "value": 99}).status_code == 400
