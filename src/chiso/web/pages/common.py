"""What every page of a province needs: the framework and year asked for, and the computed result."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chiso.core import Framework, YearResult
from chiso.core.numbers import format_number
from chiso.web.indexdata import frameworks, queries
from chiso.web.indexdata.actions import core_framework
from chiso.web.indexdata.models import FrameworkVersion
from chiso.web.people.models import Province


@dataclass
class Context:
    fv: FrameworkVersion
    framework: Framework
    year: int | None
    years: list[int]
    result: YearResult | None
    illustrative: bool

    def cell(self, unit: str, code: str) -> dict[str, Any] | None:
        return cell(self.result, unit, code)

    def as_dict(self) -> dict[str, Any]:
        return {
            "fv": self.fv,
            "year": self.year,
            "years": self.years,
            "illustrative": self.illustrative,
            "has_computed": self.result is not None,
        }


def load(request: HttpRequest, province: Province | None = None) -> Context:
    """The framework asked for (``?framework=``), else the one set for the province and year
    (``frameworks.choose``: an administrator's explicit setting, never a guess)."""
    if province is None:
        code = request.resolver_match.kwargs.get("code") if request.resolver_match else None
        province = Province.objects.filter(code=code).first() if code else None
    try:
        asked = int(request.GET["year"]) if request.GET.get("year") else None
    except ValueError:
        raise Http404("bad year") from None
    if asked is not None and not 1900 <= asked <= 9999:
        raise Http404("bad year")
    name = request.GET.get("framework")
    if name:
        fv = FrameworkVersion.objects.filter(name=name).first()
        if fv is None:
            raise Http404("no such framework")
        years = queries.years(fv)
        year = asked if asked is not None else (years[0] if years else None)
    else:
        choice = frameworks.choose(province, asked)
        fv, year, years = choice.framework, choice.year, choice.years
        if fv is None:
            raise Http404(_("Chưa chọn bộ chỉ số cho năm này; quản trị viên chọn trên trang Bộ chỉ số."))
    result, illustrative = queries.computed(fv, year) if year else (None, False)
    return Context(fv, core_framework(fv), year, years, result, illustrative)


def cell(result: YearResult | None, unit: str, code: str) -> dict[str, Any] | None:
    if result is None or unit not in result.units:
        return None
    score = result.score(unit, code)
    mean = result.node_stats(code)["mean"]
    return {
        "score": None if math.isnan(score) else score,
        "rank": result.rank(unit, code),
        "of": len(result.units),
        "mean": None if math.isnan(mean) else mean,
        "gap": None if math.isnan(score) or math.isnan(mean) else score - mean,
    }


def fmt(value: float, decimals: int = 2) -> str:
    return format_number(value, decimals, locale="en" if get_language() == "en" else "vi")


def node_name(framework: Framework, code: str) -> str:
    node = framework.node(code)
    return node.name_en if get_language() == "en" and node.name_en else node.name


def require_result(ctx: Context, province: Province) -> YearResult:
    if ctx.result is None or province.code not in ctx.result.units:
        raise Http404("no computed result for this province and year")
    return ctx.result
