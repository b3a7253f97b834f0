"""Raw indicator values per year and unit, read from wide or long CSV/XLSX tables.

Wide: ``unit`` (optional ``name``, optional ``year``), then one column per indicator code.
Long: ``year,unit,indicator,value`` (optional ``name``).
A data set is read whole or not at all: the first problem raises an InputError naming the file,
row and column.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .errors import Code, InputError
from .framework import Framework
from .numbers import NumberFormatError, infer_decimal_mark, parse_number
from .tables import Table, read_table
from .units import match_province

LONG_COLUMNS = ("year", "unit", "indicator", "value")


@dataclass
class YearData:
    """Values of one year: ``values[u, i]`` for unit u and the framework's indicator i (NaN = missing)."""

    year: int | None
    units: list[str]
    values: np.ndarray
    names: list[str] = field(default_factory=list)
    official: list[str | None] = field(default_factory=list)  # official province code per unit

    def __post_init__(self) -> None:
        if not self.names:
            self.names = list(self.units)
        if not self.official:
            self.official = [None] * len(self.units)

    def unit_index(self, unit: str) -> int:
        try:
            return self.units.index(unit)
        except ValueError:
            pass
        for i, name in enumerate(self.names):
            if name == unit:
                return i
        raise KeyError(f"unit {unit!r} is not in the data for {self.year}")


@dataclass
class DataSet:
    framework: Framework
    years: dict[int | None, YearData]
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_array(
        cls,
        framework: Framework,
        values: np.ndarray,
        units: Sequence[str] | None = None,
        year: int | None = None,
    ) -> DataSet:
        values = np.asarray(values, dtype=float)
        if values.ndim != 2 or values.shape[1] != len(framework.indicators):
            raise ValueError(f"values must be units x {len(framework.indicators)} indicators, got {values.shape}")
        units = list(units) if units is not None else [f"U{i + 1}" for i in range(values.shape[0])]
        return cls(framework, {year: YearData(year, units, values)})

    def year(self, year: int | None = None) -> YearData:
        if year is None and len(self.years) == 1:
            return next(iter(self.years.values()))
        if year not in self.years:
            raise InputError(Code.NO_DATA_FOR_YEAR, params={"year": year, "years": ", ".join(map(str, self.years))})
        return self.years[year]


def _cell_number(table: Table, row, col: int, mark: str | None) -> float:
    try:
        value = parse_number(row.get(col), mark)
    except NumberFormatError as exc:
        raise table.error(exc, row=row.number, column=col) from exc
    if math.isinf(value):
        raise table.error(Code.VALUE_INFINITE, row=row.number, column=col)
    return value


def _cell_year(table: Table, row, col: int) -> int:
    cell = row.get(col)
    try:
        value = parse_number(cell)
    except NumberFormatError:
        value = math.nan
    if math.isnan(value) or not float(value).is_integer() or not 1990 <= value <= 2100:
        raise table.error(Code.YEAR_NOT_WHOLE, row=row.number, column=col, params={"value": cell})
    return int(value)


def _cell_text(table: Table, row, col: int, what: str) -> str:
    cell = row.get(col)
    if cell is None:
        raise table.error(Code.EMPTY_CELL, row=row.number, column=col, params={"what": what})
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _check_indicator(table: Table, framework: Framework, text: str, row: int, col: int) -> str:
    """The framework's code for ``text`` (case and surrounding spaces forgiven), if an indicator."""
    code = framework.find(text)
    if code is None:
        raise table.error(Code.UNKNOWN_CODE, row=row, column=col, params={"code": text, "framework": framework.name})
    if not framework.is_indicator(code):
        raise table.error(Code.NOT_INDICATOR, row=row, column=col, params={"code": text, "kind": framework.kind(code)})
    return code


def _assemble(
    framework: Framework,
    cells: dict[int | None, dict[str, dict[str, float]]],
    names: dict[int | None, dict[str, str]],
    match: bool,
    source: str,
) -> DataSet:
    ind_pos = {c: i for i, c in enumerate(framework.indicators)}
    years: dict[int | None, YearData] = {}
    warnings: list[str] = []
    for year in sorted(cells, key=lambda y: (y is None, y)):
        units = list(cells[year])
        values = np.full((len(units), len(ind_pos)), np.nan)
        for u, unit in enumerate(units):
            for code, v in cells[year][unit].items():
                values[u, ind_pos[code]] = v
        data = YearData(year, units, values, [names[year].get(u, u) for u in units])
        if match:
            _match_units(data, source, warnings)
        absent = [c for c in framework.indicators if np.isnan(values[:, ind_pos[c]]).all()]
        if absent:
            warnings.append(
                f"{source}: year {year}: no values for {len(absent)} indicator(s): {', '.join(absent[:10])}"
                + (" …" if len(absent) > 10 else "")
            )
        years[year] = data
    return DataSet(framework, years, warnings)


def _match_units(data: YearData, source: str, warnings: list[str]) -> None:
    found = [
        match_province(u, data.year) or match_province(n, data.year)
        for u, n in zip(data.units, data.names, strict=False)
    ]
    matched = [p for p in found if p is not None]
    if not matched:
        return
    seen: dict[str, str] = {}
    for unit, p in zip(data.units, found, strict=False):
        if p is None:
            continue
        if p.code in seen:
            raise InputError(
                Code.SAME_PROVINCE, params={"first": seen[p.code], "second": unit, "province": p.name}, file=source
            )
        seen[p.code] = unit
    data.official = [p.code if p else None for p in found]
    if len(matched) < len(found):
        missing = [u for u, p in zip(data.units, found, strict=False) if p is None]
        warnings.append(
            f"{source}: year {data.year}: {len(missing)} unit(s) are not official provinces: {', '.join(missing[:5])}"
        )


def _read_wide(table: Table, framework: Framework, year: int | None, match: bool) -> DataSet:
    h = table.header
    unit_col = h.index("unit")
    name_col = table.column_index("name")
    year_col = table.column_index("year")
    ind_cols: list[tuple[int, str]] = []
    first_col: dict[str, int] = {}
    for i in range(len(h)):
        if i in (unit_col, name_col, year_col):
            continue
        code = _check_indicator(table, framework, table.heading(i), table.header_row, i)
        if code in first_col:
            raise table.error(
                Code.DUPLICATE_HEADING, row=table.header_row, column=i, params={"heading": table.heading(i)}
            )
        first_col[code] = i
        ind_cols.append((i, code))
    mark = infer_decimal_mark(row.get(i) for row in table.rows for i, _ in ind_cols)
    cells: dict[int | None, dict[str, dict[str, float]]] = {}
    names: dict[int | None, dict[str, str]] = {}
    first_row: dict[tuple[int | None, str], int] = {}
    for row in table.rows:
        unit = _cell_text(table, row, unit_col, "unit")
        y = _cell_year(table, row, year_col) if year_col is not None else year
        if year is not None and year_col is not None and y != year:
            continue
        key = (y, unit)
        if key in first_row:
            raise table.error(
                Code.DUPLICATE_UNIT, row=row.number, column=unit_col, params={"unit": unit, "first_row": first_row[key]}
            )
        first_row[key] = row.number
        values = {code: _cell_number(table, row, i, mark) for i, code in ind_cols}
        cells.setdefault(y, {})[unit] = values
        if name_col is not None and row.get(name_col) is not None:
            names.setdefault(y, {})[unit] = str(row.get(name_col)).strip()
        names.setdefault(y, {})
    if not cells:
        raise _no_rows(table, year)
    return _assemble(framework, cells, names, match, table.source)


def _no_rows(table: Table, year: int | None) -> InputError:
    if year is None:
        return table.error(Code.NO_DATA_ROWS)
    return table.error(Code.NO_DATA_ROWS, params={"year": year}, english=f"no data rows for year {year}")


def _read_long(table: Table, framework: Framework, year: int | None, match: bool) -> DataSet:
    col = {c: table.header.index(c) for c in LONG_COLUMNS}
    name_col = table.column_index("name")
    unknown = [c for c in table.header if c not in (*LONG_COLUMNS, "name")]
    if unknown:
        raise table.error(
            Code.UNKNOWN_COLUMN,
            row=table.header_row,
            column=table.header.index(unknown[0]),
            params={"column": unknown[0], "expected": "year, unit, indicator, value, name"},
            english=f"unknown column {unknown[0]!r} in a long table (columns: year,unit,indicator,value[,name])",
        )
    mark = infer_decimal_mark(row.get(col["value"]) for row in table.rows)
    cells: dict[int | None, dict[str, dict[str, float]]] = {}
    names: dict[int | None, dict[str, str]] = {}
    first_row: dict[tuple[int, str, str], int] = {}
    for row in table.rows:
        y = _cell_year(table, row, col["year"])
        unit = _cell_text(table, row, col["unit"], "unit")
        text = _cell_text(table, row, col["indicator"], "indicator")
        code = _check_indicator(table, framework, text, row.number, col["indicator"])
        value = _cell_number(table, row, col["value"], mark)
        if year is not None and y != year:
            continue
        key = (y, unit, code)
        if key in first_row:
            raise table.error(
                Code.DUPLICATE_ROW,
                row=row.number,
                column=col["indicator"],
                params={"unit": unit, "code": code, "year": y, "first_row": first_row[key]},
            )
        first_row[key] = row.number
        cells.setdefault(y, {}).setdefault(unit, {})[code] = value
        names.setdefault(y, {})
        if name_col is not None and row.get(name_col) is not None:
            names[y][unit] = str(row.get(name_col)).strip()
    if not cells:
        raise _no_rows(table, year)
    return _assemble(framework, cells, names, match, table.source)


def from_table(table: Table, framework: Framework, *, year: int | None = None, match: bool = True) -> DataSet:
    """A data set from a table; the table's own warnings (merged cells) come first in its warnings."""
    data = _from_table(table, framework, year, match)
    data.warnings[:0] = list(table.warnings)
    return data


def _from_table(table: Table, framework: Framework, year: int | None, match: bool) -> DataSet:
    h = table.header
    if all(c in h for c in ("indicator", "value")):
        missing = [c for c in LONG_COLUMNS if c not in h]
        if missing:
            raise table.error(
                Code.MISSING_COLUMNS,
                row=table.header_row,
                params={"columns": ", ".join(missing)},
                english=f"long table without column(s) {', '.join(missing)}",
            )
        return _read_long(table, framework, year, match)
    if "unit" in h:
        return _read_wide(table, framework, year, match)
    raise table.error(Code.UNKNOWN_LAYOUT, row=table.header_row)


def read_dataset(
    path: str | Path, framework: Framework, *, year: int | None = None, sheet: str | None = None, match: bool = True
) -> DataSet:
    return from_table(read_table(path, sheet=sheet), framework, year=year, match=match)
