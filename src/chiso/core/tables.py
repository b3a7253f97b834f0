"""Reading CSV and XLSX files into header + rows, keeping each cell's position for error messages."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .xlsxsafe import defuse

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True)
class Row:
    number: int  # 1-based row number as the spreadsheet shows it
    cells: tuple[object, ...]

    def get(self, index: int) -> object:
        return self.cells[index] if index < len(self.cells) else None


@dataclass(frozen=True)
class Table:
    """One sheet: a header and its data rows (fully empty rows dropped)."""

    source: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    sheet: str | None = None
    header_row: int = 1

    def error(self, message: str, row: int | None = None, column: int | None = None) -> InputError:
        """An InputError located in this table; ``column`` is the 0-based header index."""
        header = self.header[column] if column is not None and column < len(self.header) else None
        return InputError(
            message,
            file=self.source,
            sheet=self.sheet,
            row=row,
            column=None if column is None else column + 1,
            header=header,
        )

    def column_index(self, name: str) -> int | None:
        try:
            return self.header.index(name)
        except ValueError:
            return None


def _clean(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value if value else None
    return value


def _is_empty(cells: Sequence[object]) -> bool:
    return all(c is None for c in cells)


def _build(source: str, raw_rows: Iterator[tuple[int, Sequence[object]]], sheet: str | None) -> Table:
    header: tuple[str, ...] | None = None
    header_row = 1
    rows: list[Row] = []
    for number, raw in raw_rows:
        cells = tuple(_clean(c) for c in raw)
        if _is_empty(cells):
            continue
        if header is None:
            header_row = number
            header = tuple("" if c is None else str(c).strip().lower() for c in cells)
            while header and header[-1] == "":
                header = header[:-1]
            for index, name in enumerate(header):
                if name == "":
                    raise InputError("empty column heading", file=source, sheet=sheet, row=number, column=index + 1)
                if name in header[:index]:
                    raise InputError(
                        f"column heading {name!r} appears twice",
                        file=source,
                        sheet=sheet,
                        row=number,
                        column=index + 1,
                    )
            continue
        extra = [i for i in range(len(header), len(cells)) if cells[i] is not None]
        if extra:
            raise InputError(
                "value in a column without heading", file=source, sheet=sheet, row=number, column=extra[0] + 1
            )
        rows.append(Row(number, cells[: len(header)]))
    if header is None:
        raise InputError("the sheet is empty: no heading row", file=source, sheet=sheet)
    return Table(source, header, tuple(rows), sheet, header_row)


def _read_csv(path: Path, source: str) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=source) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            "the file is not UTF-8 text (save it as 'CSV UTF-8' or as .xlsx)", file=source, row=line
        ) from exc
    sample = text[:4096]
    delimiter = ","
    first_line = sample.splitlines()[0] if sample.splitlines() else ""
    if path.suffix.lower() == ".tsv" or first_line.count("\t") > first_line.count(","):
        delimiter = "\t"
    elif first_line.count(";") > first_line.count(","):
        delimiter = ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        numbered = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", file=source, row=reader.line_num) from exc
    return _build(source, iter(numbered), None)


def _read_xlsx(path: Path, source: str, sheet: str | None) -> Table:
    import openpyxl  # imported here: only XLSX input pays for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"not a readable .xlsx workbook ({exc.__class__.__name__})", file=source) from exc
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise InputError(f"no sheet named {sheet!r} (sheets: {', '.join(book.sheetnames)})", file=source)
        raw = ((i, row) for i, row in enumerate(ws.iter_rows(values_only=True), start=1))
        return _build(source, raw, ws.title)
    finally:
        book.close()


def read_table(path: str | Path, *, sheet: str | None = None, source: str | None = None) -> Table:
    """Read a CSV (UTF-8; comma, semicolon or tab separated) or XLSX file."""
    path = Path(path)
    source = source or path.name
    if not path.exists():
        raise InputError("file not found", file=str(path))
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, source, sheet)
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, source)
    raise InputError(f"unsupported file type {suffix or '(none)'}: use .csv or .xlsx", file=source)


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
