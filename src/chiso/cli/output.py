"""Writing command output: atomically to a file, or to standard output.

The format of a file follows its extension (.csv, .json, .xlsx); an unknown extension, a folder,
or a file that is one of the command's inputs is refused before anything is computed. Files are
created with the usual permissions (0644 under the usual umask), never left half written.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from chiso.core.errors import InputError

EXTENSIONS = {".csv": "csv", ".json": "json", ".xlsx": "xlsx"}


def csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if (isinstance(v, float) and math.isnan(v)) or v is None else v for v in row])
    return buf.getvalue()


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def output_format(
    out: str | None, fmt: str | None, inputs: Sequence[str | None], allowed: Sequence[str] = ("csv", "json", "xlsx")
) -> str:
    """The format to write: ``--format`` if given, else the extension of ``--out``, else csv.

    Refuses (InputError) an ``--out`` that is a folder, one of ``inputs``, has an extension that
    is not .csv/.json/.xlsx, or contradicts ``--format``.
    """
    if out is None or out == "-":
        fmt = fmt or allowed[0]
        if fmt == "xlsx":
            raise InputError("XLSX output needs a file: give --out NAME.xlsx")
        return fmt
    path = Path(out)
    if path.is_dir():
        raise InputError("--out is a folder: give a file name, e.g. results.csv", file=out)
    for given in inputs:
        if given and given != "-" and (_same_file(path, Path(given)) or path.resolve() == Path(given).resolve()):
            raise InputError(
                "--out is an input of this command: it would be overwritten; choose another file", file=out
            )
    ext = path.suffix.lower()
    by_extension = EXTENSIONS.get(ext)
    if by_extension is None or by_extension not in allowed:
        names = ", ".join(f".{f}" for f in allowed)
        raise InputError(f"--out: cannot write {ext or 'a file without extension'}: use {names}", file=out)
    if fmt is not None and fmt != by_extension:
        raise InputError(f"--format {fmt} does not match --out {path.name}", file=out)
    return by_extension


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _atomic(out: str, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file next to ``out``, then move it into place."""
    path = Path(out)
    if path.is_dir():
        raise InputError("--out is a folder: give a file name, e.g. results.csv", file=out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise InputError(f"cannot write the output: {exc.strerror}", file=str(path)) from exc
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600: give the file the usual permissions
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write the output: {exc.strerror}", file=str(path)) from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def emit(text: str, out: str | None) -> None:
    """Write ``text`` to ``out`` atomically (a reader never sees half a file), or to stdout."""
    if out is None or out == "-":
        sys.stdout.write(text)
        return
    _atomic(out, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""))


def _xlsx_cell(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def write_xlsx(out: str, header: Sequence[str], rows: Sequence[Sequence[object]], sheet: str = "chiso") -> None:
    """A real XLSX workbook: one sheet, the header then the rows (text never read as a formula:
    ``xlsxsafe.defuse``, as every workbook chiso writes)."""
    import openpyxl

    from chiso.core.xlsxsafe import defuse

    def write(tmp: Path) -> None:
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = sheet
        ws.append(list(header))
        for row in rows:
            ws.append([_xlsx_cell(v) for v in row])
        defuse(book).save(tmp)

    _atomic(out, write)


def write_output(out: str | None, fmt: str, header: Sequence[str], rows: Sequence[Sequence[object]], data: Any) -> None:
    """Write a result as CSV (``header`` + ``rows``), JSON (``data``) or XLSX, to ``out`` or stdout."""
    if fmt == "xlsx":
        assert out is not None
        write_xlsx(out, header, rows)
    elif fmt == "json":
        emit(json_text(data), out)
    else:
        emit(csv_text(header, rows), out)
