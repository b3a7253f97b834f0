"""Readers of a province's partial view: its bounds table and the Ministry's ranking table.

- *bounds*: ``code,value,max,min`` per indicator (optionally ``score,rank`` as published, and a
  ``year`` column for several years): the province's own raw value and the published national max
  and min. Group, pillar and index rows (``1.1``, ``1``, ``PII``) may carry the province's official
  ``score`` (and ``rank``); their ``value``/``max``/``min`` are then scores too. The Cao Bằng annex
  layout (Word or Excel; max, min and own value for two years, group and pillar scores, 2026 targets)
  is read through ``chiso.annex``; the transcribed file ``code;year;max;min;value`` is a bounds table.
- *ranking*: ``unit,code,score`` (optionally ``rank`` and ``year``), long: every province's published
  score on every published node (``PII``, the sub-indices, pillars; groups or indicators where published).

A max below its min is refused with its row (the Cao Bằng annex has one: 2023, 3.2.2), unless the
caller accepts it for rows where the province has no value (``inverted="ignore"``: those bounds are
never used; a warning names the row). Every error names file, row and column (``InputError`` with a
``code`` and ``params``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .errors import InputError
from .framework import Framework
from .numbers import NumberFormatError, infer_decimal_mark, is_missing, parse_number
from .tables import Table, read_table

ANNEX_SUFFIXES = {".docx"}


def _error(table: Table, key: str, message: str, row: int | None, column: int | None, **params) -> InputError:
    err = table.error(message, row=row, column=column)
    err.code, err.params = key, params  # the coded style of InputError (issue 9)
    return err


def coded(message: str, key: str, **params) -> InputError:
    """An InputError with ``code`` (= ``key``) and ``params`` (whether or not the class takes them yet)."""
    err = InputError(message)
    err.code, err.params = key, params
    return err


@dataclass
class Published:
    """One published figure of the province: score (and rank) as the tables state it."""

    score: float = math.nan
    rank: int | None = None
    of: int | None = None
    where: str = ""  # file and row it was read from


@dataclass
class YearBounds:
    """What a province holds for one year: its raw values, the national bounds, its official results."""

    framework: Framework
    year: int | None
    value: np.ndarray  # own raw value per indicator (NaN = missing)
    upper: np.ndarray  # published national max (NaN = not published)
    lower: np.ndarray  # published national min
    official: dict[str, Published] = field(default_factory=dict)  # code -> official score/rank
    node_bounds: dict[str, tuple[float, float]] = field(default_factory=dict)  # group/pillar (max, min) scores
    targets: dict[str, dict] = field(default_factory=dict)  # code -> {"kind", "value", "text", "year"}
    source: str = ""
    rows: dict[str, str] = field(default_factory=dict)  # indicator -> "file, row N" for messages
    warnings: list[str] = field(default_factory=list)

    def own(self, code: str) -> float:
        return float(self.value[self.framework.indicators.index(code)])


def year_bounds(
    framework: Framework,
    year: int | None,
    values: dict[str, float | None],
    stats: dict[str, tuple[float | None, float | None]],
    official: dict[str, tuple[float | None, int | None, int | None]] | None = None,
    targets: dict[str, dict] | None = None,
    source: str = "",
) -> YearBounds:
    """A province's year from plain mappings (what a page reads from the database): own raw values by
    indicator, published (max, min) by indicator, official (score, rank, of) by code, targets."""
    n = len(framework.indicators)
    yb = YearBounds(framework, year, np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan), source=source)
    for i, code in enumerate(framework.indicators):
        v = values.get(code)
        yb.value[i] = math.nan if v is None else v
        hi, lo = stats.get(code, (None, None))
        hi = math.nan if hi is None else hi
        lo = math.nan if lo is None else lo
        if not math.isnan(hi) and not math.isnan(lo) and hi < lo:
            if not math.isnan(yb.value[i]):
                raise coded(
                    f"{code} ({year}): the national max ({hi:g}) is below the min ({lo:g})",
                    "bounds_inverted",
                    code=code,
                    year=year,
                    max=hi,
                    min=lo,
                )
            yb.warnings.append(f"{code} ({year}): the national max is below the min; no value, bounds not used")
            hi = lo = math.nan
        yb.upper[i], yb.lower[i] = hi, lo
    for code, (score, rank, of) in (official or {}).items():
        if code in framework.index:
            yb.official[code] = Published(math.nan if score is None else score, rank, of, source)
    yb.targets = dict(targets or {})
    return yb


@dataclass
class Bounds:
    years: dict[int | None, YearBounds]
    source: str = ""

    def year(self, year: int | None = None) -> YearBounds:
        if year is None:
            if len(self.years) == 1:
                return next(iter(self.years.values()))
            return self.years[max(y for y in self.years if y is not None)]
        if year not in self.years and list(self.years) == [None]:  # a table without a year column
            only = self.years[None]
            if only.year is None:
                only.year = year
            return only
        if year not in self.years:
            shown = ", ".join(str(y) for y in self.years if y is not None) or "none"
            raise coded(
                f"{self.source}: year {year} is not in the bounds table (years: {shown})",
                "bounds_year_missing",
                year=year,
                years=shown,
            )
        return self.years[year]


def _number(table: Table, row, col: int | None, mark: str | None) -> float:
    if col is None:
        return math.nan
    cell = row.get(col)
    if cell is None or is_missing(cell):
        return math.nan
    try:
        return parse_number(cell, mark)
    except NumberFormatError as exc:
        raise _error(table, "bad_number", str(exc), row.number, col, value=str(cell)) from exc


def read_bounds(
    path: str | Path,
    framework: Framework,
    *,
    year: int | None = None,
    sheet: str | None = None,
    source: str | None = None,
    inverted: str = "refuse",
) -> Bounds:
    """Read a bounds table (CSV/XLSX) or a Cao Bằng annex (.docx/.xlsx) for ``framework``."""
    path = Path(path)
    name = source or path.name
    if path.suffix.lower() in ANNEX_SUFFIXES:
        return _from_annex(path, framework, name, year, inverted)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        try:
            table = read_table(path, sheet=sheet, source=name)
        except InputError as exc:  # not a plain table (merged title rows): an annex, or this error
            return _from_annex(path, framework, name, year, inverted, fallback=exc)
        if "code" not in table.header:
            return _from_annex(path, framework, name, year, inverted)
    else:
        table = read_table(path, sheet=sheet, source=name)
    scores_only = "code" in table.header and "score" in table.header and not {"value", "max", "min"} & set(table.header)
    missing = [c for c in ("code", "value", "max", "min") if c not in table.header and not scores_only]
    if missing:
        raise _error(
            table,
            "bounds_columns",
            f"a bounds table has the columns code,value,max,min (optionally score,rank,year), or code,score[,rank] "
            f"(published scores only); {missing[0]!r} is missing",
            table.header_row,
            None,
            missing=missing[0],
        )
    known = {"code", "value", "max", "min", "score", "rank", "year", "name"}
    for i, h in enumerate(table.header):
        if h not in known:
            raise _error(table, "unknown_column", f"unknown column {table.heading(i)!r}", table.header_row, i, column=h)
    col = {c: table.column_index(c) for c in known}
    mark = infer_decimal_mark(
        row.get(col[k]) for row in table.rows for k in ("value", "max", "min", "score") if col[k] is not None
    )
    n = len(framework.indicators)
    years: dict[int | None, YearBounds] = {}
    seen: set[tuple[int | None, str]] = set()
    for row in table.rows:
        y: int | None = None
        if col["year"] is not None:
            yv = _number(table, row, col["year"], None)
            if math.isnan(yv) or not float(yv).is_integer():
                raise _error(table, "bad_year", "a year is a whole number", row.number, col["year"])
            y = int(yv)
        if year is not None and y is not None and y != year:
            continue
        text = str(row.get(col["code"]) or "").strip()
        code = framework.find(text)
        if code is None:
            raise _error(
                table,
                "unknown_code",
                f"{text!r} is not a code of {framework.name}",
                row.number,
                col["code"],
                code=text,
                framework=framework.name,
            )
        if (y, code) in seen:
            raise _error(table, "duplicate_code", f"{code} appears twice", row.number, col["code"], code=code)
        seen.add((y, code))
        yb = years.get(y)
        if yb is None:
            yb = years[y] = YearBounds(
                framework, y if y is not None else year, np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
            )
            yb.source = name
        value, hi, lo = (_number(table, row, col[k], mark) for k in ("value", "max", "min"))
        score = _number(table, row, col["score"], mark)
        rank = _number(table, row, col["rank"], None)
        where = f"{name}, row {row.number}"
        if not math.isnan(hi) and not math.isnan(lo) and hi < lo:
            if inverted == "refuse" or not math.isnan(value) or not framework.is_indicator(code):
                raise _error(
                    table,
                    "bounds_inverted",
                    f"{code}{'' if y is None else f' ({y})'}: the national max ({row.get(col['max'])}) is below the "
                    f"min ({row.get(col['min'])}); check the published table",
                    row.number,
                    col["max"],
                    code=code,
                    year=y,
                    max=hi,
                    min=lo,
                )
            yb.warnings.append(
                f"{where}: {code}: the national max is below the min; the province has no value, so these "
                "bounds are not used"
            )
            hi = lo = math.nan
        if framework.is_indicator(code):
            i = framework.indicators.index(code)
            yb.value[i], yb.upper[i], yb.lower[i] = value, hi, lo
            yb.rows[code] = where
            if not math.isnan(score) or not math.isnan(rank):
                yb.official[code] = Published(score, None if math.isnan(rank) else int(rank), where=where)
        else:
            official = score if not math.isnan(score) else value
            if not math.isnan(official) or not math.isnan(rank):
                yb.official[code] = Published(official, None if math.isnan(rank) else int(rank), where=where)
            if not (math.isnan(hi) and math.isnan(lo)):
                yb.node_bounds[code] = (hi, lo)
    if not years:
        raise coded(
            f"{name}: no row of the bounds table is for {year if year is not None else 'any year'}",
            "bounds_empty",
            year=year,
        )
    return Bounds(years, name)


def _from_annex(
    path: Path, framework: Framework, name: str, year: int | None, inverted: str, fallback: InputError | None = None
) -> Bounds:
    from chiso.annex import AnnexError, read_annex  # plain Python; imported here to keep core light

    try:
        annex = read_annex(path, source=name)
    except AnnexError as exc:
        if fallback is not None and exc.code == "unknown_layout":
            raise fallback from exc
        err = InputError(exc.message, file=exc.file or name, sheet=exc.sheet, row=exc.row, column=exc.column)
        err.code, err.params = exc.code, exc.params
        raise err from exc
    all_years = sorted(
        {y for item in annex.indicators for y in item.values} | {y for n in annex.nodes for y in n.values}
    )
    if not annex.indicators or not all_years:
        raise coded(f"{name}: the annex holds no raw values and bounds (Cao Bằng layout)", "annex_without_bounds")
    wanted = [year] if year is not None else all_years
    n = len(framework.indicators)
    years: dict[int | None, YearBounds] = {}
    for y in wanted:
        yb = YearBounds(framework, y, np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan), source=name)
        for item in annex.indicators:
            code = framework.find(item.code)
            if code is None or not framework.is_indicator(code):
                continue
            where = f"{name}, {item.location}" if item.location else name
            value = item.values.get(y)
            hi, lo = item.bounds.get(y, (None, None))
            hi = math.nan if hi is None else hi
            lo = math.nan if lo is None else lo
            value = math.nan if value is None else value
            if not math.isnan(hi) and not math.isnan(lo) and hi < lo:
                if inverted == "refuse" or not math.isnan(value):
                    loc = item.location
                    err = InputError(
                        f"{code} ({y}): the national max ({hi:g}) is below the min ({lo:g}); check the published table",
                        file=name,
                        sheet=loc.sheet if loc else None,
                        row=loc.row if loc else None,
                        column=None,
                    )
                    err.code, err.params = "bounds_inverted", {"code": code, "year": y, "max": hi, "min": lo}
                    raise err
                yb.warnings.append(f"{where}: {code} ({y}): max below min; no value, bounds not used")
                hi = lo = math.nan
            i = framework.indicators.index(code)
            yb.value[i], yb.upper[i], yb.lower[i] = value, hi, lo
            yb.rows[code] = where
            if item.target_kind == "raw" and item.target_value is not None:
                yb.targets[code] = {
                    "kind": "raw",
                    "value": item.target_value,
                    "text": item.target,
                    "year": item.target_year,
                }
        for node in annex.nodes:
            code = framework.root if node.code == framework.root else framework.find(node.code)
            if code is None:
                continue
            score = node.values.get(y)
            rank = node.rank if y == max(all_years) else None
            if score is not None or rank is not None:
                yb.official[code] = Published(math.nan if score is None else score, rank, node.of)
            if y in node.bounds:
                hi, lo = node.bounds[y]
                yb.node_bounds[code] = (math.nan if hi is None else hi, math.nan if lo is None else lo)
            if node.target_value is not None:
                yb.targets[code] = {
                    "kind": "score",
                    "value": node.target_value,
                    "text": node.target,
                    "year": node.target_year,
                }
            if node.target_rank is not None:
                yb.targets.setdefault(code + "#rank", {})
                yb.targets[code + "#rank"] = {
                    "kind": "rank",
                    "value": node.target_rank,
                    "text": node.target,
                    "year": node.target_year,
                    "node": code,
                }
        years[y] = yb
    return Bounds(years, name)


@dataclass
class Ranking:
    """The Ministry's ranking table: per year, per node, every listed province's published score."""

    scores: dict[int | None, dict[str, dict[str, float]]]  # year -> code -> unit -> score
    ranks: dict[int | None, dict[str, dict[str, int]]]
    units: dict[int | None, list[str]]
    source: str = ""

    def year(self, year: int | None) -> RankingYear:
        if year in self.scores:
            y = year
        elif None in self.scores:
            y = None
        elif year is None and self.scores:
            y = max(k for k in self.scores if k is not None)
        else:
            shown = ", ".join(str(k) for k in self.scores if k is not None)
            raise coded(
                f"{self.source}: year {year} is not in the ranking table (years: {shown})",
                "ranking_year_missing",
                year=year,
            )
        return RankingYear(self.scores[y], self.ranks[y], self.units[y], self.source)


@dataclass
class RankingYear:
    scores: dict[str, dict[str, float]]
    ranks: dict[str, dict[str, int]]
    units: list[str]
    source: str = ""

    def others(self, code: str, unit: str | None) -> np.ndarray | None:
        """Every other listed province's published score on ``code`` (None: node not published)."""
        by_unit = self.scores.get(code)
        if not by_unit:
            return None
        return np.array([s for u, s in by_unit.items() if u != unit], float)

    def complete(self, code: str) -> bool:
        """True when the table gives a score on ``code`` for every province it lists."""
        by_unit = self.scores.get(code, {})
        return bool(by_unit) and all(u in by_unit and not math.isnan(by_unit[u]) for u in self.units)


def read_ranking(
    path: str | Path, framework: Framework, *, sheet: str | None = None, source: str | None = None
) -> Ranking:
    """Read a long ranking table ``unit,code,score[,rank][,year]``."""
    path = Path(path)
    name = source or path.name
    table = read_table(path, sheet=sheet, source=name)
    for c in ("unit", "code", "score"):
        if c not in table.header:
            raise _error(
                table,
                "ranking_columns",
                f"a ranking table has the columns unit,code,score (optionally rank,year); {c!r} is missing",
                table.header_row,
                None,
                missing=c,
            )
    known = {"unit", "code", "score", "rank", "year", "name"}
    for i, h in enumerate(table.header):
        if h not in known:
            raise _error(table, "unknown_column", f"unknown column {table.heading(i)!r}", table.header_row, i, column=h)
    col = {c: table.column_index(c) for c in known}
    mark = infer_decimal_mark(row.get(col["score"]) for row in table.rows)
    scores: dict[int | None, dict[str, dict[str, float]]] = {}
    ranks: dict[int | None, dict[str, dict[str, int]]] = {}
    units: dict[int | None, list[str]] = {}
    for row in table.rows:
        y = None
        if col["year"] is not None:
            yv = _number(table, row, col["year"], None)
            if math.isnan(yv) or not float(yv).is_integer():
                raise _error(table, "bad_year", "a year is a whole number", row.number, col["year"])
            y = int(yv)
        unit = str(row.get(col["unit"]) or "").strip()
        if not unit:
            raise _error(table, "empty_unit", "the unit is empty", row.number, col["unit"])
        text = str(row.get(col["code"]) or "").strip()
        code = framework.find(text)
        if code is None:
            raise _error(
                table, "unknown_code", f"{text!r} is not a code of {framework.name}", row.number, col["code"], code=text
            )
        score = _number(table, row, col["score"], mark)
        if math.isnan(score):
            raise _error(table, "missing_score", "the score is empty", row.number, col["score"])
        if not -1e-9 <= score <= 100 + 1e-9:
            raise _error(table, "score_range", "a score is from 0 to 100", row.number, col["score"], value=score)
        by_code = scores.setdefault(y, {}).setdefault(code, {})
        if unit in by_code:
            raise _error(table, "duplicate_row", f"{unit} {code} appears twice", row.number, col["unit"], unit=unit)
        by_code[unit] = score
        if unit not in units.setdefault(y, []):
            units[y].append(unit)
        rank = _number(table, row, col["rank"], None)
        if not math.isnan(rank):
            ranks.setdefault(y, {}).setdefault(code, {})[unit] = int(rank)
        ranks.setdefault(y, {})
    if not scores:
        raise _error(table, "ranking_empty", "the ranking table has no rows", table.header_row, None)
    return Ranking(scores, ranks, units, name)


def ranking_year(scores: dict[str, dict[str, float]], units: list[str] | None = None, source: str = "") -> RankingYear:
    """A year's published ranking from a plain mapping code -> unit -> score (what a page reads from
    the database: every province's official score per node); ``units`` lists every province ranked
    (default: every unit that appears), which decides where the national average is known."""
    listed = list(units) if units is not None else sorted({u for by_unit in scores.values() for u in by_unit})
    clean = {code: {u: float(s) for u, s in by_unit.items() if s is not None} for code, by_unit in scores.items()}
    return RankingYear(clean, {}, listed, source)
