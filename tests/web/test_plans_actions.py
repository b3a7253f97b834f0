"""Plans: every write through chiso.web.plans.actions, audited; versions keep snapshots; agencies resolved
through the province's registry (aliases, groups) with unknown names kept for review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.annex import read_annex
from chiso.web.audit.actions import history
from chiso.web.audit.models import Entry
from chiso.web.people.access import profile_of
from chiso.web.people.models import Agency, Duty, Province
from chiso.web.plans import actions
from chiso.web.plans.models import AgencyPlan, Kpi, Plan, PlanTarget, Statement, Task, UnknownAgency
from tests.annex import documents


def _user(name: str):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def son_la(db):
    return Province.objects.get(code="14")


@pytest.fixture
def coordinator_user(db):
    return _user("sokhcn")


@pytest.fixture
def plan(son_la, coordinator_user):
    profile = profile_of(coordinator_user)
    return actions.create_plan(
        coordinator_user,
        profile,
        son_la,
        {
            "number": "9999/KH-UBND",
            "issued_on": dt.date(2026, 1, 5),
            "title": "Kế hoạch thử",
            "period_start": 2026,
            "period_end": 2026,
            "status": Plan.Status.ISSUED,
        },
    )


def test_create_and_update_are_audited(plan, coordinator_user):
    assert plan.reference == "9999/KH-UBND ngày 05/01/2026"
    assert plan.versions.get().number == 1
    entries = list(history(plan))
    assert [e.kind for e in entries] == ["plan"] and entries[0].user == coordinator_user
    actions.update_plan(coordinator_user, profile_of(coordinator_user), plan, {"title": "Kế hoạch thử (sửa)"}, "gõ sai")
    latest = history(plan).first()
    assert latest.before["title"] == "Kế hoạch thử" and latest.after["title"] == "Kế hoạch thử (sửa)"
    assert latest.why == "gõ sai" and latest.via == Entry.Via.FORM


def test_amendment_makes_a_version_and_keeps_the_old_snapshot(plan, coordinator_user):
    profile = profile_of(coordinator_user)
    actions.save_target(
        coordinator_user,
        profile,
        plan,
        None,
        {"code": "PII", "year": 2026, "text": "25/34", "kind": "rank", "value": 25},
    )
    actions.amend_plan(coordinator_user, profile, plan, "100/QĐ-UBND", "nâng mục tiêu", {"title": "Kế hoạch thử v2"})
    target = plan.targets.get()
    actions.save_target(coordinator_user, profile, plan, target, {"text": "20/34", "value": 20})
    plan.refresh_from_db()
    assert plan.version == 2
    v1, v2 = plan.versions.order_by("number")
    assert v1.snapshot["header"]["title"] == "Kế hoạch thử" and v1.snapshot["targets"] == []
    assert v2.snapshot["targets"][0]["text"] == "25/34" and v2.document == "100/QĐ-UBND"
    assert history(target).first().before["text"] == "25/34"
    assert history(plan, kind="plan_version").get().after["version"] == 2


def test_task_agencies_through_registry_and_review_list(plan, coordinator_user, son_la):
    profile = profile_of(coordinator_user)
    fields = {
        "number": "1",
        "text": "Tuyên truyền về PII",
        "codes": ["1.1.1"],
        "timing": "Quý II/2026",
        "lead_as_written": "Sở Tài chính",
        "coordinating_as_written": "Sở KH&CN; Các sở, ban, ngành; Phòng Không Có Thật",
    }
    actions.ensure_groups(son_la)
    task = actions.save_task(coordinator_user, profile, plan, None, fields)
    assert task.timing_kind == "quarter" and task.due == dt.date(2026, 6, 30)
    ct = ContentType.objects.get_for_model(Task)
    duties = Duty.objects.filter(subject_type=ct, subject_id=task.id)
    assert {(d.agency.name, d.role) for d in duties} == {
        ("Sở Tài chính", "lead"),
        ("Sở Khoa học và Công nghệ", "coordinating"),
    }
    assert task.groups["coordinating"] == ["Các sở, ban, ngành"]
    review = UnknownAgency.objects.get(province=son_la, resolved=False, name="Phòng Không Có Thật")
    # the coordinator maps the unknown name to a new agency: it becomes an alias of it
    actions.resolve_unknown(coordinator_user, profile, review, None, "Phòng Thí nghiệm")
    review.refresh_from_db()
    assert review.resolved and review.agency.name == "Phòng Thí nghiệm"
    from chiso.web.plans.agencies import Registry

    assert Registry(son_la).find("phòng không có thật") == review.agency
    assert history(task).get().after["lead"] == ["Sở Tài chính"]


def test_kpi_status_computed_and_compared(plan, coordinator_user):
    profile = profile_of(coordinator_user)
    kpi = actions.save_kpi(
        coordinator_user,
        profile,
        plan,
        None,
        {"name": "Tỷ lệ A", "targets": {"2025": "≥ 15%"}, "result": "12% (đạt)", "result_year": 2025},
    )
    assert kpi.status == Kpi.Status.NOT_ACHIEVED and kpi.result_value == 12
    kpi.stated_status = Kpi.Status.ACHIEVED
    assert kpi.disagrees
    kpi = actions.save_kpi(coordinator_user, profile, plan, kpi, {"result": "18%"})
    assert kpi.status == Kpi.Status.ACHIEVED
    assert history(kpi).first().before["status"] == "not_achieved"


def test_focal_point_and_leader_cannot_write(plan):
    for name in ("taichinh", "lanhdao"):
        user = _user(name)
        with pytest.raises(PermissionDenied):
            actions.save_target(user, profile_of(user), plan, None, {"code": "PII", "year": 2026, "text": "x"})
    other = _user("langson")
    with pytest.raises(PermissionDenied):
        actions.update_plan(other, profile_of(other), plan, {"title": "x"})
    assert not PlanTarget.objects.filter(plan=plan).exists()


def test_settle_a_disagreement_keeps_the_text(plan, coordinator_user):
    profile = profile_of(coordinator_user)
    actions.save_target(
        coordinator_user,
        profile,
        plan,
        None,
        {"code": "2.2.2", "year": 2026, "text": "1,00", "kind": "raw", "value": 1.0, "source": "annex"},
    )
    st = actions.add_statement(
        coordinator_user, profile, plan, {"code": "2.2.2", "what": "target", "text": "0,5", "value": 0.5, "year": 2026}
    )
    actions.settle(coordinator_user, profile, st, Statement.Settled.TEXT, "theo văn bản")
    target = plan.targets.get(code="2.2.2")
    assert target.value == 0.5 and target.text == "0,5"
    assert history(st).first().after == {"settled": "text", "note": "theo văn bản"}


def test_agency_plan_status_and_file_check(plan, coordinator_user, son_la):
    profile = profile_of(coordinator_user)
    agency = Agency.objects.get(province=son_la, name="Sở Tài chính")
    assert actions.check_agency_file("kh.exe", b"MZ") is not None
    assert actions.check_agency_file("kh.pdf", b"<html>") is not None
    assert actions.check_agency_file("kh.pdf", b"%PDF-1.7") is None
    upload = SimpleUploadedFile("kh-stc.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    ap = actions.save_agency_plan(
        coordinator_user,
        profile,
        plan,
        agency,
        {"deadline": dt.date(2026, 4, 10), "number": "12/KH-STC", "received_on": dt.date(2026, 4, 12)},
        upload,
    )
    assert ap.status == AgencyPlan.Status.LATE and ap.file.name.endswith(".pdf")
    assert ap.file.storage.exists(ap.file.name)
    assert history(ap).get().after["status"] == "late"


def test_import_of_the_son_la_annex_writes_everything_audited(plan, coordinator_user, son_la, tmp_path):
    path = documents.son_la_pii_annex_docx(tmp_path / "phu-luc.docx")
    annex = read_annex(path, province="son-la")
    preview = actions.plan_import(plan, annex)
    counts = actions.apply_import(coordinator_user, profile_of(coordinator_user), plan, annex)
    assert counts["tasks"] == preview.tasks == len(list(actions._walk_tasks(annex)))
    assert counts["targets"] == preview.targets == plan.targets.count()
    assert plan.tasks.count() == counts["tasks"]
    # every indicator target of the annex is there, as written
    for ind in annex.indicators:
        if ind.target:
            assert plan.targets.filter(code=ind.code, text=ind.target[:300]).exists(), ind.code
    stc = Agency.objects.get(province=son_la, name="Sở Tài chính")
    ct = ContentType.objects.get_for_model(Task)
    assert Duty.objects.filter(subject_type=ct, subject_id__in=plan.tasks.values("id"), agency=stc).exists()
    entries = Entry.objects.filter(province=son_la, source=f"plan-annex:{annex.file}")
    assert entries.filter(via=Entry.Via.IMPORT, kind="task").count() == counts["tasks"]
    assert entries.filter(kind="plan_import").get().after == counts


def test_import_of_the_kpi_annex_keeps_statuses(plan, coordinator_user, tmp_path):
    path = documents.r57_kpi_xlsx(tmp_path / "phu-luc-1.xlsx")
    annex = read_annex(path)
    actions.apply_import(coordinator_user, profile_of(coordinator_user), plan, annex)
    items = [k for k in annex.kpis for k in [k, *k.children]]
    assert plan.kpis.count() == len(items)
    for item in items:
        kpi = plan.kpis.get(name=item.name, number=item.number)
        assert kpi.status == item.status and (kpi.stated_status or None) == item.stated_status
        assert kpi.targets == item.targets
