"""Audit pages ("Lịch sử thay đổi"): the entries of one province, of one object, and the national ones.

Who sees what (``visible``):
- an administrator: every entry (the national page ``/audit/`` lists them all, filterable by province);
- a province's coordinator (Sở KH&CN) and leader: every entry of their province;
- a focal point: only the entries about its agency's items — the values, results, targets and
  assignments of the indicators its agency has a duty for, and the entries about the agency itself;
- anyone else, or another province's coordinator: 403 (a province that does not exist: 404).

An object's history is the same page filtered to the object: by its readable key (``?kind=raw&key=
pii-2025/2025/1.1.1``) or by its row (``?type=steering.solverplan&id=3``). Filters: kind, user, channel
(via), dates (from, to); 50 entries a page. A filter the page cannot read answers 400."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from chiso.web.audit.models import Entry
from chiso.web.common.context import BadQuery
from chiso.web.imports.display import number
from chiso.web.imports.views import KIND_LABELS as UPLOAD_KINDS
from chiso.web.indexdata.journal import VALUE_KINDS, batch_id
from chiso.web.indexdata.models import ImportBatch
from chiso.web.people.access import profile_of, province_for
from chiso.web.people.models import Agency, Duty, Profile, Province, Role
from chiso.web.plans.models import PlanTarget

PER_PAGE = 50
KIND_LABELS = {
    "raw": gettext_lazy("Giá trị thô"),
    "official": gettext_lazy("Kết quả chính thức"),
    "stat": gettext_lazy("Số liệu cả nước"),
    "target": gettext_lazy("Mục tiêu"),
    "assignment": gettext_lazy("Phân công"),
    "framework": gettext_lazy("Bộ chỉ số"),
    "framework_year": gettext_lazy("Bộ chỉ số theo năm"),
    "metadata": gettext_lazy("Thông tin chỉ số"),
    "scenario": gettext_lazy("Kịch bản giả định"),
    "solver_plan": gettext_lazy("Phương án mục tiêu"),
    "import_batch": gettext_lazy("Lần nhập dữ liệu"),
    "agency": gettext_lazy("Cơ quan, đơn vị"),
    "profile": gettext_lazy("Hồ sơ người dùng"),
    "user": gettext_lazy("Tài khoản"),
    "methodology": gettext_lazy("Phương pháp tính"),
    "plan": gettext_lazy("Kế hoạch"),
    "plan_version": gettext_lazy("Phiên bản kế hoạch"),
    "plan_relation": gettext_lazy("Liên kết giữa các kế hoạch"),
    "plan_target": gettext_lazy("Mục tiêu của kế hoạch"),
    "plan_import": gettext_lazy("Nhập phụ lục kế hoạch"),
    "plan_solver": gettext_lazy("Phương án gắn với kế hoạch"),
    "annex_upload": gettext_lazy("Tệp phụ lục tải lên"),
    "task": gettext_lazy("Nhiệm vụ"),
    "kpi": gettext_lazy("Chỉ tiêu"),
    "statement": gettext_lazy("Đối chiếu văn bản và phụ lục"),
    "agency_alias": gettext_lazy("Tên gọi khác của cơ quan"),
    "agency_review": gettext_lazy("Rà soát tên cơ quan"),
    "agency_plan": gettext_lazy("Kế hoạch triển khai của cơ quan"),
    "api_token": gettext_lazy("Mã truy cập API"),
}
FIELD_LABELS = {
    "value": gettext_lazy("giá trị"),
    "score": gettext_lazy("điểm"),
    "rank": gettext_lazy("xếp hạng"),
    "rank_of": gettext_lazy("số tỉnh xếp hạng"),
    "max": gettext_lazy("cao nhất cả nước"),
    "min": gettext_lazy("thấp nhất cả nước"),
    "mean": gettext_lazy("trung bình cả nước"),
    "agencies": gettext_lazy("cơ quan"),
    "agency": pgettext_lazy("một cơ quan", "cơ quan"),
    "role": gettext_lazy("vai trò"),
    "source": gettext_lazy("nguồn"),
    "text": gettext_lazy("như văn bản ghi"),
    "framework": gettext_lazy("bộ chỉ số"),
    "name": gettext_lazy("tên"),
    "status": gettext_lazy("trạng thái"),
    "file": gettext_lazy("tệp"),
    "year": gettext_lazy("năm"),
    "province": gettext_lazy("tỉnh"),
    "unit": gettext_lazy("đơn vị tính"),
    "definition": gettext_lazy("định nghĩa"),
    "target": gettext_lazy("mục tiêu"),
    "reachable": gettext_lazy("đạt được"),
    "nodes": gettext_lazy("số nút"),
    "indicators": gettext_lazy("số chỉ số thành phần"),
    "username": gettext_lazy("tên đăng nhập"),
    "admin": gettext_lazy("quản trị"),
    "short_name": gettext_lazy("tên ngắn"),
    "kind": gettext_lazy("loại"),
    "illustrative": gettext_lazy("minh họa"),
    "counts": gettext_lazy("số giá trị"),
    "new": gettext_lazy("mới"),
    "changed": gettext_lazy("thay đổi"),
    "cleared": gettext_lazy("đã xóa"),
    "unchanged": gettext_lazy("không đổi"),
    "ignored": gettext_lazy("bỏ qua"),
    "code": gettext_lazy("mã"),
    "title": gettext_lazy("tiêu đề"),
    "number": gettext_lazy("số"),
    "note": gettext_lazy("ghi chú"),
    "timing": gettext_lazy("thời gian thực hiện"),
    "product": gettext_lazy("sản phẩm"),
    "result": gettext_lazy("kết quả"),
    "period_start": gettext_lazy("từ năm"),
    "period_end": gettext_lazy("đến năm"),
}
# values shown in words rather than as stored
VALUE_LABELS = {
    "lead": gettext_lazy("chủ trì"),
    "coordinating": gettext_lazy("phối hợp"),
    "supplier": gettext_lazy("cung cấp số liệu"),
    "preview": gettext_lazy("chờ xác nhận"),
    "applied": gettext_lazy("đã nhập"),
    "discarded": gettext_lazy("đã hủy"),
    **{r.value: r.label for r in Role},
    **{k.value: k.label for k in Agency.Kind},
    **dict(UPLOAD_KINDS),
    **{v.value: v.label for v in PlanTarget.Source},
    **{v.value: v.label for v in PlanTarget.Kind},
}
PLAIN_NUMBERS = {"year", "period_start", "period_end"}  # shown as written: 2030, not 2.030
SHOWN_FIELDS = 4  # a long state (a scenario's result) is cut after this many fields
NESTED = {"agencies", "counts"}  # the lists and dicts shown inside a state
ORDER = {k: i for i, k in enumerate(FIELD_LABELS)}


def visible(profile: Profile, province: Province | None) -> QuerySet[Entry]:
    """The entries ``profile`` may read, of ``province`` (None: every province and the national ones,
    administrators only)."""
    qs = Entry.objects.select_related("user", "province", "subject_type")
    if profile.role == Role.ADMIN:
        return qs if province is None else qs.filter(province=province)
    if province is None or profile.province_id != province.id:
        raise PermissionDenied
    qs = qs.filter(province=province)
    if profile.role in (Role.COORDINATOR, Role.LEADER):
        return qs
    if profile.role != Role.FOCAL_POINT or profile.agency_id is None:
        raise PermissionDenied
    codes = sorted(
        set(
            Duty.objects.filter(province=province, agency_id=profile.agency_id)
            .exclude(code="")
            .values_list("code", flat=True)
        )
    )
    agency_type = ContentType.objects.get_for_model(Agency)
    own = Q(kind="agency", subject_type=agency_type, subject_id=str(profile.agency_id))
    if codes:
        own |= Q(kind="assignment", key__in=codes)
        ends = Q()
        for code in codes:
            ends |= Q(key__endswith=f"/{code}")
        own |= Q(kind__in=VALUE_KINDS) & ends
    return qs.filter(own)


def _date(text: str, name: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadQuery(
            _("Ngày không hợp lệ ở “%(f)s”: hãy viết theo dạng năm-tháng-ngày, ví dụ 2026-03-01.") % {"f": name}
        ) from None


def _filters(request: HttpRequest) -> dict[str, Any]:
    get = request.GET
    f = {k: get.get(k, "").strip() for k in ("kind", "user", "via", "from", "to", "key", "type", "id", "province")}
    if f["via"] and f["via"] not in Entry.Via.values:
        raise BadQuery(_("Kênh thay đổi không hợp lệ: %(v)s.") % {"v": f["via"]})
    if f["kind"] and (len(f["kind"]) > 30 or not f["kind"].replace("_", "").isalnum()):
        raise BadQuery(_("Loại thay đổi không hợp lệ: %(v)s.") % {"v": f["kind"][:30]})
    f["from_date"], f["to_date"] = _date(f["from"], _("từ ngày")), _date(f["to"], _("đến ngày"))
    if f["type"] or f["id"]:
        app, _dot, model = f["type"].partition(".")
        try:
            f["content_type"] = ContentType.objects.get_by_natural_key(app, model)
        except ContentType.DoesNotExist:
            raise BadQuery(_("Loại đối tượng không hợp lệ: %(v)s.") % {"v": f["type"][:60]}) from None
        if not f["id"] or len(f["id"]) > 40:
            raise BadQuery(_("Thiếu mã đối tượng."))
    return f


def _apply(qs: QuerySet[Entry], f: dict[str, Any]) -> QuerySet[Entry]:
    if f["kind"]:
        qs = qs.filter(kind=f["kind"])
    if f["via"]:
        qs = qs.filter(via=f["via"])
    if f["user"]:
        qs = qs.filter(user__isnull=True) if f["user"] == "-" else qs.filter(user__username=f["user"])
    if f["key"]:
        qs = qs.filter(key=f["key"])
    if f.get("content_type") is not None:
        qs = qs.filter(subject_type=f["content_type"], subject_id=f["id"])
    tz = timezone.get_current_timezone()
    if f["from_date"]:
        qs = qs.filter(at__gte=dt.datetime.combine(f["from_date"], dt.time.min, tzinfo=tz))
    if f["to_date"]:
        qs = qs.filter(at__lt=dt.datetime.combine(f["to_date"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return qs


def describe(state: Any) -> str:
    """A recorded state in words: "giá trị 45,2 · nguồn Cục Thống kê"; nothing: "–"."""
    if state is None or state == {} or state == []:
        return "–"
    if isinstance(state, dict):
        # only the fields the page can name: a field it cannot name is left out rather than shown raw
        # in the order of FIELD_LABELS, whatever order the database keeps a JSON object's keys in
        named = sorted(
            ((k, v) for k, v in state.items() if k in FIELD_LABELS and (k in NESTED or not isinstance(v, dict | list))),
            key=lambda kv: ORDER[kv[0]],
        )
        parts = [
            f"{FIELD_LABELS[k]}: {v if k in PLAIN_NUMBERS and isinstance(v, int) else describe(v)}"
            for k, v in named[:SHOWN_FIELDS]
        ]
        if len(named) > SHOWN_FIELDS or len(named) < len([k for k in state if k != "id"]):
            parts.append("…")
        return " · ".join(parts) or "…"
    if isinstance(state, list):
        return "; ".join(describe(v) for v in state) or "–"
    if isinstance(state, bool):
        return _("có") if state else _("không")
    if isinstance(state, (int, float)):
        return number(state)
    return str(VALUE_LABELS.get(state, state))


def _changed(state: Any, other: Any) -> Any:
    """Of two recorded states (dicts), the fields that differ and the page can name: an edit of one
    field of a long record shows that field, not the same first fields twice."""
    if not (isinstance(state, dict) and isinstance(other, dict)):
        return state
    differ = {k: v for k, v in state.items() if other.get(k) != v and k in FIELD_LABELS}
    missing = {k: None for k in other if k not in state and k in FIELD_LABELS}
    return {**differ, **missing} or state


def _rows(entries: list[Entry]) -> list[dict[str, Any]]:
    files = dict(
        ImportBatch.objects.filter(id__in={batch_id(e.source) for e in entries} - {None}).values_list("id", "filename")
    )
    return [
        {
            "entry": e,
            "what": KIND_LABELS.get(e.kind, e.kind),
            "before": describe(_changed(e.before, e.after)),
            "after": describe(_changed(e.after, e.before)),
            "file": files.get(batch_id(e.source), ""),
            "object_url": _object_query(e),
        }
        for e in entries
    ]


def _object_query(e: Entry) -> str:
    """The query string of the entry's object history (its row when it has one, else its key)."""
    if e.subject_type_id and e.subject_id:
        ct = e.subject_type
        return urlencode({"type": f"{ct.app_label}.{ct.model}", "id": e.subject_id})
    if e.key:
        return urlencode({"kind": e.kind, "key": e.key})
    return ""


def _page(request: HttpRequest, qs: QuerySet[Entry], f: dict[str, Any], extra: dict[str, Any]) -> HttpResponse:
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    users = get_user_model().objects.filter(id__in=qs.order_by().values("user_id").distinct()).order_by("username")
    kinds = sorted(set(qs.order_by().values_list("kind", flat=True).distinct()))
    keep = {k: v for k, v in request.GET.items() if k != "page" and v}
    on_object = bool(f["key"] or f.get("content_type"))
    return render(
        request,
        "pages/audit.html",
        {
            **extra,
            "page": page,
            "rows": _rows(list(page.object_list)),
            "filters": f,
            "kinds": [(k, KIND_LABELS.get(k, k)) for k in kinds],
            "users": users,
            "vias": Entry.Via.choices,
            "query": urlencode(keep),
            "on_object": on_object,
        },
    )


@login_required
@require_GET
def province_audit(request: HttpRequest, code: str) -> HttpResponse:
    """The changes of one province (and, filtered, of one of its objects)."""
    profile = profile_of(request.user)
    province = province_for(request.user, code)
    qs = visible(profile, province)
    f = _filters(request)
    return _page(
        request,
        _apply(qs, f),
        f,
        {
            "province": province,
            "base_url": reverse("audit_province", args=[province.code]),
            "limited": profile.role == Role.FOCAL_POINT,
        },
    )


@login_required
@require_GET
def national_audit(request: HttpRequest) -> HttpResponse:
    """Every change, for administrators: national ones (frameworks, their years, metadata) and any
    province's (``?province=14``)."""
    profile = profile_of(request.user)
    if profile.role != Role.ADMIN:
        raise PermissionDenied
    f = _filters(request)
    qs = visible(profile, None)
    if f["province"] == "-":
        qs = qs.filter(province__isnull=True)
    elif f["province"]:
        qs = qs.filter(province__code=f["province"])
    return _page(
        request,
        _apply(qs, f),
        f,
        {
            "province": None,
            "base_url": reverse("audit_national"),
            "provinces": Province.objects.order_by("-current", "name"),
        },
    )
