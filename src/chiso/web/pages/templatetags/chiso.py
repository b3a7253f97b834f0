"""Numbers as every page shows them: the Vietnamese way in Vietnamese (45,23; 1.234,5), the
English way in English (45.23; 1,234.5). One place for number formatting, for templates
(``{% load chiso %}``) and views alike.

- ``{{ x|vn }}``, ``{{ x|vn:3 }}``: a number rounded to the given decimals (default 2), with
  thousands grouped; missing (None, NaN, empty) is "–"; a non-finite or astronomically large
  value never prints hundreds of digits (``1,00·10³⁰⁸``).
- ``{{ x|vn_input:2 }}``: the value to put back in a form field: rounded to the decimals, trailing
  zeros dropped, no thousands grouping (so it always reads back unambiguously), decimal comma in
  Vietnamese; missing is the empty string. ``0.8300000000000001`` becomes ``0,83``.
- ``{{ x|signed }}``: with an explicit sign (+1,20; −0,35).
- ``{{ rank|rank_of:n }}``: "23/34", or "–" when there is no rank.
- ``num`` is the old name of ``vn``.

Precision per indicator (``decimals_for``): two decimals, more when the indicator's national range
is small, so that the range always shows at least three significant digits (range 0,5 → 3
decimals, 0,05 → 4), never more than four.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from django import template
from django.utils.translation import get_language

from chiso.core.numbers import format_number

register = template.Library()

MAX_DECIMALS = 4
DEFAULT_DECIMALS = 2
_HUGE = 1e15  # beyond this, a number is shown as mantissa·10^exponent
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _locale() -> str:
    return "en" if get_language() == "en" else "vi"


def _as_float(value) -> float | None:
    """The number a template value holds, or None when it holds none (None, "", NaN, text)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _decimals(decimals) -> int:
    try:
        return max(0, min(int(decimals), 8))
    except (TypeError, ValueError):
        return DEFAULT_DECIMALS


def decimals_for(values: Iterable[float]) -> int:
    """Decimals to show an indicator with, from its values across the country (see module doc)."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if len(finite) < 2:
        return DEFAULT_DECIMALS
    spread = max(finite) - min(finite)
    if spread <= 0:
        return DEFAULT_DECIMALS
    return max(DEFAULT_DECIMALS, min(MAX_DECIMALS, 2 - math.floor(math.log10(spread))))


def format_vn(value, decimals=DEFAULT_DECIMALS) -> str:
    """A number for reading (see ``vn``)."""
    number = _as_float(value)
    if number is None:
        if isinstance(value, str) and value.strip() and value.strip().lower() not in ("nan", "none"):
            return value  # a text already written for reading (e.g. "n/a" from a source)
        return "–"
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    d = _decimals(decimals)
    locale = _locale()
    if abs(number) >= _HUGE:
        exponent = math.floor(math.log10(abs(number)))
        mantissa = number / 10**exponent
        return format_number(mantissa, 2, locale=locale) + "·10" + str(exponent).translate(_SUPERSCRIPT)
    return format_number(round(number, d) + 0.0, d, locale=locale)


def format_input(value, decimals=6) -> str:
    """A number to put back in a form field (see ``vn_input``)."""
    number = _as_float(value)
    if number is None or not math.isfinite(number):
        return ""
    d = _decimals(decimals)
    if abs(number) >= _HUGE:
        text = f"{number:.{d}e}"
    else:
        text = f"{round(number, d) + 0.0:.{d}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text in ("-0", ""):
            text = "0"
    return text if _locale() == "en" else text.replace(".", ",")


@register.filter
def vn(value, decimals=DEFAULT_DECIMALS):
    return format_vn(value, decimals)


@register.filter
def num(value, decimals=DEFAULT_DECIMALS):
    return format_vn(value, decimals)


@register.filter
def vn_input(value, decimals=6):
    return format_input(value, decimals)


@register.filter
def signed(value, decimals=DEFAULT_DECIMALS):
    number = _as_float(value)
    if number is None:
        return "–"
    text = format_vn(abs(number), decimals)
    rounded = round(number, _decimals(decimals))
    return ("+" if rounded > 0 else "−" if rounded < 0 else "") + text


@register.filter
def rank_of(rank, count=None):
    if rank is None or rank == "":
        return "–"
    try:
        number = float(rank)
    except (TypeError, ValueError):
        return "–"
    if math.isnan(number):
        return "–"
    text = str(int(number)) if number.is_integer() else format_vn(number, 1)
    return f"{text}/{count}" if count else text


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
