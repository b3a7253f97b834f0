"""Numbers typed into the steering forms: read the Vietnamese way and the international way, refused
with a message meant to be shown next to the field, or flagged when far from anything the country
has seen.

Reading is the core's (``chiso.core.numbers.parse_number``): "45,23", "1.234,5", "1234.5",
"1 234,5", "1,234.5", "2.9e-05". A number that the core finds ambiguous alone ("1.234": one
thousand two hundred and thirty-four in Vietnamese, one point two three four in English) is read
by the convention of the page's language, stated on the page (Vietnamese: 1234; English: 1.234);
a value read a thousandfold wrong is then far from the national range and flagged.
On top of that, a form refuses what no indicator can hold: the missing-value words ("nan", "n/a":
leave the field empty to keep the current value), infinities and anything beyond 10¹² in size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chiso.core.errors import Code
from chiso.core.numbers import MISSING_TOKENS, NumberFormatError, parse_number
from chiso.web.common.formatting import format_vn

LIMIT = 1e12  # no indicator, limit, effort or target is larger than this in magnitude


class FieldError(ValueError):
    """A typed value a form cannot use; the message is for the user, next to the field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_number(text: str, *, integer: bool = False, minimum: float | None = None) -> float:
    """The number typed in a field, or FieldError with a message in the user's language."""
    typed = str(text).strip()
    lowered = typed.lower().replace(" ", "")
    if lowered in MISSING_TOKENS or lowered in ("none", "null"):
        raise FieldError(_("“%(v)s” không phải là số (để trống nếu không muốn thay đổi)") % {"v": typed})
    if lowered.lstrip("+-−") in ("inf", "infinity", "∞"):
        raise FieldError(_("“%(v)s” không phải là số hữu hạn") % {"v": typed})
    try:
        try:
            value = parse_number(typed)
        except NumberFormatError as exc:
            if exc.code != Code.VALUE_AMBIGUOUS:
                raise
            # "1.234" alone: read by the convention of the page's language (stated on the page)
            value = parse_number(typed, decimal_mark="." if get_language() == "en" else ",")
    except NumberFormatError as exc:
        if exc.code == Code.VALUE_OUT_OF_RANGE:
            raise FieldError(
                _("“%(v)s” quá lớn: giá trị phải nằm trong khoảng ±%(limit)s")
                % {"v": typed, "limit": format_vn(LIMIT, 0)}
            ) from None
        if exc.code == Code.VALUE_PERCENT:
            raise FieldError(_("“%(v)s”: chỉ ghi số, không ghi dấu %%") % {"v": typed}) from None
        raise FieldError(_("“%(v)s” không phải là số") % {"v": typed}) from None
    if not math.isfinite(value) or abs(value) > LIMIT:
        raise FieldError(
            _("“%(v)s” quá lớn: giá trị phải nằm trong khoảng ±%(limit)s") % {"v": typed, "limit": format_vn(LIMIT, 0)}
        )
    if integer and not value.is_integer():
        raise FieldError(_("“%(v)s” phải là số nguyên") % {"v": typed})
    if minimum is not None and value < minimum:
        raise FieldError(_("“%(v)s” phải từ %(min)s trở lên") % {"v": typed, "min": format_vn(minimum, 0)})
    return value


@dataclass(frozen=True)
class Range:
    """An indicator's values across the country (raw values, missing skipped)."""

    low: float
    high: float

    @classmethod
    def of(cls, values) -> Range | None:
        finite = [float(v) for v in values if v is not None and math.isfinite(v)]
        return cls(min(finite), max(finite)) if finite else None


def flag(value: float, national: Range | None, decimals: int = 2) -> str | None:
    """Why a typed value deserves a second look (it is still computed), or None."""
    if national is None:
        return None
    if value < 0 <= national.low:
        return _("giá trị âm, trong khi không tỉnh nào có giá trị âm (thấp nhất %(min)s)") % {
            "min": format_vn(national.low, decimals)
        }
    spread = national.high - national.low
    if value > national.high + spread or value < national.low - spread:
        return _("rất xa khoảng của cả nước (%(min)s – %(max)s): hãy kiểm tra lại") % {
            "min": format_vn(national.low, decimals),
            "max": format_vn(national.high, decimals),
        }
    return None
