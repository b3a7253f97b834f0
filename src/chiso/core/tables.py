"""Reading CSV and XLSX files into header + rows, keeping each cell's position for error messages.

Readers never guess: malformed CSV quoting, a formula without a computed value, or a file larger
than the limits below is refused with its file, sheet, row and column. XLSX sheets are streamed
(``xml.etree.ElementTree.iterparse``) row by row, whatever their ``<dimension>`` says, and their
decompressed size, rows and cells are counted while reading, so a small "zip bomb" is refused
within the limits instead of exhausting time and memory. Cells of a merged range other than its
top-left one are read as empty and reported in ``Table.warnings``.
"""

from __future__ import annotations

import csv
import io
import posixpath
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from .errors import Code, InputError, Notice, column_letter
from .xlsxsafe import defuse

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}

MAX_ROWS = 100_000  # rows of one sheet or CSV file (empty rows included)
MAX_CELLS = 2_000_000  # cells of one sheet, each row counted to its last cell holding a value
MAX_COLUMNS = 16_384  # Excel's own limit (column XFD)
MAX_XML_BYTES = 200 * 2**20  # decompressed size of one part of a workbook (a sheet, the shared strings)
MAX_RATIO = 100  # compression ratio refused for a part larger than RATIO_FROM_BYTES
RATIO_FROM_BYTES = 10 * 2**20


@dataclass(frozen=True)
class Row:
    number: int  # 1-based row number as the spreadsheet shows it
    cells: tuple[object, ...]

    def get(self, index: int) -> object:
        return self.cells[index] if index < len(self.cells) else None


@dataclass(frozen=True)
class Table:
    """One sheet: a header and its data rows (fully empty rows dropped).

    ``header`` holds the headings lower-cased (for matching layout columns such as ``unit``);
    ``headings`` the headings as written (stripped). ``warnings`` are things the reader read
    without refusing but the user should see (merged cells), as complete English sentences.
    """

    source: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    sheet: str | None = None
    header_row: int = 1
    headings: tuple[str, ...] = ()
    warnings: tuple[Notice, ...] = ()

    def heading(self, column: int) -> str:
        """The heading of a 0-based column as the file writes it."""
        if column < len(self.headings):
            return self.headings[column]
        return self.header[column]

    def error(
        self,
        code: Code | InputError,
        row: int | None = None,
        column: int | None = None,
        *,
        params: dict[str, object] | None = None,
        english: str | None = None,
    ) -> InputError:
        """A coded InputError located in this table (``code`` may be an unplaced error, such as a
        NumberFormatError, to place); ``column`` is the 0-based header index."""
        header = self.heading(column) if column is not None and column < len(self.header) else None
        place = {
            "file": self.source,
            "sheet": self.sheet,
            "row": row,
            "column": None if column is None else column + 1,
            "header": header,
        }
        if isinstance(code, InputError):
            return code.at(**place)
        return InputError(code, params=params, english=english, **place)

    def column_index(self, name: str) -> int | None:
        try:
            return self.header.index(name)
        except ValueError:
            return None


@dataclass(frozen=True)
class _Unreadable:
    """A cell the reader refuses (a formula without its value): refused with its heading in ``_build``."""

    code: Code


def _clean(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value if value else None
    return value


def _is_empty(cells: Sequence[object]) -> bool:
    return all(c is None for c in cells)


def _build(
    source: str,
    raw_rows: Iterator[tuple[int, Sequence[object]]],
    sheet: str | None,
    warnings: Sequence[Notice] = (),
) -> Table:
    headings: tuple[str, ...] | None = None
    header_row = 1
    rows: list[Row] = []
    for number, raw in raw_rows:
        cells = tuple(_clean(c) for c in raw)
        if _is_empty(cells):
            continue
        for index, cell in enumerate(cells):
            if isinstance(cell, _Unreadable):
                known = headings is not None and index < len(headings)
                raise InputError(
                    cell.code,
                    file=source,
                    sheet=sheet,
                    row=number,
                    column=index + 1,
                    header=headings[index] if known else None,
                )
        if headings is None:
            header_row = number
            headings = tuple("" if c is None else str(c).strip() for c in cells)
            while headings and headings[-1] == "":
                headings = headings[:-1]
            lowered = [h.lower() for h in headings]
            for index, name in enumerate(headings):
                if name == "":
                    raise InputError(Code.EMPTY_HEADING, file=source, sheet=sheet, row=number, column=index + 1)
                if lowered[index] in lowered[:index]:
                    raise InputError(
                        Code.DUPLICATE_HEADING,
                        params={"heading": name},
                        file=source,
                        sheet=sheet,
                        row=number,
                        column=index + 1,
                    )
            continue
        extra = [i for i in range(len(headings), len(cells)) if cells[i] is not None]
        if extra:
            raise InputError(Code.VALUE_WITHOUT_HEADING, file=source, sheet=sheet, row=number, column=extra[0] + 1)
        rows.append(Row(number, cells[: len(headings)]))
    if headings is None:
        raise InputError(Code.EMPTY_SHEET, file=source, sheet=sheet)
    header = tuple(h.lower() for h in headings)
    return Table(source, header, tuple(rows), sheet, header_row, headings, tuple(warnings))


def _too_many(code: Code, limit: int, source: str, sheet: str | None = None, row: int | None = None) -> InputError:
    return InputError(code, params={"limit": limit}, file=source, sheet=sheet, row=row)


# -- CSV ---------------------------------------------------------------------------------------------
def _quote_error(source: str, record: int, fields: Sequence[str], delimiter: str, width: int) -> InputError | None:
    """A field that swallowed lines which look like rows of their own: a stray opening quote."""
    if width < 3:  # with two columns a swallowed row cannot be told from a cell on two lines
        return None
    for index, field in enumerate(fields):
        if "\n" not in field and "\r" not in field:
            continue
        lines = field.splitlines()
        if len(lines) > 1 and any(line.count(delimiter) >= width - 1 for line in lines[1:]):
            return InputError(
                Code.CSV_QUOTE_SWALLOWS_LINES,
                params={"lines": len(lines) - 1},
                file=source,
                row=record,
                column=index + 1,
            )
    return None


def _read_csv(path: Path, source: str) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(Code.FILE_UNREADABLE, params={"reason": exc.strerror}, file=source) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(Code.NOT_UTF8, file=source, row=line) from exc
    sample = text[:4096]
    delimiter = ","
    first_line = sample.splitlines()[0] if sample.splitlines() else ""
    if path.suffix.lower() == ".tsv" or first_line.count("\t") > first_line.count(","):
        delimiter = "\t"
    elif first_line.count(";") > first_line.count(","):
        delimiter = ";"
    # strict: a closing quote must be followed by the delimiter or the end of the line, and a
    # quote left open at the end of the file is an error (not a cell holding the rest of the file)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    numbered: list[tuple[int, list[str]]] = []
    width = 0  # fields of the heading row
    cells = 0
    record = 0
    try:
        for record, fields in enumerate(reader, start=1):
            if record > MAX_ROWS:
                raise _too_many(Code.TOO_MANY_ROWS, MAX_ROWS, source, row=record)
            cells += len(fields)
            if cells > MAX_CELLS:
                raise _too_many(Code.TOO_MANY_CELLS, MAX_CELLS, source, row=record)
            if not width and any(f.strip() for f in fields):
                width = max(i + 1 for i, f in enumerate(fields) if f.strip())  # trailing empty headings aside
            elif width:
                problem = _quote_error(source, record, fields, delimiter, width)
                if problem is not None:
                    raise problem
                if any(f.strip() for f in fields) and len(fields) < width:
                    raise InputError(
                        Code.ROW_TOO_SHORT,
                        params={"cells": len(fields), "width": width},
                        file=source,
                        row=record,
                    )
            numbered.append((record, fields))
    except csv.Error as exc:
        raise InputError(
            Code.CSV_QUOTE_NOT_CLOSED,
            params={"detail": str(exc)},
            file=source,
            row=record + 1,
        ) from exc
    return _build(source, iter(numbered), None)


# -- XLSX --------------------------------------------------------------------------------------------
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Counted:
    """A file-like object that refuses to give more than ``limit`` decompressed bytes."""

    def __init__(self, fh: IO[bytes], limit: int, fail: InputError) -> None:
        self.fh, self.left, self.fail = fh, limit, fail

    def read(self, size: int = -1) -> bytes:
        chunk = self.fh.read(size if size and size > 0 else 1 << 16)
        self.left -= len(chunk)
        if self.left < 0:
            raise self.fail
        return chunk


class _Workbook:
    def __init__(self, archive: zipfile.ZipFile, source: str) -> None:
        self.zip = archive
        self.source = source
        self.names = set(archive.namelist())
        book_path = self._office_document()
        self.sheets: list[tuple[str, str]] = []  # (name, part) of each worksheet, in order
        self.date1904 = False
        rels = self._relationships(book_path)
        for el in self._elements(book_path):
            tag = _local(el.tag)
            if tag == "workbookPr":
                self.date1904 = el.get("date1904", "0").lower() in ("1", "true")
            elif tag == "sheet":
                rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), "")  # transitional or strict
                target = rels.get(rid)
                if target is not None and target[1].endswith("/worksheet"):
                    self.sheets.append((el.get("name") or "", target[0]))
        self.shared_part = next((t for t, kind in rels.values() if kind.endswith("/sharedStrings")), None)
        self.styles_part = next((t for t, kind in rels.values() if kind.endswith("/styles")), None)

    def _check_size(self, part: str, sheet: str | None = None) -> int:
        info = self.zip.getinfo(part)
        if info.file_size > MAX_XML_BYTES:
            raise InputError(
                Code.PART_TOO_LARGE,
                params={"part": part, "size_mb": info.file_size / 2**20, "limit_mb": MAX_XML_BYTES // 2**20},
                file=self.source,
                sheet=sheet,
            )
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(
                Code.PART_ZIP_BOMB,
                params={
                    "part": part,
                    "ratio": info.file_size // max(info.compress_size, 1),
                    "size_mb": info.file_size / 2**20,
                },
                file=self.source,
                sheet=sheet,
            )
        return info.file_size

    def open(self, part: str, sheet: str | None = None) -> _Counted:
        self._check_size(part, sheet)
        fail = InputError(
            Code.PART_TOO_LARGE,
            params={"part": part, "size_mb": MAX_XML_BYTES / 2**20, "limit_mb": MAX_XML_BYTES // 2**20},
            english=f"the workbook part {part} is larger than {MAX_XML_BYTES // 2**20} MB uncompressed",
            file=self.source,
            sheet=sheet,
        )
        return _Counted(self.zip.open(part), MAX_XML_BYTES, fail)

    def _elements(self, part: str) -> Iterator[ElementTree.Element]:
        for _, el in ElementTree.iterparse(self.open(part), events=("end",)):
            yield el

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        out: dict[str, tuple[str, str]] = {}
        if rels_part not in self.names:
            return out
        for el in self._elements(rels_part):
            if _local(el.tag) == "Relationship" and el.get("TargetMode") != "External":
                target = el.get("Target") or ""
                path = (
                    target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                )
                out[el.get("Id") or ""] = (path, el.get("Type") or "")
        return out

    def _office_document(self) -> str:
        for path, kind in self._relationships("").values():
            if kind.endswith("/officeDocument"):
                return path
        return "xl/workbook.xml"

    def shared_strings(self) -> list[str]:
        if self.shared_part is None or self.shared_part not in self.names:
            return []
        strings: list[str] = []
        for el in self._elements(self.shared_part):
            if _local(el.tag) == "si":
                strings.append(_text(el))
                el.clear()
                if len(strings) > MAX_CELLS:
                    raise _too_many(Code.TOO_MANY_STRINGS, MAX_CELLS, self.source)
        return strings

    def date_styles(self) -> set[int]:
        """Indices of the cell styles whose number format shows a date or time."""
        if self.styles_part is None or self.styles_part not in self.names:
            return set()
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        custom: dict[int, str] = {}
        formats: list[int] = []
        in_xfs = False
        for event, el in ElementTree.iterparse(self.open(self.styles_part), events=("start", "end")):
            tag = _local(el.tag)
            if tag == "cellXfs":
                in_xfs = event == "start"
            elif event == "end" and tag == "numFmt":
                custom[int(el.get("numFmtId", "0"))] = el.get("formatCode", "")
            elif event == "end" and tag == "xf" and in_xfs:
                formats.append(int(el.get("numFmtId", "0")))
        return {
            i
            for i, fmt in enumerate(formats)
            if is_date_format(custom.get(fmt) or BUILTIN_FORMATS.get(fmt) or "General")
        }


def _text(el: ElementTree.Element) -> str:
    """The text of a shared or inline string (plain or rich text runs; phonetic runs left out)."""
    parts: list[str] = []
    for child in el:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _column_of(ref: str) -> int:
    """1-based column of a cell reference such as 'AB12'."""
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n


def _sheet_rows(
    book: _Workbook, part: str, sheet: str, strings: list[str], dates: set[int], merged: list[str]
) -> Iterator[tuple[int, list[object]]]:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    epoch = CALENDAR_MAC_1904 if book.date1904 else CALENDAR_WINDOWS_1900
    source = book.source
    row_number = 0
    rows = 0
    cells = 0
    raw_cells = 0
    values: list[object] = []
    column = 0
    container: ElementTree.Element | None = None
    ns = ""  # the namespace of the sheet (transitional or strict), read from its root element
    tag_c = tag_row = tag_sheet_data = tag_v = tag_f = tag_is = tag_merge = ""
    for event, el in ElementTree.iterparse(book.open(part, sheet), events=("start", "end")):
        tag = el.tag
        if event == "start":
            if not ns:
                ns = tag[: tag.index("}") + 1] if tag.startswith("{") else " "
                prefix = ns.strip()
                tag_c, tag_row, tag_sheet_data = prefix + "c", prefix + "row", prefix + "sheetData"
                tag_v, tag_f, tag_is, tag_merge = prefix + "v", prefix + "f", prefix + "is", prefix + "mergeCell"
            elif tag == tag_row:
                rows += 1
                if rows > MAX_ROWS:
                    raise _too_many(Code.TOO_MANY_ROWS, MAX_ROWS, source, sheet)
                row_number = int(el.get("r") or row_number + 1)
                values = []
                column = 0
            elif tag == tag_sheet_data:
                container = el
            continue
        if tag == tag_c:
            raw_cells += 1
            if raw_cells > MAX_CELLS:
                raise _too_many(Code.TOO_MANY_CELLS, MAX_CELLS, source, sheet, row_number)
            ref = el.get("r")
            style = el.get("s")
            column = _column_of(ref) if ref else column + 1
            if column > MAX_COLUMNS:
                raise _too_many(Code.TOO_MANY_COLUMNS, MAX_COLUMNS, source, sheet, row_number)
            kind = el.get("t", "n")
            v = f = None
            inline = None
            for child in el:
                ctag = child.tag
                if ctag == tag_v:
                    v = child.text
                elif ctag == tag_f:
                    f = child
                elif ctag == tag_is:
                    inline = child
            el.clear()
            value: object = None
            if f is not None and not v:
                value = _Unreadable(Code.FORMULA_WITHOUT_VALUE)
            elif kind == "inlineStr":
                value = _text(inline) if inline is not None else None
            elif v is None:
                value = None
            elif kind == "s":
                try:
                    value = strings[int(v)]
                except (ValueError, IndexError) as exc:
                    raise InputError(
                        Code.BROKEN_WORKBOOK,
                        params={"detail": "a shared string that does not exist"},
                        file=source,
                        sheet=sheet,
                        row=row_number,
                        column=column,
                    ) from exc
            elif kind == "b":
                value = v.strip() in ("1", "true")
            elif kind in ("str", "e", "d"):
                value = v
            else:
                try:
                    number = float(v)
                except ValueError as exc:
                    raise InputError(
                        Code.BROKEN_WORKBOOK,
                        params={"detail": f"numeric cell holding {v!r}"},
                        file=source,
                        sheet=sheet,
                        row=row_number,
                        column=column,
                    ) from exc
                value = int(number) if number.is_integer() and "." not in v and "E" not in v.upper() else number
                if style is not None and dates and int(style) in dates:
                    try:
                        value = from_excel(number, epoch)
                    except (ValueError, OverflowError):
                        pass
            if value is None or value == "":
                continue
            if column > len(values):
                cells += column - len(values)
                if cells > MAX_CELLS:
                    raise _too_many(Code.TOO_MANY_CELLS, MAX_CELLS, source, sheet, row_number)
                values.extend([None] * (column - len(values)))
            values[column - 1] = value
        elif tag == tag_row:
            el.clear()
            if container is not None:
                container.clear()
            yield row_number, values
        elif tag == tag_merge:
            merged.append(el.get("ref") or "")
            el.clear()
            if len(merged) > MAX_ROWS:
                raise _too_many(Code.TOO_MANY_MERGED, MAX_ROWS, source, sheet)


def _merge_warnings(source: str, sheet: str, merged: list[str]) -> list[Notice]:
    warnings = []
    ranges = [m for m in merged if ":" in m]
    for ref in ranges[:20]:
        first, last = ref.split(":", 1)
        warnings.append(
            Notice(Code.MERGED_CELLS, {"file": source, "sheet": sheet, "cells": ref, "first": first, "last": last})
        )
    if len(ranges) > 20:
        warnings.append(Notice(Code.MORE_MERGED_CELLS, {"file": source, "sheet": sheet, "count": len(ranges) - 20}))
    return warnings


def _read_xlsx(path: Path, source: str, sheet: str | None) -> Table:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(Code.NOT_XLSX, params={"detail": exc.__class__.__name__}, file=source) from exc
    with archive:
        try:
            book = _Workbook(archive, source)
            if not book.sheets:
                raise InputError(Code.NOT_XLSX, params={"detail": "no worksheet"}, file=source)
            names = [name for name, _ in book.sheets]
            if sheet is None:
                title, part = book.sheets[0]
            elif sheet in names:
                title, part = book.sheets[names.index(sheet)]
            else:
                raise InputError(Code.NO_SHEET, params={"sheet": sheet, "sheets": ", ".join(names)}, file=source)
            if part not in book.names:
                raise InputError(Code.NOT_XLSX, params={"detail": f"missing {part}"}, file=source)
            strings = book.shared_strings()
            dates = book.date_styles()
            merged: list[str] = []
            rows = list(_sheet_rows(book, part, title, strings, dates, merged))
        except InputError:
            raise
        except (
            zipfile.BadZipFile,
            KeyError,
            ElementTree.ParseError,
            EOFError,
            ValueError,
            zipfile.LargeZipFile,
        ) as exc:
            raise InputError(Code.NOT_XLSX, params={"detail": exc.__class__.__name__}, file=source) from exc
        except NotImplementedError as exc:  # e.g. an unsupported compression method
            raise InputError(Code.NOT_XLSX, params={"detail": str(exc)}, file=source) from exc
    return _build(source, iter(rows), title, _merge_warnings(source, title, merged))


def read_table(path: str | Path, *, sheet: str | None = None, source: str | None = None) -> Table:
    """Read a CSV (UTF-8; comma, semicolon or tab separated) or XLSX file."""
    path = Path(path)
    source = source or path.name
    if not path.exists():
        raise InputError(Code.FILE_NOT_FOUND, file=str(path))
    if path.is_dir():
        raise InputError(Code.FILE_IS_FOLDER, file=str(path))
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, source, sheet)
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, source)
    raise InputError(Code.FILE_TYPE_UNSUPPORTED, params={"suffix": suffix or "(none)"}, file=source)


def write_table(path: str | Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Write a CSV (UTF-8) or XLSX file, chosen by the suffix."""
    path = Path(path)
    if path.suffix.lower() in XLSX_SUFFIXES:
        import openpyxl

        book = openpyxl.Workbook()
        ws = book.active
        ws.append(list(header))
        for row in rows:
            ws.append(list(row))
        defuse(book).save(path)
        return
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


__all__ = ["Row", "Table", "column_letter", "read_table", "write_table"]
