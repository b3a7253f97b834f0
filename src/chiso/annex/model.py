"""What the annex readers return: plain dataclasses, no Django, no behaviour beyond small helpers.

This module is the contract between the readers (``chiso.annex.read``) and their users (the web import,
the CLI, the demo). Fields are only ever added, never renamed. Every item keeps the place it was read
from (``Location``) so that a preview or an error can point at the cell.

Conventions
- Text is kept *as written* (stripped, paragraphs of a cell joined by a newline) next to any value the
  reader derives from it (``timing`` and ``due``, ``target`` and ``target_rank``...), so nothing the
  province wrote is lost and a derived value can always be checked against its text.
- Agencies are lists of canonical names (``chiso.annex.agencies``); a name the registry does not know
  is kept as written and also listed in ``Annex.unknown_agencies`` for review.
- Numbers are floats read the Vietnamese way ("45,23" = 45.23, "1.200" = 1200).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

# Kinds of annex the readers recognise (``Annex.kind``).
SON_LA_PII = "son_la_pii"  # Sơn La PII plan annex: tasks per indicator, 2025 score/rank, 2026 rank target
CAO_BANG_PII = "cao_bang_pii"  # Cao Bằng annex: 2023/2024 max/min/value, 2026 targets, agencies
R57_KPI = "r57_kpi"  # Sơn La Resolution 57 plan, annex I: KPIs with horizon targets and 2025 results
R57_TASKS = "r57_tasks"  # Sơn La Resolution 57 plan, annex II: tasks with products and timings
KINDS = (SON_LA_PII, CAO_BANG_PII, R57_KPI, R57_TASKS)

TIMING_KINDS = (
    "date",  # a day: "31/5/2026", "trước ngày 10/4/2026"
    "month",  # "Tháng 6/2028"
    "quarter",  # "Quý II/2026"
    "year",  # "Năm 2026", "2026"
    "recurring",  # "Hàng năm", "Thường xuyên"
    "phase",  # "2026–2030", "Giai đoạn 2026 - 2030"
    "carried_over",  # "chuyển tiếp" (from the year before)
    "done",  # "Đã hoàn thành"
    "inherited",  # empty: the timing of the row above (the pillar's) applies
    "on_request",  # "khi có yêu cầu"
    "unknown",  # written, but not in a form the reader knows
)

TARGET_KINDS = ("rank", "score", "raw", "relative", "maintain", "not_below_mean")

KPI_KINDS = ("yearly", "period", "stock")

UNPLACED_CODES = {
    "unknown_row": "a numbered row with no indicator code, pillar or group",
    "orphan_row": "a row that continues nothing (no indicator, KPI or task above it)",
    "stray_value": "a score, rank, target or result on a continuation row",
    "bad_score": "a score that is not a number",
    "bad_rank": "a rank that is not 'N' or 'N/M'",
    "bad_value": "a value that is not a number (other than n/a)",
    "wrong_pillar": "an indicator under another pillar's row",
    "bounds_inverted": "a warning: the national maximum is below the minimum (Cao Bằng 3.2.2, 2023)",
    "unknown_table": "a table of no known layout beside a recognised one",
}
KPI_STATUSES = ("achieved", "not_achieved", "no_data", "not_assessable")


@dataclass(frozen=True)
class Location:
    """Where an item was read: 1-based table (Word: n-th table of the document; Excel: n-th sheet),
    row (Word: row of that table; Excel: the sheet's row number) and column (None: the whole row)."""

    table: int
    row: int
    column: int | None = None
    sheet: str | None = None  # Excel: the sheet's name

    def __str__(self) -> str:
        where = f"bảng {self.table}" if self.sheet is None else f"trang tính {self.sheet!r}"
        text = f"{where}, dòng {self.row}"
        if self.column is not None:
            text += f", cột {self.column}"
        return text


@dataclass
class TaskItem:
    """A task (nhiệm vụ, giải pháp) with its agencies, timing and product; ``parts`` are its numbered
    sub-items ((i)…(xviii), (1)…(5)) where they carry their own leads or dates."""

    text: str
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    timing: str = ""  # as written ("" when none)
    timing_kind: str = "unknown"  # one of TIMING_KINDS
    due: date | None = None  # the last day the timing allows, where it names one
    product: str = ""  # sản phẩm (Resolution 57 annex II)
    parts: list[TaskItem] = field(default_factory=list)
    location: Location | None = None
    number: str = ""  # the row's own number as written ("1", "I", "2.3")
    section: str = ""  # the heading row above it ("THÔNG TIN, TUYÊN TRUYỀN"), if any
    indicator_code: str | None = None  # the indicator it is under, when it is under one
    lead_as_written: str = ""
    coordinating_as_written: str = ""
    timings: dict[str, str] = field(default_factory=dict)  # column heading → text (annex II phase columns)


@dataclass
class IndicatorItem:
    """A PII indicator row of an annex with its results, target and agencies.

    ``values`` are raw values per year, ``bounds`` the national (max, min) per year (Cao Bằng);
    ``score``/``rank``/``year`` the official result the annex states (Sơn La: 2025 score and rank).
    ``target`` is the target as written; ``target_kind`` says what it is, and ``target_rank`` or
    ``target_value`` hold its number.
    """

    code: str
    name: str = ""
    unit: str = ""
    values: dict[int, float | None] = field(default_factory=dict)
    bounds: dict[int, tuple[float | None, float | None]] = field(default_factory=dict)
    score: float | None = None
    rank: int | None = None
    year: int | None = None
    target: str | None = None
    target_rank: int | None = None
    target_value: float | None = None
    target_kind: str | None = None  # one of TARGET_KINDS or None
    target_year: int | None = None
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    supplier: list[str] = field(default_factory=list)  # data supplier (cơ quan cung cấp/thu thập số liệu)
    tasks: list[TaskItem] = field(default_factory=list)
    location: Location | None = None
    number: str = ""  # STT as written
    of: int | None = None  # "31/34": the number of provinces ranked
    score_text: str = ""  # score as written ("45,23/100")
    rank_text: str = ""


@dataclass
class NodeItem:
    """A group or pillar row (or the PII itself): code ("1", "1.1", "PII"), results and target."""

    code: str
    level: str  # "pillar", "group" or "index"
    name: str = ""
    values: dict[int, float | None] = field(default_factory=dict)  # score per year
    bounds: dict[int, tuple[float | None, float | None]] = field(default_factory=dict)
    score: float | None = None
    rank: int | None = None
    year: int | None = None
    of: int | None = None
    target: str | None = None
    target_rank: int | None = None
    target_value: float | None = None
    target_kind: str | None = None
    target_year: int | None = None
    timing: str = ""
    location: Location | None = None
    number: str = ""


@dataclass
class KpiItem:
    """A KPI (chỉ tiêu) of the Resolution 57 annex I.

    ``targets`` maps a year ("2025", "2030"...) or a label ("2027" from "Đến năm 2027: ...") to the text
    as written; ``result`` is the 2025 result as written, ``result_value``/``result_date`` what it says;
    ``stated_status`` the status the document writes ("(đạt)", "(chưa đạt)"), ``status`` the status
    computed from the target and the result (DESIGN §4) and ``status_reason`` why, in Vietnamese.
    """

    number: str
    name: str
    section: str = ""
    unit: str = ""
    kind: str = "stock"  # one of KPI_KINDS
    targets: dict[str, str] = field(default_factory=dict)
    result: str = ""
    result_value: float | None = None
    result_date: date | None = None
    stated_status: str | None = None
    status: str = "no_data"  # one of KPI_STATUSES
    status_reason: str = ""
    children: list[KpiItem] = field(default_factory=list)
    indicator_code: str | None = None
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    location: Location | None = None
    lead_as_written: str = ""
    coordinating_as_written: str = ""
    note: str = ""  # footnote text attached to the name (¹ ...)

    @property
    def disagrees(self) -> bool:
        """True when the document states a status the computation contradicts."""
        return (
            self.stated_status is not None
            and self.status in ("achieved", "not_achieved")
            and self.status != self.stated_status
        )


@dataclass
class Unplaced:
    """Something the reader read but could not place (or a warning about a cell): shown, never dropped."""

    location: Location
    text: str
    why: str  # in Vietnamese
    code: str = "unplaced"  # machine-readable reason, one of UNPLACED_CODES


@dataclass
class Annex:
    """Everything read from one annex table (or a document holding one)."""

    kind: str  # one of KINDS
    title: str = ""
    indicators: list[IndicatorItem] = field(default_factory=list)
    nodes: list[NodeItem] = field(default_factory=list)
    kpis: list[KpiItem] = field(default_factory=list)
    tasks: list[TaskItem] = field(default_factory=list)  # tasks not under an indicator
    unplaced: list[Unplaced] = field(default_factory=list)
    file: str = ""
    unknown_agencies: list[str] = field(default_factory=list)  # names as written, for review
    heading: str = ""  # the document's own text just above the (first) annex table ("Phụ lục II\nNHIỆM VỤ…")

    def all_tasks(self) -> list[TaskItem]:
        """Every task: those under indicators first, then the annex's own."""
        out = [t for i in self.indicators for t in i.tasks]
        return out + list(self.tasks)

    def as_dict(self) -> dict:
        return asdict(self)


class AnnexError(ValueError):
    """An annex that cannot be read, located as precisely as possible.

    ``code`` names the problem for translation and ``params`` its values; ``str()`` is a Vietnamese
    sentence naming file, table, row and column.
    """

    MESSAGES = {
        "not_a_file": "không đọc được tệp",
        "unsupported_type": "loại tệp {suffix} không được hỗ trợ: dùng .docx hoặc .xlsx",
        "not_docx": "không phải tệp Word .docx đọc được ({detail})",
        "not_xlsx": "không phải tệp Excel .xlsx đọc được ({detail})",
        "no_table": "không có bảng nào trong tệp",
        "unknown_layout": "không nhận ra bảng phụ lục (dòng tiêu đề: {header})",
        "too_large": "tệp quá lớn: {detail}",
        "bad_cell": "ô không đọc được: {detail}",
        "wrong_suffix": "tệp thực chất là {actual} nhưng mang đuôi {suffix}: đổi lại đuôi {actual} rồi tải lên lại",
        "empty_annex": "bảng phụ lục không có dòng nào đọc được",
    }

    def __init__(
        self,
        code: str,
        *,
        file: str | None = None,
        table: int | None = None,
        row: int | None = None,
        column: int | None = None,
        sheet: str | None = None,
        **params: object,
    ) -> None:
        self.code = code
        self.params = dict(params)
        self.file = file
        self.table = table
        self.row = row
        self.column = column
        self.sheet = sheet
        template = self.MESSAGES.get(code, code)
        try:
            self.message = template.format(**self.params)
        except (KeyError, IndexError):
            self.message = template
        super().__init__(self.location() + self.message)

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(f"tệp {self.file}")
        if self.sheet:
            parts.append(f"trang tính {self.sheet!r}")
        if self.table is not None:
            parts.append(f"bảng {self.table}")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column is not None:
            parts.append(f"cột {self.column}")
        return (", ".join(parts) + ": ") if parts else ""
