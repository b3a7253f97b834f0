"""Imports: upload -> preview (new, changed, unchanged) -> confirm (atomic) or discard."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chiso.core.errors import Code, InputError
from chiso.web.common.messages import describe, wording
from chiso.web.indexdata import queries
from chiso.web.indexdata.actions import ClearNotConfirmed, ImportConflict, core_framework
from chiso.web.indexdata.frameworks import latest
from chiso.web.indexdata.models import FrameworkVersion, ImportBatch
from chiso.web.people.access import require_import
from chiso.web.people.models import Province

from . import service, templates_xlsx
from .display import REASONS, Namer
from .parsers import CLEAR_MARKER, KINDS

KIND_LABELS = [
    ("national", gettext_lazy("Giá trị thô của cả nước (34 tỉnh, một năm)")),
    ("annex_son_la", gettext_lazy("Kết quả chính thức của tỉnh (bố cục Phụ lục Sơn La)")),
    ("annex_cao_bang", gettext_lazy("Cao nhất, thấp nhất và giá trị của tỉnh, hai năm (bố cục Phụ lục Cao Bằng)")),
]
XLSX_MAGIC = b"PK\x03\x04"


__all__ = ["checked_table_file", "describe"]  # describe: the error with its place (the frameworks page too)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại dữ liệu"), choices=KIND_LABELS)
    framework = forms.ModelChoiceField(
        label=gettext_lazy("Bộ chỉ số"), queryset=FrameworkVersion.objects.all(), to_field_name="name", empty_label=None
    )
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2015, max_value=2100)
    file = forms.FileField(label=gettext_lazy("Tệp CSV hoặc XLSX"))

    def clean_file(self):
        return checked_table_file(self.cleaned_data["file"])


def checked_table_file(f):
    """An uploaded table checked before anything reads it: its suffix, its size, and that its first
    bytes are what the suffix claims (an XLSX is a zip; a CSV is text). ValidationError otherwise."""
    suffix = Path(f.name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise forms.ValidationError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
    if f.size > settings.CHISO_MAX_UPLOAD_BYTES:
        limit_mb = settings.CHISO_MAX_UPLOAD_BYTES // 2**20
        raise forms.ValidationError(wording(Code.FILE_TOO_LARGE, {"limit_mb": limit_mb}))
    head = f.read(4096)
    f.seek(0)
    if suffix == ".xlsx" and head[:4] != XLSX_MAGIC:
        raise forms.ValidationError(_("Tệp .xlsx không hợp lệ (không phải bảng tính Excel)."))
    if suffix == ".csv" and b"\x00" in head:
        raise forms.ValidationError(_("Tệp .csv không phải văn bản."))
    return f


def _upload_context(province, form, **extra) -> dict:
    batches = ImportBatch.objects.filter(province=province).select_related("created_by")[:20]
    frameworks = list(FrameworkVersion.objects.values_list("name", flat=True))
    return {
        "province": province,
        "form": form,
        "batches": batches,
        "kinds": KIND_LABELS,
        "kind_labels": {**dict(KIND_LABELS), "api": gettext_lazy("Ghi qua API")},  # batches the API made too
        "frameworks": frameworks,
        "clear_marker": CLEAR_MARKER,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, code: str) -> HttpResponse:
    _profile, province = require_import(request.user, code)
    scope = _scope(request, province)
    error = None
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            fv = form.cleaned_data["framework"]
            f = form.cleaned_data["file"]
            suffix = Path(f.name).suffix.lower()
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"upload{suffix}"
                with path.open("wb") as out:
                    for chunk in f.chunks():
                        out.write(chunk)
                try:
                    rows, years = service.parse_file(
                        form.cleaned_data["kind"], path, Path(f.name).name, fv, form.cleaned_data["year"], province.code
                    )
                except InputError as exc:
                    error = describe(exc)
                digest = service.sha256_of(path)
            if error is None:
                entries = service.preview(fv, rows, scope)
                batch = service.create_batch(
                    request.user, form.cleaned_data["kind"], province, fv, years, Path(f.name).name, digest, entries
                )
                return redirect("import_preview", code=province.code, batch=batch.id)
    else:
        year, fv = latest(province) or (2025, None)  # the framework set for the latest year
        form = UploadForm(initial={"kind": "national", "year": year, "framework": fv})
    return render(
        request,
        "imports/upload.html",
        _upload_context(province, form, error=error),
        status=400 if (error or form.errors) else 200,
    )


def _scope(request: HttpRequest, province) -> service.Scope:
    try:
        return service.Scope.of(request.user, province)
    except service.NotAllowed:
        raise PermissionDenied from None


def _batch(request: HttpRequest, code: str, batch_id: int) -> tuple:
    profile, province = require_import(request.user, code)
    batch = get_object_or_404(ImportBatch, id=batch_id, province=province)
    return profile, province, batch


SHOWN = 2000  # entries listed per group on the page (the counts are always complete)


@login_required
@require_GET
def preview(request: HttpRequest, code: str, batch: int) -> HttpResponse:
    _profile, province, b = _batch(request, code, batch)
    namer = Namer(core_framework(b.framework))
    groups: dict[str, list] = {s: [] for s in service.STATUSES}
    ignored: dict[tuple[str, str], int] = {}
    for e in service.unpack(b.payload):
        status = e["status"]
        if status == "ignored":
            k = (namer.unit_name(e["key"].get("province")), str(REASONS.get(e.get("why"), "")))
            ignored[k] = ignored.get(k, 0) + 1
        elif len(groups[status]) < SHOWN:
            groups[status].append(namer.entry(e))
    counts = b.summary.get("counts", {})
    return render(
        request,
        "imports/preview.html",
        {
            "province": province,
            "batch": b,
            "counts": counts,
            "groups": groups,
            "ignored": sorted(ignored.items()),
            "shown": SHOWN,
            "to_write": counts.get("new", 0) + counts.get("changed", 0) + counts.get("cleared", 0),
        },
    )


def conflict_message(exc: ImportConflict, framework: FrameworkVersion) -> str:
    """The conflict in the interface's language, with names and formatted values."""
    namer = Namer(core_framework(framework))
    lines = []
    for e, now in exc.conflicts[:5]:
        shown = namer.entry(e)
        lines.append(
            _("%(unit)s · %(code)s %(name)s (%(what)s): lúc xem trước là %(before)s, hiện nay là %(now)s")
            % {**shown, "now": namer.field_value(e["kind"], e["field"], now, e["key"].get("code", ""))}
        )
    more = len(exc.conflicts) - len(lines)
    text = _(
        "Dữ liệu đã được người khác thay đổi sau khi xem trước; chưa ghi gì vào hệ thống. "
        "Hãy tải tệp lên lại để xem trước với số liệu hiện nay."
    )
    text += " " + "; ".join(lines)
    if more > 0:
        text += " " + _("và %(n)s giá trị khác.") % {"n": more}
    return text


@login_required
@require_POST
def confirm(request: HttpRequest, code: str, batch: int) -> HttpResponse:
    _profile, province, b = _batch(request, code, batch)
    _scope(request, province)
    if b.status != ImportBatch.Status.PREVIEW:
        messages.error(request, _("Lần nhập này đã được xử lý."))
        return redirect("import_preview", code=province.code, batch=b.id)
    reason = request.POST.get("reason", "").strip() or _("Nhập từ tệp %(f)s") % {"f": b.filename}
    try:
        counts = service.apply_batch(
            request.user, b, reason=reason[:300], confirm_clear=request.POST.get("confirm_clear") == "1"
        )
    except ClearNotConfirmed as exc:
        messages.error(
            request,
            _("Chưa nhập: hãy đánh dấu ô xác nhận xóa %(n)s giá trị (hoặc sửa tệp rồi tải lên lại).")
            % {"n": exc.count},
        )
        return redirect("import_preview", code=province.code, batch=b.id)
    except ImportConflict as exc:
        messages.error(request, conflict_message(exc, b.framework))
        return redirect("import_preview", code=province.code, batch=b.id)
    except service.NotAllowed:
        raise PermissionDenied from None
    messages.success(
        request,
        _(
            "Đã nhập: %(new)s mới, %(changed)s thay đổi, %(cleared)s đã xóa, %(unchanged)s không đổi, %(ignored)s bỏ qua."
        )
        % counts,
    )
    return redirect("upload", code=province.code)


@login_required
@require_POST
def discard(request: HttpRequest, code: str, batch: int) -> HttpResponse:
    _profile, province, b = _batch(request, code, batch)
    service.discard_batch(request.user, b)
    return redirect("upload", code=province.code)


def _year(text: str | None, fv: FrameworkVersion) -> int:
    try:
        year = int(text or "")
    except ValueError:
        year = 0
    if 2015 <= year <= 2100:
        return year
    stored = queries.years(fv)
    return stored[0] if stored else 2025


@login_required
@require_GET
def template(request: HttpRequest, kind: str, framework: str) -> HttpResponse:
    """A template prefilled with what the user may change (403 for those who cannot import)."""
    if kind not in KINDS:  # a template for every kind the page reads
        raise Http404
    fv = get_object_or_404(FrameworkVersion, name=framework)
    try:
        scope = service.Scope.of(request.user)
    except service.NotAllowed:
        raise PermissionDenied from None
    code = scope.province or request.GET.get("province") or settings.CHISO_HOME_PROVINCE
    province = get_object_or_404(Province, code=code)
    if scope.province is not None and province.code != scope.province:
        raise PermissionDenied
    year = _year(request.GET.get("year"), fv)
    core = core_framework(fv)
    if kind == "national":
        if not scope.admin:
            provinces = [province]
        else:
            provinces = list(Province.objects.filter(current=True) if year >= 2025 else Province.objects.all())
        content = templates_xlsx.national(fv, core, year, provinces)
    elif kind == "annex_son_la":
        content = templates_xlsx.annex_son_la(fv, core, year, province)
    else:
        content = templates_xlsx.annex_cao_bang(fv, core, year, province, with_national=scope.admin)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="chiso-{kind}-{fv.name}-{year}-{province.code}.xlsx"'
    return response


@login_required
@require_GET
def template_form(request: HttpRequest) -> HttpResponse:
    """The template chosen in the form of the imports page (kind, framework, year, province)."""
    return template(request, request.GET.get("kind", ""), request.GET.get("framework", ""))
