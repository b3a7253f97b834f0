"""The demo's annexes, written as Excel workbooks the way a province's office would, from the rows of the
sources (``data/*.csv``: extracted from ``../shared/sources/`` for the annex reader's tests, the cells'
paragraphs separated by newlines), then read back by ``chiso.annex.read_annex`` like any upload.

The layouts (header rows, merged cells) are those of ``tests/annex/documents.py``."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path


def rows(name: str) -> list[dict[str, str]]:
    text = resources.files("chiso.web.plans").joinpath(f"data/{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(keepends=True)))


@dataclass
class Layout:
    title: str
    header: list[list[str]]
    header_merges: list[tuple[int, int, int, int]]
    body: list[list[str]] = field(default_factory=list)
    repeat_before: list[bool] = field(default_factory=list)
    body_merges: list[tuple[int, int, int, int]] = field(default_factory=list)


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


def son_la_layout() -> Layout:
    data = rows("son_la_pii")
    keys = ["stt", "task", "score_2025", "rank_2025", "target_2026", "lead", "coordinating", "timing"]
    body = [[r[k] for k in keys] for r in data]
    repeat = [r["repeat_header"] == "1" for r in data]
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


def write_xlsx(layout: Layout, path: str | Path) -> Path:
    import openpyxl
    from openpyxl.styles import Alignment

    path = Path(path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    title_lines = layout.title.split("\n")
    for line in title_lines:
        sheet.append([line])
    sheet.append([])
    first = len(title_lines) + 2
    for cells in layout.header:
        sheet.append(cells)
    for r0, c0, r1, c1 in layout.header_merges:
        sheet.merge_cells(start_row=first + r0, start_column=c0 + 1, end_row=first + r1, end_column=c1 + 1)
    start = first + len(layout.header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, cells in enumerate(layout.body):
        sheet.append([c if c != "" else None for c in cells])
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
