"""The data migrations of issue 9: the old ``indexdata.Change`` rows arrive in the generic audit and the
old ``indexdata.Assignment`` rows in ``people.Duty``, every row, with what it said.

The old tables no longer exist in the migrated test database: each test creates the old table of the
migration's own historical state inside the test's transaction (rolled back at its end), fills it as
an old version of chiso did, and runs the migration's function on it."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from chiso.web.audit.models import Entry
from chiso.web.indexdata.models import FrameworkVersion, ImportBatch
from chiso.web.people.models import Agency, Duty, Province
from chiso.web.steering.models import Scenario

pytestmark = pytest.mark.django_db


def _state_before(app: str, name: str):
    """The apps registry as it was just before migration ``name`` of ``app``."""
    return MigrationLoader(connection).project_state((app, name), at_end=False).apps


def _create_table(model) -> None:
    """CREATE the table of a historical model in the current transaction."""
    editor = connection.schema_editor(collect_sql=True)
    editor.deferred_sql = []  # what entering the editor sets up (entering it is refused inside a transaction on SQLite)
    editor.create_model(model)
    with connection.cursor() as cursor:
        for sql in [*editor.collected_sql, *editor.deferred_sql]:
            cursor.execute(str(sql).rstrip(";"))


def _migration(name: str):
    return importlib.import_module(f"chiso.web.indexdata.migrations.{name}")


def test_every_old_change_arrives_in_the_audit_with_what_it_said():
    old = _state_before("indexdata", "0004_changes_to_audit")
    Change = old.get_model("indexdata", "Change")
    _create_table(Change)
    user = get_user_model().objects.get(username="sokhcn")
    admin = get_user_model().objects.get(username="admin")
    fv = FrameworkVersion.objects.get(name="pii-2025")
    son_la = Province.objects.get(code="14")
    batch = ImportBatch.objects.create(
        kind="national", province=son_la, framework=fv, year=2025, filename="a.xlsx", sha256="0" * 64, created_by=user
    )
    scenario = Scenario.objects.create(province=son_la, framework=fv, year=2025, name="Cũ", created_by=user)
    at = dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.UTC)
    rows = [
        # (kind, framework, year, province, code, before, after, reason, user, batch)
        ("raw", "pii-2025", 2025, "14", "1.1.1", {"value": 1.0}, {"value": 2.0}, "tệp", user, batch),
        ("official", "pii-2025", 2025, "14", "1", None, {"score": 45.2, "rank": 30}, "kết quả", user, None),
        ("stat", "pii-2025", 2025, "", "2.2.1", None, {"max": 9.0}, "cả nước", admin, batch),
        ("target", "pii-2025", 2026, "14", "PII", None, {"value": 25, "text": "25/34"}, "kế hoạch", None, None),
        ("assignment", "", None, "14", "1.1.1", None, {"agency": "Sở Tài chính", "role": "lead"}, "", None, None),
        ("framework", "pii-2025", None, "", "", None, {"name": "pii-2025", "nodes": 78}, "tải lên", admin, None),
        ("framework_year", "pii-2024", 2024, "", "", {"framework": None}, {"framework": "pii-2024"}, "", None, None),
        ("framework_year", "pii-2024", 2025, "20", "", None, {"framework": "pii-2024"}, "riêng", admin, None),
        ("metadata", "pii-2025", None, "", "1.1.1", {"unit": ""}, {"unit": "điểm"}, "QĐ", admin, None),
        ("scenario", "pii-2025", 2025, "14", "", None, {"id": scenario.id, "name": "Cũ"}, "lưu", user, None),
        ("plan", "pii-2025", 2025, "14", "", None, {"id": 999, "name": "Lên hạng"}, "lưu", user, None),
    ]
    old_ids = []
    for kind, framework, year, province, code, before, after, reason, who, b in rows:
        c = Change.objects.create(
            kind=kind,
            framework=framework,
            year=year,
            province=province,
            code=code,
            before=before,
            after=after,
            reason=reason,
            user_id=who.id if who else None,
            batch_id=b.id if b else None,
        )
        Change.objects.filter(id=c.id).update(created_at=at)
        old_ids.append(c.id)
    existing = set(Entry.objects.values_list("id", flat=True))

    _migration("0004_changes_to_audit").forward(old, SimpleNamespace(connection=connection))

    new = list(Entry.objects.exclude(id__in=existing).order_by("id"))
    assert len(new) == len(rows) == len(old_ids)
    by_kind = {}
    for e in new:
        by_kind.setdefault(e.kind, []).append(e)
    raw = by_kind["raw"][0]
    assert (raw.key, raw.province, raw.user, raw.via) == ("pii-2025/2025/1.1.1", son_la, user, "import")
    assert (raw.before, raw.after, raw.why, raw.source) == ({"value": 1.0}, {"value": 2.0}, "tệp", f"import:{batch.id}")
    assert raw.at == at  # the time of the change, not of the migration
    official = by_kind["official"][0]
    assert (official.key, official.via, official.source) == ("pii-2025/2025/1", "form", "")
    stat = by_kind["stat"][0]
    assert (stat.key, stat.province, stat.via) == ("pii-2025/2025/2.2.1", None, "import")
    target = by_kind["target"][0]
    assert (target.key, target.via, target.user) == ("pii-2025/2026/PII", "system", None)
    assignment = by_kind["assignment"][0]
    assert (assignment.key, assignment.province, assignment.after["agency"]) == ("1.1.1", son_la, "Sở Tài chính")
    assert by_kind["framework"][0].key == "pii-2025" and by_kind["framework"][0].province is None
    national, langson = by_kind["framework_year"]
    assert (national.key, national.province, national.after) == ("2024", None, {"framework": "pii-2024"})
    assert (langson.key, langson.province.code, langson.why) == ("2025", "20", "riêng")
    assert by_kind["metadata"][0].key == "pii-2025/1.1.1" and by_kind["metadata"][0].after == {"unit": "điểm"}
    saved = by_kind["scenario"][0]
    assert saved.subject == scenario and saved.key == "pii-2025/2025/Cũ"
    plan = by_kind["solver_plan"][0]  # the solver's "plan" is a solver plan (phương án) now
    assert plan.subject_type == ContentType.objects.get(app_label="steering", model="solverplan")
    assert plan.subject_id == "999" and "plan" not in by_kind


def test_an_empty_old_table_moves_nothing():
    old = _state_before("indexdata", "0004_changes_to_audit")
    _create_table(old.get_model("indexdata", "Change"))
    count = Entry.objects.count()
    _migration("0004_changes_to_audit").forward(old, SimpleNamespace(connection=connection))
    assert Entry.objects.count() == count


def test_every_old_assignment_becomes_a_duty():
    old = _state_before("indexdata", "0006_assignments_to_duties")
    Assignment = old.get_model("indexdata", "Assignment")
    _create_table(Assignment)
    son_la, lang_son = Province.objects.get(code="14"), Province.objects.get(code="20")
    finance = Agency.objects.get(province=son_la, name="Sở Tài chính")
    science = Agency.objects.get(province=son_la, name="Sở Khoa học và Công nghệ")
    police = Agency.objects.create(province=lang_son, name="Công an tỉnh Lạng Sơn")
    Duty.objects.all().delete()  # the demo's duties: the old table is the only source here
    rows = [
        (son_la.id, "1.1.1", finance.id, "lead"),
        (son_la.id, "1.1.1", science.id, "coordinating"),
        (son_la.id, "7.2.2", finance.id, "coordinating"),
        (lang_son.id, "1.1.1", police.id, "lead"),
    ]
    for province, code, agency, role in rows:
        Assignment.objects.create(province_id=province, code=code, agency_id=agency, role=role)

    _migration("0006_assignments_to_duties").forward(old, SimpleNamespace(connection=connection))

    got = sorted(Duty.objects.values_list("province_id", "code", "agency_id", "role", "subject_type", "subject_id"))
    assert got == sorted((*r, None, None) for r in rows)
    # running it again (a migration re-run after a failure) adds nothing
    _migration("0006_assignments_to_duties").forward(old, SimpleNamespace(connection=connection))
    assert Duty.objects.count() == len(rows)
    # and the focal point of Sở Tài chính sees the indicators of its duties
    from chiso.web.people.access import visible_indicators
    from chiso.web.people.models import Profile

    focal = Profile.objects.get(user__username="taichinh")
    assert visible_indicators(focal, son_la, ["1.1.1", "2.2.1", "7.2.2"]) == ["1.1.1", "7.2.2"]
