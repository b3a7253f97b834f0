"""The three import layouts, parsed into rows for preview and apply.

- ``national``: raw values of every province for one year (wide or long, DESIGN §6).
- ``annex_son_la``: a province's official results as the Sơn La annex prints them: code, score
  ("45,23/100"), rank ("31/34"), target rank for next year, lead and coordinating agencies.
- ``annex_cao_bang``: national max, min and the province's value for two years, per indicator
  (raw values) and per group and pillar (scores), as the Cao Bằng annex prints them.

Each row is typed (``rows.RawRow``, ``OfficialRow``, ``StatRow``, ``TargetRow``, ``AssignmentRow``)
and holds only what the file GIVES. An empty cell (or n/a, –) gives nothing and so never changes a
stored value; a cell holding the clear marker (``XÓA``, or ``CLEAR``) gives ``None``: the stored
value is to be cleared.

Every error is a coded InputError naming the file, sheet, row and column; nothing is half-read.
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from pathlib import Path

from chiso.core import Framework
from chiso.core.dataset import from_table as dataset_from_table
from chiso.core.errors import Code, InputError
from chiso.core.numbers import NumberFormatError, infer_decimal_mark, is_missing, parse_number
from chiso.core.tables import Row, Table, read_table
from chiso.core.units import match_province, normalise_key

from .rows import AssignmentRow, ImportRow, OfficialRow, RawRow, StatRow, TargetRow

KINDS = ("national", "annex_son_la", "annex_cao_bang")
CLEAR_MARKER = "XÓA"
_CLEAR_WORDS = frozenset({"xóa", "xoá", "xoa", "clear"})


def is_clear(cell: object) -> bool:
    """A cell asking to clear the stored value: XÓA (xoá, [XÓA]) or CLEAR, in any case."""
    if not isinstance(cell, str):
        return False
    text = unicodedata.normalize("NFC", cell).strip().strip("[]()").strip().lower()
    return text in _CLEAR_WORDS


def _num(v: float) -> float | None:
    return None if math.isnan(v) else float(v)


def _check_units_and_year(table: Table, year: int) -> None:
    unit_col = table.column_index("unit")
    year_col = table.column_index("year")
    for row in table.rows:
        if year_col is not None:
            cell = row.get(year_col)
            try:
                y = parse_number(cell)
            except NumberFormatError:
                y = math.nan
            if y != year:
                raise table.error(
                    Code.YEAR_MISMATCH, row=row.number, column=year_col, params={"value": cell, "year": year}
                )
        unit = row.get(unit_col)
        if unit is not None and match_province(unit, year) is None:
            raise table.error(Code.NOT_PROVINCE, row=row.number, column=unit_col, params={"unit": unit, "year": year})


def _unit_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _framework_code(framework: Framework, text: object) -> str | None:
    """The framework's code a heading or cell names (case and surrounding spaces forgiven, as the core
    forgives them: ``Framework.find``)."""
    return framework.find(text)


def _without_clears(table: Table, columns: list[int]) -> tuple[Table, list[tuple[Row, int]]]:
    """The table with clear markers emptied in ``columns``, and where they were."""
    found: list[tuple[Row, int]] = []
    rows = []
    for row in table.rows:
        cells = list(row.cells)
        for c in columns:
            if c < len(cells) and is_clear(cells[c]):
                found.append((row, c))
                cells[c] = None
        rows.append(Row(row.number, tuple(cells)))
    return dataclasses.replace(table, rows=tuple(rows)), found


def parse_national(path: Path, source: str, framework: Framework, year: int) -> list[ImportRow]:
    table = read_table(path, source=source)
    unit_col = table.column_index("unit")
    if unit_col is None:
        raise table.error(
            Code.MISSING_COLUMNS,
            row=table.header_row,
            params={"columns": "unit"},
            english="no 'unit' column: see the template",
        )
    _check_units_and_year(table, year)
    long = table.column_index("indicator") is not None and table.column_index("value") is not None
    keep = {unit_col, table.column_index("name"), table.column_index("year"), table.column_index("indicator")}
    value_cols = [i for i in range(len(table.header)) if i not in keep]
    cleaned, clears = _without_clears(table, value_cols)
    data = dataset_from_table(cleaned, framework, year=None if table.column_index("year") else year)
    yd = data.year(year)
    numbers: dict[str, int] = {_unit_text(r.get(unit_col)): r.number for r in table.rows}
    rows: list[ImportRow] = []
    given: set[tuple[str, str]] = set()
    for u, official in enumerate(yd.official):
        if official is None:
            continue
        number = numbers.get(yd.units[u], 0)
        for i, code in enumerate(framework.indicators):
            value = yd.values[u, i]
            if not math.isnan(value):
                rows.append(RawRow(year, official, code, float(value), source, number))
                given.add((official, code))
    for row, col in clears:
        province = match_province(_unit_text(row.get(unit_col)), year)
        if long:
            code = _framework_code(framework, row.get(table.column_index("indicator")))
        else:
            code = _framework_code(framework, table.header[col])
        if province is None or code is None:
            continue  # the reader above has refused such a row already
        if (province.code, code) not in given:
            rows.append(RawRow(year, province.code, code, None, source, row.number))
    return rows


# -- the Sơn La annex layout ---------------------------------------------------------------------
SON_LA_HEADERS = {
    "code": ("code", "ma", "machiso"),
    "name": ("name", "ten", "tenchiso", "chiso"),
    "score": ("score", "diem", "diemso", "mucdiemso"),
    "rank": ("rank", "xephang", "thuhang", "xepthuhang"),
    "target_rank": ("targetrank", "muctieuxephang", "muctieu"),
    "lead": ("lead", "donvichutri", "chutri", "coquanchutri"),
    "coordinating": ("coordinating", "donviphoihop", "phoihop", "coquanphoihop"),
}


def _columns(table: Table, spec: dict[str, tuple[str, ...]], required: tuple[str, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, heading in enumerate(table.header):
        key = normalise_key(heading)
        for field, aliases in spec.items():
            if key in aliases and field not in found:
                found[field] = index
                break
        else:
            raise table.error(
                Code.UNKNOWN_COLUMN,
                row=table.header_row,
                column=index,
                params={"column": heading, "expected": ", ".join(spec)},
                english=f"unknown column {heading!r}; see the template",
            )
    missing = [f for f in required if f not in found]
    if missing:
        raise table.error(
            Code.MISSING_COLUMNS,
            row=table.header_row,
            params={"columns": ", ".join(missing)},
            english=f"missing column(s): {', '.join(missing)}; see the template",
        )
    return found


_FRACTION = re.compile(r"^\s*([^/]+?)\s*/\s*(\d+)\s*$")


def _fraction(table: Table, row: Row, col: int, mark: str | None) -> tuple[float, float | None]:
    """'45,23/100' -> (45.23, 100); '31/34' -> (31, 34); '45,23' -> (45.23, None)."""
    cell = row.get(col)
    text = "" if cell is None else str(cell)
    m = _FRACTION.match(text)
    try:
        if m:
            return parse_number(m.group(1), mark), float(m.group(2))
        return parse_number(cell, mark), None
    except NumberFormatError as exc:
        raise table.error(exc, row=row.number, column=col) from exc


def _agencies(cell: object) -> list[str]:
    parts = re.split(r"[;\n]", str(cell))
    return sorted({p.strip() for p in parts if p.strip()})


def _code(table: Table, framework: Framework, row: Row, col: int, seen: dict[str, int]) -> str:
    cell = row.get(col)
    code = str(cell).strip() if cell is not None else ""
    code = framework.find(code) or code
    if code not in framework.index:
        raise table.error(
            Code.UNKNOWN_CODE,
            row=row.number,
            column=col,
            params={"code": code, "framework": framework.name},
            english=f"{code!r} is not a code of {framework.name}",
        )
    if code in seen:
        raise table.error(
            Code.DUPLICATE_CODE, row=row.number, column=col, params={"code": code, "first_row": seen[code]}
        )
    seen[code] = row.number
    return code


def parse_annex_son_la(path: Path, source: str, framework: Framework, year: int, province: str) -> list[ImportRow]:
    table = read_table(path, source=source)
    col = _columns(table, SON_LA_HEADERS, ("code", "score", "rank"))
    mark = infer_decimal_mark(row.get(col["score"]) for row in table.rows if not is_clear(row.get(col["score"])))
    if not table.rows:
        raise table.error(Code.NO_DATA_ROWS)
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        code = _code(table, framework, row, col["code"], seen)
        official: dict[str, float | int | None] = {}
        score_cell = row.get(col["score"])
        if is_clear(score_cell):
            official["score"] = None
        elif not is_missing(score_cell):
            score, out_of = _fraction(table, row, col["score"], mark)
            if (not math.isnan(score) and not (0 <= score <= 100)) or (out_of not in (None, 100.0)):
                raise table.error(
                    Code.SCORE_OUT_OF_RANGE, row=row.number, column=col["score"], params={"value": score_cell}
                )
            if not math.isnan(score):
                official["score"] = score
        rank_cell = row.get(col["rank"])
        if is_clear(rank_cell):
            official["rank"] = None
            official["rank_of"] = None
        elif not is_missing(rank_cell):
            rank, rank_of = _fraction(table, row, col["rank"], None)
            if not math.isnan(rank):
                if rank < 1 or not rank.is_integer() or (rank_of and rank > rank_of):
                    raise table.error(
                        Code.RANK_NOT_WHOLE, row=row.number, column=col["rank"], params={"value": rank_cell}
                    )
                official["rank"] = int(rank)
                if rank_of is not None:
                    official["rank_of"] = int(rank_of)
        if official:
            rows.append(OfficialRow(year, province, code, source, row.number, **official))
        if "target_rank" in col:
            cell = row.get(col["target_rank"])
            if is_clear(cell):
                rows.append(TargetRow(year + 1, province, code, None, row.number))
            elif not is_missing(cell):
                target, _target_of = _fraction(table, row, col["target_rank"], None)
                if math.isnan(target) or target < 1 or not target.is_integer():
                    raise table.error(
                        Code.TARGET_RANK_NOT_WHOLE, row=row.number, column=col["target_rank"], params={"value": cell}
                    )
                rows.append(TargetRow(year + 1, province, code, float(target), row.number, text=str(cell).strip()))
        for role in ("lead", "coordinating"):
            if role not in col:
                continue
            cell = row.get(col[role])
            if is_missing(cell):
                continue
            agencies = [] if is_clear(cell) else _agencies(cell)
            rows.append(AssignmentRow(province, code, role, agencies or None, row.number))
    return rows


# -- the Cao Bằng annex layout -------------------------------------------------------------------
_YEARED = re.compile(r"^(max|min|value)_(\d{4})$")
_YEARED_COLUMNS = "code, name, max_YYYY, min_YYYY, value_YYYY"


def parse_annex_cao_bang(
    path: Path, source: str, framework: Framework, province: str
) -> tuple[list[ImportRow], list[int]]:
    table = read_table(path, source=source)
    code_col = table.column_index("code")
    if code_col is None:
        raise table.error(
            Code.MISSING_COLUMNS,
            row=table.header_row,
            params={"columns": "code"},
            english="no 'code' column; see the template",
        )
    yeared: dict[int, dict[str, int]] = {}
    for index, heading in enumerate(table.header):
        if heading in ("code", "name"):
            continue
        m = _YEARED.match(heading)
        if not m:
            raise table.error(
                Code.UNKNOWN_COLUMN,
                row=table.header_row,
                column=index,
                params={"column": heading, "expected": _YEARED_COLUMNS},
                english=f"unknown column {heading!r}: expected max_YYYY, min_YYYY, value_YYYY",
            )
        year = int(m.group(2))
        if not 2015 <= year <= 2100:
            raise table.error(Code.YEAR_OUT_OF_RANGE, row=table.header_row, column=index, params={"year": year})
        yeared.setdefault(year, {})[m.group(1)] = index
    for year, cols in yeared.items():
        missing = [f"{k}_{year}" for k in ("max", "min", "value") if k not in cols]
        if missing:
            raise table.error(
                Code.MISSING_COLUMNS,
                row=table.header_row,
                params={"columns": ", ".join(missing)},
                english=f"{year}: missing column(s) {', '.join(missing)}",
            )
    if not yeared:
        raise table.error(Code.NO_YEAR_COLUMNS, row=table.header_row)
    if not table.rows:
        raise table.error(Code.NO_DATA_ROWS)
    value_cols = [i for cols in yeared.values() for i in cols.values()]
    mark = infer_decimal_mark(row.get(i) for row in table.rows for i in value_cols if not is_clear(row.get(i)))
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        code = _code(table, framework, row, code_col, seen)
        for year, cols in sorted(yeared.items()):
            nums: dict[str, float | None] = {}  # absent: not given; None: to clear
            for key, index in cols.items():
                cell = row.get(index)
                if is_clear(cell):
                    nums[key] = None
                    continue
                try:
                    v = parse_number(cell, mark)
                except NumberFormatError as exc:
                    raise table.error(exc, row=row.number, column=index) from exc
                if math.isinf(v):
                    raise table.error(Code.VALUE_INFINITE, row=row.number, column=index)
                if not math.isnan(v):
                    nums[key] = v
            stat = {k: nums[k] for k in ("max", "min") if k in nums}
            if stat:
                rows.append(StatRow(year, code, source, row.number, **stat))
            if "value" not in nums:
                continue
            value = nums["value"]
            if framework.is_indicator(code):
                rows.append(RawRow(year, province, code, value, source, row.number))
            else:
                if value is not None and not 0 <= value <= 100:
                    raise table.error(
                        Code.AGGREGATE_SCORE_OUT_OF_RANGE,
                        row=row.number,
                        column=cols["value"],
                        params={"code": code, "kind": framework.kind(code), "value": value},
                    )
                rows.append(OfficialRow(year, province, code, source, row.number, score=value))
    return rows, sorted(yeared)


def parse(
    kind: str, path: Path, source: str, framework: Framework, year: int, province: str
) -> tuple[list[ImportRow], list[int]]:
    """Rows to write and the years they touch."""
    if kind == "national":
        return parse_national(path, source, framework, year), [year]
    if kind == "annex_son_la":
        return parse_annex_son_la(path, source, framework, year, province), [year, year + 1]
    if kind == "annex_cao_bang":
        return parse_annex_cao_bang(path, source, framework, province)
    raise InputError(Code.UNKNOWN_IMPORT_KIND, params={"kind": kind})
