"""The four annex layouts: recognised from their header rows, read from a ``Grid`` into an ``Annex``.

- ``son_la_pii``: STT | Nhiệm vụ, giải pháp… | Mức điểm số năm 2025 | Xếp thứ hạng… năm 2025 | Mục tiêu
  phấn đấu xếp hạng năm 2026 | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện. Pillar rows
  (I, II…), group rows (I.1…), indicator rows (1…52) whose task cell starts with the code; rows without
  STT continue the indicator above: a new task block when they name a lead, more text otherwise
  (rows split by a page break). Repeated header rows are skipped.
- ``cao_bang_pii``: STT | Trụ cột/Nhóm chỉ số/Chỉ số thành phần | 2023 (Cao nhất, Thấp nhất, Giá
  trị/Điểm số) | 2024 (same) | Mục tiêu năm 2026 (Điểm số, Xếp hạng) | Cơ quan đầu mối, chủ trì |
  Cơ quan phối hợp — a two-row header. Indicator targets in the "Điểm số" column are raw values.
- ``r57_kpi``: Chỉ tiêu | Đến hết 2025 (Mục tiêu, Kết quả 2025) | Đến hết 2030 … 2045 | Cơ quan chủ
  trì | Cơ quan phối hợp — a two-row header; rows in capitals are sections.
- ``r57_tasks``: TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời gian thực
  hiện (Năm 2025, Giai đoạn 2025 - 2030 …) — a two-row header; roman TT are sections.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from . import agencies, kpi, values
from .grid import Grid, GridRow
from .model import (
    CAO_BANG_PII,
    R57_KPI,
    R57_TASKS,
    SON_LA_PII,
    Annex,
    IndicatorItem,
    KpiItem,
    Location,
    NodeItem,
    TaskItem,
    Unplaced,
)

PROVINCE_OF = {SON_LA_PII: "son-la", CAO_BANG_PII: "cao-bang", R57_KPI: "son-la", R57_TASKS: "son-la"}

HEADER_SCAN_ROWS = 8  # the header is looked for in the first rows of a table


def fold(text: str) -> str:
    """Lower case, one space, no diacritics (đ → d): for matching headings written in many ways."""
    text = unicodedata.normalize("NFD", (text or "").lower().replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Columns:
    """0-based columns of a layout's fields, found in its header rows."""

    kind: str
    header_rows: list[int]  # indices into grid.rows
    index: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # field → heading as written
    years: dict[str, int] = field(default_factory=dict)  # field → year named in its heading
    first_heading: str = ""

    def get(self, row: GridRow, name: str) -> str:
        i = self.index.get(name)
        return row.text(i) if i is not None else ""


def _year(text: str) -> int | None:
    match = re.search(r"\b(20\d{2})\b", text)
    return int(match.group(1)) if match else None


def _find(cells: list[str], *needles: str, start: int = 0) -> int | None:
    for i in range(start, len(cells)):
        if all(n in cells[i] for n in needles):
            return i
    return None


def _header_texts(grid: Grid, at: int) -> list[str]:
    return [fold(t) for t in grid.rows[at].texts()] if at < len(grid.rows) else []


def detect(grid: Grid) -> Columns | None:
    """The layout of a table and its columns, or None when its header is none of the four."""
    for at in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        cells = _header_texts(grid, at)
        joined = " | ".join(cells)
        below = _header_texts(grid, at + 1)
        if "nhiem vu, giai phap" in joined and "xep" in joined and "chu tri" in joined:
            return _son_la_columns(grid, at, cells)
        if "tru cot/nhom chi so" in joined or ("cao nhat" in " ".join(below) and "tru cot" in joined):
            return _cao_bang_columns(grid, at, cells, below)
        if cells and cells[0].startswith("chi tieu") and "den het" in joined:
            return _kpi_columns(grid, at, cells, below)
        if "ten nhiem vu" in joined and "san pham" in joined:
            return _tasks_columns(grid, at, cells, below)
    return None


def header_row(grid: Grid) -> GridRow | None:
    """The row that looks like a table's header: the first with two cells or more, else the first."""
    rows = [r for r in grid.rows[: HEADER_SCAN_ROWS * 2] if not r.is_empty()]
    return next((r for r in rows if sum(1 for t in r.texts() if t) >= 2), rows[0] if rows else None)


def header_summary(grid: Grid) -> str:
    """The header row of a table, shortened, for an error message."""
    row = header_row(grid)
    if row is None:
        return "(trống)"
    joined = " | ".join(t.replace("\n", " ") for t in row.texts() if t)
    return joined if len(joined) <= 160 else joined[:157] + "…"


def _son_la_columns(grid: Grid, at: int, cells: list[str]) -> Columns:
    cols = Columns(SON_LA_PII, [at], first_heading=grid.rows[at].text(0))
    wanted = {
        "stt": ("stt",),
        "task": ("nhiem vu",),
        "score": ("diem so",),
        "rank": ("xep",),
        "target": ("muc tieu",),
        "lead": ("chu tri",),
        "coordinating": ("phoi hop",),
        "timing": ("thoi gian",),
    }
    for name, needles in wanted.items():
        i = _find(cells, *needles)
        if name == "rank":
            i = next((j for j, c in enumerate(cells) if "xep" in c and "muc tieu" not in c), None)
        if i is not None:
            cols.index[name] = i
            cols.labels[name] = grid.rows[at].text(i)
            year = _year(cells[i])
            if year:
                cols.years[name] = year
    return cols


def _cao_bang_columns(grid: Grid, at: int, cells: list[str], below: list[str]) -> Columns:
    cols = Columns(CAO_BANG_PII, [at, at + 1], first_heading=grid.rows[at].text(0))
    cols.index["stt"] = 0
    name_col = _find(cells, "tru cot")
    cols.index["name"] = name_col if name_col is not None else 1
    # year groups: a top heading naming a year spans the three columns (max, min, value) below it
    for i, text in enumerate(cells):
        year = _year(text)
        if year and "ket qua" in text:
            trio = [j for j in range(i, min(i + 3, len(below)))]
            for j in trio:
                if "cao nhat" in below[j]:
                    cols.index[f"max_{year}"] = j
                elif "thap nhat" in below[j]:
                    cols.index[f"min_{year}"] = j
                elif "gia tri" in below[j] or "diem so" in below[j]:
                    cols.index[f"value_{year}"] = j
        elif year and "muc tieu" in text:
            cols.years["target"] = year
            for j in range(i, min(i + 2, len(below))):
                if "diem so" in below[j]:
                    cols.index["target_score"] = j
                elif "xep hang" in below[j]:
                    cols.index["target_rank"] = j
    lead = _find(below, "chu tri") or _find(cells, "chu tri")
    coord = _find(below, "phoi hop") or _find(cells, "phoi hop")
    if lead is not None:
        cols.index["lead"] = lead
    if coord is not None:
        cols.index["coordinating"] = coord
    return cols


def _kpi_columns(grid: Grid, at: int, cells: list[str], below: list[str]) -> Columns:
    cols = Columns(R57_KPI, [at], first_heading=grid.rows[at].text(0))
    if any("muc tieu" in c or "ket qua" in c for c in below):
        cols.header_rows.append(at + 1)
    cols.index["name"] = 0
    for i, text in enumerate(cells):
        year = _year(text)
        if "den het" in text and year:
            sub = below[i] if i < len(below) else ""
            nxt = below[i + 1] if i + 1 < len(below) else ""
            if "muc tieu" in sub and "ket qua" in nxt:
                cols.index[f"target_{year}"] = i
                cols.index["result"] = i + 1
                cols.years["result"] = _year(nxt) or year
            else:
                cols.index[f"target_{year}"] = i
        elif "chu tri" in text:
            cols.index["lead"] = i
        elif "phoi hop" in text:
            cols.index["coordinating"] = i
    return cols


def _tasks_columns(grid: Grid, at: int, cells: list[str], below: list[str]) -> Columns:
    cols = Columns(R57_TASKS, [at], first_heading=grid.rows[at].text(0))
    if any(_year(c) for c in below):
        cols.header_rows.append(at + 1)
    for name, needles in {
        "tt": ("tt",),
        "name": ("ten nhiem vu",),
        "lead": ("chu tri",),
        "coordinating": ("phoi hop",),
        "product": ("san pham",),
    }.items():
        i = 0 if name == "tt" else _find(cells, *needles)
        if i is not None:
            cols.index[name] = i
    timing = _find(cells, "thoi gian")
    if timing is not None:
        subs = [(j, grid.rows[at + 1].text(j)) for j in range(timing, len(below)) if below[j]]
        if len(cols.header_rows) > 1 and subs:
            for j, label in subs:
                cols.index[f"timing:{label}"] = j
                cols.labels[f"timing:{label}"] = label
        else:
            cols.index["timing:"] = timing
            cols.labels["timing:"] = grid.rows[at].text(timing)
    return cols


# --- helpers ----------------------------------------------------------------------------------------


class Reader:
    """Shared state of one table's reading: where we are, what could not be placed."""

    def __init__(self, grid: Grid, cols: Columns, annex: Annex, province: str | None) -> None:
        self.grid, self.cols, self.annex, self.province = grid, cols, annex, province
        self.header_folds = [[fold(t[:80]) for t in grid.rows[i].texts()] for i in cols.header_rows]

    def loc(self, row: GridRow, column: str | None = None) -> Location:
        col = self.cols.index.get(column) if column else None
        if self.grid.sheet is not None:  # Excel: the sheet's own row number and column
            return Location(self.grid.index, row.number, None if col is None else col + 1, self.grid.sheet)
        return Location(self.grid.index, row.number, None if col is None else col + 1)

    def unplaced(self, row: GridRow, why: str, code: str = "unplaced", column: str | None = None) -> None:
        text = " | ".join(t.replace("\n", " ") for t in row.texts() if t)
        self.annex.unplaced.append(Unplaced(self.loc(row, column), text, why, code))

    def agencies(self, text: str) -> list[str]:
        refs = agencies.split(text.replace("\n", "; "), self.province)
        for ref in refs:
            if not ref.known and ref.as_written not in self.annex.unknown_agencies:
                self.annex.unknown_agencies.append(ref.as_written)
        return [r.name for r in refs]

    def is_repeated_header(self, row: GridRow) -> bool:
        first = fold(row.text(0))
        if row.repeat_header:
            return True
        texts = [fold(t[:80]) if t and len(t) < 400 else "" for t in row.texts()]
        for header in self.header_folds:
            same = sum(1 for a, b in zip(texts, header, strict=False) if a and a == b)
            filled = sum(1 for a in texts if a)
            if filled and same >= max(2, (filled + 1) // 2):
                return True
        return bool(first) and first == fold(self.cols.first_heading) and len(first) <= 12

    def body(self) -> list[GridRow]:
        last_header = max(self.cols.header_rows)
        return [r for r in self.grid.rows[last_header + 1 :] if not r.is_empty()]


def _join(previous: str, more: str) -> str:
    """Text of a cell continued on the next row (a page break): a new line for a new paragraph or
    a numbered part, a space inside a sentence."""
    if not previous:
        return more
    if not more:
        return previous
    if re.match(r"^[-–•+]|^\(\s*\d+\s*\)|^\(?[ivx]+\)|^[A-ZĐ\"“]", more) and previous.rstrip()[-1:] in '.;:!?"”':
        return previous + "\n" + more
    return previous + " " + more


# --- Sơn La PII annex ------------------------------------------------------------------------------

_CODE3 = re.compile(r"^\s*(\d)\.(\d)\.(\d)\.?\s*")
_CODE2 = re.compile(r"^\s*(\d)\.(\d)\.?\s+")
_PILLAR = re.compile(r"^\s*trụ cột\s*(\d)\s*[:.]?\s*", re.IGNORECASE)
_ROMAN_STT = re.compile(r"^(?=[IVX])(X{0,1}(?:IX|IV|V?I{0,3}))$")
_TASK_START = re.compile(
    r"\s(?=(?:Duy trì|Triển khai|Tiếp tục|Tăng cường|Căn cứ|Nâng cao|Đẩy mạnh|Phối hợp|Thực hiện|Tạo|Nhu cầu|"
    r"Rà soát|Như mục|Nhu mục|Hướng|Hỗ trợ|Xây dựng|Khuyến khích|Chỉ đạo|Tổ chức)\b)"
)
_SUBITEM = re.compile(
    r"\(\s*((?:x{0,1}(?:ix|iv|v?i{0,3}))|x{1,2}v?i{0,3})\s*\)|(?:^|[\s\"“])((?:x{0,1}(?:ix|iv|v?i{0,3})))\)"
)


def _split_name(paragraph: str) -> tuple[str, str]:
    """ "Chính sách phát triển kinh tế, xã hội - Tiếp tục …" → (name, task text)."""
    match = re.search(r"\s[-–]\s", paragraph)
    if match:
        return paragraph[: match.start()].strip(), paragraph[match.start() :].strip()
    match = _TASK_START.search(paragraph)
    if match:
        return paragraph[: match.start()].strip(), paragraph[match.end() :].strip()
    return paragraph.strip(), ""


_ROMANS = [
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "vi",
    "vii",
    "viii",
    "ix",
    "x",
    "xi",
    "xii",
    "xiii",
    "xiv",
    "xv",
    "xvi",
    "xvii",
    "xviii",
    "xix",
    "xx",
]
_ITEM = re.compile(r"(?:\(|(?<![\w(]))(" + "|".join(sorted(_ROMANS, key=len, reverse=True)) + r")\)\s")


def _subitems(paragraph: str) -> list[tuple[str, str]]:
    """ "(i) A; (ii) B" → [("i", "A"), ("ii", "B")] — the survey items listed under an indicator."""
    matches = list(_ITEM.finditer(paragraph))
    out = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(paragraph)
        out.append((match.group(1), paragraph[match.end() : end].strip(' ;,."”“')))
    return out


@dataclass
class _Block:
    """A task block while it is being read: its paragraphs and its agencies as written."""

    paragraphs: list[str]
    lead: str
    coordinating: str
    row: GridRow
    timing: str = ""


def _finish_son_la_indicator(reader: Reader, item: IndicatorItem, blocks: list[_Block], timing: str) -> None:
    for block in blocks:
        text = "\n".join(p for p in block.paragraphs if p).strip()
        if not text and not block.lead.strip() and not block.coordinating.strip():
            continue
        lead_lines = [line for line in block.lead.split("\n") if line.strip()]
        task = TaskItem(
            text=text,
            lead_as_written=block.lead,
            coordinating_as_written=block.coordinating,
            location=reader.loc(block.row, "task"),
            indicator_code=item.code,
        )
        # "Cơ quan chủ trì: cơ quan thu thập số liệu, đề nghị Tòa án nhân dân tỉnh phối hợp"
        leads: list[list[str]] = []
        extra_coord: list[list[str]] = []
        for line in lead_lines:
            asked = re.search(r"đề nghị (.+?) phối hợp", line, flags=re.IGNORECASE)
            coordinating = reader.agencies(asked.group(1)) if asked else []
            line_wo = line[: asked.start()] if asked else line
            leads.append(reader.agencies(line_wo))
            extra_coord.append(coordinating)
        task.lead = _unique([a for group in leads for a in group])
        task.coordinating = _unique(
            reader.agencies(block.coordinating) + [a for group in extra_coord for a in group if a not in task.lead]
        )
        for name in task.lead:
            ref = agencies.lookup(name, reader.province)
            if ref is not None and ref.collective == "data_collectors" and name not in item.supplier:
                item.supplier.append(name)
        task.timing = block.timing or timing
        kind, due = values.parse_timing(task.timing)
        task.timing_kind = kind if block.timing else ("inherited" if timing else "unknown")
        task.due = due
        # survey items (i)…(xviii): each with the lead of its paragraph group
        groups: list[list[str]] = []
        for paragraph in block.paragraphs:
            starts_item = bool(_ITEM.match(paragraph.lstrip('"“ ')))
            if starts_item or not groups:
                groups.append([paragraph])
            else:
                groups[-1].append(paragraph)
        paired = len(leads) > 1 and len([g for g in groups if _ITEM.match(g[0].lstrip('"“ '))]) == len(leads)
        item_groups = [g for g in groups if _ITEM.match(g[0].lstrip('"“ '))] if paired else groups
        seen = {p.number for p in item.tasks for p in p.parts}
        for gi, group in enumerate(item_groups):
            for paragraph in group:
                for number, body in _subitems(paragraph):
                    if number in seen or not body:
                        continue
                    seen.add(number)
                    part = TaskItem(
                        text=body,
                        number=number,
                        lead=leads[gi] if paired else list(task.lead),
                        coordinating=(extra_coord[gi] if paired and extra_coord[gi] else list(task.coordinating)),
                        timing=task.timing,
                        timing_kind=task.timing_kind,
                        due=task.due,
                        location=task.location,
                        indicator_code=item.code,
                    )
                    task.parts.append(part)
        item.tasks.append(task)
        for name in task.lead:
            if name not in item.lead:
                item.lead.append(name)
        for name in task.coordinating:
            if name not in item.coordinating and name not in item.lead:
                item.coordinating.append(name)


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
    return out


def _rank_target(item: IndicatorItem | NodeItem, text: str, year: int | None) -> None:
    """A target written in a rank column ("25/34", "≤ 30/34", "Top 15", "Duy trì"…)."""
    text = (text or "").strip()
    if not text:
        return
    item.target = text
    item.target_year = year
    kind, rank, value = values.parse_node_target(text, number_means="rank")
    if kind == "rank" and rank is None and value is not None:
        rank = int(value)
    item.target_kind, item.target_rank = kind, rank
    if kind == "relative":
        item.target_value = value


def read_son_la(grid: Grid, cols: Columns, annex: Annex, province: str | None) -> None:
    reader = Reader(grid, cols, annex, province)
    score_year = cols.years.get("score") or cols.years.get("rank")
    target_year = cols.years.get("target")
    pillar_timing = ""
    pillar_code = ""
    item: IndicatorItem | None = None
    blocks: list[_Block] = []

    def close() -> None:
        nonlocal item, blocks
        if item is not None:
            _finish_son_la_indicator(reader, item, blocks, pillar_timing)
        item, blocks = None, []

    for row in reader.body():
        if reader.is_repeated_header(row):
            continue
        stt = cols.get(row, "stt").strip()
        task_text = cols.get(row, "task")
        paragraphs = [p for p in task_text.split("\n") if p.strip()]
        first = paragraphs[0] if paragraphs else ""
        score_text = cols.get(row, "score")
        rank_text = cols.get(row, "rank")
        target_text = cols.get(row, "target")
        lead = cols.get(row, "lead")
        coordinating = cols.get(row, "coordinating")
        timing = cols.get(row, "timing")
        continuation = not stt or row.merged(cols.index.get("stt", 0))
        if not continuation and (_PILLAR.match(first) or _ROMAN_STT.match(stt)):
            close()
            match = _PILLAR.match(first)
            code = match.group(1) if match else str(_ROMANS.index(stt.lower()) + 1 if stt.lower() in _ROMANS else "")
            node = NodeItem(code=code, level="pillar", name=_PILLAR.sub("", first).strip() or first, number=stt)
            _node_results(node, score_text, rank_text, score_year)
            _rank_target(node, target_text, target_year)
            node.timing = timing
            node.location = reader.loc(row)
            annex.nodes.append(node)
            pillar_timing, pillar_code = timing, code
            continue
        match3 = _CODE3.match(first)
        match2 = _CODE2.match(first)
        if not continuation and match2 and not match3:
            close()
            node = NodeItem(code=f"{match2.group(1)}.{match2.group(2)}", level="group", number=stt)
            node.name = first[match2.end() :].strip()
            _node_results(node, score_text, rank_text, score_year)
            _rank_target(node, target_text, target_year)
            node.location = reader.loc(row)
            annex.nodes.append(node)
            continue
        if not continuation and match3:
            close()
            code = ".".join(match3.groups())
            name, rest = _split_name(first[match3.end() :])
            item = IndicatorItem(code=code, name=name, number=stt, location=reader.loc(row))
            annex.indicators.append(item)
            item.score_text, item.rank_text = score_text, rank_text
            item.score = values.score_of(score_text)
            item.rank, item.of = values.rank_of(rank_text)
            item.year = score_year
            _rank_target(item, target_text, target_year)
            if score_text and item.score is None:
                reader.unplaced(row, f"điểm số không đọc được: {score_text}", "bad_score", "score")
            if rank_text and item.rank is None:
                reader.unplaced(row, f"thứ hạng không đọc được: {rank_text}", "bad_rank", "rank")
            if pillar_code and not code.startswith(pillar_code + "."):
                reader.unplaced(row, f"chỉ số {code} nằm dưới trụ cột {pillar_code}", "wrong_pillar", "task")
            blocks = [_Block([p for p in [rest, *paragraphs[1:]] if p], lead, coordinating, row, timing)]
            continue
        if not continuation:
            close()
            reader.unplaced(row, "dòng có số thứ tự nhưng không có mã chỉ số (1.1.1…) hay trụ cột", "unknown_row")
            continue
        # a row without STT: more of the indicator above
        if item is None:
            reader.unplaced(row, "dòng không thuộc chỉ số nào (chưa có dòng chỉ số phía trên)", "orphan_row")
            continue
        own_lead = lead and not row.merged(cols.index.get("lead", -1))
        if own_lead:
            if blocks and not any(blocks[-1].paragraphs) and not blocks[-1].lead:
                blocks.pop()  # the indicator's row named only the indicator: this row is its first block
            blocks.append(_Block(paragraphs, lead, coordinating, row, timing))
        else:
            block = blocks[-1]
            if paragraphs:
                if block.paragraphs:
                    block.paragraphs[-1:] = _join(block.paragraphs[-1], paragraphs[0]).split("\n")
                    block.paragraphs.extend(paragraphs[1:])
                else:
                    block.paragraphs.extend(paragraphs)
            if coordinating and not row.merged(cols.index.get("coordinating", -1)):
                block.coordinating = _join(block.coordinating, coordinating)
            if timing and not block.timing:
                block.timing = timing
        for name, text in (("score", score_text), ("rank", rank_text), ("target", target_text)):
            if text and not row.merged(cols.index.get(name, -1)):
                reader.unplaced(row, f"giá trị ở cột {cols.labels.get(name, name)} trên dòng tiếp nối", "stray_value")
    close()


def _node_results(node: NodeItem, score_text: str, rank_text: str, year: int | None) -> None:
    node.score = values.score_of(score_text)
    node.rank, node.of = values.rank_of(rank_text)
    node.year = year
    if node.score is not None and year:
        node.values[year] = node.score


# --- Cao Bằng annex --------------------------------------------------------------------------------


def _number_or_none(text: str) -> float | None:
    text = (text or "").strip()
    if not text or text.lower() in ("n/a", "-", "—", "x"):
        return None
    return values.vn_number(text)


def read_cao_bang(grid: Grid, cols: Columns, annex: Annex, province: str | None) -> None:
    reader = Reader(grid, cols, annex, province)
    years = sorted({int(k.split("_")[1]) for k in cols.index if k.startswith(("max_", "value_"))})
    target_year = cols.years.get("target")
    pillar = ""
    for row in reader.body():
        if reader.is_repeated_header(row):
            continue
        texts = row.texts()
        name_col = cols.index["name"]
        label_cells = [t for t in texts[: name_col + 2] if t]
        joined = " ".join(label_cells)
        stt = cols.get(row, "stt")
        code = ""
        name = ""
        level = ""
        match = re.search(r"\b(\d)\.(\d)\.(\d)\b", joined)
        if re.search(r"trụ cột\s*\d", joined, re.IGNORECASE):
            level = "pillar"
            code = re.search(r"trụ cột\s*(\d)", joined, re.IGNORECASE).group(1)
            name = re.sub(r"(?i)^.*?trụ cột\s*\d\s*[.:]?\s*", "", joined)
        elif re.search(r"nhóm chỉ số\s*\d\.\d", joined, re.IGNORECASE):
            level = "group"
            code = re.search(r"nhóm chỉ số\s*(\d\.\d)", joined, re.IGNORECASE).group(1)
            name = re.sub(r"(?i)^.*?nhóm chỉ số\s*\d\.\d\s*[.:]?\s*", "", joined)
        elif match:
            level = "indicator"
            code = match.group(0)
            name = joined[match.end() :].strip(" .:")
        elif "tổng" in joined.lower() or "pii" in joined.lower():
            level = "index"
            code = "PII"
            name = joined
        elif "xếp hạng" in joined.lower():
            _read_cao_bang_ranks(reader, row, years, target_year)
            continue
        else:
            reader.unplaced(row, "không nhận ra dòng: không có trụ cột, nhóm hay mã chỉ số", "unknown_row")
            continue
        vals: dict[int, float | None] = {}
        bounds: dict[int, tuple[float | None, float | None]] = {}
        for year in years:
            value_text = cols.get(row, f"value_{year}")
            vals[year] = _number_or_none(value_text)
            if value_text and vals[year] is None and value_text.lower() != "n/a":
                reader.unplaced(row, f"giá trị năm {year} không đọc được: {value_text}", "bad_value", f"value_{year}")
            hi = _number_or_none(cols.get(row, f"max_{year}"))
            lo = _number_or_none(cols.get(row, f"min_{year}"))
            if hi is not None or lo is not None:
                bounds[year] = (hi, lo)
                if hi is not None and lo is not None and hi < lo:
                    reader.unplaced(
                        row,
                        f"{code} năm {year}: giá trị cao nhất ({cols.get(row, f'max_{year}')}) nhỏ hơn giá trị "
                        f"thấp nhất ({cols.get(row, f'min_{year}')}): số liệu nguồn cần kiểm tra",
                        "bounds_inverted",
                        f"max_{year}",
                    )
        target_score = cols.get(row, "target_score")
        target_rank = cols.get(row, "target_rank")
        if level == "indicator":
            item = IndicatorItem(code=code, name=name, number=stt, location=reader.loc(row))
            item.values, item.bounds = vals, bounds
            item.year = years[-1] if years else None
            if target_score:
                item.target = target_score
                item.target_year = target_year
                item.target_kind = "raw"
                item.target_value = _number_or_none(target_score)
            if target_rank:
                _rank_target(item, target_rank, target_year)
            if pillar and not code.startswith(pillar + "."):
                reader.unplaced(row, f"chỉ số {code} nằm dưới trụ cột {pillar}", "wrong_pillar")
            item.lead = reader.agencies(cols.get(row, "lead"))
            item.coordinating = [a for a in reader.agencies(cols.get(row, "coordinating")) if a not in item.lead]
            for name_ in item.lead + item.coordinating:
                ref = agencies.lookup(name_, province)
                if ref is not None and ref.kind == "statistics" and name_ not in item.supplier:
                    item.supplier.append(name_)
            annex.indicators.append(item)
        else:
            node = NodeItem(code=code, level=level, name=name, number=stt, location=reader.loc(row))
            node.values, node.bounds = vals, bounds
            node.year = years[-1] if years else None
            node.score = vals.get(node.year) if node.year else None
            if target_score:
                node.target = target_score
                node.target_year = target_year
                node.target_kind = "score"
                node.target_value = values.first_number(target_score)
            if target_rank:
                _rank_target(node, target_rank, target_year)
            if level == "pillar":
                pillar = code
            annex.nodes.append(node)


def _read_cao_bang_ranks(reader: Reader, row: GridRow, years: list[int], target_year: int | None) -> None:
    """The "XẾP HẠNG" row: the PII's rank per year and the rank target ("≤ 30/34")."""
    node = next((n for n in reader.annex.nodes if n.code == "PII"), None)
    if node is None:
        node = NodeItem(code="PII", level="index", name="Chỉ số PII", location=reader.loc(row))
        reader.annex.nodes.append(node)
    cols = reader.cols
    for year in years:
        rank, of = values.rank_of(cols.get(row, f"value_{year}"))
        if rank is not None and year == (years[-1] if years else None):
            node.rank, node.of = rank, of
    text = next((t for t in (cols.get(row, "target_rank"), cols.get(row, "target_score")) if t), "")
    if text:
        node.target = (node.target + "; " if node.target else "") + text
        node.target_year = target_year
        match = re.search(r"(\d{1,2})\s*/\s*\d{1,2}", text)
        if match:
            node.target_kind, node.target_rank = "rank", int(match.group(1))


# --- Resolution 57 annex I: KPIs -------------------------------------------------------------------


def _is_section(row: GridRow, name: str) -> bool:
    others = [t for t in row.texts()[1:] if t]
    letters = [ch for ch in name if ch.isalpha()]
    upper = sum(1 for ch in letters if ch.isupper())
    return bool(name) and not others and letters and upper >= 0.6 * len(letters)


def read_kpis(grid: Grid, cols: Columns, annex: Annex, province: str | None) -> None:
    reader = Reader(grid, cols, annex, province)
    section = ""
    target_keys = [k for k in cols.index if k.startswith("target_")]
    result_year = cols.years.get("result")
    current: KpiItem | None = None
    parent: KpiItem | None = None
    number = 0

    def finish(item: KpiItem | None) -> None:
        if item is None:
            return
        item.lead = reader.agencies(item.lead_as_written)
        item.coordinating = [a for a in reader.agencies(item.coordinating_as_written) if a not in item.lead]
        for text in item.targets.values():
            unit = kpi.parse_target(text).unit.strip()
            if unit:
                item.unit = unit
                break
        first_target = item.targets.get(str(result_year)) if result_year else None
        res = kpi.parse_result(item.result)
        item.result_value, item.result_date, item.stated_status = res.value, res.when, res.stated
        item.status, item.status_reason = kpi.status(first_target or "", item.result)

    for row in reader.body():
        if reader.is_repeated_header(row):
            continue
        name = cols.get(row, "name")
        if _is_section(row, name):
            finish(current)
            current, parent = None, None
            section = name.replace("\n", " ")
            continue
        if not name:
            if current is None:
                reader.unplaced(row, "dòng không có tên chỉ tiêu và không tiếp nối chỉ tiêu nào", "orphan_row")
                continue
            # a row split by a page break: the rest of the cells of the KPI above
            for key in ("lead", "coordinating"):
                more = cols.get(row, key)
                if more:
                    attr = f"{key}_as_written"
                    setattr(current, attr, _join(getattr(current, attr), more))
            stray = [cols.labels.get(k, k) for k in target_keys if cols.get(row, k)]
            if stray or cols.get(row, "result"):
                reader.unplaced(row, "mục tiêu hay kết quả trên một dòng không có tên chỉ tiêu", "stray_value")
            continue
        finish(current)
        number += 1
        clean_name, note = name, ""
        match = re.search(r"\s*([¹²³⁴⁵⁶⁷⁸⁹])\s*$", name)
        if match:
            clean_name, note = name[: match.start()].strip(), match.group(1)
        item = KpiItem(number=str(number), name=clean_name, section=section, location=reader.loc(row), note=note)
        item.kind = kpi.kind_of(clean_name)
        for key in target_keys:
            text = cols.get(row, key)
            if not text:
                continue
            horizons = kpi.split_horizons(text)
            if horizons:
                item.targets.update(horizons)
            else:
                item.targets[key.split("_", 1)[1]] = text
        item.result = cols.get(row, "result").replace("\n", " ")
        item.lead_as_written = cols.get(row, "lead")
        item.coordinating_as_written = cols.get(row, "coordinating")
        item.indicator_code = kpi.indicator_for(clean_name)
        # a KPI without a result of its own followed by KPIs sharing its first words: one per sector
        words = clean_name.lower().split()
        if (
            parent is not None
            and len(words) >= 5
            and parent.name.lower().split()[:5] == words[:5]
            and parent.name.lower() != clean_name.lower()
        ):
            item.number = f"{parent.number}.{len(parent.children) + 1}"
            number -= 1
            parent.children.append(item)
        else:
            annex.kpis.append(item)
            parent = item if not item.result else None
        current = item
    finish(current)


# --- Resolution 57 annex II: tasks -----------------------------------------------------------------


def read_tasks(grid: Grid, cols: Columns, annex: Annex, province: str | None) -> None:
    reader = Reader(grid, cols, annex, province)
    timing_keys = [k for k in cols.index if k.startswith("timing:")]
    section = ""
    stack: list[TaskItem] = []  # the open tasks by depth ("1", "1.1")
    current: TaskItem | None = None
    done: list[TaskItem] = []

    def finish(task: TaskItem) -> None:
        task.lead = reader.agencies(task.lead_as_written)
        task.coordinating = [a for a in reader.agencies(task.coordinating_as_written) if a not in task.lead]
        task.timings = {k.split(":", 1)[1] or "": v for k, v in task.timings.items() if v}
        first = next((v for v in task.timings.values() if v), "")
        task.timing = first
        task.timing_kind, task.due = values.parse_timing(first) if first else ("unknown", None)
        later = [v for v in list(task.timings.values())[1:] if v]
        if later and task.timing_kind in ("done", "date", "month", "quarter", "year") and task.due is None:
            task.due = values.parse_timing(later[0])[1]
        _numbered(reader, task)

    for row in reader.body():
        if reader.is_repeated_header(row):
            continue
        tt = cols.get(row, "tt").strip()
        name = cols.get(row, "name")
        if tt and _ROMAN_STT.match(tt) and not any(cols.get(row, k) for k in ("lead", "coordinating", "product")):
            section = name.replace("\n", " ")
            stack = []
            current = None
            continue
        if not tt:
            if current is None:
                reader.unplaced(row, "dòng không có số thứ tự và không tiếp nối nhiệm vụ nào", "orphan_row")
                continue
            own_lead = (
                cols.get(row, "lead")
                and not name
                and current.lead_as_written
                and not row.merged(cols.index.get("lead", -1))
            )
            if own_lead and cols.get(row, "product"):
                # a second block of the task above with its own lead and product (5.3)
                extra = TaskItem(
                    text=current.text,
                    number=current.number,
                    section=section,
                    location=reader.loc(row, "name"),
                    lead_as_written=cols.get(row, "lead"),
                    coordinating_as_written=cols.get(row, "coordinating"),
                    product=cols.get(row, "product"),
                    timings={k: cols.get(row, k) for k in timing_keys},
                )
                current.parts.append(extra)
                continue
            current.text = _join(current.text, name)
            current.lead_as_written = _join(current.lead_as_written, cols.get(row, "lead"))
            current.coordinating_as_written = _join(current.coordinating_as_written, cols.get(row, "coordinating"))
            current.product = _join(current.product, cols.get(row, "product"))
            for k in timing_keys:
                more = cols.get(row, k)
                if more:
                    current.timings[k] = _join(current.timings.get(k, ""), more)
            continue
        task = TaskItem(
            text=name,
            number=tt,
            section=section,
            location=reader.loc(row, "name"),
            lead_as_written=cols.get(row, "lead"),
            coordinating_as_written=cols.get(row, "coordinating"),
            product=cols.get(row, "product"),
            timings={k: cols.get(row, k) for k in timing_keys},
        )
        depth = tt.count(".")
        stack = stack[:depth]
        if depth and stack:
            stack[-1].parts.append(task)
        elif depth:
            reader.unplaced(row, f"nhiệm vụ {tt} không có nhiệm vụ cha", "orphan_row")
            annex.tasks.append(task)
        else:
            annex.tasks.append(task)
        stack.append(task)
        current = task
        done.append(task)
    for task in done:
        finish(task)
        for extra in task.parts:
            if extra.number == task.number:
                finish(extra)


def _numbered(reader: Reader, task: TaskItem) -> None:
    """ "(1) … (5) …" in a task's text: one part per number, with its own lead, product and timing."""
    texts = values.numbered_parts(task.text)
    if len(texts) < 2:
        return
    leads = values.numbered_parts(task.lead_as_written)
    timings = values.numbered_parts(task.timing)
    products = values.numbered_parts(task.product)
    for number, text in texts.items():
        lead = reader.agencies(leads[number]) if number in leads else list(task.lead)
        timing = timings.get(number, task.timing)
        kind, due = values.parse_timing(timing) if timing else ("unknown", None)
        task.parts.append(
            TaskItem(
                text=text,
                number=f"({number})",
                lead=lead,
                coordinating=list(task.coordinating),
                timing=timing,
                timing_kind=kind,
                due=due,
                product=products.get(number, task.product),
                location=task.location,
                section=task.section,
            )
        )


READERS: dict[str, Callable[[Grid, Columns, Annex, str | None], None]] = {
    SON_LA_PII: read_son_la,
    CAO_BANG_PII: read_cao_bang,
    R57_KPI: read_kpis,
    R57_TASKS: read_tasks,
}
