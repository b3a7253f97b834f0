"""Spreadsheet formula injection: every workbook chiso writes holds values, never formulas.

A text such as ``=HYPERLINK("http://…"&D2,"Chi tiết")`` typed as an agency or node name would become
a live formula when openpyxl writes it (openpyxl turns any string starting with ``=`` into a formula).
:func:`defuse` walks a workbook just before it is saved and stores every text cell that a spreadsheet
could read as a formula (starting with ``= + - @``, tab or carriage return) as plain text, with the
"quote prefix" mark Excel itself sets for a typed leading apostrophe (LibreOffice keeps it too), so the
cell shows the text and stays text when edited. The text itself is unchanged: a framework exported and
imported again keeps its names. Numbers, dates and empty cells are left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # openpyxl is imported by the callers; the core imports it lazily
    from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value: object) -> bool:
    """Whether a spreadsheet could read this value as a formula (or a DDE command)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def defuse(book: Workbook) -> Workbook:
    """Turn every formula-like text cell of every sheet into plain, quote-prefixed text (in place)."""
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if is_risky(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    return book
