"""The Django admin cannot bypass the audit (issue 8, defect 10): index data is view-only there.
Adding, changing and deleting answer 403 and change nothing; every page of it answers without error."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from chiso.web.audit.models import Entry
from chiso.web.indexdata.actions import store_framework
from chiso.web.indexdata.models import (
    FrameworkVersion,
    FrameworkYear,
    ImportBatch,
    IndicatorStat,
    Node,
    OfficialResult,
    RawValue,
    Target,
)
from chiso.web.people.models import Duty, Province

MODELS = [
    RawValue,
    OfficialResult,
    IndicatorStat,
    Target,
    ImportBatch,
    FrameworkVersion,
    Node,
    FrameworkYear,
    Entry,
    Duty,
    Province,
]


@pytest.fixture
def rows(admin_client_, django_user_model):
    """At least one row of every index-data model (the demo has no import batch; its stats are Cao Bằng's)."""
    from chiso.core.framework import Framework
    from chiso.core.framework import Node as CoreNode

    fv = FrameworkVersion.objects.get(name="pii-2024")
    IndicatorStat.objects.update_or_create(
        framework=fv, year=2024, code="1.1.1", defaults={"max": 90.0, "min": 10.0, "source": "test"}
    )
    ImportBatch.objects.create(
        kind="national",
        province_id=RawValue.objects.first().province_id,
        framework=fv,
        year=2024,
        filename="x.csv",
        sha256="0" * 64,
        payload=[{"kind": "raw", "key": {"year": 2024}, "fields": {"value": None}}],
        summary={"counts": {"new": 1}},
        created_by=django_user_model.objects.get(username="sokhcn"),
    )
    store_framework(None, Framework("zz-x", [CoreNode("R", "root", None), CoreNode("A", "a", "R")]), reason="t")
    return admin_client_


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_index_data_is_view_only_in_the_admin(rows, model):
    client = rows
    obj = model.objects.order_by("pk").first()
    assert obj is not None
    count, audit = model.objects.count(), Entry.objects.count()
    assert client.get(_url(model, "changelist")).status_code == 200
    assert client.get(_url(model, "change", obj.pk)).status_code == 200  # shown read-only
    assert client.get(_url(model, "history", obj.pk)).status_code == 200
    assert client.get(_url(model, "add")).status_code == 403
    assert client.post(_url(model, "add"), {}).status_code == 403
    assert client.get(_url(model, "delete", obj.pk)).status_code == 403
    assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    before = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
    client.post(_url(model, "change", obj.pk), {f: "0" for f in before if f != "id"})
    # the bulk delete action is not offered either
    client.post(_url(model, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    obj.refresh_from_db()
    assert {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields} == before
    assert (model.objects.count(), Entry.objects.count()) == (count, audit)


def test_deleting_a_raw_value_in_the_admin_is_refused(admin_client_):
    """/admin/indexdata/rawvalue/1/delete/ deleted a raw value with no audit record."""
    raw = RawValue.objects.order_by("pk").first()
    audit = Entry.objects.count()
    response = admin_client_.post(f"/admin/indexdata/rawvalue/{raw.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert RawValue.objects.filter(pk=raw.pk).exists() and Entry.objects.count() == audit


def test_adding_an_official_result_in_the_admin_is_refused(admin_client_):
    """The add form answered 500; it must refuse, and store nothing."""
    assert admin_client_.get("/admin/indexdata/officialresult/add/").status_code == 403
    assert admin_client_.get("/admin/indexdata/rawvalue/add/").status_code == 403
    count = OfficialResult.objects.count()
    response = admin_client_.post(
        "/admin/indexdata/officialresult/add/",
        {"framework": 1, "year": 2025, "province": 1, "code": "1.1.1", "score": 99},
    )
    assert response.status_code == 403 and OfficialResult.objects.count() == count


def test_every_index_data_admin_page_answers_without_error(rows):
    """Walk the admin: the index, the app, every changelist (with its filters and a search) and the
    change page of a few rows of each model; nothing answers 5xx."""
    client = rows
    urls = ["/admin/", "/admin/indexdata/"]
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "indexdata":
            continue
        changelist = _url(model, "changelist")
        urls += [changelist, f"{changelist}?q=1.1", f"{changelist}?o=1", f"{changelist}?p=1"]
        for field in model_admin.list_filter:
            lookup = f"{field}__id__exact" if model._meta.get_field(field).is_relation else f"{field}__exact"
            for value in model.objects.values_list(field, flat=True).distinct()[:2]:
                if value is not None:
                    urls.append(f"{changelist}?{lookup}={int(value) if isinstance(value, bool) else value}")
        for obj in model.objects.order_by("-pk")[:3]:
            urls.append(_url(model, "change", obj.pk))
    assert len(urls) > 40
    failures = {u: s for u in urls if (s := client.get(u).status_code) != 200}
    assert failures == {}


@pytest.mark.parametrize("username", ["sokhcn", "lanhdao"])
def test_non_staff_users_do_not_reach_the_admin(client, db, username):
    from .conftest import login

    response = login(client, username).get("/admin/indexdata/rawvalue/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_admin_names_index_data_in_vietnamese(client, db):
    """Found by a tester: the Vietnamese admin listed "Raw values", "Import batchs", columns
    "PROVINCE", "UPDATED AT" and labels "Framework:", "Updated by:"."""
    from .conftest import login

    login(client, "admin")
    index = client.get("/admin/").content.decode()
    for english in ("Raw values", "Import batchs", "Official results", "Indicator stats", "Changes", "Nodes"):
        assert english not in index, english
    assert "Giá trị thô" in index and "Các lần nhập dữ liệu" in index
    listing = client.get("/admin/indexdata/rawvalue/").content.decode()
    assert "Updated at" not in listing and "Province" not in listing
    first = RawValue.objects.order_by("pk").first()
    detail = client.get(f"/admin/indexdata/rawvalue/{first.pk}/change/").content.decode()
    for english in ("Framework:", "Province:", "Updated by:"):
        assert english not in detail, english
