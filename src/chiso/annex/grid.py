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

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .model import AnnexError

MAX_FILE_BYTES = 20 * 2**20  # an annex is a few hundred kilobytes
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


def _check_zip(path: Path | io.BytesIO, source: str, code: str) -> zipfile.ZipFile:
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


def read_docx(path: Path | io.BytesIO, source: str) -> list[Grid]:
    """Every top-level table of a Word document, with the paragraphs just above each."""
    archive = _check_zip(path, source, "not_docx")
    with archive:
        if "xl/workbook.xml" in archive.namelist():
            raise AnnexError("wrong_suffix", file=source, actual=".xlsx", suffix=Path(source).suffix)
        if "word/document.xml" not in archive.namelist():
            raise AnnexError("not_docx", file=source, detail="thiếu word/document.xml")
    import docx
    from docx.oxml.ns import qn

    T, TAB, BR, CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")

    def text_of(p) -> str:
        parts = []
        for el in p.iter(T, TAB, BR, CR):
            if el.tag == T:
                parts.append(el.text or "")
            elif el.tag == TAB:
                parts.append("\t")
            else:
                parts.append("\n")
        return "".join(parts)

    wrappers = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}
    P, TBL, TR, TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")

    def own(parent, *tags):
        """The children of ``parent`` with one of ``tags``, looking through content controls and
        custom XML (Word wraps rows, cells and tables in them), not into nested tables."""
        for child in parent.iterchildren():
            if child.tag in tags:
                yield child
            elif child.tag in wrappers:
                yield from own(child, *tags)

    def cell_paragraphs(tc) -> list[str]:
        out = []
        for el in own(tc, P, TBL):
            if el.tag == P:
                out.append(clean(text_of(el)))
            else:  # a table inside the cell: its text, row by row, so that nothing is lost
                for p in el.iter(P):
                    out.append(clean(text_of(p)))
        return out

    def number(el, default: int) -> int:
        try:
            return int(el.get(qn("w:val")) or default)
        except ValueError:
            return default

    try:
        if isinstance(path, io.BytesIO):
            path.seek(0)
        document = docx.Document(path if isinstance(path, io.BytesIO) else str(path))
    except Exception as exc:  # python-docx raises many kinds (KeyError, ValueError, lxml errors...)
        raise AnnexError("not_docx", file=source, detail=exc.__class__.__name__) from exc
    grids: list[Grid] = []
    before: list[str] = []
    body = document.element.body
    for block in own(body, P, TBL):
        if block.tag == P:
            text = clean(text_of(block))
            if text:
                before = [*before, text][-4:]
            continue
        grid = Grid(index=len(grids) + 1, before="\n".join(before))
        before = []
        for row_number, tr in enumerate(own(block, TR), start=1):
            if row_number > MAX_ROWS:
                raise AnnexError("too_large", file=source, table=grid.index, detail=f"quá {MAX_ROWS} dòng")
            trpr = tr.find(qn("w:trPr"))
            header = trpr is not None and trpr.find(qn("w:tblHeader")) is not None
            cells: list[Cell] = []
            if trpr is not None:
                before_cols = trpr.find(qn("w:gridBefore"))
                if before_cols is not None:
                    cells.extend(Cell() for _ in range(max(0, min(MAX_COLUMNS, number(before_cols, 0)))))
            for tc in own(tr, TC):
                tcpr = tc.find(qn("w:tcPr"))
                span, merged = 1, False
                if tcpr is not None:
                    g = tcpr.find(qn("w:gridSpan"))
                    if g is not None:
                        span = max(1, min(MAX_COLUMNS, number(g, 1)))
                    v = tcpr.find(qn("w:vMerge"))
                    if v is not None and (v.get(qn("w:val")) or "continue") == "continue":
                        merged = True
                paragraphs = cell_paragraphs(tc)
                text = "" if merged else "\n".join(p for p in paragraphs if p)
                cells.append(Cell(text=text, merged=merged))
                cells.extend(Cell(spanned=True, merged=merged) for _ in range(span - 1))
                if len(cells) > MAX_COLUMNS:
                    raise AnnexError("too_large", file=source, table=grid.index, row=row_number, detail="quá nhiều cột")
            grid.rows.append(GridRow(number=row_number, cells=cells, repeat_header=header))
        grids.append(grid)
    return grids


def _ref(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha()).upper()
    digits = "".join(ch for ch in ref if ch.isdigit())
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return int(digits or 0), column


def read_xlsx(path: Path | io.BytesIO, source: str) -> list[Grid]:
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
        if "word/document.xml" in archive.namelist():
            raise AnnexError("wrong_suffix", file=source, actual=".docx", suffix=Path(source).suffix)
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
    """A cell's value as text; an Excel number is written the Vietnamese way ("1,234" is 1.234),
    so that it reads back unambiguously."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.10f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(value, int):
        return str(value)
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


def read_grids(path: str | Path | IO[bytes] | bytes, source: str | None = None) -> list[Grid]:
    """The tables of a .docx or the sheets of a .xlsx file (chosen by the suffix of ``source`` or of the
    path, checked by content). ``path`` may also be the file's bytes or a binary file object (an
    upload), then ``source`` names it."""
    if isinstance(path, (bytes, bytearray)) or hasattr(path, "read"):
        if not source:
            raise AnnexError("not_a_file", file="(không tên)")
        data = bytes(path) if isinstance(path, (bytes, bytearray)) else path.read(MAX_FILE_BYTES + 1)  # type: ignore[union-attr]
        if len(data) > MAX_FILE_BYTES:
            raise AnnexError("too_large", file=source, detail=f"quá {MAX_FILE_BYTES // 2**20} MB")
        target: Path | io.BytesIO = io.BytesIO(data)
        suffix = Path(source).suffix.lower()
    else:
        file_path = Path(path)  # type: ignore[arg-type]
        source = source or file_path.name
        if not file_path.is_file():
            raise AnnexError("not_a_file", file=source)
        if file_path.stat().st_size > MAX_FILE_BYTES:
            raise AnnexError("too_large", file=source, detail=f"quá {MAX_FILE_BYTES // 2**20} MB")
        target = file_path
        suffix = file_path.suffix.lower()
    if suffix == ".docx":
        return read_docx(target, source)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(target, source)
    raise AnnexError("unsupported_type", file=source, suffix=suffix or "(không có)")
