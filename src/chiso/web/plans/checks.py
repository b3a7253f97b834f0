"""Consistency checks the coordinator sees on a plan's page (issue 11, item 2): targets of the parts that
do not add up to the target of the whole, targets beyond the national best, the plan's text and its
annex disagreeing, and codes the framework does not have."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from chiso.core import Framework
from chiso.web.common.formatting import format_vn
from chiso.web.indexdata import frameworks
from chiso.web.indexdata.actions import core_framework
from chiso.web.people.models import Duty

from .models import Plan, PlanTarget, Statement

TOLERANCE = 0.5  # score points: targets written with one decimal still "add up"


@dataclass
class Finding:
    kind: str  # sum, beyond_best, text_annex, unknown_code
    code: str
    message: str
    statement: Statement | None = None
    settled: str = ""
    extra: dict = field(default_factory=dict)


def framework_for(plan: Plan) -> Framework | None:
    fv = frameworks.choose(plan.province, plan.period_start).framework
    return core_framework(fv) if fv is not None else None


def _score_of(target: PlanTarget, fw: Framework | None) -> float | None:
    """A target as a score: a score target itself; a raw-value target scored against the bounds the
    annex gives (min–max, direction from the framework)."""
    if target.value is None:
        return None
    if target.kind == PlanTarget.Kind.SCORE:
        return target.value
    if target.kind != PlanTarget.Kind.RAW or not target.bounds:
        return None
    hi, lo = target.bounds.get("max"), target.bounds.get("min")
    if hi is None or lo is None or hi == lo:
        return None
    direction = fw.node(target.code).direction if fw is not None and target.code in fw.index else 1
    s = 100 * ((target.value - lo) if direction >= 0 else (hi - target.value)) / (hi - lo)
    return max(0.0, min(100.0, s))


def _n(v: float | None) -> str:
    return format_vn(v, 2)


def _say(template: str, **values) -> str:
    """A translated sentence with the plan's own words (codes, texts as written, agency names) marked
    as not to be translated; safe HTML."""
    marked = {k: format_html('<span translate="no">{}</span>', v) for k, v in values.items()}
    return mark_safe(conditional_escape(template) % marked)


def run(plan: Plan) -> list[Finding]:
    fw = framework_for(plan)
    targets = list(plan.targets.filter(kpi__isnull=True))
    findings: list[Finding] = []
    by_year: dict[int, dict[str, PlanTarget]] = {}
    for t in targets:
        if t.code:
            by_year.setdefault(t.year, {}).setdefault(t.code, t)

    # 1. the parts' targets do not add up to the whole's (score targets; raw targets scored by the bounds)
    if fw is not None:
        for year, table in sorted(by_year.items()):
            for code, whole in table.items():
                if whole.kind != PlanTarget.Kind.SCORE or whole.value is None or code not in fw.index:
                    continue
                parts = [table.get(c) for c in fw.children.get(code, ())]
                scores = [_score_of(p, fw) if p is not None else None for p in parts]
                if not parts or any(s is None for s in scores):
                    continue
                implied = mean(scores)  # equal weights, as the framework aggregates
                if implied + TOLERANCE < whole.value:
                    findings.append(
                        Finding(
                            "sum",
                            code,
                            _say(
                                _(
                                    "Mục tiêu %(code)s năm %(year)s là %(whole)s điểm, nhưng mục tiêu của các thành "
                                    "phần (%(parts)s) chỉ đưa tới %(implied)s điểm."
                                ),
                                code=code,
                                year=year,
                                whole=_n(whole.value),
                                parts=", ".join(fw.children[code]),
                                implied=_n(implied),
                            ),
                        )
                    )

    # 2. beyond the national best
    for t in targets:
        if t.value is None:
            continue
        if t.kind == PlanTarget.Kind.RANK and t.value < 1:
            findings.append(
                Finding(
                    "beyond_best", t.code, _say(_("Mục tiêu hạng %(v)s của %(c)s không thể có."), v=t.text, c=t.code)
                )
            )
            continue
        if t.kind not in (PlanTarget.Kind.RAW, PlanTarget.Kind.SCORE) or not t.bounds:
            continue
        hi, lo = t.bounds.get("max"), t.bounds.get("min")
        direction = fw.node(t.code).direction if fw is not None and t.code in fw.index else 1
        best = hi if direction >= 0 else lo
        if best is None:
            continue
        if (direction >= 0 and t.value > best) or (direction < 0 and t.value < best):
            findings.append(
                Finding(
                    "beyond_best",
                    t.code,
                    _say(
                        _("Mục tiêu %(code)s năm %(year)s (%(text)s) vượt mức cao nhất cả nước năm %(by)s (%(best)s)."),
                        code=t.code,
                        year=t.year,
                        text=t.text,
                        by=t.bounds.get("year", ""),
                        best=_n(best),
                    ),
                )
            )

    # 3. the text and the annex disagree
    annex_targets = {(t.code, t.year): t for t in targets if t.source == PlanTarget.Source.ANNEX}
    leads: dict[str, list[str]] = {}
    for d in Duty.objects.filter(province=plan.province, role=Duty.Role.LEAD).exclude(code="").select_related("agency"):
        leads.setdefault(d.code, []).append(d.agency.name)
    from . import actions

    for st in plan.statements.all():
        if st.what == Statement.What.TARGET:
            other = annex_targets.get((st.code, st.year or plan.period_start))
            if other is None:
                other = next((t for (c, _y), t in annex_targets.items() if c == st.code), None)
            if other is None or (
                other.value is not None and st.value is not None and abs(other.value - st.value) < 1e-9
            ):
                if not st.settled:
                    continue
            annex_text = other.text if other is not None else "–"
            msg = _say(
                _("%(code)s: nội dung kế hoạch ghi mục tiêu “%(text)s” (%(where)s), phụ lục ghi “%(annex)s”."),
                code=st.code,
                text=st.text,
                where=st.where or _("phần nội dung"),
                annex=annex_text,
            )
        else:
            named = actions.resolve_cell(plan.province, st.text)
            have = leads.get(st.code, [])
            if {a.name for a in named.agencies} == set(have) and not st.settled:
                continue
            msg = _say(
                _("%(code)s: nội dung kế hoạch giao %(text)s chủ trì (%(where)s), phụ lục giao %(annex)s."),
                code=st.code,
                text=st.text,
                where=st.where or _("phần nội dung"),
                annex=", ".join(have) or "–",
            )
        findings.append(Finding("text_annex", st.code, msg, statement=st, settled=st.settled))

    # 4. codes the framework does not have
    if fw is not None:
        cited: dict[str, str] = {}
        for t in targets:
            if t.code:
                cited.setdefault(t.code, _("mục tiêu"))
        for task in plan.tasks.all():
            for c in task.codes:
                cited.setdefault(c, _("nhiệm vụ %(n)s") % {"n": task.number or task.id})
        for st in plan.statements.all():
            cited.setdefault(st.code, _("nội dung kế hoạch"))
        for k in plan.kpis.exclude(indicator_code=""):
            cited.setdefault(k.indicator_code, _("chỉ tiêu %(n)s") % {"n": k.number or k.name[:60]})
        for code, where in cited.items():
            if code not in fw.index:
                findings.append(
                    Finding(
                        "unknown_code",
                        code,
                        _say(
                            _("Mã “%(code)s” (%(where)s) không có trong bộ chỉ số %(fw)s."),
                            code=code,
                            where=where,
                            fw=fw.name,
                        ),
                    )
                )
    return findings
