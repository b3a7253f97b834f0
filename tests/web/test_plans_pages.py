"""Plan pages: who sees what (coordinator edits, focal point sees its agency's, leader reads, another
province's plan is a 404), the KPI board with computed vs stated statuses, the consistency checks (Cao
Bằng's conflicts, Lạng Sơn's "5.5.2"), forms that keep what was typed, and the web import of a Sơn La
annex written as a Word file (preview lists everything, confirm writes it audited)."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType

from chiso.annex import read_annex
from chiso.web.audit.models import Entry
from chiso.web.people.models import Agency, Duty
from chiso.web.plans.models import AnnexUpload, Kpi, Plan, PlanTarget, Task
from tests.annex import documents


def _plan(code: str, index: str = "pii") -> Plan:
    return Plan.objects.filter(province__code=code, index=index, tasks__isnull=False).distinct().first()


def _url(plan: Plan, suffix: str = "") -> str:
    return f"/p/{plan.province.code}/plans/{plan.id}/{suffix}"


def test_demo_holds_the_five_source_plans(db):
    titles = {p.province.code: [] for p in Plan.objects.all()}
    for p in Plan.objects.all():
        titles[p.province.code].append(p)
    assert set(titles) >= {"14", "04", "20", "37"}
    r57 = Plan.objects.filter(province__code="14", index="r57", period_end=2045).get()
    assert r57.kpis.count() > 50 and r57.tasks.count() > 100
    assert r57.relations.get(kind="replaces").other.status == Plan.Status.SUPERSEDED
    assert _plan("14").relations.get(kind="cites").other.number == "142/KH-UBND"
    ninh_binh = Plan.objects.get(province__code="37")
    assert [(t.year, t.value) for t in ninh_binh.targets.filter(kind="rank").order_by("year")] == [
        (2026, 15),
        (2027, 13),
        (2029, 11),
        (2030, 10),
    ]
    lang_son = Plan.objects.get(province__code="20")
    assert lang_son.targets.get(code="PII").kind == PlanTarget.Kind.RELATIVE
    statuses = {a.agency.name: a.status for a in _plan("14").agency_plans.select_related("agency")}
    assert statuses["Sở Nội vụ"] == "late" and statuses["Sở Tài chính"] == "received"


def test_coordinator_sees_and_edits(coordinator):
    plan = _plan("14")
    r = coordinator.get(_url(plan))
    html = r.content.decode()
    assert r.status_code == 200 and 'id="checks"' in html and 'id="link-import"' in html
    assert "25/34" in html  # the 2026 rank targets as written
    r = coordinator.get(_url(plan) + "?by=agency")
    assert "Sở Tài chính" in r.content.decode()
    for suffix in ("kpis/", "edit/?what=task", "edit/?what=target", "edit/?what=amend", "import/"):
        assert coordinator.get(_url(plan, suffix)).status_code == 200, suffix
    assert coordinator.get("/p/14/agencies/").status_code == 200


def test_focal_point_sees_only_its_agency(focal, db):
    plan = _plan("14")
    stc = Agency.objects.get(province__code="14", name="Sở Tài chính")
    r = focal.get(_url(plan))
    html = r.content.decode()
    assert r.status_code == 200
    assert 'id="checks"' not in html and 'id="link-edit"' not in html
    ct = ContentType.objects.get_for_model(Task)
    mine = set(
        Duty.objects.filter(subject_type=ct, agency=stc, subject_id__in=plan.tasks.values("id")).values_list(
            "subject_id", flat=True
        )
    )
    grouped = [t for t in plan.tasks.all() if any("Các sở, ban, ngành" in v for v in t.groups.values())]
    shown = int(re.search(r"Nhiệm vụ, giải pháp \((\d+)\)", html).group(1))
    assert shown == len(mine | {t.id for t in grouped}) < plan.tasks.count()
    for suffix in ("edit/?what=task", "import/"):
        assert focal.get(_url(plan, suffix)).status_code == 403
    assert focal.post(_url(plan, "edit/?what=target"), {"code": "PII", "year": "2026"}).status_code == 403
    other = Agency.objects.filter(province__code="14").exclude(pk=stc.pk).first()
    assert focal.get(f"/p/14/agencies/{other.id}/").status_code == 404
    r = focal.get(f"/p/14/agencies/{stc.id}/")
    assert r.status_code == 200 and "Sở Tài chính" in r.content.decode()


def test_leader_reads_only(leader):
    plan = _plan("14")
    assert leader.get(_url(plan)).status_code == 200
    assert leader.get(_url(plan, "kpis/")).status_code == 200
    assert leader.get(_url(plan, "edit/")).status_code == 403
    assert leader.post("/p/14/plans/", {"title": "x"}).status_code == 403


def test_other_province_cannot_see_son_la_plans(other_coordinator):
    plan = _plan("14")
    assert other_coordinator.get(_url(plan)).status_code == 403  # Sơn La's pages: refused
    assert other_coordinator.get(f"/p/20/plans/{plan.id}/").status_code == 404  # its id under Lạng Sơn: none
    assert other_coordinator.get(f"/p/20/plans/{plan.id}/kpis/").status_code == 404
    own = Plan.objects.get(province__code="20")
    html = other_coordinator.get(_url(own)).content.decode()
    assert "5.5.2" in html and 'data-kind="unknown_code"' in html


def test_cao_bang_conflicts_are_shown_to_settle(admin_client_):
    plan = Plan.objects.get(province__code="04")
    html = admin_client_.get(_url(plan)).content.decode()
    found = set(re.findall(r'data-kind="text_annex" data-code="([\d.]+)"', html))
    assert found == {"1.2.3", "2.2.2", "3.1", "2.2.3", "4.1.2"}
    assert 'data-kind="beyond_best" data-code="2.2.2"' in html
    statement = plan.statements.get(code="2.2.2")
    r = admin_client_.post(
        _url(plan, f"edit/?what=settle&item={statement.id}"), {"side": "text", "note": "theo văn bản"}
    )
    assert r.status_code == 302
    assert plan.targets.get(code="2.2.2", source="annex").value == 0.5
    assert Entry.objects.filter(kind="statement", subject_id=str(statement.id)).exists()


def test_kpi_board_shows_computed_and_stated_status(coordinator):
    plan = Plan.objects.filter(province__code="14", index="r57", period_end=2045).get()
    html = coordinator.get(_url(plan, "kpis/")).content.decode()
    stated = plan.kpis.exclude(stated_status="")
    assert stated.count() > 20
    disagree = [k for k in stated if k.disagrees]
    # every stated status agrees with the computed one, or the board lists the KPI with the reason
    for k in disagree:
        assert k.status_reason in html
    if not disagree:
        assert 'id="kpi-disagree"' not in html
    assert "2045" in html and "chưa thống kê được" in html
    assert html.count('class="status ok"') >= stated.filter(stated_status="achieved").count() - len(disagree)


def test_failed_form_keeps_what_was_typed(coordinator):
    plan = _plan("14")
    r = coordinator.post(
        _url(plan, "edit/?what=target"),
        {
            "code": "2.2.1",
            "year": "2026",
            "text": "Giữ hạng 20/34 đã gõ",
            "kind": "score",
            "value": "mười",
            "source": "form",
        },
    )
    html = r.content.decode()
    assert r.status_code == 400 and "Giữ hạng 20/34 đã gõ" in html and "mười" in html
    r = coordinator.post(
        _url(plan, "edit/?what=kpi"),
        {"name": "Chỉ tiêu mới đã gõ", "kind": "stock", "targets_text": "năm sau: 10%"},
    )
    assert r.status_code == 400 and "Chỉ tiêu mới đã gõ" in r.content.decode()
    r = coordinator.post(
        _url(plan, "edit/?what=kpi"),
        {
            "name": "Chỉ tiêu mới",
            "kind": "stock",
            "targets_text": "2025: ≥ 10%",
            "result": "12%",
            "result_year": "2025",
        },
    )
    assert r.status_code == 302
    assert plan.kpis.get(name="Chỉ tiêu mới").status == Kpi.Status.ACHIEVED


@pytest.fixture
def empty_plan(coordinator, db):
    r = coordinator.post(
        "/p/14/plans/",
        {
            "issuer": "UBND tỉnh Sơn La",
            "title": "Kế hoạch nhập thử",
            "period_start": "2026",
            "period_end": "2026",
            "index": "pii",
            "status": "draft",
        },
    )
    assert r.status_code == 302
    return Plan.objects.get(title="Kế hoạch nhập thử")


def test_web_import_of_the_son_la_annex_docx(coordinator, empty_plan, tmp_path):
    path = documents.son_la_pii_annex_docx(tmp_path / "Phu luc Son La.docx")
    url = _url(empty_plan, "import/")
    with open(path, "rb") as fh:
        r = coordinator.post(url, {"action": "upload", "file": fh})
    assert r.status_code == 302
    html = coordinator.get(url).content.decode()
    annex = read_annex(path, province="son-la")
    tasks = len(list(t for i in annex.indicators for t in i.tasks)) + len(annex.tasks)
    assert 'id="preview"' in html and 'id="confirm"' in html
    assert f"Nhiệm vụ sẽ ghi: {sum(1 for _ in _all(annex))}" in html
    for u in annex.unplaced:  # nothing dropped: every unplaced row is listed with where it is
        assert str(u.location) in html
    for ind in annex.indicators:
        assert f"<td>{ind.code}</td>" in html
    assert empty_plan.tasks.count() == 0  # nothing written before the confirmation
    upload = AnnexUpload.objects.get(plan=empty_plan, state="pending")
    r = coordinator.post(url, {"action": "confirm", "upload": upload.id})
    assert r.status_code == 302
    assert empty_plan.tasks.count() == sum(1 for _ in _all(annex)) >= tasks
    assert empty_plan.targets.filter(source="annex").count() == sum(
        1 for x in [*annex.nodes, *annex.indicators] if x.target
    )
    assert (
        Entry.objects.filter(via="import", kind="task", source=f"plan-annex:{upload.id}").count()
        == empty_plan.tasks.count()
    )
    # the tasks of Sở Tài chính, on its page
    stc = Agency.objects.get(province__code="14", name="Sở Tài chính")
    html = coordinator.get(f"/p/14/agencies/{stc.id}/").content.decode()
    assert "Kế hoạch nhập thử" in html or empty_plan.title[:30] in html
    # confirming twice does nothing
    r = coordinator.post(url, {"action": "confirm", "upload": upload.id}, follow=True)
    assert "đã được xử lý" in r.content.decode()


def _all(annex):
    def walk(t):
        yield t
        for p in t.parts:
            yield from walk(p)

    for t in annex.all_tasks():
        yield from walk(t)


def test_import_refuses_what_is_not_an_annex(coordinator, empty_plan, tmp_path):
    url = _url(empty_plan, "import/")
    bad = tmp_path / "ke-hoach.docx"
    bad.write_bytes(b"not a zip at all")
    with open(bad, "rb") as fh:
        r = coordinator.post(url, {"action": "upload", "file": fh})
    assert r.status_code == 400 and "ke-hoach.docx" in r.content.decode()
    other = documents.other_layout_docx(tmp_path / "bang-khac.docx")
    with open(other, "rb") as fh:
        r = coordinator.post(url, {"action": "upload", "file": fh})
    html = r.content.decode()
    assert r.status_code == 400 and "bang-khac.docx" in html and "dòng" in html
    assert not AnnexUpload.objects.filter(plan=empty_plan).exists()


def test_demo_plans_load_again_changes_nothing(db):
    from chiso.web.plans.demo import load
    from chiso.web.plans.models import AgencyAlias, AgencyPlan

    def counts():
        return [m.objects.count() for m in (Plan, Task, Kpi, PlanTarget, AgencyAlias, AgencyPlan, Duty, Entry)]

    before = counts()
    load(log=lambda *_: None)
    assert counts() == before


def test_a_saved_solver_plan_is_attached_as_proposed_targets(coordinator):
    from django.apps import apps
    from django.contrib.auth import get_user_model

    from chiso.web.indexdata.models import FrameworkVersion
    from chiso.web.plans.views import _solver_model

    model = _solver_model()
    assert model is not None and model._meta.app_label == "steering"
    plan = _plan("14")
    solver = model.objects.create(
        province=plan.province,
        framework=FrameworkVersion.objects.get(name="pii-2025"),
        year=2025,
        name="Lên hạng 20",
        target="rank:PII:20",
        limits={},
        result={"changes": [{"indicator": "2.2.1", "from": 1.5, "to": 2.25, "cost": 1.0}]},
        created_by=get_user_model().objects.get(username="sokhcn"),
    )
    r = coordinator.post(_url(plan, "edit/?what=solver"), {"solver": solver.id})
    assert r.status_code == 302
    html = coordinator.get(_url(plan)).content.decode()
    assert "Lên hạng 20" in html and "2,25" in html
    assert apps.get_model("plans", "SolverLink").objects.filter(plan=plan, solver_id=solver.id).exists()


def test_editing_a_target_shows_and_keeps_what_is_stored(coordinator):
    """A stored target's form shows its own year and source (not the defaults of a new one), an
    unchanged save changes nothing, and a change is recorded with the stored values as "before"."""
    plan = _plan("14")
    target = plan.targets.filter(source=PlanTarget.Source.ANNEX).exclude(year=plan.period_end).first()
    assert target is not None, "the demo's Sơn La plan has annex targets for a year before its end"
    url = _url(plan, f"edit/?what=target&item={target.id}")
    form = coordinator.get(url).context["form"]
    assert form["year"].value() == target.year and form["source"].value() == PlanTarget.Source.ANNEX
    fields = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in fields.items()}
    entries = Entry.objects.count()
    assert coordinator.post(url, data).status_code == 302
    target.refresh_from_db()
    assert (target.year, target.source) == (form["year"].value(), PlanTarget.Source.ANNEX)
    assert Entry.objects.count() == entries  # nothing changed, nothing recorded
    data["note"] = "đổi ghi chú"
    assert coordinator.post(url, data).status_code == 302
    entry = Entry.objects.filter(kind="plan_target", subject_id=str(target.id)).first()
    assert entry.before["note"] != "đổi ghi chú" and entry.after["note"] == "đổi ghi chú"
    assert entry.before["year"] == entry.after["year"] == target.year
