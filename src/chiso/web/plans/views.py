"""The plan pages: the province's plans, one plan (targets, tasks by indicator and by agency, KPIs,
versions, consistency checks), its edit forms, its KPI board, the import of an annex, an agency's page
and the agency registry. Coordinators (and administrators) edit; focal points see what is theirs;
leaders read. A plan or agency of another province is a 404."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections import OrderedDict
from pathlib import Path

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chiso.annex import AnnexError, read_annex
from chiso.web.audit.actions import history
from chiso.web.people.access import profile_of, province_for
from chiso.web.people.models import Agency, Duty, Profile, Province, Role

from . import actions, checks
from . import agencies as registry
from .forms import (
    AgencyPlanForm,
    AliasForm,
    AmendForm,
    KpiForm,
    PlanForm,
    StatementForm,
    TargetForm,
    TaskForm,
    UploadForm,
)
from .models import AgencyAlias, AgencyGroup, AgencyPlan, AnnexUpload, Kpi, Plan, PlanTarget, Statement, Task
from .models import UnknownAgency as Unknown

log = logging.getLogger(__name__)

STATUS_CLASS = {"achieved": "ok", "not_achieved": "warn", "no_data": "muted", "not_assessable": "muted"}


# -- who sees what ----------------------------------------------------------------------------------


def _province(request: HttpRequest, code: str) -> tuple[Profile, Province]:
    return profile_of(request.user), province_for(request.user, code)


def _plan(request: HttpRequest, code: str, plan_id: int) -> tuple[Profile, Province, Plan]:
    profile, province = _province(request, code)
    plan = Plan.objects.filter(province=province, pk=plan_id).first()
    if plan is None:  # another province's plan, or none: not found (never "forbidden", which would confirm it)
        raise Http404
    return profile, province, plan


def _require_edit(profile: Profile) -> None:
    if not actions.can_edit(profile):
        raise PermissionDenied


class Scope:
    """What one user may see of a plan: everything, or (a focal point) what concerns the agency."""

    def __init__(self, profile: Profile, province: Province) -> None:
        self.agency = profile.agency if profile.role == Role.FOCAL_POINT else None
        self.province = province
        if self.agency is not None:
            self.groups = {
                g.name for g in AgencyGroup.objects.filter(province=province) if self.agency.kind in g.covers
            }
            self.codes = set(
                Duty.objects.filter(province=province, agency=self.agency)
                .exclude(code="")
                .values_list("code", flat=True)
            )

    @property
    def everything(self) -> bool:
        return self.agency is None

    def subject_ids(self, model) -> set[int]:
        ct = ContentType.objects.get_for_model(model)
        return set(Duty.objects.filter(subject_type=ct, agency=self.agency).values_list("subject_id", flat=True))

    def tasks(self, plan: Plan):
        qs = plan.tasks.all()
        if self.everything:
            return list(qs)
        mine = self.subject_ids(Task)
        return [t for t in qs if t.id in mine or self._in_groups(t.groups)]

    def kpis(self, plan: Plan):
        qs = plan.kpis.all()
        if self.everything:
            return list(qs)
        mine = self.subject_ids(Kpi)
        return [k for k in qs if k.id in mine or self._in_groups(k.groups)]

    def targets(self, plan: Plan):
        qs = plan.targets.all()
        if self.everything:
            return list(qs)
        return [t for t in qs if t.code in self.codes]

    def _in_groups(self, groups: dict) -> bool:
        return any(name in self.groups for names in (groups or {}).values() for name in names)


def _duties(objs, model) -> dict[int, dict[str, list[Agency]]]:
    ct = ContentType.objects.get_for_model(model)
    out: dict[int, dict[str, list[Agency]]] = {}
    ids = [o.id for o in objs]
    for d in Duty.objects.filter(subject_type=ct, subject_id__in=ids).select_related("agency"):
        out.setdefault(d.subject_id, {}).setdefault(d.role, []).append(d.agency)
    return out


def _base(request, profile, province, **extra) -> dict:
    return {"province": province, "may_edit": actions.can_edit(profile), **extra}


# -- the province's plans ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest, code: str) -> HttpResponse:
    profile, province = _province(request, code)
    form = PlanForm(request.POST or None, initial={"issuer": f"UBND {province.name[:1].lower()}{province.name[1:]}"})
    if request.method == "POST":
        _require_edit(profile)
        if form.is_valid():
            plan = actions.create_plan(request.user, profile, province, form.cleaned_data)
            messages.success(request, _("Đã tạo kế hoạch."))
            return redirect("plan", code=province.code, plan=plan.id)
    plans = list(Plan.objects.filter(province=province))
    mine = None
    if profile.role == Role.FOCAL_POINT and profile.agency is not None and profile.agency.province_id == province.id:
        mine = profile.agency
    ctx = _base(request, profile, province, plans=plans, form=form, my_agency=mine)
    return render(request, "plans/index.html", ctx, status=400 if form.errors else 200)


# -- one plan ---------------------------------------------------------------------------------------


def _agency_names(duties: dict, obj_id: int, role: str) -> list[str]:
    return [str(a) for a in duties.get(obj_id, {}).get(role, [])]


@login_required
def detail(request: HttpRequest, code: str, plan: int) -> HttpResponse:
    profile, province, plan_ = _plan(request, code, plan)
    scope = Scope(profile, province)
    by = request.GET.get("by", "indicator")
    if by not in ("indicator", "agency"):
        by = "indicator"
    tasks = scope.tasks(plan_)
    duties = _duties(tasks, Task)
    rows = [
        {
            "task": t,
            "lead": _agency_names(duties, t.id, "lead") or t.groups.get("lead", []),
            "coordinating": _agency_names(duties, t.id, "coordinating") + t.groups.get("coordinating", []),
        }
        for t in tasks
    ]
    groups: OrderedDict[str, list[dict]] = OrderedDict()
    if by == "indicator":
        for r in sorted(
            rows, key=lambda r: (not r["task"].codes, _code_key(r["task"].codes[0] if r["task"].codes else ""))
        ):
            for c in r["task"].codes or [""]:
                groups.setdefault(c, []).append(r)
    else:
        for r in rows:
            names = r["lead"] or [""]
            for n in names:
                groups.setdefault(str(n), []).append(r)
        groups = OrderedDict(sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0])))
    kpis = scope.kpis(plan_)
    counts = {s: sum(1 for k in kpis if k.status == s) for s in Kpi.Status.values}
    disagreeing = [k for k in kpis if k.disagrees]
    findings = checks.run(plan_) if scope.everything else []
    agency_plans = list(plan_.agency_plans.select_related("agency"))
    if not scope.everything:
        agency_plans = [a for a in agency_plans if a.agency_id == scope.agency.id]
    today = dt.date.today()
    solver_links = [_solver_row(link) for link in plan_.solver_links.all()] if scope.everything else []
    ctx = _base(
        request,
        profile,
        province,
        plan=plan_,
        scope=scope,
        targets=scope.targets(plan_),
        groups=groups,
        by=by,
        task_count=len(tasks),
        kpi_count=len(kpis),
        kpi_counts=counts,
        disagreeing=disagreeing,
        findings=findings,
        open_findings=sum(1 for f in findings if not f.settled),
        versions=list(plan_.versions.all()),
        relations=list(plan_.relations.select_related("other")),
        agency_plans=[(a, a.status_on(today)) for a in agency_plans],
        solver_links=solver_links,
        solver_choices=_solver_choices(province, plan_) if actions.can_edit(profile) else [],
        history=list(history(plan_)[:10]) if scope.everything else [],
        status_class=STATUS_CLASS,
    )
    return render(request, "plans/detail.html", ctx)


def _code_key(code: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.split("."))


def _solver_model():
    for name in ("SolverPlan", "Plan"):
        try:
            return apps.get_model("steering", name)
        except LookupError:
            continue
    return None


def _solver_row(link) -> dict:
    solver = link.solver
    if solver is None:
        return {"link": link, "name": _("(đã xóa)"), "target": "", "changes": []}
    result = getattr(solver, "result", {}) or {}
    changes = result.get("changes") or result.get("plan") or []
    rows = []
    if isinstance(changes, list):
        for c in changes[:60]:
            if isinstance(c, dict):
                rows.append(c)
    return {"link": link, "name": solver.name, "target": solver.target, "year": solver.year, "changes": rows}


def _solver_choices(province: Province, plan: Plan) -> list:
    model = _solver_model()
    if model is None:
        return []
    linked = set(plan.solver_links.values_list("solver_id", flat=True))
    return [s for s in model.objects.filter(province=province) if s.pk not in linked]


# -- edit forms -------------------------------------------------------------------------------------

EDITABLE = ("header", "amend", "target", "task", "kpi", "statement", "settle", "solver", "agency_plan")


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, code: str, plan: int) -> HttpResponse:
    """One page for every form of a plan: ``?what=`` header, amend, target, task, kpi, statement,
    agency_plan (with ``&item=`` to change one); POST ``delete`` removes the item."""
    profile, province, plan_ = _plan(request, code, plan)
    _require_edit(profile)
    what = request.GET.get("what", "header")
    if what not in EDITABLE:
        what = "header"
    item_id = request.GET.get("item", "")
    back = reverse("plan", kwargs={"code": province.code, "plan": plan_.id})
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    user = request.user

    def item(model, **filters):
        if not item_id:
            return None
        if not item_id.isdigit():
            raise Http404
        return get_object_or_404(model, pk=int(item_id), plan=plan_, **filters)

    form = None
    deleting = request.method == "POST" and "delete" in request.POST
    if what == "header":
        form = PlanForm(data, instance=plan_ if data is None else Plan.objects.get(pk=plan_.pk))
        if data is not None and form.is_valid():
            actions.update_plan(user, profile, plan_, form.cleaned_data, request.POST.get("why", ""))
            return _done(request, back)
    elif what == "amend":
        form = AmendForm(data, initial={"title": plan_.title, "period_end": plan_.period_end})
        if data is not None and form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k in ("title", "period_end") and v}
            actions.amend_plan(user, profile, plan_, form.cleaned_data["document"], form.cleaned_data["note"], fields)
            return _done(request, back)
    elif what == "target":
        obj = item(PlanTarget)
        if deleting and obj is not None:
            actions.delete_target(user, profile, obj)
            return _done(request, back, _("Đã xóa."))
        # defaults for a new target only: a ModelForm's initial would override the stored values
        defaults = {"year": plan_.period_end, "source": "form"} if obj is None else {}
        form = TargetForm(data, instance=obj, initial=defaults)
        if data is not None and form.is_valid():
            actions.save_target(user, profile, plan_, obj, form.cleaned_data)
            return _done(request, back)
    elif what == "task":
        obj = item(Task)
        if deleting and obj is not None:
            actions.delete_task(user, profile, obj)
            return _done(request, back, _("Đã xóa."))
        form = TaskForm(data, instance=obj, plan=plan_)
        if data is not None and form.is_valid():
            fields = dict(form.cleaned_data)
            fields["codes"] = fields.pop("codes_text")
            actions.save_task(user, profile, plan_, obj, fields)
            return _done(request, back)
    elif what == "kpi":
        obj = item(Kpi)
        if deleting and obj is not None:
            actions.delete_kpi(user, profile, obj)
            return _done(request, reverse("plan_kpis", kwargs={"code": province.code, "plan": plan_.id}), _("Đã xóa."))
        form = KpiForm(data, instance=obj)
        if data is not None and form.is_valid():
            fields = dict(form.cleaned_data)
            fields["targets"] = fields.pop("targets_text")
            if not fields.get("result_date"):
                fields.pop("result_date", None)
            actions.save_kpi(user, profile, plan_, obj, fields)
            return _done(request, reverse("plan_kpis", kwargs={"code": province.code, "plan": plan_.id}))
    elif what == "statement":
        form = StatementForm(data)
        if data is not None and form.is_valid():
            actions.add_statement(user, profile, plan_, form.cleaned_data)
            return _done(request, back)
    elif what == "settle":
        obj = item(Statement)
        side = request.POST.get("side", "")
        if data is not None and obj is not None and side in (Statement.Settled.TEXT, Statement.Settled.ANNEX):
            actions.settle(user, profile, obj, side, request.POST.get("note", ""))
            return _done(request, back)
        if data is not None:
            messages.error(request, _("Hãy chọn giữ theo nội dung kế hoạch hay theo phụ lục."))
        return redirect(back)
    elif what == "solver":
        model = _solver_model()
        sid = request.POST.get("solver", "")
        if data is not None and model is not None and sid.isdigit():
            solver = model.objects.filter(pk=int(sid), province=province).first()
            if solver is not None:
                actions.link_solver(user, profile, plan_, solver, request.POST.get("note", ""))
                return _done(request, back)
        if data is not None:
            messages.error(request, _("Hãy chọn một phương án của công cụ tìm mục tiêu."))
        return redirect(back)
    elif what == "agency_plan":
        agencies = Agency.objects.filter(province=province)
        obj = item(AgencyPlan)
        initial = {}
        if obj is not None:
            initial = {
                "agency": obj.agency,
                "deadline": obj.deadline,
                "number": obj.number,
                "issued_on": obj.issued_on,
                "received_on": obj.received_on,
            }
        elif request.GET.get("agency", "").isdigit():
            initial = {"agency": agencies.filter(pk=int(request.GET["agency"])).first()}
        form = AgencyPlanForm(data, files, agencies=agencies, initial=initial)
        if data is not None and form.is_valid():
            upload = form.cleaned_data.get("file")
            problem = None
            if upload is not None:
                head = upload.read(8)
                upload.seek(0)
                problem = actions.check_agency_file(upload.name, head)
            if problem:
                form.add_error("file", problem)
            else:
                agency = form.cleaned_data["agency"]
                fields = {k: form.cleaned_data[k] for k in ("deadline", "number", "issued_on", "received_on")}
                actions.save_agency_plan(user, profile, plan_, agency, fields, upload)
                return _done(request, reverse("agency", kwargs={"code": province.code, "agency": agency.id}))
    status = 400 if form is not None and form.is_bound and form.errors else 200
    ctx = _base(request, profile, province, plan=plan_, form=form, what=what, item_id=item_id, has_item=bool(item_id))
    return render(request, "plans/edit.html", ctx, status=status)


def _done(request, url, text=None):
    messages.success(request, text or _("Đã lưu."))
    return redirect(url)


# -- KPI board --------------------------------------------------------------------------------------


def _horizon_years(kpis) -> list[str]:
    years = sorted({k for kpi in kpis for k in kpi.targets if k.isdigit()})
    return years


def _trend(kpi: Kpi, years: list[str]) -> dict | None:
    """Where the result stands on the way to the next horizon's target: the share of the distance from
    the last met target (or 0) to the next target covered (a number target only)."""
    from chiso.annex import kpi as annex_kpi

    if kpi.result_value is None or not kpi.result_year:
        return None
    later = [y for y in years if int(y) > kpi.result_year and kpi.targets.get(y)]
    if not later:
        return None
    target = annex_kpi.parse_target(kpi.targets[later[0]])
    goal = target.low if target.low is not None else target.high
    if goal is None or target.kind == "text":
        return {"year": later[0], "text": kpi.targets[later[0]], "share": None}
    if target.kind == "at_most":
        share = 100.0 if kpi.result_value <= goal else max(0.0, 100 * goal / kpi.result_value)
    else:
        share = 100.0 if goal == 0 else max(0.0, min(100.0, 100 * kpi.result_value / goal))
    return {"year": later[0], "text": kpi.targets[later[0]], "share": share}


@login_required
def kpis(request: HttpRequest, code: str, plan: int) -> HttpResponse:
    profile, province, plan_ = _plan(request, code, plan)
    scope = Scope(profile, province)
    items = scope.kpis(plan_)
    duties = _duties(items, Kpi)
    years = _horizon_years(items)
    status = request.GET.get("status", "")
    sections: OrderedDict[str, list[dict]] = OrderedDict()
    for k in items:
        if status and k.status != status:
            continue
        sections.setdefault(k.section or _("(chưa có nhóm)"), []).append(
            {
                "kpi": k,
                "targets": [k.targets.get(y, "") for y in years],
                "lead": _agency_names(duties, k.id, "lead") or k.groups.get("lead", []),
                "trend": _trend(k, years),
                "css": STATUS_CLASS.get(k.status, ""),
            }
        )
    counts = [(s, label, sum(1 for k in items if k.status == s)) for s, label in Kpi.Status.choices]
    ctx = _base(
        request,
        profile,
        province,
        plan=plan_,
        sections=sections,
        years=years,
        counts=counts,
        status=status,
        disagreeing=[k for k in items if k.disagrees],
        total=len(items),
    )
    return render(request, "plans/kpis.html", ctx)


# -- import of an annex -----------------------------------------------------------------------------


def _read(upload: AnnexUpload, province: Province):
    """The annex an upload holds; AnnexError (in Vietnamese, naming file, table, row) for anything that
    cannot be read, including a stored file gone missing."""
    suffix = Path(upload.name).suffix.lower()
    try:
        with upload.file.open("rb") as fh, tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
            tmp.write(fh.read())
            tmp.flush()
            return read_annex(tmp.name, source=upload.name, province=registry.ANNEX_PROVINCE.get(province.code))
    except AnnexError:
        raise
    except Exception as exc:  # a damaged file the reader did not foresee: refused, never a server error
        log.warning("annex %s unreadable: %r", upload.name, exc)
        raise AnnexError("not_a_file", file=upload.name) from exc


@login_required
@require_http_methods(["GET", "POST"])
def import_annex(request: HttpRequest, code: str, plan: int) -> HttpResponse:
    """Upload an annex (.docx/.xlsx) → preview of what was read (with everything unplaced and every unknown
    agency name) → confirm writes it in one transaction, or discard."""
    profile, province, plan_ = _plan(request, code, plan)
    _require_edit(profile)
    here = reverse("plan_import", kwargs={"code": province.code, "plan": plan_.id})
    form = UploadForm()
    error = ""
    pending = plan_.uploads.filter(state=AnnexUpload.State.PENDING).first()
    if request.method == "POST":
        action = request.POST.get("action", "upload")
        if action in ("confirm", "discard"):
            upload = plan_.uploads.filter(pk=_int(request.POST.get("upload")), state=AnnexUpload.State.PENDING).first()
            if upload is None:
                messages.error(request, _("Lần tải lên này đã được xử lý hoặc không còn."))
                return redirect(here)
            if action == "discard":
                actions.discard_upload(request.user, profile, upload)
                messages.success(request, _("Đã hủy, không ghi gì."))
                return redirect(here)
            try:
                annex = _read(upload, province)
            except AnnexError as exc:
                messages.error(request, str(exc))
                return redirect(here)
            counts = actions.apply_import(request.user, profile, plan_, annex, upload)
            messages.success(
                request,
                _("Đã nhập: %(t)s mục tiêu, %(n)s nhiệm vụ, %(k)s chỉ tiêu.")
                % {"t": counts["targets"], "n": counts["tasks"], "k": counts["kpis"]},
            )
            return redirect("plan", code=province.code, plan=plan_.id)
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            f = form.cleaned_data["file"]
            suffix = Path(f.name).suffix.lower()
            if suffix not in (".docx", ".xlsx"):
                error = _("Tệp “%(f)s”: chỉ nhận tệp Word .docx hoặc Excel .xlsx.") % {"f": f.name}
            elif f.read(4) != b"PK\x03\x04":
                error = _("Tệp “%(f)s” không phải tệp %(t)s thật.") % {"f": f.name, "t": suffix[1:].upper()}
            else:
                f.seek(0)
                try:
                    actions.stage_upload(request.user, profile, plan_, f, lambda u: _read(u, province))
                except AnnexError as exc:
                    error = str(exc)
                else:
                    return redirect(here)
    preview = None
    if pending is not None and not error:
        try:
            annex = _read(pending, province)
        except AnnexError as exc:
            error = str(exc)
        else:
            plan_counts = actions.plan_import(plan_, annex)
            preview = {"upload": pending, "annex": annex, "counts": plan_counts, "tasks": _task_rows(annex)}
    ctx = _base(request, profile, province, plan=plan_, form=form, error=error, preview=preview)
    return render(request, "plans/import.html", ctx, status=400 if error else 200)


def _task_rows(annex) -> list[dict]:
    rows = []

    def walk(t, depth):
        rows.append({"task": t, "depth": depth})
        for p in t.parts:
            walk(p, depth + 1)

    for t in annex.all_tasks():
        walk(t, 0)
    return rows


def _int(value) -> int:
    return int(value) if str(value or "").isdigit() else 0


# -- agencies ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agency(request: HttpRequest, code: str, agency: int) -> HttpResponse:
    """What is assigned to one agency, by when, and its implementation plans."""
    profile, province = _province(request, code)
    agency_ = Agency.objects.filter(province=province, pk=agency).first()
    if agency_ is None:
        raise Http404
    if profile.role == Role.FOCAL_POINT and profile.agency_id != agency_.id:
        raise Http404
    groups = [g for g in AgencyGroup.objects.filter(province=province) if agency_.kind in g.covers]
    group_names = {g.name for g in groups}
    task_ct = ContentType.objects.get_for_model(Task)
    kpi_ct = ContentType.objects.get_for_model(Kpi)
    duties = Duty.objects.filter(agency=agency_)
    task_roles: dict[int, str] = {}
    kpi_roles: dict[int, str] = {}
    for d in duties:
        if d.subject_type_id == task_ct.id:
            task_roles.setdefault(d.subject_id, d.role)
        elif d.subject_type_id == kpi_ct.id:
            kpi_roles.setdefault(d.subject_id, d.role)
    plans = list(Plan.objects.filter(province=province))
    tasks = []
    for t in Task.objects.filter(plan__in=plans).select_related("plan"):
        role = task_roles.get(t.id)
        via = ""
        if role is None:
            for r, names in (t.groups or {}).items():
                hit = [n for n in names if n in group_names]
                if hit:
                    role, via = r, hit[0]
                    break
        if role is not None:
            tasks.append({"task": t, "role": role, "via": via})
    tasks.sort(
        key=lambda r: (r["task"].due is None, r["task"].due or dt.date.max, r["task"].plan_id, r["task"].position)
    )
    kpis_ = [
        {"kpi": k, "role": kpi_roles[k.id], "css": STATUS_CLASS.get(k.status, "")}
        for k in Kpi.objects.filter(plan__in=plans, id__in=list(kpi_roles)).select_related("plan")
    ]
    indicators = sorted({(d.code, d.role) for d in duties if d.code}, key=lambda cr: (_code_key(cr[0]), cr[1]))
    today = dt.date.today()
    implementation = [(a, a.status_on(today)) for a in AgencyPlan.objects.filter(agency=agency_).select_related("plan")]
    aliases = list(AgencyAlias.objects.filter(agency=agency_))
    ctx = _base(
        request,
        profile,
        province,
        agency=agency_,
        tasks=tasks,
        kpis=kpis_,
        indicators=indicators,
        implementation=implementation,
        aliases=aliases,
        groups=groups,
        today=today,
        plans=plans,
        role_labels=dict(Duty.Role.choices),
    )
    return render(request, "plans/agency.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def registry_page(request: HttpRequest, code: str) -> HttpResponse:
    """The province's agencies, their aliases and groups, and the names waiting for review."""
    profile, province = _province(request, code)
    if profile.role == Role.FOCAL_POINT:
        if profile.agency is None:
            raise PermissionDenied
        return redirect("agency", code=province.code, agency=profile.agency_id)
    agencies = Agency.objects.filter(province=province)
    alias_form = AliasForm(request.POST if request.POST.get("action") == "alias" else None, agencies=agencies)
    if request.method == "POST":
        _require_edit(profile)
        action = request.POST.get("action")
        if action == "alias" and alias_form.is_valid():
            actions.add_alias(
                request.user, profile, province, alias_form.cleaned_data["alias"], alias_form.cleaned_data["agency"]
            )
            return _done(request, reverse("agencies", kwargs={"code": province.code}))
        if action == "resolve":
            unknown = Unknown.objects.filter(province=province, pk=_int(request.POST.get("unknown"))).first()
            if unknown is None:
                raise Http404
            target = agencies.filter(pk=_int(request.POST.get("agency"))).first()
            new_name = request.POST.get("new_name", "").strip()
            if target is None and not new_name and request.POST.get("dismiss") != "1":
                messages.error(request, _("Hãy chọn cơ quan, ghi tên cơ quan mới, hoặc chọn bỏ qua."))
            else:
                actions.resolve_unknown(request.user, profile, unknown, target, new_name)
                return _done(request, reverse("agencies", kwargs={"code": province.code}))
    counts = {}
    for d in Duty.objects.filter(province=province).values_list("agency_id", flat=True):
        counts[d] = counts.get(d, 0) + 1
    ctx = _base(
        request,
        profile,
        province,
        agencies=[(a, counts.get(a.id, 0)) for a in agencies],
        aliases=list(AgencyAlias.objects.filter(province=province).select_related("agency", "group")),
        groups=list(AgencyGroup.objects.filter(province=province)),
        unknown=list(Unknown.objects.filter(province=province, resolved=False).select_related("plan")),
        alias_form=alias_form,
        agency_kinds=dict(Agency.Kind.choices),
    )
    return render(request, "plans/agencies.html", ctx, status=400 if alias_form.errors else 200)
