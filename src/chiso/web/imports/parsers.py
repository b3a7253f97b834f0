"""The three import layouts, parsed into rows for preview and apply.

- ``national``: raw values of every province for one year (wide or long, DESIGN §6).
- ``annex_son_la``: a province's official results as the Sơn La annex prints them: code, score
  ("45,23/100"), rank ("31/34"), target rank for next year, lead and coordinating agencies.
- ``annex_cao_bang``: national max, min and the province's value for two years, per indicator
  (raw values) and per group and pillar (scores), as the Cao Bằng annex prints them.

Every error is an InputError naming the file, sheet, row and column; nothing is half-read.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from chiso.core import Framework
from chiso.core.dataset import from_table as dataset_from_table
from chiso.core.errors import InputError
from chiso.core.numbers import NumberFormatError, infer_decimal_mark, parse_number
from chiso.core.tables import Row, Table, read_table
from chiso.core.units import match_province, normalise_key

KINDS = ("national", "annex_son_la", "annex_cao_bang")


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
                raise table.error(f"year {cell!r} in an import for {year}", row=row.number, column=year_col)
        unit = row.get(unit_col)
        if unit is not None and match_province(unit, year) is None:
            raise table.error(
                f"{unit!r} is not an official province in {year} (write its name or its two-digit code)",
                row=row.number,
                column=unit_col,
            )


def parse_national(path: Path, source: str, framework: Framework, year: int) -> list[dict[str, Any]]:
    table = read_table(path, source=source)
    if table.column_index("unit") is None:
        raise table.error("no 'unit' column: see the template", row=table.header_row)
    _check_units_and_year(table, year)
    data = dataset_from_table(table, framework, year=None if table.column_index("year") else year)
    yd = data.year(year)
    rows = []
    for u, official in enumerate(yd.official):
        for i, code in enumerate(framework.indicators):
            rows.append(
                {
                    "kind": "raw",
                    "key": {"year": year, "province": official, "code": code},
                    "fields": {"value": _num(yd.values[u, i]), "source": source, "illustrative": False},
                }
            )
    return rows


# -- the Sơn La annex layout ---------------------------------------------------------------------
SON_LA_HEADERS = {
    "code": ("code", "ma", "machiso"),
    "name": ("name", "ten", "tenchiso", "chiso"),
    "score": ("score", "diem", "diemso", "mucdiemso"),
    "rank": ("rank", "xephang", "thuhang", "xepthuhang"),
    "target_rank": ("targetrank", "muctieuxephang", "muctieu"),
    "lead": ("lead", "donvichutri", "chutri"),
    "coordinating": ("coordinating", "donviphoihop", "phoihop"),
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
            raise table.error(f"unknown column {heading!r}; see the template", row=table.header_row, column=index)
    missing = [f for f in required if f not in found]
    if missing:
        raise table.error(f"missing column(s): {', '.join(missing)}; see the template", row=table.header_row)
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
        raise table.error(str(exc), row=row.number, column=col) from exc


def _agencies(cell: object) -> list[str]:
    if cell is None:
        return []
    parts = re.split(r"[;\n]", str(cell))
    return [p.strip() for p in parts if p.strip()]


def parse_annex_son_la(path: Path, source: str, framework: Framework, year: int, province: str) -> list[dict[str, Any]]:
    table = read_table(path, source=source)
    col = _columns(table, SON_LA_HEADERS, ("code", "score", "rank"))
    mark = infer_decimal_mark(row.get(col["score"]) for row in table.rows)
    if not table.rows:
        raise table.error("no data rows")
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        code = str(row.get(col["code"]) or "").strip()
        if code not in framework.index:
            raise table.error(f"{code!r} is not a code of {framework.name}", row=row.number, column=col["code"])
        if code in seen:
            raise table.error(f"{code} appears again (first in row {seen[code]})", row=row.number, column=col["code"])
        seen[code] = row.number
        score, out_of = _fraction(table, row, col["score"], mark)
        if (not math.isnan(score) and not (0 <= score <= 100)) or (out_of not in (None, 100.0)):
            raise table.error(
                f"a score is between 0 and 100, not {row.get(col['score'])!r}", row=row.number, column=col["score"]
            )
        rank, rank_of = _fraction(table, row, col["rank"], None)
        if not math.isnan(rank) and (rank < 1 or not rank.is_integer() or (rank_of and rank > rank_of)):
            raise table.error(
                f"a rank is a whole number from 1, not {row.get(col['rank'])!r}", row=row.number, column=col["rank"]
            )
        rows.append(
            {
                "kind": "official",
                "key": {"year": year, "province": province, "code": code},
                "fields": {
                    "score": _num(score),
                    "rank": None if math.isnan(rank) else int(rank),
                    "rank_of": None if rank_of is None else int(rank_of),
                    "source": source,
                },
            }
        )
        if "target_rank" in col and row.get(col["target_rank"]) is not None:
            target, _target_of = _fraction(table, row, col["target_rank"], None)
            if math.isnan(target) or target < 1 or not target.is_integer():
                raise table.error(
                    f"a target rank is a whole number from 1, not {row.get(col['target_rank'])!r}",
                    row=row.number,
                    column=col["target_rank"],
                )
            text = str(row.get(col["target_rank"])).strip()
            rows.append(
                {
                    "kind": "target",
                    "key": {"year": year + 1, "province": province, "code": code, "kind": "rank"},
                    "fields": {"value": float(target), "text": text},
                }
            )
        for field, role in (("lead", "lead"), ("coordinating", "coordinating")):
            if field in col:
                for agency in _agencies(row.get(col[field])):
                    rows.append(
                        {
                            "kind": "assignment",
                            "key": {"province": province, "code": code, "agency": agency, "role": role},
                            "fields": {},
                        }
                    )
    return rows


# -- the Cao Bằng annex layout -------------------------------------------------------------------
_YEARED = re.compile(r"^(max|min|value)_(\d{4})$")


def parse_annex_cao_bang(
    path: Path, source: str, framework: Framework, province: str
) -> tuple[list[dict[str, Any]], list[int]]:
    table = read_table(path, source=source)
    code_col = table.column_index("code")
    if code_col is None:
        raise table.error("no 'code' column; see the template", row=table.header_row)
    yeared: dict[int, dict[str, int]] = {}
    for index, heading in enumerate(table.header):
        if heading in ("code", "name"):
            continue
        m = _YEARED.match(heading)
        if not m:
            raise table.error(
                f"unknown column {heading!r}: expected max_YYYY, min_YYYY, value_YYYY",
                row=table.header_row,
                column=index,
            )
        year = int(m.group(2))
        if not 2015 <= year <= 2100:
            raise table.error(f"year {year} is out of range", row=table.header_row, column=index)
        yeared.setdefault(year, {})[m.group(1)] = index
    for year, cols in yeared.items():
        missing = [k for k in ("max", "min", "value") if k not in cols]
        if missing:
            raise table.error(
                f"{year}: missing column(s) {', '.join(f'{k}_{year}' for k in missing)}", row=table.header_row
            )
    if not yeared:
        raise table.error("no year columns (max_YYYY, min_YYYY, value_YYYY)", row=table.header_row)
    if not table.rows:
        raise table.error("no data rows")
    value_cols = [i for cols in yeared.values() for i in cols.values()]
    mark = infer_decimal_mark(row.get(i) for row in table.rows for i in value_cols)
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        code = str(row.get(code_col) or "").strip()
        if code not in framework.index:
            raise table.error(f"{code!r} is not a code of {framework.name}", row=row.number, column=code_col)
        if code in seen:
            raise table.error(f"{code} appears again (first in row {seen[code]})", row=row.number, column=code_col)
        seen[code] = row.number
        for year, cols in sorted(yeared.items()):
            nums = {}
            for key, index in cols.items():
                try:
                    nums[key] = parse_number(row.get(index), mark)
                except NumberFormatError as exc:
                    raise table.error(str(exc), row=row.number, column=index) from exc
            rows.append(
                {
                    "kind": "stat",
                    "key": {"year": year, "code": code},
                    "fields": {"max": _num(nums["max"]), "min": _num(nums["min"]), "mean": None, "source": source},
                }
            )
            if framework.is_indicator(code):
                rows.append(
                    {
                        "kind": "raw",
                        "key": {"year": year, "province": province, "code": code},
                        "fields": {"value": _num(nums["value"]), "source": source, "illustrative": False},
                    }
                )
            else:
                if not math.isnan(nums["value"]) and not 0 <= nums["value"] <= 100:
                    raise table.error(
                        f"{code} is a {framework.kind(code)}: its value is a score between 0 and 100",
                        row=row.number,
                        column=cols["value"],
                    )
                rows.append(
                    {
                        "kind": "official",
                        "key": {"year": year, "province": province, "code": code},
                        "fields": {"score": _num(nums["value"]), "rank": None, "rank_of": None, "source": source},
                    }
                )
    return rows, sorted(yeared)


def parse(
    kind: str, path: Path, source: str, framework: Framework, year: int, province: str
) -> tuple[list[dict[str, Any]], list[int]]:
    """Rows to write and the years they touch."""
    if kind == "national":
        return parse_national(path, source, framework, year), [year]
    if kind == "annex_son_la":
        return parse_annex_son_la(path, source, framework, year, province), [year]
    if kind == "annex_cao_bang":
        return parse_annex_cao_bang(path, source, framework, province)
    raise InputError(f"unknown import kind {kind!r}")
