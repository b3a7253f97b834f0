"""Downloadable templates, one per import layout, PREFILLED with the values stored now for what
the user may change (a coordinator: their province; an administrator: every province and the
national statistics). Uploaded back untouched, a template previews to "0 changes": empty cells
give nothing, and every prefilled cell equals what is stored."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from openpyxl.styles import Font

from chiso.core import Framework
from chiso.core.xlsxsafe import defuse
from chiso.web.indexdata.models import FrameworkVersion, IndicatorStat, OfficialResult, RawValue, Target
from chiso.web.people.models import Duty, Province

from .parsers import CLEAR_MARKER

COMMON_NOTES = [
    "Ô để trống (hoặc n/a, –) nghĩa là KHÔNG CUNG CẤP: giá trị đang lưu được giữ nguyên.",
    f"Muốn xóa một giá trị đang lưu, ghi {CLEAR_MARKER} vào ô (hoặc CLEAR). Trang xem trước liệt kê riêng "
    "các giá trị sẽ bị xóa và cần xác nhận riêng.",
    "Tệp mẫu đã điền sẵn giá trị đang lưu: chỉ sửa những ô cần đổi; tải lên nguyên tệp sẽ không đổi gì.",
    "Số viết kiểu Việt Nam (45,23) hoặc kiểu Anh (45.23) đều được; 1.234 phải rõ nghĩa trong cả tệp.",
]


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
    for line in [*notes, *COMMON_NOTES]:
        info.append([line])
    buf = io.BytesIO()
    defuse(book).save(buf)
    return buf.getvalue()


def national(fv: FrameworkVersion, framework: Framework, year: int, provinces: list[Province]) -> bytes:
    """One row per province the user may change, with its stored raw values of the year."""
    stored: dict[tuple[str, str], float | None] = {
        (p, c): v
        for p, c, v in RawValue.objects.filter(framework=fv, year=year, province__in=provinces).values_list(
            "province__code", "code", "value"
        )
    }
    rows = [[p.code, p.short_name, *[stored.get((p.code, c)) for c in framework.indicators]] for p in provinces]
    return _book(
        ["unit", "name", *framework.indicators],
        rows,
        [
            f"Giá trị thô năm {year}, bộ chỉ số {fv.name}.",
            "Một dòng cho mỗi tỉnh, thành phố: cột unit là mã (14) hoặc tên (Sơn La).",
            "Một cột cho mỗi chỉ số thành phần; giá trị thô (chưa chuẩn hóa).",
            "Có thể thêm cột year; khi đó mọi dòng phải là năm đã chọn khi nhập.",
            "Sở KH&CN chỉ cập nhật được số liệu của tỉnh mình; dòng của tỉnh khác được bỏ qua.",
        ],
    )


def _codes(framework: Framework) -> list[str]:
    return [n.code for n in framework.nodes if framework.kind(n.code) in ("pillar", "group", "indicator")]


def _number(v: float | None) -> Any:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


def annex_son_la(fv: FrameworkVersion, framework: Framework, year: int, province: Province) -> bytes:
    official = {
        o["code"]: o
        for o in OfficialResult.objects.filter(framework=fv, year=year, province=province).values(
            "code", "score", "rank", "rank_of"
        )
    }
    targets = {
        t["code"]: t
        for t in Target.objects.filter(framework=fv, year=year + 1, province=province, kind="rank").values(
            "code", "value", "text"
        )
    }
    agencies: dict[tuple[str, str], list[str]] = {}
    duties = Duty.objects.filter(province=province).exclude(code="").order_by("position", "id")
    for code, role, name in duties.values_list("code", "role", "agency__name"):
        agencies.setdefault((code, role), []).append(name)
    rows = []
    for c in _codes(framework):
        o = official.get(c, {})
        rank = o.get("rank")
        if rank is not None and o.get("rank_of"):
            rank = f"{rank}/{o['rank_of']}"
        t = targets.get(c)
        target = (t["text"] or _number(t["value"])) if t else None
        rows.append(
            [
                c,
                framework.node(c).name,
                o.get("score"),
                rank,
                target,
                "\n".join(sorted(agencies.get((c, "lead"), []))) or None,
                "\n".join(sorted(agencies.get((c, "coordinating"), []))) or None,
            ]
        )
    return _book(
        ["Mã chỉ số", "Tên chỉ số", "Điểm số", "Xếp hạng", "Mục tiêu xếp hạng", "Đơn vị chủ trì", "Đơn vị phối hợp"],
        rows,
        [
            f"Kết quả chính thức năm {year} của {province.short_name}, bộ chỉ số {fv.name}.",
            "Bố cục như Phụ lục kế hoạch của tỉnh Sơn La: điểm số (45,23 hoặc 45,23/100), xếp hạng (31 hoặc 31/34).",
            "Mục tiêu xếp hạng là của năm sau năm đã chọn (ví dụ 25/34).",
            "Đơn vị chủ trì, phối hợp: mỗi đơn vị một dòng trong ô, hoặc ngăn cách bằng dấu chấm phẩy. "
            "Danh sách trong ô thay cho danh sách đang lưu (đơn vị bị bỏ đi được liệt kê là sẽ xóa); "
            f"{CLEAR_MARKER} bỏ hết phân công của vai trò đó.",
        ],
    )


def annex_cao_bang(
    fv: FrameworkVersion, framework: Framework, year: int, province: Province, *, with_national: bool
) -> bytes:
    years = (year - 1, year)
    codes = _codes(framework)
    raw = {
        (y, c): v
        for y, c, v in RawValue.objects.filter(framework=fv, year__in=years, province=province).values_list(
            "year", "code", "value"
        )
    }
    score = {
        (y, c): v
        for y, c, v in OfficialResult.objects.filter(framework=fv, year__in=years, province=province).values_list(
            "year", "code", "score"
        )
    }
    stats = {}
    if with_national:
        stats = {
            (s["year"], s["code"]): s
            for s in IndicatorStat.objects.filter(framework=fv, year__in=years).values("year", "code", "max", "min")
        }
    rows = []
    for c in codes:
        cells: list[object] = [c, framework.node(c).name]
        for y in years:
            s = stats.get((y, c), {})
            value = raw.get((y, c)) if framework.is_indicator(c) else score.get((y, c))
            cells.extend([s.get("max"), s.get("min"), value])
        rows.append(cells)
    notes = [
        f"Cao nhất, thấp nhất cả nước và giá trị của {province.short_name}, năm {years[0]} và {years[1]}.",
        "Bố cục như Phụ lục kế hoạch của tỉnh Cao Bằng.",
        "Dòng chỉ số thành phần: giá trị thô; dòng nhóm và trụ cột: điểm số (0–100).",
        "Đổi năm trong tên cột nếu cần (max_2024, min_2024, value_2024).",
    ]
    if not with_national:
        notes.append("Cột cao nhất, thấp nhất cả nước do quản trị viên cập nhật: để trống.")
    return _book(["code", "name"] + [f"{k}_{y}" for y in years for k in ("max", "min", "value")], rows, notes)
