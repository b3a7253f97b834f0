"""Numbers the Vietnamese way (45,23; 1.234) in Vietnamese, the English way in English."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from chiso.core.numbers import format_number

register = template.Library()


@register.filter
def num(value, decimals=2):
    if value is None or value == "":
        return "–"
    try:
        return format_number(float(value), int(decimals), locale="en" if get_language() == "en" else "vi")
    except (TypeError, ValueError):
        return value


@register.filter
def signed(value, decimals=2):
    if value is None:
        return "–"
    text = num(abs(value), decimals)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
