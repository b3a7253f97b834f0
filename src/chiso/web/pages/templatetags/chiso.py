"""Numbers the Vietnamese way (45,23; 1.234) in Vietnamese, the English way in English."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from chiso.core.numbers import format_number

register = template.Library()


@register.filter
def num(value, decimals=2):
    if value is None or value == "":
        return "–"
    try:
        return format_number(float(value), int(decimals), locale="en" if get_language() == "en" else "vi")
    except (TypeError, ValueError):
        return value


@register.filter
def signed(value, decimals=2):
    if value is None:
        return "–"
    text = num(abs(value), decimals)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


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
    """A node as officials read it: "1.1.1 name" for a numbered node, the bare name for the index and
    its sub-indices (whose codes, PII/INPUT/OUTPUT, are keys of the data, not names)."""
    return f"{code} {name}" if _is_numbered(code) else str(name)


@register.filter
def short_code(code) -> str:
    """A column heading for a node: its number, or a short name for the index and its sub-indices."""
    return {"INPUT": _("Đầu vào"), "OUTPUT": _("Đầu ra")}.get(str(code), str(code))


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
