"""Numbers, ranks and timings as the plans write them.

Numbers are read the Vietnamese way ("45,23", "1.200", "0,2%") and, where the writing says so, the
international way ("0.66" beside "0,6640"): a dot followed by exactly three digits (and no comma) is a
thousands separator, any other dot a decimal mark.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

NUMBER = r"\d+(?:[.,]\d+)*"
_NUMBER_RE = re.compile(NUMBER)


def vn_number(text: str) -> float | None:
    """The number a token such as "45,23", "1.200", "0.66", "04" writes, or None."""
    text = (text or "").strip().replace(" ", "")
    if not re.fullmatch(r"[-−]?" + NUMBER, text):
        return None
    sign = -1.0 if text[0] in "-−" else 1.0
    text = text.lstrip("-−")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", text):
            text = text.replace(",", "")
        else:
            text = text.replace(",", ".")
    elif "." in text:
        if re.fullmatch(r"[1-9]\d{0,2}(?:\.\d{3})+", text):
            text = text.replace(".", "")
    try:
        return sign * float(text)
    except ValueError:
        return None


def first_number(text: str) -> float | None:
    match = _NUMBER_RE.search(text or "")
    return vn_number(match.group(0)) if match else None


def score_of(text: str) -> float | None:
    """ "45,23/100" → 45.23; "0/100" → 0.0; "45,23" → 45.23; "" → None."""
    text = (text or "").strip()
    match = re.fullmatch(r"(" + NUMBER + r")\s*(?:/\s*100)?", text)
    return vn_number(match.group(1)) if match else None


def rank_of(text: str) -> tuple[int | None, int | None]:
    """ "31/34" → (31, 34); "04/34" → (4, 34); "25" → (25, None); else (None, None)."""
    text = (text or "").strip()
    match = re.fullmatch(r"(?:hạng\s*)?(\d{1,3})\s*(?:/\s*(\d{1,3}))?", text, flags=re.IGNORECASE)
    if not match:
        return None, None
    return int(match.group(1)), (int(match.group(2)) if match.group(2) else None)


# --- timing ---------------------------------------------------------------------------------------

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_DATE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")


def _date(day: int, month: int, year: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(month: int, year: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_timing(text: str) -> tuple[str, date | None]:
    """The kind of a timing as written (see ``model.TIMING_KINDS``) and the last day it allows.

    "Tháng 6/2028" → ("month", 2028-06-30); "Quý II/2026" → ("quarter", 2026-06-30);
    "Hàng năm" → ("recurring", None); "2026–2030" → ("phase", 2030-12-31); "31/3/2026" → ("date", ...);
    "(1)…(4): 31/5/2026 – (5): 30/6/2026" → ("date", 2026-06-30) (the last of the parts' dates);
    "2026 (nhiệm vụ 2025 chuyển tiếp)" → ("carried_over", 2026-12-31); "Đã hoàn thành" → ("done", None).
    """
    raw = (text or "").strip()
    if not raw:
        return "inherited", None
    low = raw.lower()
    base, due = "unknown", None
    dates = [d for d in (_date(int(a), int(b), int(c)) for a, b, c in _DATE.findall(raw)) if d]
    month = re.search(r"tháng\s*(\d{1,2})\s*/\s*(\d{4})", low)
    quarter = re.search(r"quý\s*(iv|iii|ii|i|[1-4])\s*/\s*(\d{4})", low)
    phase = re.search(r"(\d{4})\s*[-–—]\s*(\d{4})", low)
    year = re.match(r"(?:năm\s*)?(20\d{2})\b", low)
    if dates:
        base, due = "date", max(dates)
    elif month:
        base, due = "month", _month_end(int(month.group(1)), int(month.group(2)))
    elif quarter:
        q = quarter.group(1).upper()
        base, due = "quarter", _month_end((_ROMAN.get(q) or int(q)) * 3, int(quarter.group(2)))
    elif phase:
        base, due = "phase", date(int(phase.group(2)), 12, 31)
    elif year:
        base, due = "year", date(int(year.group(1)), 12, 31)
    elif any(w in low for w in ("hàng năm", "hằng năm", "thường xuyên", "định kỳ", "hàng quý", "hàng tháng")):
        base = "recurring"
    elif "khi có yêu cầu" in low or "theo yêu cầu" in low or "đột xuất" in low:
        base = "on_request"
    elif "giai đoạn" in low:
        base = "phase"
    if "đã hoàn thành" in low:
        return "done", due
    if "chuyển tiếp" in low or "chuyên tiếp" in low:
        return "carried_over", due
    return base, due


# --- numbered parts: "(1) ... (2) ..." --------------------------------------------------------------

_PART = re.compile(r"\(\s*(\d{1,2})\s*\)")


def numbered_parts(text: str) -> dict[str, str]:
    """ "(1) A (2) B" → {"1": "A", "2": "B"}; {} when the text has fewer than two numbered parts.

    A run of markers sharing one text ("(1) (2) (3) (4): 31/5/2026") gives that text to each."""
    matches = list(_PART.finditer(text or ""))
    if len(matches) < 2:
        return {}
    out: dict[str, str] = {}
    pending: list[str] = []
    range_from: int | None = None
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[match.end() : end].strip().lstrip("-–:;, ").rstrip("-–,; \n")
        number = int(match.group(1))
        if range_from is not None:  # "(1)…(4)": the numbers between too
            pending += [str(n) for n in range(range_from + 1, number)]
            range_from = None
        pending.append(str(number))
        if body in ("…", "...", "đến", "tới"):
            range_from = number
            continue
        if body:
            for n in pending:
                out.setdefault(n, body)
            pending = []
    return out


# --- targets on an index node (indicator, group, pillar, PII) ------------------------------------------


def parse_node_target(text: str, number_means: str = "score") -> tuple[str | None, int | None, float | None]:
    """(kind, rank, value) of a target on a node, as the plans write it (``model.TARGET_KINDS``).

    "25/34", "≤ 30/34", "Top 15", "thứ hạng 13" → ("rank", n, None); "tăng 04 bậc", "+4 bậc" →
    ("relative", None, 4); "Duy trì" → ("maintain", …); "từ trung bình cả nước trở lên", "không thấp hơn
    trung bình" → ("not_below_mean", …); a number ("45,00", "≥ 30,00") → (``number_means``, None, value):
    "score" for scores, "raw" where the column holds raw values (Cao Bằng's indicators).
    """
    raw = (text or "").strip()
    low = raw.lower()
    if not raw:
        return None, None, None
    match = re.fullmatch(r"(?:[≤<]|hạng|thứ hạng)?\s*(\d{1,3})\s*/\s*(\d{1,3})", low)
    if match:
        return "rank", int(match.group(1)), None
    match = re.search(r"(?:top|thứ hạng|hạng|xếp thứ)\s*(\d{1,3})\b", low)
    if match and "bậc" not in low:
        return "rank", int(match.group(1)), None
    match = re.search(r"(?:tăng|\+)\s*(\d{1,2})\s*bậc", low)
    if match:
        return "relative", None, float(int(match.group(1)))
    if "trung bình" in low and ("trở lên" in low or "không thấp hơn" in low or "không dưới" in low):
        return "not_below_mean", None, None
    if re.fullmatch(r"(?:≥|>=|>)?\s*" + NUMBER, low):
        return number_means, None, first_number(low)
    if low.startswith("duy trì"):
        return "maintain", None, None
    return None, None, None
