"""Indicator metadata is editable (issue 8, item 9): definition, unit and data source of every
indicator of both frameworks, by administrators, recorded in the audit; where unknown the page says
"chưa có" (with a link for those who may edit), never "unknown"."""

from __future__ import annotations

import html

import pytest
from django.apps import apps

from chiso.core.framework import UNKNOWN
from chiso.web.audit.models import Entry
from chiso.web.demo.loader import load_demo
from chiso.web.indexdata.actions import core_framework
from chiso.web.indexdata.frameworks import update_node_metadata
from chiso.web.indexdata.models import FrameworkVersion, Node

from .conftest import login

EDIT = "/frameworks/{fw}/nodes/{code}/edit/"


def _edit(client, fw="pii-2025", code="1.1.1", next_url="", **fields):
    data = {"definition": "", "unit": "", "source": "", "reason": "", **fields}
    if next_url:
        data["next"] = next_url
    return client.post(EDIT.format(fw=fw, code=code), data)


@pytest.mark.parametrize("fw", ["pii-2025", "pii-2024"])
def test_an_administrator_edits_metadata_recorded_in_the_audit(admin_client_, fw):
    node = Node.objects.get(framework__name=fw, code="1.1.1")
    assert node.unit == "" and node.definition == ""
    form = admin_client_.get(EDIT.format(fw=fw, code="1.1.1"))
    assert form.status_code == 200 and 'name="definition"' in form.content.decode()
    response = _edit(
        admin_client_,
        fw=fw,
        definition="Điểm chỉ số thành phần về chính sách phát triển kinh tế – xã hội.",
        unit="điểm",
        source=node.source,
        reason="Theo Quyết định",
        next_url="/p/14/indicators/1.1.1/",
    )
    assert response.status_code == 302 and response["Location"] == "/p/14/indicators/1.1.1/"
    node.refresh_from_db()
    assert node.unit == "điểm" and node.definition.startswith("Điểm chỉ số thành phần")
    change = Entry.objects.get(kind="metadata", key=f"{fw}/1.1.1")
    assert change.user.username == "admin" and change.why == "Theo Quyết định" and change.subject == node
    assert change.before == {"definition": "", "unit": ""}
    assert change.after == {"definition": node.definition, "unit": "điểm"}  # source did not change


def test_the_indicator_page_shows_the_new_metadata_at_once(admin_client_):
    fv = FrameworkVersion.objects.get(name="pii-2025")
    assert core_framework(fv).node("1.1.1").unit == UNKNOWN  # cached before the edit
    page = admin_client_.get("/p/14/indicators/1.1.1/")
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert 'id="edit-metadata"' in text and "chưa có" in text
    _edit(admin_client_, definition="Định nghĩa thử", unit="điểm (0–100)", source="PCI")
    text = html.unescape(admin_client_.get("/p/14/indicators/1.1.1/").content.decode())
    assert "Định nghĩa thử" in text and "điểm (0–100)" in text
    fv.refresh_from_db()
    assert core_framework(fv).node("1.1.1").unit == "điểm (0–100)"  # no stale cached framework
    table = admin_client_.get("/p/14/indicators/").context["rows"]
    assert next(r for r in table if r["code"] == "1.1.1")["unit"] == "điểm (0–100)"


@pytest.mark.parametrize("username", ["sokhcn", "lanhdao", "taichinh", "langson"])
def test_only_administrators_edit_metadata(client, db, username):
    user = login(client, username)
    audit = Entry.objects.count()
    assert user.get(EDIT.format(fw="pii-2025", code="1.1.1")).status_code == 403
    assert _edit(user, unit="giả mạo").status_code == 403
    assert Node.objects.get(framework__name="pii-2025", code="1.1.1").unit == ""
    assert Entry.objects.count() == audit


def test_unknown_metadata_reads_chua_co_with_a_link_only_for_editors(client, db):
    coordinator = login(client, "sokhcn")
    text = html.unescape(coordinator.get("/p/14/indicators/1.1.1/").content.decode())
    assert "chưa có" in text and "unknown" not in text
    assert "/frameworks/" not in text and 'id="edit-metadata"' not in text
    admin = login(client, "admin")
    text = html.unescape(admin.get("/p/14/indicators/1.1.1/").content.decode())
    assert "unknown" not in text
    assert text.count("/frameworks/pii-2025/nodes/1.1.1/edit/") >= 3  # "Sửa" and a link beside each "chưa có"


def test_a_bad_edit_is_refused_in_place_keeps_what_was_typed_and_saves_nothing(admin_client_):
    audit = Entry.objects.count()
    response = _edit(admin_client_, unit="x" * 101, definition="giữ lại định nghĩa này")
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert 'id="metadata-error"' in text and "giữ lại định nghĩa này" in text and "x" * 101 in text
    assert Node.objects.get(framework__name="pii-2025", code="1.1.1").definition == ""
    assert Entry.objects.count() == audit


def test_an_unchanged_edit_records_nothing_and_an_outside_next_is_ignored(admin_client_):
    audit = Entry.objects.count()
    node = Node.objects.get(framework__name="pii-2025", code="1.1.2")
    response = _edit(admin_client_, code="1.1.2", source=node.source, next_url="https://evil.example/")
    assert response.status_code == 302 and response["Location"] == "/frameworks/pii-2025/"
    assert Entry.objects.count() == audit
    assert admin_client_.get(EDIT.format(fw="pii-2025", code="9.9.9")).status_code == 404
    assert admin_client_.get(EDIT.format(fw="nope", code="1.1.1")).status_code == 404


def test_every_node_of_a_framework_is_listed_with_a_link_to_edit_it(admin_client_, client):
    response = admin_client_.get("/frameworks/pii-2024/")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("/nodes/") == Node.objects.filter(framework__name="pii-2024").count() == 78
    assert "unknown" not in text
    assert login(client, "sokhcn").get("/frameworks/pii-2024/").status_code == 403


def test_the_frameworks_page_shows_metadata_changes_in_words(admin_client_):
    _edit(admin_client_, unit="điểm")
    text = html.unescape(admin_client_.get("/frameworks/").content.decode())
    assert "pii-2025 1.1.1: Đơn vị tính: «–» → «điểm»" in text


def test_metadata_is_blank_when_unknown_and_the_core_gets_its_own_marker(db):
    assert Node._meta.get_field("unit").default == "" and Node._meta.get_field("source").default == ""
    assert not Node.objects.filter(unit="unknown").exists() and not Node.objects.filter(source="unknown").exists()
    fv = FrameworkVersion.objects.get(name="pii-2025")
    assert core_framework(fv).node("1.1.1").source == UNKNOWN  # blank in the database
    assert core_framework(fv).node("1.1.2").source == "PCI"


def test_the_migration_blanks_unknown_metadata(db):
    migration = __import__("chiso.web.indexdata.migrations.0002_frameworks", fromlist=["x"])
    Node.objects.filter(framework__name="pii-2024", code="1.1.1").update(unit="unknown", source="unknown")
    migration.blank_unknown_metadata(apps, None)
    node = Node.objects.get(framework__name="pii-2024", code="1.1.1")
    assert (node.unit, node.source) == ("", "")


def test_the_demo_keeps_edited_metadata(db, django_user_model):
    fv = FrameworkVersion.objects.get(name="pii-2025")
    admin = django_user_model.objects.get(username="admin")
    assert update_node_metadata(admin, fv, "1.1.1", unit="điểm", definition="Định nghĩa")
    audit = Entry.objects.count()
    load_demo(log=lambda *_: None)
    node = Node.objects.get(framework=fv, code="1.1.1")
    assert (node.unit, node.definition) == ("điểm", "Định nghĩa") and Entry.objects.count() == audit


def test_only_metadata_fields_are_editable_through_the_action(db):
    fv = FrameworkVersion.objects.get(name="pii-2025")
    with pytest.raises(ValueError):
        update_node_metadata(None, fv, "1.1.1", weight="2")


def test_the_history_page_says_chua_co_not_unknown(coordinator):
    text = html.unescape(coordinator.get("/p/14/indicators/1.1.1/history/").content.decode())
    assert "chưa có" in text and "unknown" not in text


def test_two_editors_at_once_never_lose_a_change(admin_client_):
    """Found by a tester: with the edit form open in two tabs, B saving the definition silently
    reverted the unit A had just saved. A field B left as it was is not written; a field both
    changed is refused with what is stored now, B's typing kept, nothing written."""
    node = Node.objects.get(framework__name="pii-2025", code="1.1.1")
    shown = {"definition": node.definition, "unit": node.unit, "source": node.source}
    seen = {f"seen_{k}": v for k, v in shown.items()}
    a = _edit(admin_client_, **{**shown, **seen, "unit": "tỷ lệ %"})  # tab A saves a unit
    assert a.status_code == 302
    b = _edit(admin_client_, **{**shown, **seen, "definition": "Định nghĩa do B sửa"})  # tab B, stale form
    assert b.status_code == 302
    node.refresh_from_db()
    assert node.unit == "tỷ lệ %" and node.definition == "Định nghĩa do B sửa"
    changes = list(Entry.objects.filter(kind="metadata", key__endswith="/1.1.1").order_by("id"))
    assert [c.after for c in changes] == [{"unit": "tỷ lệ %"}, {"definition": "Định nghĩa do B sửa"}]

    clash = _edit(admin_client_, **{**shown, **seen, "unit": "điểm"})  # the same stale form changes the unit
    assert clash.status_code == 400
    text = html.unescape(clash.content.decode())
    assert "Người khác vừa sửa" in text and "tỷ lệ %" in text and 'value="điểm"' in text
    node.refresh_from_db()
    assert node.unit == "tỷ lệ %" and Entry.objects.filter(kind="metadata", key__endswith="/1.1.1").count() == 2
    # saving again from the refused form is a deliberate choice: it now knows what it replaces
    again = _edit(admin_client_, **{**shown, **seen, "seen_unit": "tỷ lệ %", "unit": "điểm"})
    assert again.status_code == 302
    node.refresh_from_db()
    assert node.unit == "điểm"
