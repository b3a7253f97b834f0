"""Every write of the plans app: in a transaction, audited (``chiso.web.audit.actions``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import models, transaction

from chiso.annex import kpi as annex_kpi
from chiso.annex import values as annex_values
from chiso.annex.agencies import lookup as annex_lookup
from chiso.annex.model import Annex, KpiItem, TaskItem
from chiso.web.audit.actions import Change, Context, record, record_many
from chiso.web.people.models import Agency, Duty, Profile, Province, Role

from . import agencies as registry
from .models import (
    AgencyAlias,
    AgencyGroup,
    AgencyPlan,
    AnnexUpload,
    Kpi,
    Plan,
    PlanRelation,
    PlanTarget,
    PlanVersion,
    SolverLink,
    Statement,
    Task,
    UnknownAgency,
)

HEADER_FIELDS = ("issuer", "number", "issued_on", "title", "period_start", "period_end", "purpose", "index", "status")
TARGET_FIELDS = ("code", "year", "text", "kind", "value", "of", "source", "note")
TASK_FIELDS = (
    "number",
    "section",
    "text",
    "codes",
    "product",
    "timing",
    "timing_kind",
    "due",
    "funding_estimate",
    "funding_allocated",
    "funding_spent",
    "lead_as_written",
    "coordinating_as_written",
)
KPI_FIELDS = (
    "number",
    "name",
    "section",
    "unit",
    "kind",
    "targets",
    "result",
    "result_value",
    "result_date",
    "result_year",
    "stated_status",
    "indicator_code",
    "note",
    "lead_as_written",
    "coordinating_as_written",
)


def can_edit(profile: Profile) -> bool:
    return profile.role in (Role.ADMIN, Role.COORDINATOR)


def _check(profile: Profile, province: Province) -> None:
    if not can_edit(profile) or (profile.role != Role.ADMIN and profile.province_id != province.id):
        raise PermissionDenied


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    return value


def _values(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {f: _json(getattr(obj, f)) for f in fields}


def _stored_values(obj: models.Model | None, fields: Iterable[str]) -> dict[str, Any] | None:
    """The values as stored, read again from the database: a bound form has already changed the
    instance it was given (Django's ModelForm does), so the object in hand is not the "before"."""
    if obj is None or obj.pk is None:
        return None
    stored = type(obj).objects.filter(pk=obj.pk).first()
    return None if stored is None else _values(stored, fields)


def _ctx(user, via: str = "form", why: str = "", source: str = "") -> Context:
    if user is None and via == "form":
        via = "system"  # the demo loader, a management command: nobody typed it
    return Context(user=user, via=via, why=why, source=source)


# -- plans ------------------------------------------------------------------------------------------


def snapshot(plan: Plan) -> dict[str, Any]:
    """The whole plan as it stands (a version keeps one)."""
    return {
        "header": _values(plan, HEADER_FIELDS),
        "targets": [_values(t, TARGET_FIELDS) | {"kpi": t.kpi_id} for t in plan.targets.all()],
        "tasks": [_values(t, TASK_FIELDS) | {"id": t.id, "parent": t.parent_id} for t in plan.tasks.all()],
        "kpis": [
            _values(k, KPI_FIELDS) | {"id": k.id, "parent": k.parent_id, "status": k.status} for k in plan.kpis.all()
        ],
    }


@transaction.atomic
def create_plan(user, profile: Profile, province: Province, fields: dict[str, Any], *, via: str = "form") -> Plan:
    _check(profile, province)
    plan = Plan.objects.create(province=province, **{k: v for k, v in fields.items() if k in HEADER_FIELDS})
    PlanVersion.objects.create(plan=plan, number=1, note="", snapshot=snapshot(plan), created_by=_user(user))
    record(Change("plan", None, _values(plan, HEADER_FIELDS), plan, province=province), _ctx(user, via))
    return plan


def _user(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


@transaction.atomic
def update_plan(user, profile: Profile, plan: Plan, fields: dict[str, Any], why: str = "") -> Plan:
    """Corrections to the header (a typo, a missing date): the same version; history in the audit."""
    _check(profile, plan.province)
    before = _stored_values(plan, HEADER_FIELDS)
    for k, v in fields.items():
        if k in HEADER_FIELDS:
            setattr(plan, k, v)
    plan.save()
    after = _values(plan, HEADER_FIELDS)
    if after != before:
        record(Change("plan", before, after, plan, province=plan.province), _ctx(user, why=why))
    return plan


@transaction.atomic
def amend_plan(user, profile: Profile, plan: Plan, document: str, note: str, fields: dict[str, Any]) -> PlanVersion:
    """An amendment (a document changing the plan): a new version with the plan as it stands after it;
    the earlier versions keep their snapshots."""
    _check(profile, plan.province)
    before = _values(plan, HEADER_FIELDS)
    for k, v in fields.items():
        if k in HEADER_FIELDS:
            setattr(plan, k, v)
    plan.version = (plan.versions.aggregate(m=models.Max("number"))["m"] or 0) + 1
    plan.save()
    version = PlanVersion.objects.create(
        plan=plan,
        number=plan.version,
        document=document[:200],
        note=note[:500],
        snapshot=snapshot(plan),
        created_by=_user(user),
    )
    after = _values(plan, HEADER_FIELDS) | {"version": plan.version, "document": document}
    record(Change("plan_version", before, after, plan, province=plan.province), _ctx(user, why=note))
    return version


@transaction.atomic
def relate(user, profile: Profile, plan: Plan, kind: str, text: str, other: Plan | None = None) -> PlanRelation:
    _check(profile, plan.province)
    relation, _ = PlanRelation.objects.update_or_create(plan=plan, kind=kind, text=text, defaults={"other": other})
    if kind == PlanRelation.Kind.REPLACES and other is not None and other.status != Plan.Status.SUPERSEDED:
        before = other.status
        other.status = Plan.Status.SUPERSEDED
        other.save(update_fields=["status", "updated_at"])
        record(
            Change("plan", {"status": before}, {"status": other.status}, other, province=plan.province),
            _ctx(user, why=f"thay thế bởi {plan}"),
        )
    record(Change("plan_relation", None, {"kind": kind, "text": text}, plan, province=plan.province), _ctx(user))
    return relation


# -- targets, tasks, KPIs ---------------------------------------------------------------------------


@transaction.atomic
def save_target(user, profile: Profile, plan: Plan, target: PlanTarget | None, fields: dict[str, Any]) -> PlanTarget:
    _check(profile, plan.province)
    before = _stored_values(target, TARGET_FIELDS)
    target = target or PlanTarget(plan=plan)
    for k, v in fields.items():
        if k in (*TARGET_FIELDS, "kpi"):
            setattr(target, k, v)
    target.save()
    after = _values(target, TARGET_FIELDS)
    if after != before:  # an unchanged save is not a change
        record(Change("plan_target", before, after, target, province=plan.province), _ctx(user))
    return target


@transaction.atomic
def delete_target(user, profile: Profile, target: PlanTarget) -> None:
    plan = target.plan
    _check(profile, plan.province)
    before = _values(target, TARGET_FIELDS)
    record(Change("plan_target", before, None, target, province=plan.province), _ctx(user))
    target.delete()


def _set_duties(subject: models.Model | None, code: str, province: Province, role: str, agencies: list[Agency]):
    """Make the ``role`` duties of a subject (or an indicator code) exactly ``agencies``; returns
    (before, after) names."""
    if subject is not None:
        ct = ContentType.objects.get_for_model(subject)
        qs = Duty.objects.filter(subject_type=ct, subject_id=subject.pk, role=role)
        make = {"subject_type": ct, "subject_id": subject.pk}
    else:
        qs = Duty.objects.filter(province=province, code=code, role=role)
        make = {"code": code}
    current = list(qs.select_related("agency"))
    before = [str(d.agency.name) for d in current]
    wanted = {a.id for a in agencies}
    qs.exclude(agency_id__in=wanted).delete()
    have = {d.agency_id for d in current}
    for position, agency in enumerate(agencies):
        if agency.id not in have:
            Duty.objects.create(province=province, agency=agency, role=role, position=position, **make)
    return before, [a.name for a in agencies]


def _assign(
    obj: Task | Kpi, lead: list[Agency], coordinating: list[Agency], groups: dict[str, list[str]]
) -> dict[str, Any]:
    province = obj.plan.province
    lb, la = _set_duties(obj, "", province, Duty.Role.LEAD, lead)
    cb, ca = _set_duties(obj, "", province, Duty.Role.COORDINATING, coordinating)
    return {"lead": la, "coordinating": ca, "_before": {"lead": lb, "coordinating": cb}, "groups": groups}


def resolve_cell(province: Province, text: str, reg: registry.Registry | None = None) -> registry.Resolved:
    reg = reg or registry.Registry(province)
    return reg.resolve(registry.split_cell(text, province))


@transaction.atomic
def save_task(user, profile: Profile, plan: Plan, task: Task | None, fields: dict[str, Any]) -> Task:
    """Create or change a task; its lead and coordinating agencies are read from the cells as written
    (``lead_as_written``, ``coordinating_as_written``) through the province's registry; names it does
    not know go to the review list."""
    _check(profile, plan.province)
    before = _stored_values(task, TASK_FIELDS)
    task = task or Task(plan=plan)
    for k, v in fields.items():
        if k in (*TASK_FIELDS, "parent", "position"):
            setattr(task, k, v)
    if "timing" in fields and "timing_kind" not in fields:
        task.timing_kind, task.due = annex_values.parse_timing(task.timing)
    task.save()
    reg = registry.Registry(plan.province)
    lead = resolve_cell(plan.province, task.lead_as_written, reg)
    coordinating = resolve_cell(plan.province, task.coordinating_as_written, reg)
    groups = {"lead": [g.name for g in lead.groups], "coordinating": [g.name for g in coordinating.groups]}
    task.groups = groups
    task.save(update_fields=["groups"])
    duties = _assign(task, lead.agencies, coordinating.agencies, groups)
    _note_unknown(plan, [*lead.unknown, *coordinating.unknown], f"nhiệm vụ {task.number}".strip())
    after = _values(task, TASK_FIELDS) | {"lead": duties["lead"], "coordinating": duties["coordinating"]}
    record(Change("task", before, after, task, province=plan.province), _ctx(user))
    return task


@transaction.atomic
def delete_task(user, profile: Profile, task: Task) -> None:
    plan = task.plan
    _check(profile, plan.province)
    ct = ContentType.objects.get_for_model(Task)
    ids = [task.id, *_descendants(task)]
    record(Change("task", _values(task, TASK_FIELDS), None, task, province=plan.province), _ctx(user))
    Duty.objects.filter(subject_type=ct, subject_id__in=ids).delete()
    task.delete()


def _descendants(task: Task) -> list[int]:
    out, frontier = [], [task.id]
    while frontier:
        frontier = list(Task.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        out += frontier
    return out


def compute_status(kpi: Kpi) -> tuple[str, str]:
    """The KPI's status from the target of the year of its result and the result (DESIGN §4)."""
    year = str(kpi.result_year) if kpi.result_year else ""
    target = kpi.targets.get(year, "") if year else ""
    if not target and kpi.targets and not year:
        target = next(iter(kpi.targets.values()))
    status, reason = annex_kpi.status(target, kpi.result)
    return status, reason[:300]


@transaction.atomic
def save_kpi(user, profile: Profile, plan: Plan, kpi: Kpi | None, fields: dict[str, Any]) -> Kpi:
    _check(profile, plan.province)
    stored_kpi = None if kpi is None or kpi.pk is None else Kpi.objects.filter(pk=kpi.pk).first()
    before = None if stored_kpi is None else _values(stored_kpi, KPI_FIELDS) | {"status": stored_kpi.status}
    kpi = kpi or Kpi(plan=plan)
    for k, v in fields.items():
        if k in (*KPI_FIELDS, "parent", "position"):
            setattr(kpi, k, v)
    if "result" in fields and "result_value" not in fields:
        parsed = annex_kpi.parse_result(kpi.result)
        kpi.result_value = parsed.value
        if parsed.when is not None or "result_date" not in fields:
            kpi.result_date = parsed.when
    kpi.status, kpi.status_reason = compute_status(kpi)
    kpi.save()
    reg = registry.Registry(plan.province)
    lead = resolve_cell(plan.province, kpi.lead_as_written, reg)
    coordinating = resolve_cell(plan.province, kpi.coordinating_as_written, reg)
    kpi.groups = {"lead": [g.name for g in lead.groups], "coordinating": [g.name for g in coordinating.groups]}
    kpi.save(update_fields=["groups"])
    duties = _assign(kpi, lead.agencies, coordinating.agencies, kpi.groups)
    _note_unknown(plan, [*lead.unknown, *coordinating.unknown], f"chỉ tiêu {kpi.number}".strip())
    after = _values(kpi, KPI_FIELDS) | {"status": kpi.status, "lead": duties["lead"]}
    record(Change("kpi", before, after, kpi, province=plan.province), _ctx(user))
    return kpi


@transaction.atomic
def delete_kpi(user, profile: Profile, kpi: Kpi) -> None:
    plan = kpi.plan
    _check(profile, plan.province)
    record(Change("kpi", _values(kpi, KPI_FIELDS), None, kpi, province=plan.province), _ctx(user))
    ct = ContentType.objects.get_for_model(Kpi)
    ids = [kpi.id, *kpi.children.values_list("id", flat=True)]
    Duty.objects.filter(subject_type=ct, subject_id__in=ids).delete()
    kpi.delete()


@transaction.atomic
def settle(user, profile: Profile, statement: Statement, side: str, note: str = "") -> Statement:
    """The coordinator settles a disagreement between the text and the annex: keep the text's value (the
    annex-side target is changed to it) or the annex's (the statement is marked as settled)."""
    plan = statement.plan
    _check(profile, plan.province)
    before = {"settled": statement.settled, "note": statement.settled_note}
    statement.settled = side
    statement.settled_note = note[:300]
    statement.save()
    if side == Statement.Settled.TEXT and statement.what == Statement.What.TARGET:
        for target in plan.targets.filter(code=statement.code, source=PlanTarget.Source.ANNEX):
            tb = _values(target, TARGET_FIELDS)
            target.text, target.value = statement.text, statement.value
            target.note = f"theo nội dung kế hoạch ({statement.where})"[:300]
            target.save()
            record(
                Change("plan_target", tb, _values(target, TARGET_FIELDS), target, province=plan.province), _ctx(user)
            )
    if side == Statement.Settled.TEXT and statement.what == Statement.What.LEAD:
        found = resolve_cell(plan.province, statement.text)
        if found.agencies:
            b, a = _set_duties(None, statement.code, plan.province, Duty.Role.LEAD, found.agencies)
            record(
                Change(
                    "assignment",
                    {"lead": b},
                    {"lead": a},
                    key=f"{plan.province.code}/{statement.code}/lead",
                    province=plan.province,
                ),
                _ctx(user, why=note),
            )
    after = {"settled": statement.settled, "note": statement.settled_note}
    record(Change("statement", before, after, statement, province=plan.province), _ctx(user, why=note))
    return statement


@transaction.atomic
def add_statement(user, profile: Profile, plan: Plan, fields: dict[str, Any], *, via: str = "form") -> Statement:
    _check(profile, plan.province)
    statement = Statement.objects.create(plan=plan, **fields)
    record(Change("statement", None, _json(fields), statement, province=plan.province), _ctx(user, via))
    return statement


# -- agencies ---------------------------------------------------------------------------------------


def _note_unknown(plan: Plan, names: list[str], where: str) -> list[UnknownAgency]:
    out = []
    for name in names:
        obj, _ = UnknownAgency.objects.get_or_create(
            province=plan.province,
            key=registry.key(name)[:300],
            defaults={"name": name[:300], "plan": plan, "where": where[:200]},
        )
        out.append(obj)
    return out


def ensure_groups(province: Province) -> dict[str, AgencyGroup]:
    out = {}
    for name, covers in registry.COLLECTIVES.items():
        out[name], _ = AgencyGroup.objects.get_or_create(province=province, name=name, defaults={"covers": covers})
    return out


def ensure_group(province: Province, name: str) -> AgencyGroup:
    """A collective group of the province ("các sở, ban, ngành"), created empty if it does not exist."""
    group, _ = AgencyGroup.objects.get_or_create(province=province, name=name, defaults={"covers": []})
    return group


@transaction.atomic
def add_alias(
    user, profile: Profile, province: Province, alias: str, target: Agency | AgencyGroup, *, via: str = "form"
) -> AgencyAlias:
    _check(profile, province)
    k = registry.key(alias)
    obj, _ = AgencyAlias.objects.update_or_create(
        province=province,
        key=k,
        defaults={
            "alias": alias.strip()[:300],
            "agency": target if isinstance(target, Agency) else None,
            "group": target if isinstance(target, AgencyGroup) else None,
        },
    )
    UnknownAgency.objects.filter(province=province, key=k).update(
        resolved=True, agency=target if isinstance(target, Agency) else None
    )
    record(
        Change("agency_alias", None, {"alias": obj.alias, "of": str(target)}, obj, province=province), _ctx(user, via)
    )
    return obj


@transaction.atomic
def resolve_unknown(user, profile: Profile, unknown: UnknownAgency, agency: Agency | None, new_name: str = "") -> None:
    """Map a name under review to an agency (it becomes an alias), create a new agency for it, or (with
    neither) dismiss it."""
    province = unknown.province
    _check(profile, province)
    if agency is None and new_name.strip():
        agency, _ = Agency.objects.get_or_create(
            province=province, name=new_name.strip()[:200], defaults={"kind": _kind_of(new_name)}
        )
        record(Change("agency", None, {"name": agency.name}, agency, province=province), _ctx(user))
    if agency is not None:
        add_alias(user, profile, province, unknown.name, agency)
    before = {"resolved": unknown.resolved}
    unknown.resolved, unknown.agency = True, agency
    unknown.save()
    record(
        Change("agency_review", before, {"resolved": True, "agency": str(agency or "")}, unknown, province=province),
        _ctx(user),
    )


def _kind_of(name: str) -> str:
    known = annex_lookup(name)
    if known is not None and known.kind in registry.KIND_MAP:
        return registry.KIND_MAP[known.kind]
    from chiso.web.indexdata.actions import agency_kind

    return agency_kind(name)


ALLOWED_AGENCY_FILES = {".pdf": b"%PDF", ".docx": b"PK\x03\x04"}


def check_agency_file(name: str, head: bytes) -> str | None:
    """None when the file is a PDF or a Word .docx by its name and its first bytes; else why not."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    magic = ALLOWED_AGENCY_FILES.get(suffix)
    if magic is None:
        return "chỉ nhận tệp PDF hoặc Word (.docx)"
    if not head.startswith(magic):
        return f"tệp “{name}” không phải tệp {suffix[1:].upper()} thật"
    return None


@transaction.atomic
def save_agency_plan(
    user, profile: Profile, plan: Plan, agency: Agency, fields: dict[str, Any], upload: File | None = None
) -> AgencyPlan:
    _check(profile, plan.province)
    obj = AgencyPlan.objects.filter(plan=plan, agency=agency).first()
    fields_list = ("deadline", "number", "issued_on", "received_on")
    before = None if obj is None else _values(obj, fields_list) | {"file": obj.file.name}
    obj = obj or AgencyPlan(plan=plan, agency=agency)
    for k, v in fields.items():
        if k in fields_list:
            setattr(obj, k, v)
    if upload is not None:
        obj.file.save(upload.name, upload, save=False)
    obj.save()
    after = _values(obj, fields_list) | {"file": obj.file.name, "status": obj.status}
    record(Change("agency_plan", before, after, obj, province=plan.province), _ctx(user))
    return obj


@transaction.atomic
def link_solver(user, profile: Profile, plan: Plan, solver: models.Model, note: str = "") -> SolverLink:
    _check(profile, plan.province)
    if getattr(solver, "province_id", None) != plan.province_id:
        raise PermissionDenied
    ct = ContentType.objects.get_for_model(solver)
    link, created = SolverLink.objects.get_or_create(
        plan=plan, solver_type=ct, solver_id=solver.pk, defaults={"note": note}
    )
    if not created:
        return link
    record(
        Change("plan_solver", None, {"solver": str(solver.pk), "note": note}, link, province=plan.province), _ctx(user)
    )
    return link


# -- import of an annex -----------------------------------------------------------------------------


@dataclass
class ImportPlan:
    """What an annex would write, worked out before anything is written (the preview shows it)."""

    new_agencies: list[str] = field(default_factory=list)  # canonical names the province does not hold yet
    unknown: list[str] = field(default_factory=list)  # names nobody knows: to review
    targets: int = 0
    tasks: int = 0
    kpis: int = 0
    indicator_duties: int = 0


def _refs(names: list[str], province: Province, reg: registry.Registry) -> tuple[list[str], list[str], list[str]]:
    """(agency names, group names, unknown names) for a list of names from the annex reader."""
    prov = registry.ANNEX_PROVINCE.get(province.code)
    agencies, groups, unknown = [], [], []
    for name in names:
        found = reg.find(name)
        if isinstance(found, AgencyGroup):
            groups.append(found.name)
            continue
        if isinstance(found, Agency):
            agencies.append(found.name)
            continue
        known = annex_lookup(name, prov)
        if known is not None and known.is_collective:
            groups.append(known.canonical)
        elif known is not None:
            agencies.append(known.canonical)
        else:
            unknown.append(name)
    return agencies, groups, unknown


def _walk_tasks(annex: Annex) -> Iterable[TaskItem]:
    def walk(task: TaskItem):
        yield task
        for p in task.parts:
            yield from walk(p)

    for t in annex.all_tasks():
        yield from walk(t)


def _walk_kpis(annex: Annex) -> Iterable[KpiItem]:
    for k in annex.kpis:
        yield k
        yield from k.children


def plan_import(plan: Plan, annex: Annex) -> ImportPlan:
    """Count what ``apply_import`` would write and list the agency names that need attention."""
    province = plan.province
    reg = registry.Registry(province)
    out = ImportPlan()
    names: list[str] = []
    for ind in annex.indicators:
        names += ind.lead + ind.coordinating + ind.supplier
        out.indicator_duties += len(ind.lead) + len(ind.coordinating) + len(ind.supplier)
        out.targets += 1 if ind.target else 0
    out.targets += sum(1 for n in annex.nodes if n.target)
    for t in _walk_tasks(annex):
        names += t.lead + t.coordinating
        out.tasks += 1
    for k in _walk_kpis(annex):
        names += k.lead + k.coordinating
        out.kpis += 1
    seen: set[str] = set()
    for name in names:
        if name in seen:
            continue
        seen.add(name)
        agencies, _groups, unknown = _refs([name], province, reg)
        if agencies and reg.find(agencies[0]) is None:
            out.new_agencies.append(agencies[0])
        out.unknown += unknown
    for name in annex.unknown_agencies:
        if name not in out.unknown and reg.find(name) is None:
            out.unknown.append(name)
    return out


def _target_kind(kind: str | None, text: str) -> str:
    if kind in PlanTarget.Kind.values:
        return kind
    return PlanTarget.Kind.RANK if "/" in (text or "") else PlanTarget.Kind.SCORE


@transaction.atomic
def apply_import(user, profile: Profile, plan: Plan, annex: Annex, upload: AnnexUpload | None = None) -> dict[str, int]:
    """Write everything the annex holds into the plan, in one transaction, audited via "import": targets
    of indicators and nodes, indicator duties, tasks (with their parts) and KPIs (with their children)
    with their duties; unknown agency names go to the review list (and stay as written on the item)."""
    _check(profile, plan.province)
    province = plan.province
    source = f"plan-annex:{upload.id}" if upload is not None else f"plan-annex:{annex.file}"
    ctx = _ctx(user, "import", why=annex.title, source=source)
    groups = ensure_groups(province)
    reg = registry.Registry(province)
    created_agencies: dict[str, Agency] = {}
    changes: list[Change] = []

    def agencies_of(names: list[str], where: str) -> tuple[list[Agency], list[str]]:
        found, group_names, unknown = _refs(names, province, reg)
        out = []
        for name in found:
            agency = reg.find(name)
            if not isinstance(agency, Agency):
                agency = created_agencies.get(name)
            if agency is None:
                agency, made = Agency.objects.get_or_create(
                    province=province, name=name[:200], defaults={"kind": _kind_of(name)}
                )
                created_agencies[name] = agency
                reg.names[registry.key(name)] = agency
                if made:
                    changes.append(Change("agency", None, {"name": agency.name}, agency, province=province))
            if agency not in out:
                out.append(agency)
        for g in group_names:
            if g not in groups:
                groups[g], _ = AgencyGroup.objects.get_or_create(province=province, name=g, defaults={"covers": []})
        _note_unknown(plan, unknown, where)
        return out, group_names

    counts = {"targets": 0, "tasks": 0, "kpis": 0, "duties": 0, "unplaced": len(annex.unplaced)}
    position = plan.targets.count()
    default_year = plan.period_start
    for node in [*annex.nodes, *annex.indicators]:
        if not node.target:
            continue
        position += 1
        target = PlanTarget.objects.create(
            plan=plan,
            code=node.code,
            year=node.target_year or default_year,
            text=node.target[:300],
            kind=_target_kind(node.target_kind, node.target),
            value=node.target_rank if node.target_rank is not None else node.target_value,
            of=getattr(node, "of", None) if node.target_rank is not None else None,
            source=PlanTarget.Source.ANNEX,
            bounds=_bounds(node),
            position=position,
        )
        counts["targets"] += 1
        changes.append(Change("plan_target", None, _values(target, TARGET_FIELDS), target, province=province))
    for ind in annex.indicators:
        for role, names in (
            (Duty.Role.LEAD, ind.lead),
            (Duty.Role.COORDINATING, ind.coordinating),
            (Duty.Role.SUPPLIER, ind.supplier),
        ):
            if not names:
                continue
            agencies, _g = agencies_of(names, f"chỉ số {ind.code}")
            before, after = _set_duties(None, ind.code, province, role, agencies)
            counts["duties"] += len(agencies)
            if before != after:
                changes.append(
                    Change("assignment", before, after, key=f"{province.code}/{ind.code}/{role}", province=province)
                )

    task_position = plan.tasks.count()
    by_number: dict[str, Task] = {}

    def write_task(item: TaskItem, parent: Task | None) -> None:
        nonlocal task_position
        task_position += 1
        lead, lead_groups = agencies_of(item.lead, f"nhiệm vụ {item.number}".strip())
        coord, coord_groups = agencies_of(item.coordinating, f"nhiệm vụ {item.number}".strip())
        if parent is None and item.number and "." in item.number:
            parent = by_number.get(item.number.rsplit(".", 1)[0])
        task = Task.objects.create(
            plan=plan,
            parent=parent,
            number=item.number[:20],
            section=item.section[:300],
            text=item.text,
            codes=[item.indicator_code] if item.indicator_code else [],
            product=item.product[:500],
            timing=_timing_text(item)[:300],
            timing_kind=item.timing_kind,
            due=item.due,
            lead_as_written=item.lead_as_written or "; ".join(item.lead),
            coordinating_as_written=item.coordinating_as_written or "; ".join(item.coordinating),
            groups={"lead": lead_groups, "coordinating": coord_groups},
            position=task_position,
        )
        if item.number:
            by_number.setdefault(item.number, task)
        duties = _assign(task, lead, coord, task.groups)
        counts["tasks"] += 1
        counts["duties"] += len(lead) + len(coord)
        changes.append(
            Change(
                "task",
                None,
                _values(task, TASK_FIELDS) | {"lead": duties["lead"], "coordinating": duties["coordinating"]},
                task,
                province=province,
            )
        )
        for part in item.parts:
            write_task(part, task)

    for item in annex.all_tasks():
        write_task(item, None)

    kpi_position = plan.kpis.count()

    def write_kpi(item: KpiItem, parent: Kpi | None) -> None:
        nonlocal kpi_position
        kpi_position += 1
        lead, lead_groups = agencies_of(item.lead, f"chỉ tiêu {item.number}".strip())
        coord, coord_groups = agencies_of(item.coordinating, f"chỉ tiêu {item.number}".strip())
        kpi = Kpi(
            plan=plan,
            parent=parent,
            number=item.number[:20],
            name=item.name,
            section=item.section[:200],
            unit=item.unit[:60],
            kind=item.kind if item.kind in Kpi.Kind.values else Kpi.Kind.STOCK,
            targets=dict(item.targets),
            result=item.result[:300],
            result_value=item.result_value,
            result_date=item.result_date,
            result_year=_result_year(item),
            stated_status=item.stated_status or "",
            indicator_code=item.indicator_code or "",
            note=item.note,
            lead_as_written=item.lead_as_written or "; ".join(item.lead),
            coordinating_as_written=item.coordinating_as_written or "; ".join(item.coordinating),
            groups={"lead": lead_groups, "coordinating": coord_groups},
            position=kpi_position,
        )
        # the reader judged the result against the target of the result's column (DESIGN §4)
        kpi.status, kpi.status_reason = item.status, (item.status_reason or "")[:300]
        kpi.save()
        _assign(kpi, lead, coord, kpi.groups)
        counts["kpis"] += 1
        counts["duties"] += len(lead) + len(coord)
        changes.append(Change("kpi", None, _values(kpi, KPI_FIELDS) | {"status": kpi.status}, kpi, province=province))
        for child in item.children:
            write_kpi(child, kpi)

    for item in annex.kpis:
        write_kpi(item, None)

    if upload is not None:
        upload.state = AnnexUpload.State.APPLIED
        upload.summary = counts
        upload.save(update_fields=["state", "summary"])
    record_many(changes, ctx)
    record(Change("plan_import", None, counts, plan, province=province), ctx)
    return counts


def _bounds(node) -> dict[str, Any]:
    """The latest national (max, min) the annex gives for a node."""
    years = sorted(y for y, (hi, lo) in node.bounds.items() if hi is not None and lo is not None)
    if not years:
        return {}
    hi, lo = node.bounds[years[-1]]
    return {"year": years[-1], "max": hi, "min": lo}


def _timing_text(item: TaskItem) -> str:
    if item.timing:
        return item.timing
    if item.timings:
        return "; ".join(f"{k}: {v}" for k, v in item.timings.items() if v)
    return ""


def _result_year(item: KpiItem) -> int | None:
    """The year a result is judged against: the year of its date, else the earliest year with a target."""
    if not item.result:
        return None
    if item.result_date is not None:
        return item.result_date.year
    years = sorted(int(k) for k in item.targets if k.isdigit())
    return years[0] if years else None


@transaction.atomic
def stage_upload(user, profile: Profile, plan: Plan, uploaded, read) -> AnnexUpload:
    """Store an uploaded annex as the plan's pending upload (any earlier pending one is discarded) once
    ``read(upload)`` has read it; if reading fails, the file is removed, nothing is kept and the
    reader's error propagates."""
    _check(profile, plan.province)
    name = Path(uploaded.name).name[:200]
    upload = AnnexUpload(plan=plan, name=name, uploaded_by=user)
    upload.file.save(name, uploaded, save=False)
    try:
        read(upload)
    except Exception:
        upload.file.delete(save=False)
        raise
    earlier = list(plan.uploads.filter(state=AnnexUpload.State.PENDING))
    for old in earlier:
        old.state = AnnexUpload.State.DISCARDED
        old.save(update_fields=["state"])
    upload.save()
    record(
        Change("annex_upload", None, {"name": name, "state": upload.state}, subject=upload, province=plan.province),
        _ctx(user, "import"),
    )
    return upload


@transaction.atomic
def discard_upload(user, profile: Profile, upload: AnnexUpload) -> None:
    """Drop a pending annex upload and its file: nothing of it is written to the plan."""
    _check(profile, upload.plan.province)
    before = upload.state
    upload.state = AnnexUpload.State.DISCARDED
    upload.save(update_fields=["state"])
    upload.file.delete(save=False)
    record(
        Change(
            "annex_upload", {"state": before}, {"state": upload.state}, subject=upload, province=upload.plan.province
        ),
        _ctx(user, "import"),
    )
