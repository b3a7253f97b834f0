"""Numbers as Vietnamese spreadsheets write them, and as chiso shows them.

Reading rules (one cell at a time):
- a comma alone is the decimal mark ("45,23", "0,5"); dots then group thousands ("1.234,56");
- a dot alone is the decimal mark ("0.46", "12.5"), except where it could equally be a Vietnamese
  thousands mark (a non-zero integer part followed by exactly three digits, "1.234"). Such a cell
  is read by the convention of its file (``infer_decimal_mark``: the other cells that say which
  mark is decimal); when the file does not say, it is refused, so a value never silently changes
  a thousandfold;
- both marks: the last one is the decimal mark ("1,234.56", "1.234,56"); the other must group
  thousands in threes;
- exponent notation as programs write it ("2.9e-05");
- "n/a", "na", "-", "–", "…" and empty cells are missing values;
- non-finite numbers ("inf", "nan", 1e309) and numbers beyond 10^12 in magnitude are refused: no
  indicator is that large, and larger values would overflow the computation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from .errors import Code, InputError

MISSING_TOKENS = frozenset({"", "n/a", "na", "n.a.", "-", "–", "—", "...", "…", "x"})
MAX_MAGNITUDE = 1e12  # the largest absolute value chiso accepts
_NON_FINITE = frozenset({"nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"})

_SIGN = r"[+-−]?"
_PLAIN = re.compile(rf"^{_SIGN}\d+$")
_SCIENTIFIC = re.compile(rf"^{_SIGN}\d+(\.\d+)?[eE][+-]?\d+$")
_SINGLE = re.compile(rf"^({_SIGN})(\d+)([.,])(\d+)$")
_GROUPED = re.compile(rf"^({_SIGN})(\d{{1,3}}(?:([.,])\d{{3}})+)(?:([.,])(\d+))?$")


class NumberFormatError(InputError):
    """The text is not a number chiso can read without guessing (a coded InputError without a place:
    the reader of the cell places it with ``InputError.at``)."""

    def __init__(self, code: Code, value: object, **params: object) -> None:
        super().__init__(code, params={"value": _shown(value), **params})


def _shown(value: object) -> object:
    """The cell as the message names it (a long text cut to 40 characters)."""
    if isinstance(value, str) and len(value) > 38:
        return value[:37] + "…"
    return value


def is_missing(text: object) -> bool:
    if text is None:
        return True
    if isinstance(text, float) and math.isnan(text):
        return True
    return isinstance(text, str) and text.strip().lower() in MISSING_TOKENS


def _clean_text(value: object) -> str:
    return str(value).strip().replace("\u00a0", "").replace(" ", "").replace("−", "-")


def _vote(text: str) -> str | None:
    """The decimal mark a cell shows by itself, or None when it does not say."""
    m = _SINGLE.match(text)
    if m:
        _, whole, mark, frac = m.groups()
        if mark == "." and len(frac) == 3 and whole.lstrip("0") != "":
            return None
        if mark == "," and len(frac) == 3 and whole.lstrip("0") != "":
            return None  # read as a decimal by default, but no evidence either way
        return mark
    m = _GROUPED.match(text)
    if m:
        _, _, group_mark, dec_mark, _ = m.groups()
        if dec_mark is not None:
            return dec_mark
        return "." if group_mark == "," else ","
    return None


def infer_decimal_mark(cells: Iterable[object]) -> str | None:
    """ "." or "," when the text cells that say anything all agree; None otherwise."""
    votes = set()
    for cell in cells:
        if isinstance(cell, str):
            vote = _vote(_clean_text(cell))
            if vote is not None:
                votes.add(vote)
                if len(votes) > 1:
                    return None
    return votes.pop() if votes else None


def parse_number(value: object, decimal_mark: str | None = None) -> float:
    """Read one cell as a float; ``nan`` for a missing value; NumberFormatError otherwise.

    ``decimal_mark`` is the file's convention, used only for cells that are ambiguous alone.
    A number that is not finite or beyond ``MAX_MAGNITUDE`` is a NumberFormatError.
    """
    number = _parse(value, decimal_mark)
    if not math.isnan(number) and not abs(number) <= MAX_MAGNITUDE:
        raise NumberFormatError(Code.VALUE_OUT_OF_RANGE, value)
    return number


def _parse(value: object, decimal_mark: str | None) -> float:
    if is_missing(value):
        return math.nan
    if isinstance(value, bool):
        raise NumberFormatError(Code.VALUE_NOT_NUMBER, value)
    if isinstance(value, (int, float)):
        try:
            return float(value)
        except OverflowError:  # an int beyond float range
            return math.inf
    text = _clean_text(value)
    if text.lower() in _NON_FINITE:
        raise NumberFormatError(Code.VALUE_NOT_FINITE, value)
    if text.endswith("%"):
        raise NumberFormatError(Code.VALUE_PERCENT, value)
    if _PLAIN.match(text) or _SCIENTIFIC.match(text):
        return float(text)
    m = _SINGLE.match(text)
    if m:
        sign, whole, mark, frac = m.groups()
        ambiguous = len(frac) == 3 and whole.lstrip("0") != ""
        if ambiguous and decimal_mark is not None and mark != decimal_mark:
            return float(f"{sign}{whole}{frac}")  # the file groups thousands with this mark
        if mark == "." and ambiguous and decimal_mark is None:
            raise NumberFormatError(Code.VALUE_AMBIGUOUS, value)
        return float(f"{sign}{whole}.{frac}")
    m = _GROUPED.match(text)
    if m:
        sign, grouped, group_mark, dec_mark, frac = m.groups()
        if decimal_mark is not None and group_mark == decimal_mark:
            raise NumberFormatError(Code.VALUE_GROUPS_WITH_DECIMAL_MARK, value, mark=group_mark)
        if dec_mark is not None and dec_mark == group_mark:
            raise NumberFormatError(Code.VALUE_MARK_TWICE, value, mark=group_mark)
        digits = grouped.replace(group_mark, "")
        return float(f"{sign}{digits}.{frac}" if frac is not None else f"{sign}{digits}")
    raise NumberFormatError(Code.VALUE_NOT_NUMBER, value)


def format_number(value: float | None, decimals: int = 2, *, locale: str = "vi") -> str:
    """Format like the sources: 45,23 and 1.234,56 in Vietnamese; 45.23 and 1,234.56 in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if locale == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
