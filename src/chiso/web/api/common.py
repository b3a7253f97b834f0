"""What every router needs: the caller's language, the province and framework-year asked for (with
the caller's scope), pagination, and numbers as JSON (no NaN)."""

from __future__ import annotations

import math
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Schema

from chiso.web.common.context import Context, load
from chiso.web.people import access
from chiso.web.people.models import Profile, Province

from .errors import not_found

T = TypeVar("T")
MAX_LIMIT = 500


def language_of(request: HttpRequest) -> str:
    """English when Accept-Language prefers it to Vietnamese, else Vietnamese (the default)."""
    available = {code for code, _ in settings.LANGUAGES}
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    try:
        parsed = translation.trans_real.parse_accept_lang_header(header[:500])
    except ValueError:
        parsed = ()
    for code, _q in parsed:
        base = code.split("-")[0].lower()
        if base in available:
            return base
    return settings.LANGUAGE_CODE


def num(value: Any) -> float | None:
    """A finite float, or None (JSON has no NaN)."""
    if value is None or isinstance(value, bool):
        return None
    v = float(value)
    return v if math.isfinite(v) else None


class Page(Schema, Generic[T]):
    count: int = Field(description="how many items match, over all pages")
    limit: int
    offset: int
    items: list[T]


def page(items: list, limit: int, offset: int) -> dict[str, Any]:
    return {"count": len(items), "limit": limit, "offset": offset, "items": items[offset : offset + limit]}


def scoped_province(request: HttpRequest, code: str) -> tuple[Profile, Province]:
    """The province ``code`` if the caller may see it: 404 when it does not exist, 403 otherwise."""
    profile = access.profile_of(request.user)
    return profile, access.province_for(request.user, code)


def context(request: HttpRequest, province: Province) -> Context:
    """The framework and year asked for (``?framework=``, ``?year=``), else those an administrator set
    for the province (as the pages choose them); 404 when there is none."""
    ctx = load(request, province)
    if ctx.fv is None or ctx.year is None:
        raise not_found(_("Chưa có bộ chỉ số nào."))
    return ctx


def node_label(framework, code: str) -> str:
    node = framework.node(code)
    return node.name_en if translation.get_language() == "en" and node.name_en else node.name
