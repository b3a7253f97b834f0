"""Each action writes its audit entry: who, through what, before and after (issue 9 items 3-5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from chiso.core import builtin
from chiso.web.audit.models import Entry
from chiso.web.imports import service
from chiso.web.indexdata.models import FrameworkVersion, ImportBatch
from chiso.web.people import actions as people
from chiso.web.people.models import Agency, Duty, Profile, Province, Role

pytestmark = pytest.mark.django_db


def _user(name: str):
    return get_user_model().objects.get(username=name)


def _new_entries(since: int) -> list[Entry]:
    return list(Entry.objects.filter(id__gt=since).order_by("id"))


def _last_id() -> int:
    return Entry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _national_csv(tmp_path: Path, value: float) -> Path:
    codes = builtin("pii-2025").indicators
    path = tmp_path / "son-la.csv"
    path.write_text("unit;" + ";".join(codes) + "\n14;" + ";".join([str(value)] * len(codes)) + "\n", encoding="utf-8")
    return path


def _batch(tmp_path: Path, user, value: float) -> ImportBatch:
    fv = FrameworkVersion.objects.get(name="pii-2025")
    son_la = Province.objects.get(code="14")
    path = _national_csv(tmp_path, value)
    scope = service.Scope.of(user, son_la)
    rows, years = service.parse_file("national", path, path.name, fv, 2025, "14")
    entries = service.preview(fv, rows, scope)
    return service.create_batch(user, "national", son_la, fv, years, path.name, service.sha256_of(path), entries)


def test_an_import_batch_is_recorded_when_created_applied_and_discarded(tmp_path):
    user = _user("sokhcn")
    start = _last_id()
    batch = _batch(tmp_path, user, 1.5)
    created = Entry.objects.get(kind="import_batch", id__gt=start)
    assert (created.user, created.via, created.subject, created.province.code) == (user, "import", batch, "14")
    assert created.before is None and created.after["status"] == "preview" and created.after["file"] == "son-la.csv"

    mark = _last_id()
    counts = service.apply_batch(user, batch, reason="Rà soát", confirm_clear=False)
    assert counts["changed"] + counts["new"] > 0
    new = _new_entries(mark)
    applied = [e for e in new if e.kind == "import_batch"]
    values = [e for e in new if e.kind == "raw"]
    assert len(applied) == 1 and applied[0].before["status"] == "preview" and applied[0].after["status"] == "applied"
    assert applied[0].why == "Rà soát" and applied[0].subject == batch
    assert len(values) == counts["changed"] + counts["new"]
    assert all(e.source == f"import:{batch.id}" and e.via == "import" and e.user == user for e in values)

    other = _batch(tmp_path, user, 2.5)
    mark = _last_id()
    assert service.discard_batch(user, other) is True
    other.refresh_from_db()
    assert other.status == "discarded"
    (discarded,) = _new_entries(mark)
    assert (discarded.kind, discarded.before["status"], discarded.after["status"]) == (
        "import_batch",
        "preview",
        "discarded",
    )
    mark = _last_id()
    assert service.discard_batch(user, other) is False and not _new_entries(mark)  # nothing to discard twice


def test_discarding_through_the_page_goes_through_the_action(tmp_path, coordinator):
    batch = _batch(tmp_path, _user("sokhcn"), 3.5)
    response = coordinator.post(f"/p/14/imports/{batch.id}/discard/")
    assert response.status_code == 302
    entry = Entry.objects.filter(kind="import_batch", subject_id=str(batch.id)).first()
    assert entry.after["status"] == "discarded" and entry.user.username == "sokhcn"


def test_people_actions_record_agencies_profiles_duties_and_users():
    admin = _user("admin")
    son_la = Province.objects.get(code="14")
    mark = _last_id()
    agency = people.ensure_agency(admin, son_la, "Sở Thử nghiệm", "department", why="Kế hoạch")
    assert people.ensure_agency(admin, son_la, "Sở Thử nghiệm", "department") == agency  # exists: nothing recorded
    (made,) = _new_entries(mark)
    assert (made.kind, made.key, made.user, made.via, made.before) == ("agency", "Sở Thử nghiệm", admin, "form", None)
    assert made.after == {"province": "Sơn La", "name": "Sở Thử nghiệm", "short_name": "", "kind": "department"}

    mark = _last_id()
    agency.short_name = "SXD"
    assert people.save_agency(admin, agency, why="Tên ngắn") is True
    assert people.save_agency(admin, agency) is False  # unchanged: no entry
    (renamed,) = _new_entries(mark)
    assert renamed.before["short_name"] == "" and renamed.after["short_name"] == "SXD" and renamed.subject == agency

    mark = _last_id()
    duty, created = people.assign(admin, son_la, agency, Duty.Role.LEAD, code="3.1.1", why="Phân công")
    assert created and people.assign(admin, son_la, agency, Duty.Role.LEAD, code="3.1.1") == (duty, False)
    (assigned,) = _new_entries(mark)
    assert (assigned.kind, assigned.key, assigned.subject, assigned.province) == ("assignment", "3.1.1", duty, son_la)
    assert assigned.after == {"agency": "Sở Thử nghiệm", "role": "lead"}
    # a duty about an object (a task, a KPI): keyed by the object
    about, _ = people.assign(admin, son_la, agency, Duty.Role.SUPPLIER, subject=son_la)
    ct = ContentType.objects.get_for_model(Province)
    assert Entry.objects.get(subject_id=str(about.id), kind="assignment").key == f"people.province:{son_la.id}"
    with pytest.raises(ValueError):
        people.assign(admin, son_la, agency, Duty.Role.LEAD)
    assert about.subject_type == ct
    mark = _last_id()
    people.unassign(admin, duty, why="Chuyển")
    (gone,) = _new_entries(mark)
    assert gone.before == {"agency": "Sở Thử nghiệm", "role": "lead"} and gone.after is None
    assert not Duty.objects.filter(id=duty.id).exists()

    mark = _last_id()
    member = people.ensure_user(admin, "xaydung", "mat-khau-rat-dai-2026")
    profile = people.set_profile(admin, member, role=Role.FOCAL_POINT, province=son_la, agency=agency)
    user_entry, profile_entry = _new_entries(mark)
    assert user_entry.kind == "user" and user_entry.after == {"username": "xaydung", "admin": False}
    assert "mat-khau" not in str(user_entry.after)
    assert profile_entry.subject == profile and profile_entry.after["role"] == "focal_point"
    assert profile_entry.after["agency"] == "SXD" and profile_entry.province == son_la


def test_a_superuser_without_profile_gets_one_recorded(client):
    boss = get_user_model().objects.create_superuser("boss", password="mat-khau-rat-dai-2026")
    client.force_login(boss)
    assert client.get("/p/14/").status_code == 200
    entry = Entry.objects.get(kind="profile", key="boss")
    assert entry.after["role"] == "admin" and entry.via == "system" and entry.user is None
    assert Profile.objects.get(user=boss).role == Role.ADMIN


def test_the_admin_edits_profiles_and_agencies_through_audited_actions(admin_client_):
    agency = Agency.objects.get(province__code="14", name="Sở Tài chính")
    url = f"/admin/people/agency/{agency.id}/change/"
    response = admin_client_.post(
        url, {"province": agency.province_id, "name": agency.name, "short_name": "STC", "kind": agency.kind}
    )
    assert response.status_code == 302
    entry = Entry.objects.filter(kind="agency", subject_id=str(agency.id)).first()  # the latest
    assert entry.user.username == "admin" and entry.via == "form" and entry.why == "Sửa trong trang quản trị"
    assert (entry.before["short_name"], entry.after["short_name"]) == ("", "STC")
    profile = Profile.objects.get(user__username="lanhdao")
    response = admin_client_.post(
        f"/admin/people/profile/{profile.id}/change/",
        {"user": profile.user_id, "role": "coordinator", "province": profile.province_id, "agency": ""},
    )
    assert response.status_code == 302
    entry = Entry.objects.filter(kind="profile", key="lanhdao").first()
    assert (entry.before["role"], entry.after["role"]) == ("leader", "coordinator")
    # a deletion is recorded too; provinces and duties cannot be changed there at all
    empty = Agency.objects.create(province=agency.province, name="Đơn vị trống")
    assert admin_client_.post(f"/admin/people/agency/{empty.id}/delete/", {"post": "yes"}).status_code == 302
    gone = Entry.objects.get(kind="agency", key="Đơn vị trống")
    assert gone.after is None and gone.before["name"] == "Đơn vị trống"
    assert admin_client_.get("/admin/people/province/add/").status_code == 403
    duty = Duty.objects.first()
    assert admin_client_.post(f"/admin/people/duty/{duty.id}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client_.get("/admin/audit/entry/add/").status_code == 403
    assert admin_client_.post(f"/admin/audit/entry/{entry.id}/delete/", {"post": "yes"}).status_code == 403
