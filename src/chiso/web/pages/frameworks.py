"""Frameworks, for administrators: upload a framework table, choose the framework of each year
(for every province or one), and edit indicator metadata (definition, unit, data source).
Every write goes through ``indexdata.frameworks`` / ``indexdata.actions`` and is recorded."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from chiso.core.errors import InputError
from chiso.core.framework import from_table as framework_from_table
from chiso.core.tables import read_table
from chiso.web.audit.models import Entry
from chiso.web.common.context import Structure
from chiso.web.common.formatting import source_text, unit_text
from chiso.web.imports.views import checked_table_file, describe
from chiso.web.indexdata import frameworks
from chiso.web.indexdata.actions import core_framework, store_framework
from chiso.web.indexdata.frameworks import METADATA_FIELDS
from chiso.web.indexdata.journal import parse as parse_key
from chiso.web.indexdata.models import FrameworkVersion, FrameworkYear, Node
from chiso.web.people.access import require_frameworks
from chiso.web.people.models import Province

AUDIT_KINDS = ("framework", "framework_year", "metadata")


class FrameworkUploadForm(forms.Form):
    name = forms.SlugField(label=gettext_lazy("Tên bộ chỉ số (ví dụ pii-2026)"), max_length=40)
    table = forms.FileField(label=gettext_lazy("Bảng bộ chỉ số (CSV hoặc XLSX)"))

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if FrameworkVersion.objects.filter(name=name).exists():
            raise forms.ValidationError(_("Đã có bộ chỉ số tên %(n)s.") % {"n": name})
        return name

    def clean_table(self):
        return checked_table_file(self.cleaned_data["table"])


class ProvinceChoiceField(forms.ModelChoiceField):
    """Provinces as an administrator tells them apart: the 34 from 2025 first, by name; the 63 before
    2025 after them, marked (seven names, Bắc Ninh or Gia Lai for instance, exist in both lists)."""

    def label_from_instance(self, obj: Province) -> str:
        if obj.current:
            return obj.name
        return _("%(n)s (trước 2025)") % {"n": obj.name}


class FrameworkYearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2015, max_value=2100)
    province = ProvinceChoiceField(
        label=gettext_lazy("Áp dụng cho"),
        queryset=Province.objects.order_by("-current", "name", "code"),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("Mọi tỉnh, thành phố"),
    )
    framework = forms.ModelChoiceField(
        label=gettext_lazy("Bộ chỉ số"),
        queryset=FrameworkVersion.objects.all(),
        to_field_name="name",
        required=False,
        empty_label=gettext_lazy("(bỏ thiết lập)"),
    )
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=300, required=False)
    # the values the form showed, so that a change saved meanwhile by someone else is never overwritten
    seen_definition = forms.CharField(widget=forms.HiddenInput, required=False)
    seen_unit = forms.CharField(widget=forms.HiddenInput, required=False)
    seen_source = forms.CharField(widget=forms.HiddenInput, required=False)


class NodeMetadataForm(forms.Form):
    definition = forms.CharField(
        label=gettext_lazy("Định nghĩa"),
        widget=forms.Textarea(attrs={"rows": 6, "class": "wide"}),
        max_length=5000,
        required=False,
    )
    unit = forms.CharField(label=gettext_lazy("Đơn vị tính"), max_length=100, required=False)
    source = forms.CharField(label=gettext_lazy("Nguồn số liệu"), max_length=200, required=False)
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=300, required=False)
    # the values the form showed, so that a change saved meanwhile by someone else is never overwritten
    seen_definition = forms.CharField(widget=forms.HiddenInput, required=False)
    seen_unit = forms.CharField(widget=forms.HiddenInput, required=False)
    seen_source = forms.CharField(widget=forms.HiddenInput, required=False)


def metadata_rows(fv: FrameworkVersion, code: str) -> list[tuple[str, str]]:
    """(label, value) of a node's definition, unit and data source, for the indicator page (a blank
    value is shown as "chưa có", with a link for those who may edit)."""
    node = frameworks.metadata(fv, code)
    return [
        (_("Định nghĩa"), node.definition if node else ""),
        (_("Đơn vị tính"), unit_text(node.unit) if node and node.unit else ""),
        (_("Nguồn số liệu"), source_text(node.source) if node and node.source else ""),
    ]


def _short(text: str | None, n: int = 80) -> str:
    text = text or "–"
    return text if len(text) <= n else text[: n - 1] + "…"


def _audit(limit: int = 30) -> list[Entry]:
    """The latest framework changes, each with a sentence saying what changed."""
    changes = list(Entry.objects.filter(kind__in=AUDIT_KINDS).select_related("user", "province")[:limit])
    labels = {"definition": _("Định nghĩa"), "unit": _("Đơn vị tính"), "source": _("Nguồn số liệu")}
    for c in changes:
        before, after = c.before or {}, c.after or {}
        key = parse_key(c.kind, c.key)
        if c.kind == "framework":
            c.text = _("Lưu bộ chỉ số %(f)s (%(n)s nút)") % {"f": key.framework, "n": after.get("nodes", "–")}
        elif c.kind == "framework_year":
            c.text = _("Năm %(y)s, %(w)s: %(b)s → %(a)s") % {
                "y": key.year,
                "w": c.province.short_name if c.province else _("mọi tỉnh, thành phố"),
                "b": before.get("framework") or "–",
                "a": after.get("framework") or "–",
            }
        else:
            parts = [
                f"{labels.get(k, k)}: «{_short(before.get(k))}» → «{_short(after.get(k))}»"
                for k in METADATA_FIELDS
                if k in after
            ]
            c.text = f"{key.framework} {key.code}: " + "; ".join(parts)
    return changes


def _overview(request: HttpRequest, upload_form=None, upload_error=None, year_form=None, status: int = 200):
    settings_rows = FrameworkYear.objects.select_related("framework", "province", "updated_by")
    by_year: dict[int, dict] = {}
    for row in settings_rows:
        entry = by_year.setdefault(row.year, {"year": row.year, "national": None, "overrides": []})
        if row.province_id is None:
            entry["national"] = row
        else:
            entry["overrides"].append(row)
    versions = FrameworkVersion.objects.annotate(
        node_count=Count("nodes"),
        missing=Count("nodes", filter=Q(nodes__definition="") | Q(nodes__unit="") | Q(nodes__source="")),
    ).order_by("-created_at")
    return render(
        request,
        "pages/frameworks.html",
        {
            "years": sorted(by_year.values(), key=lambda e: -e["year"]),
            "versions": versions,
            "upload_form": upload_form or FrameworkUploadForm(),
            "upload_error": upload_error,
            "year_form": year_form or FrameworkYearForm(),
            "audit": _audit(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """The frameworks page; POST ``action=upload`` stores a framework table, ``action=year`` sets the
    framework of a year."""
    require_frameworks(request.user)
    if request.method == "GET":
        return _overview(request)
    if request.POST.get("action") == "year":
        form = FrameworkYearForm(request.POST)
        if not form.is_valid():
            return _overview(request, year_form=form, status=400)
        d = form.cleaned_data
        if d["framework"] is None and not FrameworkYear.objects.filter(year=d["year"], province=d["province"]).exists():
            form.add_error("framework", _("Năm này chưa có thiết lập để bỏ; hãy chọn một bộ chỉ số."))
            return _overview(request, year_form=form, status=400)
        changed = frameworks.set_framework_year(
            request.user, d["year"], d["framework"], province=d["province"], reason=d["reason"]
        )
        where = d["province"].short_name if d["province"] else _("mọi tỉnh, thành phố")
        if not changed:
            messages.info(request, _("Không có gì thay đổi."))
        elif d["framework"] is None:
            messages.success(request, _("Đã bỏ thiết lập năm %(y)s cho %(w)s.") % {"y": d["year"], "w": where})
        else:
            messages.success(
                request,
                _("Năm %(y)s, %(w)s: dùng bộ chỉ số %(f)s.") % {"y": d["year"], "w": where, "f": d["framework"].name},
            )
        return redirect("frameworks")
    form = FrameworkUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _overview(request, upload_form=form, status=400)
    name, f = form.cleaned_data["name"], form.cleaned_data["table"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"framework{Path(f.name).suffix.lower()}"
        with path.open("wb") as out:
            for chunk in f.chunks():
                out.write(chunk)
        try:
            framework = framework_from_table(read_table(path, source=Path(f.name).name), name)
        except InputError as exc:
            return _overview(request, upload_form=form, upload_error=describe(exc), status=400)
    fv = store_framework(request.user, framework, reason=_("Tải lên từ tệp %(f)s") % {"f": Path(f.name).name})
    messages.success(
        request,
        _("Đã lưu bộ chỉ số %(n)s: %(k)s chỉ số thành phần, %(m)s nút.")
        % {"n": fv.name, "k": len(framework.indicators), "m": len(framework.nodes)},
    )
    return redirect("frameworks")


@login_required
@require_GET
def nodes(request: HttpRequest, framework: str) -> HttpResponse:
    """Every node of a framework with its metadata, each with a link to edit it."""
    require_frameworks(request.user)
    fv = get_object_or_404(FrameworkVersion, name=framework)
    # the sub-indices' codes are keys of the data, not words: the table shows their names only
    keys = set(Structure.of(core_framework(fv)).subindices)
    return render(request, "pages/framework_nodes.html", {"fv": fv, "nodes": fv.nodes.all(), "keys": keys})


def _next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
def node_edit(request: HttpRequest, framework: str, code: str) -> HttpResponse:
    """Edit a node's definition, unit and data source; recorded with before and after."""
    require_frameworks(request.user)
    fv = get_object_or_404(FrameworkVersion, name=framework)
    node = Node.objects.filter(framework=fv, code=code).first()
    if node is None:
        raise Http404
    back = _next(request, reverse("framework_nodes", args=[fv.name]))
    if request.method == "POST":
        form = NodeMetadataForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                changed = frameworks.update_node_metadata(
                    request.user,
                    fv,
                    code,
                    definition=d["definition"],
                    unit=d["unit"],
                    source=d["source"],
                    reason=d["reason"],
                    # the form always sends what it showed; a post without it (a script) writes as told
                    seen={k: d[f"seen_{k}"] for k in METADATA_FIELDS}
                    if all(f"seen_{k}" in request.POST for k in METADATA_FIELDS)
                    else None,
                )
            except frameworks.MetadataConflict as conflict:
                # keep what the user typed; show what is stored now; a second save is a deliberate choice
                data = request.POST.copy()
                for k, current in conflict.current.items():
                    data[f"seen_{k}"] = current
                form = NodeMetadataForm(data)
                form.is_valid()
                labels = {"definition": _("Định nghĩa"), "unit": _("Đơn vị tính"), "source": _("Nguồn số liệu")}
                for k, current in conflict.current.items():
                    form.add_error(
                        k,
                        _(
                            "Người khác vừa sửa %(f)s thành «%(v)s» trong lúc bạn sửa; chưa lưu gì. "
                            "Kiểm tra lại, rồi bấm Lưu lần nữa nếu vẫn muốn dùng giá trị của bạn."
                        )
                        % {"f": labels[k].lower(), "v": current or _("(trống)")},
                    )
            else:
                if changed:
                    messages.success(request, _("Đã lưu thông tin của chỉ số %(c)s.") % {"c": code})
                else:
                    messages.info(request, _("Không có gì thay đổi."))
                return redirect(back)
    else:
        shown = {"definition": node.definition, "unit": node.unit, "source": node.source}
        form = NodeMetadataForm(initial={**shown, **{f"seen_{k}": v for k, v in shown.items()}})
    return render(
        request,
        "pages/node_edit.html",
        {"fv": fv, "node": node, "form": form, "next": back},
        status=400 if form.errors else 200,
    )
