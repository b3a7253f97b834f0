"""Imports: upload -> preview (new, changed, unchanged) -> confirm (atomic) or discard."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chiso.core.errors import InputError, column_letter
from chiso.core.framework import from_table as framework_from_table
from chiso.core.tables import read_table
from chiso.web.indexdata.actions import STATUSES, Conflict, apply_rows, core_framework, diff, store_framework
from chiso.web.indexdata.models import FrameworkVersion, ImportBatch
from chiso.web.people.access import require_import

from . import parsers
from .messages import vietnamese
from .templates_xlsx import TEMPLATES

KIND_LABELS = [
    ("national", gettext_lazy("Giá trị thô của cả nước (34 tỉnh, một năm)")),
    ("annex_son_la", gettext_lazy("Kết quả chính thức của tỉnh (bố cục Phụ lục Sơn La)")),
    ("annex_cao_bang", gettext_lazy("Cao nhất, thấp nhất và giá trị của tỉnh, hai năm (bố cục Phụ lục Cao Bằng)")),
]
XLSX_MAGIC = b"PK\x03\x04"


def describe(exc: InputError) -> str:
    """The error with its place in the interface's language: file, sheet, row, column (heading)."""
    parts = [exc.file] if exc.file else []
    if exc.sheet:
        parts.append(_("trang tính '%(s)s'") % {"s": exc.sheet})
    if exc.row is not None:
        parts.append(_("dòng %(n)s") % {"n": exc.row})
    if exc.column is not None:
        column = _("cột %(c)s") % {"c": column_letter(exc.column)}
        parts.append(f"{column} ({exc.header})" if exc.header else column)
    message = exc.message if get_language() == "en" else vietnamese(exc.message)
    return (", ".join(parts) + ": " if parts else "") + message


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại dữ liệu"), choices=KIND_LABELS)
    framework = forms.ModelChoiceField(
        label=gettext_lazy("Bộ chỉ số"), queryset=FrameworkVersion.objects.all(), to_field_name="name", empty_label=None
    )
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2015, max_value=2100)
    file = forms.FileField(label=gettext_lazy("Tệp CSV hoặc XLSX"))

    def clean_file(self, field: str = "file"):
        f = self.cleaned_data[field]
        suffix = Path(f.name).suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
        if f.size > settings.CHISO_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(n)s MB).") % {"n": settings.CHISO_MAX_UPLOAD_BYTES // 2**20}
            )
        head = f.read(4)
        f.seek(0)
        if suffix == ".xlsx" and head != XLSX_MAGIC:
            raise forms.ValidationError(_("Tệp .xlsx không hợp lệ (không phải bảng tính Excel)."))
        if suffix == ".csv" and b"\x00" in f.read(4096):
            raise forms.ValidationError(_("Tệp .csv không phải văn bản."))
        f.seek(0)
        return f


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, code: str) -> HttpResponse:
    _profile, province = require_import(request.user, code)
    error = None
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            fv = form.cleaned_data["framework"]
            f = form.cleaned_data["file"]
            digest = hashlib.sha256()
            suffix = Path(f.name).suffix.lower()
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"upload{suffix}"
                with path.open("wb") as out:
                    for chunk in f.chunks():
                        digest.update(chunk)
                        out.write(chunk)
                try:
                    rows, years = parsers.parse(
                        form.cleaned_data["kind"],
                        path,
                        Path(f.name).name,
                        core_framework(fv),
                        form.cleaned_data["year"],
                        province.code,
                    )
                except InputError as exc:
                    error = describe(exc)
            if error is None:
                diffs = diff(fv, rows)
                for d in diffs:
                    d.row["before"] = d.before
                counts = {s: sum(d.status == s for d in diffs) for s in STATUSES}
                batch = ImportBatch.objects.create(
                    kind=form.cleaned_data["kind"],
                    province=province,
                    framework=fv,
                    year=max(years),
                    filename=Path(f.name).name,
                    sha256=digest.hexdigest(),
                    payload=[d.row for d in diffs],
                    summary={"counts": counts, "years": years, "statuses": [d.status for d in diffs]},
                    created_by=request.user,
                )
                return redirect("import_preview", code=province.code, batch=batch.id)
    else:
        form = UploadForm(initial={"kind": "national", "year": 2025})
    batches = ImportBatch.objects.filter(province=province).select_related("created_by")[:20]
    return render(
        request,
        "imports/upload.html",
        {
            "province": province,
            "form": form,
            "framework_form": FrameworkForm(),
            "error": error,
            "batches": batches,
            "kinds": KIND_LABELS,
            "status": 400 if error else 200,
        },
        status=400 if (error or form.errors) else 200,
    )


def _batch(request: HttpRequest, code: str, batch_id: int) -> tuple:
    profile, province = require_import(request.user, code)
    batch = get_object_or_404(ImportBatch, id=batch_id, province=province)
    return profile, province, batch


@login_required
@require_GET
def preview(request: HttpRequest, code: str, batch: int) -> HttpResponse:
    _profile, province, b = _batch(request, code, batch)
    statuses = b.summary.get("statuses", [])
    shown = [(row, status) for row, status in zip(b.payload, statuses, strict=False) if status != "unchanged"][:1000]
    return render(
        request,
        "imports/preview.html",
        {"province": province, "batch": b, "rows": shown, "counts": b.summary.get("counts", {})},
    )


@login_required
@require_POST
def confirm(request: HttpRequest, code: str, batch: int) -> HttpResponse:
    _profile, province, b = _batch(request, code, batch)
    if b.status != ImportBatch.Status.PREVIEW:
        messages.error(request, _("Lần nhập này đã được xử lý."))
        return redirect("import_preview", code=province.code, batch=b.id)
    reason = request.POST.get("reason", "").strip() or _("Nhập từ tệp %(f)s") % {"f": b.filename}
    try:
        counts = apply_rows(request.user, b.framework, b.payload, reason=reason[:300], batch=b)
    except Conflict as exc:
        messages.error(request, str(exc))
        return redirect("import_preview", code=province.code, batch=b.id)
    messages.success(
        request,
        _("Đã nhập: %(new)s mới, %(changed)s thay đổi, %(source)s chỉ đổi nguồn, %(unchanged)s không đổi.") % counts,
    )
    return redirect("upload", code=province.code)


@login_required
@require_POST
def discard(request: HttpRequest, code: str, batch: int) -> HttpResponse:
    _profile, province, b = _batch(request, code, batch)
    if b.status == ImportBatch.Status.PREVIEW:
        b.status = ImportBatch.Status.DISCARDED
        b.save(update_fields=["status"])
    return redirect("upload", code=province.code)


class FrameworkForm(forms.Form):
    name = forms.SlugField(label=gettext_lazy("Tên bộ chỉ số (ví dụ pii-2026)"), max_length=40)
    table = forms.FileField(label=gettext_lazy("Bảng bộ chỉ số (CSV hoặc XLSX)"))

    def clean_table(self):
        return UploadForm.clean_file(self, field="table")


@login_required
@require_POST
def framework_upload(request: HttpRequest, code: str) -> HttpResponse:
    """A framework table (code,name,parent,weight,direction[,unit,source,name_en]) becomes a stored
    framework: validated by the core, recorded as a change."""
    _profile, province = require_import(request.user, code)
    form = FrameworkForm(request.POST, request.FILES)
    error = None
    if form.is_valid():
        name = form.cleaned_data["name"]
        f = form.cleaned_data["table"]
        if FrameworkVersion.objects.filter(name=name).exists():
            error = _("Đã có bộ chỉ số tên %(n)s.") % {"n": name}
        else:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"framework{Path(f.name).suffix.lower()}"
                path.write_bytes(f.read())
                try:
                    framework = framework_from_table(read_table(path, source=Path(f.name).name), name)
                except InputError as exc:
                    error = describe(exc)
            if error is None:
                fv = store_framework(request.user, framework, reason=_("Tải lên từ tệp %(f)s") % {"f": f.name})
                messages.success(
                    request,
                    _("Đã lưu bộ chỉ số %(n)s: %(k)s chỉ số thành phần, %(m)s nút.")
                    % {"n": fv.name, "k": len(framework.indicators), "m": len(framework.nodes)},
                )
                return redirect("upload", code=province.code)
    batches = ImportBatch.objects.filter(province=province).select_related("created_by")[:20]
    return render(
        request,
        "imports/upload.html",
        {
            "province": province,
            "form": UploadForm(initial={"kind": "national", "year": 2025}),
            "framework_form": form,
            "framework_error": error,
            "batches": batches,
            "kinds": KIND_LABELS,
        },
        status=400,
    )


@login_required
@require_GET
def template(request: HttpRequest, kind: str, framework: str) -> HttpResponse:
    if kind not in TEMPLATES:
        raise Http404
    fv = get_object_or_404(FrameworkVersion, name=framework)
    response = HttpResponse(
        TEMPLATES[kind](core_framework(fv)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="chiso-{kind}-{fv.name}.xlsx"'
    return response
