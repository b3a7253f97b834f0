"""KPI targets and results as written, and the status computed from them (DESIGN §4).

Targets: "≥ 15%", "≤ 5", "0,2% GRDP", "80% - 90%", "7 - 10", "≥ 04 người", a plain "80%" (at least
80%), "Đạt 10 lần GRDP" (at least 10) — and text that no number decides ("01 trung tâm cấp tỉnh",
"Duy trì", "Sử dụng hệ thống hiện có"). Results: "60,09% (đạt)", "14/16 nhiệm vụ" (14),
"46,27% (đến 28/12/2025)" (46,27 at that date), "Chưa thống kê được" (no data).

Status: ``achieved`` / ``not_achieved`` when a numeric target and a numeric result decide it,
``no_data`` when there is no result, ``not_assessable`` when the target is text (or missing) — each
with a Vietnamese reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .values import NUMBER, vn_number

AT_LEAST, AT_MOST, RANGE, TEXT, NONE = "at_least", "at_most", "range", "text", "none"

_UNIT_WORDS = r"(?:%\s*GRDP|%|lần\s*GRDP|lần|người|tổ chức|nhiệm vụ|sáng kiến|bài báo|doanh nghiệp|đơn|sản phẩm)"


@dataclass(frozen=True)
class Target:
    text: str
    kind: str  # at_least, at_most, range, text, none
    low: float | None = None
    high: float | None = None
    unit: str = ""

    def describe(self) -> str:
        if self.kind == AT_LEAST:
            return f"≥ {_vn(self.low)}{self.unit}"
        if self.kind == AT_MOST:
            return f"≤ {_vn(self.high)}{self.unit}"
        if self.kind == RANGE:
            return f"{_vn(self.low)}–{_vn(self.high)}{self.unit}"
        return self.text


def _vn(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _unit(rest: str) -> str:
    rest = rest.strip()
    if not rest:
        return ""
    if rest.startswith("%"):
        return "%" + (" GRDP" if "grdp" in rest.lower() else "")
    return " " + rest


def parse_target(text: str) -> Target:
    """A KPI target as written (see the module's docstring)."""
    raw = re.sub(r"\s+", " ", (text or "").strip())
    if not raw:
        return Target("", NONE)
    body = raw.replace("$", "").replace("\\geq", "≥").replace("\\leq", "≤").replace("\\%", "%")
    body = body.replace(">=", "≥").replace("<=", "≤").strip()
    match = re.fullmatch(r"(" + NUMBER + r")\s*(%)?\s*[-–—]\s*(" + NUMBER + r")\s*(%)?\s*(.*)", body)
    if match:
        unit = "%" if (match.group(2) or match.group(4)) else ""
        return Target(raw, RANGE, vn_number(match.group(1)), vn_number(match.group(3)), unit + _unit(match.group(5)))
    match = re.fullmatch(r"(≥|≤|>|<|tối thiểu|tối đa|trên|dưới|đạt|không quá)\s*(" + NUMBER + r")\s*(.*)", body, re.I)
    if match:
        op = match.group(1).lower()
        value = vn_number(match.group(2))
        unit = _unit(match.group(3))
        if op in ("≤", "<", "tối đa", "dưới", "không quá"):
            return Target(raw, AT_MOST, None, value, unit)
        return Target(raw, AT_LEAST, value, None, unit)
    match = re.fullmatch(r"(" + NUMBER + r")\s*(" + _UNIT_WORDS + r")?", body, re.I)
    if match:  # a plain number means "at least" (DESIGN §4)
        return Target(raw, AT_LEAST, vn_number(match.group(1)), None, _unit(match.group(2) or ""))
    return Target(raw, TEXT)


def split_horizons(text: str) -> dict[str, str]:
    """ "- Đến năm 2027: Đạt 10 lần GRDP - Đến năm 2030: Đạt 30 lần GRDP" → {"2027": ..., "2030": ...};
    {} when the cell does not name years that way."""
    parts = re.split(r"(?:^|\s|-)\s*Đến năm (\d{4})\s*:\s*", text or "")
    if len(parts) < 3:
        return {}
    out = {}
    for year, body in zip(parts[1::2], parts[2::2], strict=False):
        out[year] = body.strip(" -–;\n")
    return out


@dataclass(frozen=True)
class Result:
    text: str
    value: float | None
    when: date | None
    stated: str | None  # achieved / not_achieved / None
    no_data: bool


def parse_result(text: str) -> Result:
    """A result as written: its number, its date, and the status the document states."""
    raw = re.sub(r"\s+", " ", (text or "").strip())
    low = raw.lower()
    stated = None
    if re.search(r"\(\s*chưa đạt\s*\)", low):
        stated = "not_achieved"
    elif re.search(r"\(\s*đạt\s*\)", low):
        stated = "achieved"
    if not raw or "chưa thống kê" in low or "chưa có số liệu" in low:
        return Result(raw, None, None, stated, True)
    when = None
    match = re.search(r"đến\s*(?:ngày\s*)?(\d{1,2})/(\d{1,2})/(\d{4})", low)
    if match:
        try:
            when = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            when = None
    body = re.sub(r"\([^)]*\)", " ", raw)
    body = re.sub(r"(?i)(?:đến hết\s*)?tháng\s*\d{1,2}\s*/\s*\d{4}", " ", body)
    body = re.sub(r"\d{1,2}/\d{1,2}/\d{4}", " ", body)
    if ":" in body:
        body = body.rsplit(":", 1)[1]
    match = re.search(NUMBER, body)
    value = vn_number(match.group(0)) if match else None
    return Result(raw, value, when, stated, False)


def status(target_text: str, result_text: str) -> tuple[str, str]:
    """(status, reason in Vietnamese) for a target and a result as written."""
    result = parse_result(result_text)
    target = parse_target(target_text)
    if result.no_data:
        return "no_data", "chưa có kết quả" if not result.text else f"kết quả chưa có số liệu: {result.text}"
    if target.kind == NONE:
        return "not_assessable", "không có mục tiêu cho năm này"
    if target.kind == TEXT:
        return "not_assessable", f"mục tiêu bằng lời ({target.text}): cần người đánh giá"
    value = result.value
    if value is None:
        return "not_assessable", f"kết quả bằng lời ({result.text}): cần người đánh giá"
    if target.kind == AT_LEAST:
        ok = value >= (target.low or 0) - 1e-9
    elif target.kind == AT_MOST:
        ok = value <= (target.high or 0) + 1e-9
    else:
        ok = (target.low or 0) - 1e-9 <= value <= (target.high or 0) + 1e-9
    verdict = "achieved" if ok else "not_achieved"
    word = "đạt" if ok else "chưa đạt"
    return verdict, f"{_vn(value)} so với mục tiêu {target.describe()}: {word}"


def kind_of(name: str) -> str:
    """yearly ("mỗi năm"), period ("giai đoạn 2026 - 2030", "đến năm 2030") or stock."""
    low = (name or "").lower()
    if "mỗi năm" in low or "hằng năm" in low or "hàng năm" in low:
        return "yearly"
    if "giai đoạn" in low or re.search(r"đến năm \d{4}", low):
        return "period"
    return "stock"


# KPIs that measure what a PII indicator measures (pii-2025 codes): words of the KPI's name → code.
INDICATOR_LINKS: tuple[tuple[str, str], ...] = (
    ("số doanh nghiệp khoa học và công nghệ", "6.3.2"),
    ("số doanh nghiệp khởi nghiệp sáng tạo", "6.3.3"),
    ("tỷ lệ ngân sách địa phương chi cho khoa học", "2.2.2"),
    ("số người thực hiện công tác nghiên cứu khoa học", "2.2.1"),
    ("số tổ chức khoa học và công nghệ", "2.2.4"),
    ("số đơn đăng ký sở hữu trí tuệ (sáng chế, giải pháp hữu ích)", "6.1.1"),
    ("tỷ lệ doanh nghiệp có hoạt động đổi mới", "5.3.2"),
)


def indicator_for(name: str) -> str | None:
    low = re.sub(r"\s+", " ", (name or "").lower())
    for words, code in INDICATOR_LINKS:
        if low.startswith(words):
            return code
    return None
