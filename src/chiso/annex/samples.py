"""Sample annexes of real provinces, written as Word and Excel files the way a province's office would,
from the rows of the sources (``data/samples/*.csv``: extracted from ``../shared/sources/`` by
``tests/annex/data/extract_from_sources.py``; a cell's paragraphs are separated by a newline). Used by the
demo (which loads them back through ``chiso.annex.read_annex`` like any upload) and by the annex tests.

- Word (``write_docx``, python-docx): a title, then the table; the header row(s) marked "repeat at the top
  of each page" *and* typed again where the source starts a new page (as documents converted from PDF
  have them); the rows a page break split kept as separate rows; the indicator-level cells (STT, score,
  rank, target) vertically merged over the rows that continue an indicator on the same page; every
  paragraph of a cell a real Word paragraph; two-row headers with merged cells.
- Excel (``write_xlsx``, openpyxl): one sheet, the same rows without repeated headers, merged ranges for
  the two-row headers and for the indicator-level cells, lines of a cell separated by a line break.

``rows(name)`` gives the data rows as dicts; ``LAYOUTS[name]()`` the table of each annex (``son_la_pii``,
``cao_bang``, ``r57_kpi``, ``r57_tasks``). Plain Python: no Django.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path


def rows(name: str) -> list[dict[str, str]]:
    """The rows of ``data/samples/<name>.csv`` as dicts (``son_la_pii``, ``cao_bang``, ``r57_kpi``, ``r57_tasks``)."""
    text = resources.files("chiso.annex").joinpath(f"data/samples/{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@dataclass
class Layout:
    """A table to write: header rows (with merges), data rows, and which cells to merge."""

    title: str
    header: list[list[str]]
    header_merges: list[tuple[int, int, int, int]]  # (row0, col0, row1, col1) 0-based, within the header
    body: list[list[str]] = field(default_factory=list)
    repeat_before: list[bool] = field(default_factory=list)  # a typed copy of the header before this row
    body_merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based, within the body


# --- the four annexes --------------------------------------------------------------------------------

SON_LA_HEADER = [
    "STT",
    "Nhiệm vụ, giải pháp cải thiện, nâng cao các chỉ số thành phần của Chỉ số đổi mới sáng tạo cấp địa phương (PII)",
    "Mức điểm số năm 2025",
    "Xếp thứ hạng (tỉnh, thành phố) năm 2025",
    "Mục tiêu phấn đấu xếp hạng năm 2026",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời gian thực hiện",
]


def _continuation_merges(body: list[list[str]], repeat: list[bool], is_cont, columns: Sequence[int]):
    """Merge ``columns`` over each run [row, continuation rows…] not interrupted by a repeated header."""
    merges = []
    i = 0
    while i < len(body):
        j = i
        while j + 1 < len(body) and is_cont(body[j + 1]) and not repeat[j + 1]:
            j += 1
        if j > i:
            merges += [(i, c, j, c) for c in columns]
        i = j + 1
    return merges


def son_la_layout(*, compact: bool = False) -> Layout:
    """The Sơn La annex; ``compact``: as typed straight into a spreadsheet, a row split by a page break
    of the source is one row again (its cells joined), and no header is repeated."""
    data = rows("son_la_pii")
    keys = ["stt", "task", "score_2025", "rank_2025", "target_2026", "lead", "coordinating", "timing"]
    body = [[r[k] for k in keys] for r in data]
    repeat = [r["repeat_header"] == "1" for r in data]
    if compact:
        joined: list[list[str]] = []
        for row in body:
            if joined and not row[0] and not row[5]:
                last = joined[-1]
                for c, text in enumerate(row):
                    if text:
                        last[c] = f"{last[c]} {text}".strip() if c != 1 else f"{last[c]}\n{text}".strip()
            else:
                joined.append(list(row))
        body, repeat = joined, [False] * len(joined)
    merges = _continuation_merges(body, repeat, lambda row: not row[0], (0, 2, 3, 4))
    return Layout(
        title="Phụ lục\nCÁC NHIỆM VỤ, GIẢI PHÁP ĐỐI VỚI CÁC CHỈ SỐ PII CẦN TẬP TRUNG CẢI THIỆN, NÂNG CAO",
        header=[SON_LA_HEADER],
        header_merges=[],
        body=body,
        repeat_before=repeat,
        body_merges=merges,
    )


def cao_bang_layout() -> Layout:
    top = ["STT", "Trụ cột/Nhóm chỉ số/Chỉ số thành phần", ""]
    top += ["Kết quả giá trị/điểm số năm 2023", "", "", "Kết quả giá trị/điểm số năm 2024", "", ""]
    top += ["Mục tiêu năm 2026", "", "PHÂN CÔNG NHIỆM VỤ", ""]
    trio = ["Cao nhất", "Thấp nhất", "Giá trị/Điểm số của tỉnh Cao Bằng"]
    second = ["", "", "", *trio, *trio, "Điểm số", "Xếp hạng"]
    second += ["Cơ quan đầu mối, chủ trì thực hiện", "Cơ quan phối hợp thực hiện"]
    header_merges = [(0, 0, 1, 0), (0, 1, 1, 2), (0, 3, 0, 5), (0, 6, 0, 8), (0, 9, 0, 10), (0, 11, 0, 12)]
    body, merges = [], []
    numbers = ["max_2023", "min_2023", "value_2023", "max_2024", "min_2024", "value_2024"]
    for i, r in enumerate(rows("cao_bang")):
        tail = [r[k] for k in numbers] + [r["target_score"], r["target_rank"], r["lead"], r["coordinating"]]
        if r["code"]:
            body.append([r["stt"], r["code"], r["name"], *tail])
        elif r["stt"]:  # pillar or group: the label over the code and name columns
            body.append([r["stt"], r["name"], "", *tail])
            merges.append((i, 1, i, 2))
        else:  # the totals: the label over STT, code and name
            body.append([r["name"], "", "", *tail])
            merges.append((i, 0, i, 2))
    return Layout(
        title="PHỤ LỤC:\nTỔNG HỢP PHÂN CÔNG NHIỆM VỤ CỤ THỂ TỪNG CƠ QUAN, ĐƠN VỊ THỰC HIỆN CẢI THIỆN, NÂNG CAO CHỈ SỐ "
        "ĐỔI MỚI SÁNG TẠO CẤP ĐỊA PHƯƠNG (PII) CỦA TỈNH CAO BẰNG NĂM 2026",
        header=[top, second],
        header_merges=header_merges,
        body=body,
        repeat_before=[False] * len(body),
        body_merges=merges,
    )


def r57_kpi_layout() -> Layout:
    top = ["Chỉ tiêu", "Đến hết 2025", "", "Đến hết 2030", "Đến hết 2035", "Đến hết 2040", "Đến hết 2045"]
    top += ["Cơ quan chủ trì", "Cơ quan phối hợp"]
    second = ["", "Mục tiêu", "Kết quả 2025", "", "", "", "", "", ""]
    merges = [(0, 0, 1, 0), (0, 1, 0, 2)] + [(0, c, 1, c) for c in range(3, 9)]
    data = rows("r57_kpi")
    keys = ["name", "target_2025", "result_2025", "target_2030", "target_2035", "target_2040", "target_2045"]
    body = [[r[k] for k in keys] + [r["lead"], r["coordinating"]] for r in data]
    return Layout(
        title="Phụ lục I\nCHỈ TIÊU PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ TỈNH SƠN LA",
        header=[top, second],
        header_merges=merges,
        body=body,
        repeat_before=[r["repeat_header"] == "1" for r in data],
    )


def r57_tasks_layout() -> Layout:
    top = ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian thực hiện"]
    top += ["", "", "", ""]
    second = ["", "", "", "", "", "Năm 2025", "Giai đoạn 2025 - 2030", "Giai đoạn 2030 - 2035"]
    second += ["Giai đoạn 2035 - 2040", "Giai đoạn 2040 - 2045"]
    merges = [(0, c, 1, c) for c in range(5)] + [(0, 5, 0, 9)]
    data = rows("r57_tasks")
    keys = ["tt", "name", "lead", "coordinating", "product", "year_2025"]
    keys += ["phase_2025_2030", "phase_2030_2035", "phase_2035_2040", "phase_2040_2045"]
    body = [[r[k] for k in keys] for r in data]
    repeat = [r["repeat_header"] == "1" for r in data]
    # a second block of a task with its own lead and product (5.3): TT and name merged with the row above
    blocks = [i for i, row in enumerate(body) if not row[0] and not row[1] and row[2] and row[4] and not repeat[i]]
    body_merges = [(i - 1, c, i, c) for i in blocks for c in (0, 1)]
    return Layout(
        title="Phụ lục II\nNHIỆM VỤ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ TỈNH SƠN LA",
        header=[top, second],
        header_merges=merges,
        body=body,
        repeat_before=repeat,
        body_merges=body_merges,
    )


# --- writers ---------------------------------------------------------------------------------------


def _fill(cell, text: str) -> None:
    lines = [line for line in (text or "").split("\n")]
    cell.paragraphs[0].text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def _merge_docx(grid: list[list], r0: int, c0: int, r1: int, c1: int) -> None:
    """Merge a rectangle the way Word stores it: ``w:gridSpan`` across, ``w:vMerge`` down."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for r in range(r0, r1 + 1):
        first = grid[r][c0]
        if c1 > c0:
            span = OxmlElement("w:gridSpan")
            span.set(qn("w:val"), str(c1 - c0 + 1))
            first.get_or_add_tcPr().append(span)
            for c in range(c0 + 1, c1 + 1):
                tc = grid[r][c]
                if tc is not None:
                    tc.getparent().remove(tc)
                    grid[r][c] = None
        if r1 > r0:
            merge = OxmlElement("w:vMerge")
            if r == r0:
                merge.set(qn("w:val"), "restart")
            else:  # a continued cell holds one empty paragraph
                for p in first.findall(qn("w:p"))[1:]:
                    first.remove(p)
                for t in first.iter(qn("w:t")):
                    t.text = ""
            first.get_or_add_tcPr().append(merge)


def write_docx(layout: Layout, path: str | Path, *, repeat_headers: bool = True) -> Path:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.table import _Cell

    path = Path(path)
    document = docx.Document()
    for line in layout.title.split("\n"):
        document.add_paragraph(line)
    width = len(layout.header[0])
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    tbl = table._tbl

    def add_row(cells: Sequence[str], header: bool = False) -> list:
        tr = tbl.add_tr()
        if header:
            tr_pr = tr.get_or_add_trPr()
            mark = OxmlElement("w:tblHeader")
            mark.set(qn("w:val"), "true")
            tr_pr.append(mark)
        tcs = []
        for c in range(width):
            tc = tr.add_tc()
            _fill(_Cell(tc, table), cells[c] if c < len(cells) else "")
            tcs.append(tc)
        return tcs

    def add_header(mark: bool) -> None:
        grid = [add_row(cells, header=mark) for cells in layout.header]
        for rect in layout.header_merges:
            _merge_docx(grid, *rect)

    add_header(True)
    body: list[list] = []
    for i, cells in enumerate(layout.body):
        if repeat_headers and layout.repeat_before[i]:
            add_header(False)
        body.append(add_row(cells))
    for rect in layout.body_merges:
        _merge_docx(body, *rect)
    document.save(str(path))
    return path


def _as_number(text: str) -> object:
    """ "45,23" → 45.23 (a number cell, as an office that types numbers would have it)."""
    import re

    if re.fullmatch(r"\d+(,\d+)?", text or ""):
        return float(text.replace(",", "."))
    return text


def write_xlsx(layout: Layout, path: str | Path, *, numbers: bool = False) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    path = Path(path)
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    title_lines = layout.title.split("\n")
    for line in title_lines:
        sheet.append([line])
    sheet.append([])
    first = len(title_lines) + 2  # 1-based row of the first header row
    for cells in layout.header:
        sheet.append(cells)
    for r0, c0, r1, c1 in layout.header_merges:
        sheet.merge_cells(start_row=first + r0, start_column=c0 + 1, end_row=first + r1, end_column=c1 + 1)
    start = first + len(layout.header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, cells in enumerate(layout.body):
        sheet.append([(_as_number(c) if numbers else c) if c != "" else None for c in cells])
        for c in range(len(cells)):
            sheet.cell(row=start + i, column=c + 1).alignment = wrap
    for r0, c0, r1, c1 in layout.body_merges:
        sheet.merge_cells(start_row=start + r0, start_column=c0 + 1, end_row=start + r1, end_column=c1 + 1)
    book.save(str(path))
    return path


LAYOUTS = {
    "son_la_pii": son_la_layout,
    "cao_bang": cao_bang_layout,
    "r57_kpi": r57_kpi_layout,
    "r57_tasks": r57_tasks_layout,
}
