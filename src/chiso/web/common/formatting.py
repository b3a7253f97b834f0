"""Numbers as every page shows them: the Vietnamese way in Vietnamese (45,23; 1.234,5), the
English way in English (45.23; 1,234.5). One place for number formatting, for templates
(``{% load chiso %}``) and views alike.

- ``{{ x|vn }}``, ``{{ x|vn:3 }}``: a number rounded to the given decimals (default 2), with
  thousands grouped; missing (None, NaN, empty) is "–"; a non-finite or astronomically large
  value never prints hundreds of digits (``1,00·10³⁰⁸``).
- ``{{ x|vn_input:2 }}``: the value to put back in a form field: rounded to the decimals, trailing
  zeros dropped, no thousands grouping (so it always reads back unambiguously), decimal comma in
  Vietnamese; missing is the empty string. ``0.8300000000000001`` becomes ``0,83``.
- ``{{ x|signed }}``: with an explicit sign (+1,20; −0,35).
- ``{{ rank|rank_of:n }}``: "23/34", or "–" when there is no rank.
- ``num`` is the old name of ``vn``.

Precision per indicator (``decimals_for``): two decimals, more when the indicator's national range
is small, so that the range always shows at least three significant digits (range 0,5 → 3
decimals, 0,05 → 4), never more than four.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from django import template
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from chiso.core.numbers import format_number

register = template.Library()

MAX_DECIMALS = 4
DEFAULT_DECIMALS = 2
_HUGE = 1e15  # beyond this, a number is shown as mantissa·10^exponent
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _locale() -> str:
    return "en" if get_language() == "en" else "vi"


def _as_float(value) -> float | None:
    """The number a template value holds, or None when it holds none (None, "", NaN, text)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _decimals(decimals) -> int:
    try:
        return max(0, min(int(decimals), 8))
    except (TypeError, ValueError):
        return DEFAULT_DECIMALS


def decimals_for(values: Iterable[float]) -> int:
    """Decimals to show an indicator with, from its values across the country (see module doc)."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if len(finite) < 2:
        return DEFAULT_DECIMALS
    spread = max(finite) - min(finite)
    if spread <= 0:
        return DEFAULT_DECIMALS
    return max(DEFAULT_DECIMALS, min(MAX_DECIMALS, 2 - math.floor(math.log10(spread))))


def format_vn(value, decimals=DEFAULT_DECIMALS) -> str:
    """A number for reading (see ``vn``)."""
    number = _as_float(value)
    if number is None:
        if isinstance(value, str) and value.strip() and value.strip().lower() not in ("nan", "none"):
            return value  # a text already written for reading (e.g. "n/a" from a source)
        return "–"
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    d = _decimals(decimals)
    locale = _locale()
    if abs(number) >= _HUGE:
        exponent = math.floor(math.log10(abs(number)))
        mantissa = number / 10**exponent
        return format_number(mantissa, 2, locale=locale) + "·10" + str(exponent).translate(_SUPERSCRIPT)
    return format_number(round(number, d) + 0.0, d, locale=locale)


def format_input(value, decimals=6) -> str:
    """A number to put back in a form field (see ``vn_input``)."""
    number = _as_float(value)
    if number is None or not math.isfinite(number):
        return ""
    d = _decimals(decimals)
    if abs(number) >= _HUGE:
        text = f"{number:.{d}e}"
    else:
        text = f"{round(number, d) + 0.0:.{d}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text in ("-0", ""):
            text = "0"
    return text if _locale() == "en" else text.replace(".", ",")


@register.filter
def vn(value, decimals=DEFAULT_DECIMALS):
    return format_vn(value, decimals)


@register.filter
def num(value, decimals=DEFAULT_DECIMALS):
    return format_vn(value, decimals)


@register.filter
def vn_input(value, decimals=6):
    return format_input(value, decimals)


@register.filter
def signed(value, decimals=DEFAULT_DECIMALS):
    number = _as_float(value)
    if number is None:
        return "–"
    text = format_vn(abs(number), decimals)
    rounded = round(number, _decimals(decimals))
    return ("+" if rounded > 0 else "−" if rounded < 0 else "") + text


@register.filter
def rank_of(rank, count=None):
    if rank is None or rank == "":
        return "–"
    try:
        number = float(rank)
    except (TypeError, ValueError):
        return "–"
    if math.isnan(number):
        return "–"
    text = str(int(number)) if number.is_integer() else format_vn(number, 1)
    return f"{text}/{count}" if count else text


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


# Abbreviations the provinces' plans themselves use for agency names (Sở KH&CN, UBND, TAND...).
AGENCY_ABBREVIATIONS = (
    ("Ban Quản lý các khu công nghiệp", "BQL các KCN"),
    ("Chi nhánh Ngân hàng Nhà nước", "NHNN"),
    ("Ngân hàng Chính sách xã hội", "NHCSXH"),
    ("Ngân hàng Nhà nước", "NHNN"),
    ("Ủy ban nhân dân", "UBND"),
    ("Tòa án nhân dân", "TAND"),
    ("Viện kiểm sát nhân dân", "VKSND"),
    ("Khoa học và Công nghệ", "KH&CN"),
    ("Giáo dục và Đào tạo", "GD&ĐT"),
    ("Nông nghiệp và Môi trường", "NN&MT"),
    ("Nông nghiệp và Phát triển nông thôn", "NN&PTNT"),
    ("Tài nguyên và Môi trường", "TN&MT"),
    ("Dân tộc và Tôn giáo", "DT&TG"),
    ("Văn hóa, Thể thao và Du lịch", "VH,TT&DL"),
    ("Thông tin và Truyền thông", "TT&TT"),
    ("Lao động - Thương binh và Xã hội", "LĐ-TB&XH"),
    ("Kế hoạch và Đầu tư", "KH&ĐT"),
    ("Giao thông vận tải", "GTVT"),
)


@register.filter
def agency_abbr(name) -> str:
    """The agency's name shortened the way the plans write it (the full name goes in a tooltip)."""
    text = str(name)
    for long, short in AGENCY_ABBREVIATIONS:
        text = text.replace(long, short)
    return text


def _is_numbered(code: str) -> bool:
    return all(part.isdigit() for part in str(code).split("."))


@register.filter
def label(code, name) -> str:
    """A node as officials read it: "1.1.1 name" for a numbered node, the bare name for a node whose
    code is not a number (the index and its sub-indices: their codes are keys of the data, not names)."""
    return f"{code} {name}" if _is_numbered(code) else str(name)


TREATMENTS = {
    "passed": gettext_lazy("không cần xử lý (phân bố đạt yêu cầu)"),
    "winsorised": gettext_lazy("đã thay giá trị ngoại lai bằng giá trị liền kề"),
    "log": gettext_lazy("đã biến đổi logarit"),
    "log (negative skew)": gettext_lazy("đã biến đổi logarit (lệch trái)"),
    "too few values": gettext_lazy("không xử lý (quá ít giá trị)"),
    "constant": gettext_lazy("không xử lý (mọi tỉnh cùng giá trị)"),
    "not treated": gettext_lazy("không xử lý"),
}


@register.filter
def treatment(action) -> str:
    """The outlier treatment log (the core's English keys) in the interface's language."""
    return str(TREATMENTS.get(str(action), action))


UNITS = {
    "điểm": gettext_lazy("điểm"),
    "%": "%",
    "người/1.000 dân": gettext_lazy("người/1.000 dân"),
    "tổ chức/10.000 dân": gettext_lazy("tổ chức/10.000 dân"),
    "dự án/1.000 DN chế biến chế tạo": gettext_lazy("dự án/1.000 DN chế biến chế tạo"),
}
SOURCES = {
    "computed": gettext_lazy("tính từ các chỉ số thành phần"),
    "MOST (Decision 989/QĐ-BKHCN)": gettext_lazy("Bộ Khoa học và Công nghệ (Quyết định 989/QĐ-BKHCN)"),
    "PCI": gettext_lazy("Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)"),
    "PAR Index": gettext_lazy("Chỉ số cải cách hành chính (PAR Index)"),
}


@register.filter
def unit_text(unit) -> str:
    """An indicator's unit in the interface's language; "chưa có" where the framework has none."""
    if unit in (None, "", "unknown"):
        return str(_("chưa có"))
    return str(UNITS.get(str(unit), unit))


@register.filter
def source_text(source) -> str:
    """An indicator's data source in the interface's language; "chưa có" where unknown."""
    if source in (None, "", "unknown"):
        return str(_("chưa có"))
    return str(SOURCES.get(str(source), source))
