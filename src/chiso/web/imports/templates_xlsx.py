"""Downloadable templates, one per import layout, prefilled with the framework's codes."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.styles import Font

from chiso.core import Framework
from chiso.core.xlsxsafe import defuse


def _book(header: list[str], rows: list[list[object]], notes: list[str]) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Dữ liệu"
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    info = book.create_sheet("Hướng dẫn")
    for line in notes:
        info.append([line])
    buf = io.BytesIO()
    defuse(book).save(buf)
    return buf.getvalue()


def national(framework: Framework) -> bytes:
    return _book(
        ["unit", "name", *framework.indicators],
        [
            ["14", "Sơn La", *[None] * len(framework.indicators)],
            ["20", "Lạng Sơn", *[None] * len(framework.indicators)],
        ],
        [
            "Một dòng cho mỗi tỉnh, thành phố: cột unit là mã (14) hoặc tên (Sơn La).",
            "Một cột cho mỗi chỉ số thành phần; giá trị thô (chưa chuẩn hóa). Ô trống hoặc n/a: chưa có số liệu.",
            "Số viết kiểu Việt Nam (45,23) hoặc kiểu Anh (45.23) đều được; 1.234 phải rõ nghĩa trong cả tệp.",
            "Có thể thêm cột year; khi đó mọi dòng phải là năm đã chọn khi nhập.",
        ],
    )


def annex_son_la(framework: Framework) -> bytes:
    codes = [n.code for n in framework.nodes if framework.kind(n.code) in ("pillar", "group", "indicator")]
    return _book(
        ["Mã chỉ số", "Tên chỉ số", "Điểm số", "Xếp hạng", "Mục tiêu xếp hạng", "Đơn vị chủ trì", "Đơn vị phối hợp"],
        [[c, framework.node(c).name, None, None, None, None, None] for c in codes],
        [
            "Bố cục như Phụ lục kế hoạch của tỉnh Sơn La: điểm số (45,23 hoặc 45,23/100), xếp hạng (31 hoặc 31/34).",
            "Mục tiêu xếp hạng là của năm sau năm đã chọn (ví dụ 25/34).",
            "Đơn vị chủ trì, phối hợp: mỗi đơn vị một dòng trong ô, hoặc ngăn cách bằng dấu chấm phẩy.",
        ],
    )


def annex_cao_bang(framework: Framework, years: tuple[int, int] = (2023, 2024)) -> bytes:
    codes = [n.code for n in framework.nodes if framework.kind(n.code) in ("pillar", "group", "indicator")]
    header = ["code", "name"] + [f"{k}_{y}" for y in years for k in ("max", "min", "value")]
    return _book(
        header,
        [[c, framework.node(c).name, *[None] * 6] for c in codes],
        [
            "Bố cục như Phụ lục kế hoạch của tỉnh Cao Bằng: cao nhất, thấp nhất cả nước và giá trị của tỉnh, hai năm.",
            "Dòng chỉ số thành phần: giá trị thô; dòng nhóm và trụ cột: điểm số (0–100).",
            "Đổi năm trong tên cột nếu cần (max_2024, min_2024, value_2024).",
        ],
    )


TEMPLATES = {"national": national, "annex_son_la": annex_son_la, "annex_cao_bang": annex_cao_bang}
