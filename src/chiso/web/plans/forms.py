"""The forms of the plan pages. Numbers are read the Vietnamese way (and the international way where it is
unambiguous); dates as dd/mm/yyyy. A form that fails is shown again with what was typed."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from chiso.core.numbers import NumberFormatError, parse_number
from chiso.web.common.formatting import format_vn

from .models import Kpi, Plan, PlanTarget, Statement, Task

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
NO_TR = {"translate": "no"}  # a document's own words, never translated by the browser


class VnNumberField(forms.CharField):
    def __init__(self, *args, integer: bool = False, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.integer = integer

    def prepare_value(self, value):
        if isinstance(value, float | int) and not isinstance(value, bool):
            return format_vn(value, 4).rstrip("0").rstrip(",.") if value != int(value) else str(int(value))
        return value

    def clean(self, value):
        text = super().clean(value)
        if text in (None, ""):
            return None
        try:
            number = parse_number(text.strip(), decimal_mark=",")
        except (NumberFormatError, ValueError, TypeError):
            raise forms.ValidationError(
                _("“%(v)s” không phải là số (ví dụ: 45,23)."), params={"v": text[:30]}
            ) from None
        if number is None or number != number or abs(number) > 1e12:
            raise forms.ValidationError(_("“%(v)s” không phải là số (ví dụ: 45,23)."), params={"v": text[:30]})
        if self.integer and number != int(number):
            raise forms.ValidationError(_("Hãy nhập số nguyên."))
        return number


def _date(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày phải viết dạng ngày/tháng/năm, ví dụ 28/10/2025.")},
    )


class PlanForm(forms.ModelForm):
    issued_on = _date(_("Ngày ban hành"))

    class Meta:
        model = Plan
        fields = ["issuer", "number", "issued_on", "title", "period_start", "period_end", "purpose", "index", "status"]
        widgets = {
            "purpose": forms.Textarea(attrs=NO_TR | {"rows": 3}),
            "title": forms.Textarea(attrs=NO_TR | {"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Năm kết thúc không được trước năm bắt đầu."))
        for name in ("period_start", "period_end"):
            year = data.get(name)
            if year is not None and not 2000 <= year <= 2100:
                self.add_error(name, _("Năm phải trong khoảng 2000–2100."))
        return data


class AmendForm(forms.Form):
    document = forms.CharField(label=_("Văn bản sửa đổi, bổ sung"), max_length=200)
    note = forms.CharField(label=_("Nội dung sửa đổi"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    title = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)
    period_end = forms.IntegerField(label=_("Đến năm"), required=False, min_value=2000, max_value=2100)


class TargetForm(forms.ModelForm):
    value = VnNumberField(label=_("Giá trị (số)"))

    class Meta:
        model = PlanTarget
        fields = ["code", "year", "text", "kind", "value", "of", "source", "note"]

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year is not None and not 2000 <= year <= 2100:
            self.add_error("year", _("Năm phải trong khoảng 2000–2100."))
        if not data.get("code"):
            self.add_error("code", _("Hãy ghi mã chỉ số, nhóm, trụ cột hoặc PII."))
        text = data.get("text") or ""
        if data.get("value") is None and data.get("kind") == PlanTarget.Kind.RANK:
            match = re.search(r"(\d{1,3})\s*(?:/\s*(\d{1,3}))?", text)
            if match:
                data["value"] = float(match.group(1))
                if match.group(2) and not data.get("of"):
                    data["of"] = int(match.group(2))
        if data.get("kind") in (PlanTarget.Kind.RANK, PlanTarget.Kind.SCORE, PlanTarget.Kind.RAW) and (
            data.get("value") is None
        ):
            self.add_error("value", _("Mục tiêu loại này cần một con số."))
        return data


class TaskForm(forms.ModelForm):
    codes_text = forms.CharField(label=_("Chỉ số liên quan (mã, cách nhau bởi dấu phẩy)"), required=False)
    funding_estimate = VnNumberField(label=_("Kinh phí dự kiến (triệu đồng)"))
    funding_allocated = VnNumberField(label=_("Kinh phí được giao (triệu đồng)"))
    funding_spent = VnNumberField(label=_("Kinh phí đã chi (triệu đồng)"))

    class Meta:
        model = Task
        fields = [
            "parent",
            "number",
            "section",
            "text",
            "product",
            "timing",
            "lead_as_written",
            "coordinating_as_written",
            "funding_estimate",
            "funding_allocated",
            "funding_spent",
        ]
        widgets = {
            "text": forms.Textarea(attrs=NO_TR | {"rows": 4}),
            "lead_as_written": forms.Textarea(attrs=NO_TR | {"rows": 2}),
            "coordinating_as_written": forms.Textarea(attrs=NO_TR | {"rows": 2}),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        qs = plan.tasks.all()
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = qs
        self.fields["parent"].label = _("Thuộc nhiệm vụ")
        self.fields["parent"].widget.attrs.update(NO_TR)
        if self.instance.pk and not self.is_bound:
            self.initial["codes_text"] = ", ".join(self.instance.codes)

    def clean_codes_text(self):
        text = self.cleaned_data.get("codes_text") or ""
        codes = [c.strip() for c in re.split(r"[,;\s]+", text) if c.strip()]
        for c in codes:
            if not re.fullmatch(r"[A-Za-z0-9.]{1,20}", c):
                raise forms.ValidationError(_("Mã “%(c)s” không hợp lệ."), params={"c": c[:30]})
        return codes


class KpiForm(forms.ModelForm):
    targets_text = forms.CharField(
        label=_("Mục tiêu theo năm (mỗi dòng: năm: mục tiêu)"),
        required=False,
        widget=forms.Textarea(attrs=NO_TR | {"rows": 4, "placeholder": "2025: ≥ 15%\n2030: 100%"}),
    )
    result_date = _date(_("Ngày số liệu"))

    class Meta:
        model = Kpi
        fields = [
            "number",
            "name",
            "section",
            "unit",
            "kind",
            "result",
            "result_year",
            "result_date",
            "stated_status",
            "indicator_code",
            "lead_as_written",
            "coordinating_as_written",
        ]
        widgets = {
            "name": forms.Textarea(attrs=NO_TR | {"rows": 2}),
            "lead_as_written": forms.Textarea(attrs=NO_TR | {"rows": 2}),
            "coordinating_as_written": forms.Textarea(attrs=NO_TR | {"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["targets_text"] = "\n".join(f"{k}: {v}" for k, v in self.instance.targets.items())

    def clean_targets_text(self):
        out = {}
        for n, line in enumerate((self.cleaned_data.get("targets_text") or "").splitlines(), 1):
            if not line.strip():
                continue
            match = re.fullmatch(r"\s*(\d{4})\s*:\s*(.+?)\s*", line)
            if not match:
                raise forms.ValidationError(
                    _("Dòng %(n)s: hãy viết “năm: mục tiêu”, ví dụ “2030: ≥ 1,5%%”."), params={"n": n}
                )
            out[match.group(1)] = match.group(2)
        return out


class StatementForm(forms.ModelForm):
    value = VnNumberField(label=_("Giá trị (số)"))

    class Meta:
        model = Statement
        fields = ["code", "what", "text", "value", "year", "where"]


class AgencyPlanForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Cơ quan"), queryset=None)
    deadline = _date(_("Hạn ban hành"))
    number = forms.CharField(label=_("Số hiệu"), max_length=60, required=False)
    issued_on = _date(_("Ngày ban hành"))
    received_on = _date(_("Ngày nhận"))
    file = forms.FileField(label=_("Tệp (PDF hoặc Word .docx)"), required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].widget.attrs.update(NO_TR)
        self.fields["deadline"].required = True
        self.fields["deadline"].error_messages["required"] = _("Hãy ghi hạn ban hành.")


class AliasForm(forms.Form):
    alias = forms.CharField(label=_("Cách viết khác"), max_length=300)
    agency = forms.ModelChoiceField(label=_("Là cơ quan"), queryset=None)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].widget.attrs.update(NO_TR)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp phụ lục (.docx hoặc .xlsx)"))
