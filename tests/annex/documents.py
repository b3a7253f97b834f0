"""Real Word and Excel annexes for the tests, written from the sample rows of the sources.

The rows, layouts and writers live in the product (``chiso.annex.samples``, also used by the demo); this
module re-exports them and adds the per-annex builders (each returns the path written):
``son_la_pii_annex_docx``, ``son_la_pii_annex_xlsx``, ``cao_bang_annex_docx``, ``cao_bang_annex_xlsx``,
``r57_kpi_docx``, ``r57_kpi_xlsx``, ``r57_tasks_docx``, ``r57_tasks_xlsx``, and for bad input
``empty_docx``, ``other_layout_docx``, ``other_layout_xlsx``.
"""

from __future__ import annotations

from pathlib import Path

from chiso.annex.samples import (
    LAYOUTS,
    SON_LA_HEADER,
    Layout,
    cao_bang_layout,
    r57_kpi_layout,
    r57_tasks_layout,
    rows,
    son_la_layout,
    write_docx,
    write_xlsx,
)

__all__ = [
    "BUILDERS",
    "LAYOUTS",
    "SON_LA_HEADER",
    "Layout",
    "cao_bang_annex_docx",
    "cao_bang_annex_xlsx",
    "cao_bang_layout",
    "empty_docx",
    "other_layout",
    "other_layout_docx",
    "other_layout_xlsx",
    "r57_kpi_docx",
    "r57_kpi_layout",
    "r57_kpi_xlsx",
    "r57_tasks_docx",
    "r57_tasks_layout",
    "r57_tasks_xlsx",
    "rows",
    "son_la_layout",
    "son_la_pii_annex_docx",
    "son_la_pii_annex_xlsx",
    "write_docx",
    "write_xlsx",
]


def other_layout() -> Layout:
    """A real table of the Sơn La plan that is not an annex: the pillars' 2026 rank targets."""
    body = [
        ["1", "Thể chế", "31/34 (45,23/100)", "25/34"],
        ["2", "Vốn con người, nghiên cứu và phát triển", "33/34 (16,89/100)", "25/34"],
        ["3", "Cơ sở hạ tầng", "26/34 (43,84/100)", "25/34"],
    ]
    return Layout(
        title="2.1. Mục tiêu cụ thể",
        header=[["TT", "Tên trụ cột", "Xếp hạng năm 2025 (Số điểm/tổng điểm)", "Xếp hạng năm 2026"]],
        header_merges=[],
        body=body,
        repeat_before=[False] * len(body),
    )


def son_la_pii_annex_docx(path: str | Path) -> Path:
    return write_docx(son_la_layout(), path)


def son_la_pii_annex_xlsx(path: str | Path) -> Path:
    return write_xlsx(son_la_layout(), path)


def cao_bang_annex_docx(path: str | Path) -> Path:
    return write_docx(cao_bang_layout(), path)


def cao_bang_annex_xlsx(path: str | Path) -> Path:
    return write_xlsx(cao_bang_layout(), path)


def r57_kpi_docx(path: str | Path) -> Path:
    return write_docx(r57_kpi_layout(), path)


def r57_kpi_xlsx(path: str | Path) -> Path:
    return write_xlsx(r57_kpi_layout(), path)


def r57_tasks_docx(path: str | Path) -> Path:
    return write_docx(r57_tasks_layout(), path)


def r57_tasks_xlsx(path: str | Path) -> Path:
    return write_xlsx(r57_tasks_layout(), path)


def other_layout_docx(path: str | Path) -> Path:
    return write_docx(other_layout(), path)


def other_layout_xlsx(path: str | Path) -> Path:
    return write_xlsx(other_layout(), path)


def empty_docx(path: str | Path) -> Path:
    """A Word document with text but no table."""
    import docx

    document = docx.Document()
    document.add_paragraph("Phụ lục (chưa có bảng)")
    document.save(str(path))
    return Path(path)


BUILDERS = {
    "son_la_pii": (son_la_pii_annex_docx, son_la_pii_annex_xlsx),
    "cao_bang": (cao_bang_annex_docx, cao_bang_annex_xlsx),
    "r57_kpi": (r57_kpi_docx, r57_kpi_xlsx),
    "r57_tasks": (r57_tasks_docx, r57_tasks_xlsx),
}
