"""Phương pháp tính: the methodology of a framework's year, what each choice implies, its history;
administrators change it (coordinators and leaders read it). Every choice offered comes from the
core's registries; the core validates what is saved; the write goes through
``indexdata.methodology.save`` (a transaction and an audit entry)."""

from __future__ import annotations

import json
import math
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from chiso.core import Framework
from chiso.core.numbers import NumberFormatError, parse_number
from chiso.core.spec import CHOICES, DEFAULT, PARAMETERS, Methodology, MethodologyError, Parameter
from chiso.web.common.context import NotFound, fmt, parse_year
from chiso.web.common.formatting import format_input
from chiso.web.indexdata import methodology as stored
from chiso.web.indexdata import queries
from chiso.web.indexdata.actions import core_framework
from chiso.web.indexdata.models import FrameworkVersion, FrameworkYear, YearMethodology
from chiso.web.people.access import can_change_methodology, require_methodology

SETTINGS = {
    "treat": gettext_lazy("Xử lý ngoại lai"),
    "normalise": gettext_lazy("Chuẩn hóa"),
    "aggregate": gettext_lazy("Tổng hợp"),
    "missing": gettext_lazy("Chỉ số thiếu giá trị"),
    "ties": gettext_lazy("Đồng hạng"),
    "weights": gettext_lazy("Trọng số riêng"),
}
CHOICE_LABELS = {
    ("treat", "gii"): gettext_lazy("Theo GII"),
    ("treat", "none"): gettext_lazy("Không xử lý"),
    ("normalise", "minmax"): gettext_lazy("Min–max (0–100)"),
    ("normalise", "zscore"): gettext_lazy("Điểm chuẩn z"),
    ("aggregate", "arithmetic"): gettext_lazy("Trung bình cộng có trọng số"),
    ("aggregate", "geometric"): gettext_lazy("Trung bình nhân có trọng số"),
    ("missing", "skip"): gettext_lazy("Bỏ qua"),
    ("missing", "zero"): gettext_lazy("Tính là 0 điểm"),
    ("ties", "best"): gettext_lazy("Cùng nhận hạng cao nhất"),
    ("ties", "worst"): gettext_lazy("Cùng nhận hạng thấp nhất"),
}
PARAMETER_LABELS = {
    "skew_limit": gettext_lazy("Ngưỡng độ lệch (|độ lệch| từ mức này)"),
    "kurt_limit": gettext_lazy("Ngưỡng độ nhọn (độ nhọn từ mức này)"),
    "max_points": gettext_lazy("Số giá trị tối đa được kéo về"),
    "floor": gettext_lazy("Điểm tối thiểu khi lấy trung bình nhân"),
}


def choice_label(setting: str, choice: str) -> str:
    """A choice in words (a choice the core adds later is shown by its name)."""
    return str(CHOICE_LABELS.get((setting, choice), choice))


def _n(value: float) -> str:
    """A setting's number as the page shows it: as written, without trailing zeros (3,5; 0,01; 1.000)."""
    decimals = next((d for d in range(7) if math.isclose(round(value, d), value, rel_tol=0, abs_tol=1e-12)), 6)
    return fmt(value, decimals)


def implication(m: Methodology, setting: str) -> str:
    """What the chosen method of ``setting`` means for the results, in plain words."""
    choice = getattr(m, setting)
    p = {k: _n(v) for k, v in {**m.parameters("treat_params"), **m.parameters("aggregate_params")}.items()}
    texts = {
        ("treat", "gii"): _(
            "Xử lý ngoại lai theo GII: chỉ số có |độ lệch| ≥ %(skew_limit)s và độ nhọn ≥ %(kurt_limit)s được coi là "
            "có ngoại lai; các giá trị cực trị được kéo về giá trị liền kề (tối đa %(max_points)s giá trị), nếu vẫn "
            "không đạt thì lấy logarit. Thứ tự các tỉnh trên chỉ số không đổi, nhưng khoảng cách bị thu hẹp."
        ),
        ("treat", "none"): _(
            "Không xử lý ngoại lai: giá trị thô được chuẩn hóa nguyên trạng; một tỉnh có giá trị rất lớn sẽ kéo "
            "điểm của các tỉnh khác về gần 0."
        ),
        ("normalise", "minmax"): _(
            "Chuẩn hóa min–max: tỉnh thấp nhất trong năm được 0 điểm, tỉnh cao nhất được 100 điểm (đảo ngược với "
            "chỉ số càng thấp càng tốt); điểm của tỉnh phụ thuộc vào giá trị của các tỉnh khác."
        ),
        ("normalise", "zscore"): _(
            "Chuẩn hóa điểm z: điểm là khoảng cách tới trung bình cả nước, tính bằng độ lệch chuẩn (có thể âm); "
            "điểm không còn theo thang 0–100."
        ),
        ("aggregate", "arithmetic"): _(
            "Mỗi nhóm, trụ cột, chỉ số phụ và PII là trung bình cộng có trọng số của các thành phần: điểm cao ở "
            "thành phần này bù được điểm thấp ở thành phần khác."
        ),
        ("aggregate", "geometric"): _(
            "Mỗi nút là trung bình nhân có trọng số của các thành phần (mỗi điểm tối thiểu %(floor)s): một thành "
            "phần điểm thấp kéo cả nút xuống mạnh hơn, khó bù bằng thành phần khác."
        ),
        ("missing", "skip"): _("Chỉ số thiếu giá trị được bỏ qua: nút cha là trung bình của các thành phần còn lại."),
        ("missing", "zero"): _("Chỉ số thiếu giá trị được tính là 0 điểm: thiếu số liệu làm giảm điểm của tỉnh."),
        ("ties", "best"): _("Các tỉnh bằng điểm nhau cùng nhận hạng cao nhất của nhóm (ví dụ 1, 2, 2, 4)."),
        ("ties", "worst"): _("Các tỉnh bằng điểm nhau cùng nhận hạng thấp nhất của nhóm (ví dụ 1, 3, 3, 4)."),
    }
    text = texts.get((setting, choice))
    return text % p if text else ""


def weights_text(m: Methodology, fw: Framework | None = None) -> str:
    if not m.weights:
        return _("Trọng số theo bộ chỉ số.")
    parts = []
    for code, w in m.weights.items():
        before = f" ({_('bộ chỉ số')}: {_n(fw.node(code).weight)})" if fw is not None and code in fw.index else ""
        parts.append(f"{code}: {_n(w)}{before}")
    return _("Trọng số riêng thay trọng số của bộ chỉ số: %(w)s.") % {"w": "; ".join(parts)}


def rows(m: Methodology, fw: Framework | None = None) -> list[dict[str, str]]:
    """Every setting: its name, the choice and what it implies."""
    out = [
        {
            "setting": setting,
            "label": str(SETTINGS.get(setting, setting)),
            "choice": choice_label(setting, getattr(m, setting)),
            "implies": implication(m, setting),
        }
        for setting, _choices in CHOICES
    ]
    out.append(
        {
            "setting": "weights",
            "label": str(SETTINGS["weights"]),
            "choice": _("có") if m.weights else _("không"),
            "implies": weights_text(m, fw),
        }
    )
    return out


def summary(m: Methodology) -> str:
    """One line: "Xử lý ngoại lai: Theo GII · Chuẩn hóa: Min–max (0–100) · …"."""
    parts = [f"{SETTINGS[s]}: {choice_label(s, getattr(m, s))}" for s in ("treat", "normalise", "aggregate")]
    if m.missing != DEFAULT.missing:
        parts.append(f"{SETTINGS['missing']}: {choice_label('missing', m.missing)}")
    if m.ties != DEFAULT.ties:
        parts.append(f"{SETTINGS['ties']}: {choice_label('ties', m.ties)}")
    if m.weights:
        parts.append(str(SETTINGS["weights"]))
    return " · ".join(parts)


def changes_text(before: dict | None, after: dict | None) -> str:
    """What an audit entry changed, setting by setting ("Xử lý ngoại lai: Theo GII → Không xử lý")."""
    try:
        b = DEFAULT if before is None else Methodology.from_dict(before)
        a = DEFAULT if after is None else Methodology.from_dict(after)
    except MethodologyError:
        return _("(thiết lập không còn đọc được)")
    parts = [
        f"{SETTINGS[s]}: {choice_label(s, getattr(b, s))} → {choice_label(s, getattr(a, s))}"
        for s, _choices in CHOICES
        if getattr(b, s) != getattr(a, s)
    ]
    for setting in PARAMETERS:
        pb, pa = b.parameters(setting), a.parameters(setting)
        for name in sorted(set(pb) | set(pa)):
            if pb.get(name) != pa.get(name):
                show = [_n(v) if v is not None else "–" for v in (pb.get(name), pa.get(name))]
                parts.append(f"{PARAMETER_LABELS.get(name, name)}: {show[0]} → {show[1]}")
    if b.weights != a.weights:
        parts.append(f"{SETTINGS['weights']}: {_weights_field(b) or '–'} → {_weights_field(a) or '–'}")
    text = "; ".join(parts) or _("không đổi")
    return (_("Từ phương pháp mặc định.") + " " if before is None else "") + text


# ------------------------------------------------------------------------------------------- form


def _weights_field(m: Methodology) -> str:
    return "\n".join(f"{code} = {format_input(w)}" for code, w in m.weights.items())


def _parameter_fields() -> dict[str, tuple[str, str, Parameter]]:
    """Form field name -> (params setting, method, parameter), from the core's declarations."""
    return {
        f"{method_setting}__{p.name}": (setting, method, p)
        for setting, (method_setting, declared, _r) in PARAMETERS.items()
        for method, params in declared.items()
        for p in params
    }


class MethodologyForm(forms.Form):
    weights = forms.CharField(
        label=gettext_lazy("Trọng số riêng (mỗi dòng: mã = trọng số; để trống: theo bộ chỉ số)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    why = forms.CharField(label=gettext_lazy("Lý do thay đổi"), max_length=300)
    # the methodology the form showed: one saved meanwhile by someone else is never overwritten
    seen_methodology = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, framework: Framework, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        for setting, choices in CHOICES:
            self.fields[setting] = forms.ChoiceField(
                label=SETTINGS.get(setting, setting), choices=[(c, choice_label(setting, c)) for c in choices]
            )
        for name, (_setting, method, p) in _parameter_fields().items():
            method_setting = PARAMETERS[_setting][0]
            default = DEFAULT.but(**{method_setting: method}).parameters(_setting)[p.name]
            self.fields[name] = forms.CharField(
                label=f"{PARAMETER_LABELS.get(p.name, p.name)} ({choice_label(method_setting, method)})",
                help_text=_("để trống: mặc định %(d)s") % {"d": _n(default)},
                max_length=30,
                required=False,
            )
        order = [s for s, _c in CHOICES] + list(_parameter_fields()) + ["weights", "why", "seen_methodology"]
        self.order_fields(order)

    @staticmethod
    def initial_for(m: Methodology) -> dict[str, Any]:
        initial: dict[str, Any] = {s: getattr(m, s) for s, _c in CHOICES}
        for name, (setting, _method, p) in _parameter_fields().items():
            value = getattr(m, setting).get(p.name)
            if value is not None and getattr(m, PARAMETERS[setting][0]) == _method:
                initial[name] = format_input(value)
        initial["weights"] = _weights_field(m)
        initial["seen_methodology"] = m.key()
        return initial

    def _number(self, name: str, p: Parameter) -> float | None:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        try:
            value = parse_number(text)
        except NumberFormatError:
            self.add_error(name, _("“%(v)s” không phải là một số.") % {"v": text})
            return None
        if math.isnan(value):
            return None
        return value

    def _weights(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for n, line in enumerate((self.cleaned_data.get("weights") or "").splitlines(), start=1):
            if not line.strip():
                continue
            code, sep, text = line.replace(":", "=").rpartition("=")
            if not sep:
                self.add_error("weights", _("Dòng %(n)s: viết mã = trọng số, ví dụ 1.2 = 2.") % {"n": n})
                continue
            found = self.framework.find(code)
            if found is None:
                self.add_error(
                    "weights",
                    _("Dòng %(n)s: “%(c)s” không phải là mã trong bộ chỉ số %(f)s.")
                    % {"n": n, "c": code.strip(), "f": self.framework.name},
                )
                continue
            try:
                out[found] = parse_number(text)
            except NumberFormatError:
                self.add_error("weights", _("Dòng %(n)s: “%(v)s” không phải là một số.") % {"n": n, "v": text.strip()})
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if any(s not in data for s, _c in CHOICES):
            return data
        spec: dict[str, Any] = {s: data[s] for s, _c in CHOICES}
        for name, (setting, method, p) in _parameter_fields().items():
            if data.get(PARAMETERS[setting][0]) != method:
                continue  # the parameters of a method not chosen are not used (nor checked)
            value = self._number(name, p)
            if value is not None:
                spec.setdefault(setting, {})[p.name] = value
        spec["weights"] = self._weights()
        if self.errors:
            return data
        try:
            m = Methodology.from_dict(spec)
            m.check(self.framework)
        except MethodologyError as exc:
            self.add_error(self._field_of(exc, data), error_text(exc))
            return data
        data["methodology"] = m
        return data

    def _field_of(self, exc: MethodologyError, data: dict) -> str | None:
        params = exc.params
        if exc.code.startswith("methodology.weight"):
            return "weights"
        if "name" in params and params.get("setting") in PARAMETERS:
            return f"{PARAMETERS[params['setting']][0]}__{params['name']}"
        if params.get("setting") in self.fields:
            return params["setting"]
        return None


def error_text(exc: MethodologyError) -> str:
    """The core's refusal in Vietnamese, from its code and parameters."""
    p = exc.params
    label = str(PARAMETER_LABELS.get(p.get("name", ""), p.get("name", "")))
    if exc.code == "methodology.parameter_type":
        if p.get("whole"):
            return _("%(f)s phải là số nguyên.") % {"f": label}
        return _("%(f)s phải là một số.") % {"f": label}
    if exc.code == "methodology.parameter_range":
        if p.get("low_open"):
            return _("%(f)s phải lớn hơn %(a)s và không quá %(b)s.") % {
                "f": label,
                "a": _n(p["low"]),
                "b": _n(p["high"]),
            }
        return _("%(f)s phải từ %(a)s đến %(b)s.") % {"f": label, "a": _n(p["low"]), "b": _n(p["high"])}
    if exc.code == "methodology.weight_value":
        return _("Trọng số của %(c)s phải từ 0 đến %(b)s.") % {"c": p.get("node"), "b": _n(p["high"])}
    if exc.code == "methodology.weight_node":
        return _("“%(c)s” không phải là mã trong bộ chỉ số.") % {"c": p.get("node")}
    if exc.code == "methodology.weight_root":
        return _("%(c)s là gốc của bộ chỉ số: trọng số của gốc không có tác dụng.") % {"c": p.get("node")}
    if exc.code == "methodology.weight_all_zero":
        return _("Mọi thành phần của %(c)s đều có trọng số 0: %(c)s sẽ không có điểm.") % {"c": p.get("node")}
    if exc.code == "methodology.choice":
        return _("Lựa chọn không hợp lệ.")
    if exc.code == "methodology.unknown_parameter":
        return _("Phương pháp này không có tham số %(f)s.") % {"f": label}
    return _("Thiết lập không hợp lệ.")


# ------------------------------------------------------------------------------------------- view


def _years(fv: FrameworkVersion) -> list[int]:
    """The years worth a methodology: with data in ``fv``, set to use it, or with one stored."""
    years = set(queries.years(fv)) | set(FrameworkYear.objects.filter(framework=fv).values_list("year", flat=True))
    years |= set(YearMethodology.objects.filter(framework=fv).values_list("year", flat=True))
    return sorted(years, reverse=True)


def url(fv: FrameworkVersion, year: int) -> str:
    return f"{reverse('methodology', args=[fv.name])}?year={year}"


def _audit(fv: FrameworkVersion, year: int) -> list[dict[str, Any]]:
    return [
        {
            "at": e.at,
            "user": e.user,
            "via": e.get_via_display(),
            "why": e.why,
            "text": changes_text(e.before, e.after),
        }
        for e in stored.history(fv, year)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, framework: str) -> HttpResponse:
    """``?year=`` the year (default: the latest year the framework has data for or is set for)."""
    profile = require_methodology(request.user, change=request.method == "POST")
    fv = FrameworkVersion.objects.filter(name=framework).first()
    if fv is None:
        raise NotFound(_("Không có bộ chỉ số “%(n)s”.") % {"n": framework[:40]})
    years = _years(fv)
    year = parse_year(request.GET.get("year"))
    if year is None:
        year = years[0] if years else timezone.now().year
    years = sorted({*years, year}, reverse=True)
    fw = core_framework(fv)
    row = stored.stored(fv, year)
    current = DEFAULT if row is None else Methodology.from_dict(row.spec)
    may_change = can_change_methodology(profile)
    form = MethodologyForm(initial=MethodologyForm.initial_for(current), framework=fw) if may_change else None
    status = 200
    if request.method == "POST":
        form = MethodologyForm(request.POST, framework=fw)
        if form.is_valid():
            seen_text = form.cleaned_data["seen_methodology"]
            try:
                seen = Methodology.from_dict(json.loads(seen_text)) if seen_text else None
            except (ValueError, MethodologyError):
                seen = None
            try:
                saved = stored.save(
                    request.user, fv, year, form.cleaned_data["methodology"], why=form.cleaned_data["why"], seen=seen
                )
            except stored.Conflict as conflict:
                data = request.POST.copy()
                data["seen_methodology"] = conflict.current.key()
                form = MethodologyForm(data, framework=fw)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "Người khác vừa lưu phương pháp tính khác cho năm này trong lúc bạn sửa (%(s)s); chưa lưu gì. "
                        "Kiểm tra lại, rồi bấm Lưu lần nữa nếu vẫn muốn dùng thiết lập của bạn."
                    )
                    % {"s": summary(conflict.current)},
                )
                current = conflict.current
                row = stored.stored(fv, year)
                status = 409
            else:
                if saved.changed:
                    messages.success(
                        request,
                        _(
                            "Đã lưu phương pháp tính năm %(y)s (%(f)s). Mọi kết quả tính toán của năm dùng phương pháp này."
                        )
                        % {"y": year, "f": fv.name},
                    )
                else:
                    messages.info(request, _("Không có gì thay đổi."))
                return redirect(url(fv, year))
        else:
            status = 400
    return render(
        request,
        "pages/methodology.html",
        {
            "fv": fv,
            "year": year,
            "years": years,
            "row": row,
            "is_default": current.is_default(),
            "rows": rows(current, fw),
            "summary": summary(current),
            "form": form,
            "audit": _audit(fv, year),
        },
        status=status,
    )
