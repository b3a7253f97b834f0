"""Word and Excel tables read into one shape: a grid of text cells that remembers merges.

A ``Grid`` is one table of a .docx document or one sheet of a .xlsx workbook. Each cell holds its text
(the paragraphs of a Word cell, or the lines of an Excel cell, joined by a newline) and says whether
it continues a vertical merge (the cell above holds the value) or a horizontal one. Readers of the
layouts (``chiso.annex.layouts``) work on grids only, so a Word and an Excel annex are read alike.

Limits: a .docx part larger than ``MAX_PART_BYTES`` uncompressed or compressed more than
``MAX_RATIO`` times is refused, and so are more than ``MAX_ROWS`` rows; Excel sheets are streamed by
the core's safe reader (``chiso.core.tables``: size, ratio, row and cell caps against zip bombs).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .model import AnnexError

MAX_PART_BYTES = 50 * 2**20
MAX_RATIO = 100
RATIO_FROM_BYTES = 2 * 2**20
MAX_ROWS = 20_000
MAX_COLUMNS = 64


@dataclass
class Cell:
    text: str = ""
    merged: bool = False  # continues a vertical merge: the value is the one above
    spanned: bool = False  # continues a horizontal merge: the value is the one to the left


@dataclass
class GridRow:
    number: int  # 1-based row of the Word table, or the sheet's row number
    cells: list[Cell]
    repeat_header: bool = False  # Word: marked "repeat as header row at the top of each page"

    def text(self, column: int) -> str:
        """Text of a 0-based column ("" beyond the row)."""
        return self.cells[column].text if column < len(self.cells) else ""

    def merged(self, column: int) -> bool:
        return column < len(self.cells) and self.cells[column].merged

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def is_empty(self) -> bool:
        return all(not c.text for c in self.cells)


@dataclass
class Grid:
    index: int  # 1-based: n-th table of the document, or n-th sheet of the workbook
    rows: list[GridRow] = field(default_factory=list)
    sheet: str | None = None
    before: str = ""  # the text just before the table (Word: the paragraphs above it)

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


def clean(text: str) -> str:
    """One space between words inside each line; empty lines dropped; "&amp;" read as "&"."""
    lines = []
    for line in str(text).replace("\r", "\n").replace("&amp;", "&").replace("\u00a0", " ").split("\n"):
        line = re.sub(r"[ \t]+", " ", line).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


def _check_zip(path: Path, source: str, code: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise AnnexError(code, file=source, detail="không phải tệp nén Office") from exc
    for info in archive.infolist():
        if info.file_size > MAX_PART_BYTES:
            archive.close()
            raise AnnexError("too_large", file=source, detail=f"{info.filename} quá {MAX_PART_BYTES // 2**20} MB")
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            archive.close()
            raise AnnexError("too_large", file=source, detail=f"{info.filename} bị nén bất thường (nghi zip bomb)")
    return archive


def read_docx(path: Path, source: str) -> list[Grid]:
    """Every top-level table of a Word document, with the paragraphs just above each."""
    archive = _check_zip(path, source, "not_docx")
    with archive:
        if "word/document.xml" not in archive.namelist():
            raise AnnexError("not_docx", file=source, detail="thiếu word/document.xml")
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds (KeyError, ValueError, lxml errors...)
        raise AnnexError("not_docx", file=source, detail=exc.__class__.__name__) from exc
    grids: list[Grid] = []
    before: list[str] = []
    body = document.element.body
    for block in body.iterchildren():
        if block.tag == qn("w:p"):
            text = clean(Paragraph(block, document).text)
            if text:
                before = (before + [text])[-4:]
            continue
        if block.tag != qn("w:tbl"):
            continue
        grid = Grid(index=len(grids) + 1, before="\n".join(before))
        before = []
        for number, tr in enumerate(block.iterchildren(qn("w:tr")), start=1):
            if number > MAX_ROWS:
                raise AnnexError("too_large", file=source, table=grid.index, detail=f"quá {MAX_ROWS} dòng")
            trpr = tr.find(qn("w:trPr"))
            header = trpr is not None and trpr.find(qn("w:tblHeader")) is not None
            cells: list[Cell] = []
            if trpr is not None:
                before_cols = trpr.find(qn("w:gridBefore"))
                if before_cols is not None:
                    cells.extend(Cell() for _ in range(int(before_cols.get(qn("w:val")) or 0)))
            for tc in tr.iterchildren(qn("w:tc")):
                tcpr = tc.find(qn("w:tcPr"))
                span, merged = 1, False
                if tcpr is not None:
                    g = tcpr.find(qn("w:gridSpan"))
                    if g is not None:
                        span = max(1, min(MAX_COLUMNS, int(g.get(qn("w:val")) or 1)))
                    v = tcpr.find(qn("w:vMerge"))
                    if v is not None and (v.get(qn("w:val")) or "continue") == "continue":
                        merged = True
                paragraphs = [clean(Paragraph(p, document).text) for p in tc.iterchildren(qn("w:p"))]
                text = "" if merged else "\n".join(p for p in paragraphs if p)
                cells.append(Cell(text=text, merged=merged))
                cells.extend(Cell(spanned=True, merged=merged) for _ in range(span - 1))
                if len(cells) > MAX_COLUMNS:
                    raise AnnexError("too_large", file=source, table=grid.index, row=number, detail="quá nhiều cột")
            grid.rows.append(GridRow(number=number, cells=cells, repeat_header=header))
        grids.append(grid)
    return grids


def _ref(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha()).upper()
    digits = "".join(ch for ch in ref if ch.isdigit())
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return int(digits or 0), column


def read_xlsx(path: Path, source: str) -> list[Grid]:
    """Every worksheet of a workbook, through the core's streaming reader; merged ranges are filled in
    as merges (the top-left cell holds the text, the others are marked)."""
    from xml.etree import ElementTree

    from chiso.core import tables
    from chiso.core.errors import InputError

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise AnnexError("not_xlsx", file=source, detail="không phải tệp nén Office") from exc
    grids: list[Grid] = []
    with archive:
        try:
            book = tables._Workbook(archive, source)
            if not book.sheets:
                raise AnnexError("not_xlsx", file=source, detail="không có trang tính")
            strings = book.shared_strings()
            dates = book.date_styles()
            for index, (title, part) in enumerate(book.sheets, start=1):
                if part not in book.names:
                    raise AnnexError("not_xlsx", file=source, sheet=title, detail=f"thiếu {part}")
                merged: list[str] = []
                raw = list(tables._sheet_rows(book, part, title, strings, dates, merged))
                grids.append(_sheet_grid(index, title, raw, merged, source))
        except AnnexError:
            raise
        except InputError as exc:
            raise AnnexError(
                "not_xlsx", file=source, sheet=exc.sheet, row=exc.row, column=exc.column, detail=exc.message
            ) from exc
        except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, EOFError, ValueError) as exc:
            raise AnnexError("not_xlsx", file=source, detail=exc.__class__.__name__) from exc
        except NotImplementedError as exc:
            raise AnnexError("not_xlsx", file=source, detail=str(exc)) from exc
    return grids


def _text_of(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")  # type: ignore[union-attr]
    return clean(str(value))


def _sheet_grid(index: int, title: str, raw: list[tuple[int, list[object]]], merged: list[str], source: str) -> Grid:
    if len(raw) > MAX_ROWS:
        raise AnnexError("too_large", file=source, sheet=title, detail=f"quá {MAX_ROWS} dòng")
    width = min(MAX_COLUMNS, max((len(v) for _, v in raw), default=0))
    by_number = {n: [Cell(text=_text_of(v)) for v in values[:width]] for n, values in raw}
    numbers = sorted(by_number)
    for ref in merged:
        if ":" not in ref:
            continue
        (r1, c1), (r2, c2) = (_ref(x) for x in ref.split(":", 1))
        if r2 - r1 > MAX_ROWS or c1 < 1:
            continue
        width = max(width, min(MAX_COLUMNS, c2))
        for r in range(r1, r2 + 1):
            row = by_number.setdefault(r, [])
            if r not in numbers:
                numbers.append(r)
            while len(row) < min(MAX_COLUMNS, c2):
                row.append(Cell())
            for c in range(c1, min(c2, MAX_COLUMNS) + 1):
                if (r, c) == (r1, c1):
                    continue
                cell = row[c - 1]
                cell.text = ""
                if r > r1:
                    cell.merged = True
                if c > c1:
                    cell.spanned = True
    grid = Grid(index=index, sheet=title)
    for n in sorted(numbers):
        cells = by_number[n]
        cells.extend(Cell() for _ in range(width - len(cells)))
        grid.rows.append(GridRow(number=n, cells=cells))
    return grid


def read_grids(path: str | Path, source: str | None = None) -> list[Grid]:
    """The tables of a .docx or the sheets of a .xlsx file (chosen by the suffix, checked by content)."""
    path = Path(path)
    source = source or path.name
    if not path.is_file():
        raise AnnexError("not_a_file", file=source)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path, source)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, source)
    raise AnnexError("unsupported_type", file=source, suffix=suffix or "(không có)")
