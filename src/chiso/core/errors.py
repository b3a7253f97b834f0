"""Errors raised by the core when its input cannot be used.

Every error about user input carries a stable ``code`` (a member of ``Code``, the registry of all
codes) and ``params`` (the values the message names: the cell's text, a limit, a code, a year...),
so that an interface can word it in its own language without reading the English sentence. Its
``str()`` stays a readable English sentence with the place (file, sheet, row, column) in front, for
the command line. ``ENGLISH`` holds each code's English wording (``str.format`` with the params).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


def column_letter(index: int) -> str:
    """Spreadsheet column letter for a 1-based column index (1 -> A, 27 -> AA)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Code(StrEnum):
    """The registry of input-error codes (stable identifiers: an interface keys its messages on them)."""

    # -- numbers in a cell (chiso.core.numbers)
    VALUE_NOT_NUMBER = "value_not_number"
    VALUE_NOT_FINITE = "value_not_finite"
    VALUE_PERCENT = "value_percent"
    VALUE_AMBIGUOUS = "value_ambiguous"
    VALUE_GROUPS_WITH_DECIMAL_MARK = "value_groups_with_decimal_mark"
    VALUE_MARK_TWICE = "value_mark_twice"
    VALUE_OUT_OF_RANGE = "value_out_of_range"
    VALUE_INFINITE = "value_infinite"
    RAW_VALUE_OUT_OF_RANGE = "raw_value_out_of_range"
    # -- files and sheets (chiso.core.tables)
    FILE_NOT_FOUND = "file_not_found"
    FILE_IS_FOLDER = "file_is_folder"
    FILE_UNREADABLE = "file_unreadable"
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE_UNSUPPORTED = "file_type_unsupported"
    NOT_UTF8 = "not_utf8"
    CSV_QUOTE_SWALLOWS_LINES = "csv_quote_swallows_lines"
    CSV_QUOTE_NOT_CLOSED = "csv_quote_not_closed"
    ROW_TOO_SHORT = "row_too_short"
    TOO_MANY_ROWS = "too_many_rows"
    TOO_MANY_CELLS = "too_many_cells"
    TOO_MANY_COLUMNS = "too_many_columns"
    TOO_MANY_STRINGS = "too_many_strings"
    TOO_MANY_MERGED = "too_many_merged"
    PART_TOO_LARGE = "part_too_large"
    PART_ZIP_BOMB = "part_zip_bomb"
    NOT_XLSX = "not_xlsx"
    BROKEN_WORKBOOK = "broken_workbook"
    NO_SHEET = "no_sheet"
    FORMULA_WITHOUT_VALUE = "formula_without_value"
    EMPTY_SHEET = "empty_sheet"
    EMPTY_HEADING = "empty_heading"
    DUPLICATE_HEADING = "duplicate_heading"
    VALUE_WITHOUT_HEADING = "value_without_heading"
    MERGED_CELLS = "merged_cells"  # a notice (``Notice``), not an error
    MORE_MERGED_CELLS = "more_merged_cells"  # a notice
    # -- table layouts
    UNKNOWN_COLUMN = "unknown_column"
    MISSING_COLUMNS = "missing_columns"
    UNKNOWN_LAYOUT = "unknown_layout"
    NO_DATA_ROWS = "no_data_rows"
    NO_YEAR_COLUMNS = "no_year_columns"
    # -- cells of a data set (chiso.core.dataset)
    EMPTY_CELL = "empty_cell"
    YEAR_NOT_WHOLE = "year_not_whole"
    YEAR_OUT_OF_RANGE = "year_out_of_range"
    YEAR_MISMATCH = "year_mismatch"
    NO_DATA_FOR_YEAR = "no_data_for_year"
    UNKNOWN_CODE = "unknown_code"
    NOT_INDICATOR = "not_indicator"
    UNKNOWN_INDICATOR = "unknown_indicator"
    DUPLICATE_ROW = "duplicate_row"
    DUPLICATE_UNIT = "duplicate_unit"
    DUPLICATE_CODE = "duplicate_code"
    SAME_PROVINCE = "same_province"
    NOT_PROVINCE = "not_province"
    # -- official results, targets and national statistics (the annex layouts)
    SCORE_OUT_OF_RANGE = "score_out_of_range"
    AGGREGATE_SCORE_OUT_OF_RANGE = "aggregate_score_out_of_range"
    RANK_NOT_WHOLE = "rank_not_whole"
    TARGET_RANK_NOT_WHOLE = "target_rank_not_whole"
    UNKNOWN_IMPORT_KIND = "unknown_import_kind"
    # -- frameworks (chiso.core.framework)
    FRAMEWORK_EMPTY = "framework_empty"
    TOO_MANY_NODES = "too_many_nodes"
    EMPTY_CODE = "empty_code"
    CODE_DEFINED_TWICE = "code_defined_twice"
    CODE_DIFFERS_BY_CASE = "code_differs_by_case"
    WEIGHT_INVALID = "weight_invalid"
    DIRECTION_INVALID = "direction_invalid"
    NO_ROOT = "no_root"
    SECOND_ROOT = "second_root"
    PARENT_UNKNOWN = "parent_unknown"
    CYCLE = "cycle"
    TOO_DEEP = "too_deep"
    UNKNOWN_FRAMEWORK = "unknown_framework"
    # -- solver, limits, what-if and trend inputs
    TARGET_UNREADABLE = "target_unreadable"
    TARGET_INVALID = "target_invalid"
    TARGET_NODE_UNKNOWN = "target_node_unknown"
    EFFORT_NEGATIVE = "effort_negative"
    CHANGE_UNREADABLE = "change_unreadable"
    CHANGE_INVALID = "change_invalid"
    CHANGE_UNKNOWN_UNIT = "change_unknown_unit"
    CHANGE_NOT_INDICATOR = "change_not_indicator"
    CHANGE_NO_CURRENT_VALUE = "change_no_current_value"
    CHANGE_SCORE_RANGE = "change_score_range"
    UNIT_NOT_IN_YEARS = "unit_not_in_years"
    TREND_NEEDS_YEARS = "trend_needs_years"
    # -- the solver's notes on a plan (``Notice``s, not errors)
    SOLVER_VALUES_MISSING = "solver_values_missing"
    SOLVER_RECOMPUTED = "solver_recomputed"


# Each code's English wording. ``{name!r}`` quotes a text as Python does ('nhiều'); a param named
# ``cause`` is another InputError (the reason a target or change cannot be used).
ENGLISH: dict[Code, str] = {
    Code.VALUE_NOT_NUMBER: "{value!r} is not a number",
    Code.VALUE_NOT_FINITE: "{value!r} is not a number: leave the cell empty for a missing value",
    Code.VALUE_PERCENT: "{value!r} has a percent sign: write the number alone (the unit belongs to the indicator)",
    Code.VALUE_AMBIGUOUS: (
        "{value!r} is ambiguous: 1.234 is 1234 in Vietnamese and 1.234 in English; write 1234, or 1,234 for the decimal"
    ),
    Code.VALUE_GROUPS_WITH_DECIMAL_MARK: "{value!r} groups digits with {mark!r}, the decimal mark of this file",
    Code.VALUE_MARK_TWICE: "{value!r} uses {mark!r} both to group and as decimal mark",
    Code.VALUE_OUT_OF_RANGE: "{value!r} is out of range: numbers are accepted up to 10^12 in magnitude",
    Code.VALUE_INFINITE: "infinite value",
    Code.RAW_VALUE_OUT_OF_RANGE: (
        "{value!r} is out of range: numbers are accepted up to 10^12 in magnitude (unit {unit!r}, indicator {indicator})"
    ),
    Code.FILE_NOT_FOUND: "file not found",
    Code.FILE_IS_FOLDER: "this is a folder, not a file",
    Code.FILE_UNREADABLE: "cannot read file: {reason}",
    Code.FILE_TOO_LARGE: "the file is larger than {limit_mb} MB",
    Code.FILE_TYPE_UNSUPPORTED: "unsupported file type {suffix}: use .csv or .xlsx",
    Code.NOT_UTF8: "the file is not UTF-8 text (save it as 'CSV UTF-8' or as .xlsx)",
    Code.CSV_QUOTE_SWALLOWS_LINES: (
        "malformed CSV: the quote that opens this cell closes {lines} line(s) later, so the lines in between are "
        'read as one cell; remove the stray quote (or close it: "…")'
    ),
    Code.CSV_QUOTE_NOT_CLOSED: "malformed CSV ({detail}): a quote opened in this row or above is not closed properly",
    Code.ROW_TOO_SHORT: (
        "this row has {cells} cell(s) and the heading row {width}: check the quotes and separators of this row"
    ),
    Code.TOO_MANY_ROWS: "too many rows: the limit is {limit:,}",
    Code.TOO_MANY_CELLS: "too many cells: the limit is {limit:,}",
    Code.TOO_MANY_COLUMNS: "too many columns: the limit is {limit:,}",
    Code.TOO_MANY_STRINGS: "too many shared strings: the limit is {limit:,}",
    Code.TOO_MANY_MERGED: "too many merged ranges: the limit is {limit:,}",
    Code.PART_TOO_LARGE: "the workbook part {part} is {size_mb:,.0f} MB uncompressed: the limit is {limit_mb} MB",
    Code.PART_ZIP_BOMB: (
        "the workbook part {part} is compressed {ratio:,} times ({size_mb:,.0f} MB uncompressed): "
        "refused as a possible zip bomb"
    ),
    Code.NOT_XLSX: "not a readable .xlsx workbook ({detail})",
    Code.BROKEN_WORKBOOK: "broken workbook: {detail}",
    Code.NO_SHEET: "no sheet named {sheet!r} (sheets: {sheets})",
    Code.FORMULA_WITHOUT_VALUE: (
        "formula without a computed value: open the file in Excel or LibreOffice, let it calculate and save it "
        "again (or type the value)"
    ),
    Code.EMPTY_SHEET: "the sheet is empty: no heading row",
    Code.EMPTY_HEADING: "empty column heading",
    Code.DUPLICATE_HEADING: "column heading {heading!r} appears twice",
    Code.VALUE_WITHOUT_HEADING: "value in a column without heading",
    Code.MERGED_CELLS: (
        "{file}, sheet {sheet!r}: cells {cells} are merged; only {first} holds a value, "
        "the other cells up to {last} are read as empty"
    ),
    Code.MORE_MERGED_CELLS: "{file}, sheet {sheet!r}: {count} more merged ranges",
    Code.UNKNOWN_COLUMN: "unknown column {column!r} (columns: {expected})",
    Code.MISSING_COLUMNS: "missing column(s): {columns}",
    Code.UNKNOWN_LAYOUT: (
        "cannot tell the layout: a wide table has a 'unit' column and one column per indicator; "
        "a long table has the columns year,unit,indicator,value"
    ),
    Code.NO_DATA_ROWS: "no data rows",
    Code.NO_YEAR_COLUMNS: "no year columns (max_YYYY, min_YYYY, value_YYYY)",
    Code.EMPTY_CELL: "empty {what}",
    Code.YEAR_NOT_WHOLE: "year must be a whole number such as 2025, not {value!r}",
    Code.YEAR_OUT_OF_RANGE: "year {year} is out of range",
    Code.YEAR_MISMATCH: "year {value!r} in an import for {year}",
    Code.NO_DATA_FOR_YEAR: "no data for year {year}; the data has {years}",
    Code.UNKNOWN_CODE: "{code!r} is not a code of framework {framework}",
    Code.NOT_INDICATOR: "{code!r} is a {kind}, not an indicator: data holds indicator values only",
    Code.UNKNOWN_INDICATOR: "{code!r} is not an indicator of {framework}",
    Code.DUPLICATE_ROW: "{unit!r} {code} {year} appears again (first in row {first_row})",
    Code.DUPLICATE_UNIT: "unit {unit!r} appears again (first in row {first_row})",
    Code.DUPLICATE_CODE: "{code} appears again (first in row {first_row})",
    Code.SAME_PROVINCE: "units {first!r} and {second!r} are both {province}",
    Code.NOT_PROVINCE: "{unit!r} is not an official province in {year} (write its name or its two-digit code)",
    Code.SCORE_OUT_OF_RANGE: "a score is between 0 and 100, not {value!r}",
    Code.AGGREGATE_SCORE_OUT_OF_RANGE: "{code} is a {kind}: its value is a score between 0 and 100",
    Code.RANK_NOT_WHOLE: "a rank is a whole number from 1, not {value!r}",
    Code.TARGET_RANK_NOT_WHOLE: "a target rank is a whole number from 1, not {value!r}",
    Code.UNKNOWN_IMPORT_KIND: "unknown import kind {kind!r}",
    Code.FRAMEWORK_EMPTY: "the framework has no nodes",
    Code.TOO_MANY_NODES: "the framework has {nodes:,} nodes: the limit is {limit:,}",
    Code.EMPTY_CODE: "empty code",
    Code.CODE_DEFINED_TWICE: "code {code!r} already defined in row {first_row}",
    Code.CODE_DIFFERS_BY_CASE: (
        "code {code!r} differs from {other!r} (row {first_row}) only by case or spaces: "
        "codes must differ by more than that"
    ),
    Code.WEIGHT_INVALID: "weight must be a number >= 0, not {value!r}",
    Code.DIRECTION_INVALID: "direction must be 1 or -1, not {value!r}",
    Code.NO_ROOT: "no root: exactly one node must have an empty parent",
    Code.SECOND_ROOT: "second root {code!r}: only {root!r} may have an empty parent",
    Code.PARENT_UNKNOWN: "parent {parent!r} of {code!r} is not a code of this framework",
    Code.CYCLE: "cycle: {path}",
    Code.TOO_DEEP: "{code!r} is {depth} levels below the root: the limit is {limit}",
    Code.UNKNOWN_FRAMEWORK: "no built-in framework {name!r}; built-in: {builtin}",
    Code.TARGET_UNREADABLE: "cannot read target {text!r}: write {form}",
    Code.TARGET_INVALID: "target {text!r}: {cause}",
    Code.TARGET_NODE_UNKNOWN: "target node {node!r} is not a code of {framework}",
    Code.EFFORT_NEGATIVE: "effort must be >= 0, not {value:g}",
    Code.CHANGE_UNREADABLE: "cannot read change {text!r}: write UNIT:INDICATOR=VALUE (e.g. 14:2.2.1=0,5 or 14:2.2.1=+10%)",
    Code.CHANGE_INVALID: "change {text!r}: {cause}",
    Code.CHANGE_UNKNOWN_UNIT: "change for unit {unit!r}: no such unit in {year} data",
    Code.CHANGE_NOT_INDICATOR: "change for {indicator!r}: not an indicator of {framework}",
    Code.CHANGE_NO_CURRENT_VALUE: "{unit} {indicator}: no current value to change by {change:+g}%",
    Code.CHANGE_SCORE_RANGE: "{unit} {indicator}: a score must be within 0 and 100, not {value:g}",
    Code.UNIT_NOT_IN_YEARS: "unit {unit!r} is in none of the years {years}",
    Code.TREND_NEEDS_YEARS: "a trend needs data with years",
    Code.SOLVER_VALUES_MISSING: "{count} indicator(s) have no value and are left as they are: {codes}",
    Code.SOLVER_RECOMPUTED: (
        "the linear model fell short (treatment or bounds changed); the plan was found by recomputation"
    ),
}


def english(code: Code, params: Mapping[str, Any]) -> str:
    """The code's English sentence with its params."""
    return ENGLISH[code].format(**params)


class InputError(ValueError):
    """Input that cannot be read or used, located as precisely as the input allows.

    ``InputError(Code.X, params={...}, file=..., row=...)`` is a coded error: its English message is
    ``ENGLISH[code]`` with the params unless ``english`` words it for the place (a hint, a list of
    the expected columns). ``InputError("some sentence")`` is an uncoded error (the command line's
    own, written in English only).

    ``row`` and ``column`` are 1-based positions as a spreadsheet shows them (the header is row 1);
    ``header`` is the column's heading when there is one.
    """

    def __init__(
        self,
        message: str | Code,
        *,
        params: Mapping[str, Any] | None = None,
        english: str | None = None,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: int | None = None,
        header: str | None = None,
    ) -> None:
        self.params: dict[str, Any] = dict(params or {})
        if isinstance(message, Code):
            self.code: Code | None = message
            self.message = english if english is not None else ENGLISH[message].format(**self.params)
        else:
            self.code = None
            self.message = message
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.header = header
        super().__init__(self.location() + self.message)

    def at(
        self,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: int | None = None,
        header: str | None = None,
    ) -> InputError:
        """The same error (code, params, message) placed in a file: an InputError, whatever the class."""
        return InputError(
            self.code if self.code is not None else self.message,
            params=self.params,
            english=self.message,
            file=file,
            sheet=sheet,
            row=row,
            column=column,
            header=header,
        )

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            col = f"column {column_letter(self.column)}"
            if self.header:
                col += f" ({self.header})"
            parts.append(col)
        return (", ".join(parts) + ": ") if parts else ""


class Notice(str):
    """A warning the readers give (merged cells): an English sentence, as before, with a code and params
    so that an interface can word it in its own language."""

    code: Code
    params: dict[str, Any]

    def __new__(cls, code: Code, params: Mapping[str, Any]) -> Notice:
        self = super().__new__(cls, english(code, params))
        self.code = code
        self.params = dict(params)
        return self
