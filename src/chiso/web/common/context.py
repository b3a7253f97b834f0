"""What every page of a province needs: the framework and year asked for, and the computed result."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chiso.core import Framework, YearResult
from chiso.core.numbers import format_number
from chiso.web.indexdata import frameworks, queries
from chiso.web.indexdata.actions import core_framework
from chiso.web.indexdata.models import FrameworkVersion
from chiso.web.people.models import Province

YEARS = range(1900, 2201)  # a year outside this range is a bad query parameter, not a year without data


class NotFound(Http404):
    """A 404 whose message is written for the user (translated): the 404 page shows it."""


class BadQuery(BadRequest):
    """A 400 for a query parameter the page cannot use; its message is shown to the user."""


@dataclass
class Structure:
    """The levels a page shows, as the framework names them (``Framework.levels``), never from a
    framework's codes: the root, its sub-indices, the pillars and each pillar's groups, every list in
    the framework's order (the nodes' positions)."""

    root: str
    subindices: list[str]
    pillars: list[str]
    groups: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, fw: Framework) -> Structure:
        pillars = fw.of_kind("pillar")
        groups = {p: [] for p in pillars}
        for g in fw.of_kind("group"):
            pillar = next((a for a in fw.ancestors(g) if a in groups), None)
            if pillar is not None:
                groups[pillar].append(g)
        return cls(fw.root, fw.of_kind("subindex"), pillars, groups)

    @property
    def heads(self) -> list[str]:
        return [self.root, *self.subindices]

    def pillar_of(self, fw: Framework, code: str) -> str:
        """The pillar a node belongs to, read from the tree ("" when the tree has none above it)."""
        for a in (code, *fw.ancestors(code)):
            if a in self.groups:
                return a
        return ""


@dataclass
class Context:
    fv: FrameworkVersion | None  # None: no framework stored yet
    framework: Framework | None
    year: int | None
    years: list[int]
    asked: bool = False  # the year or framework came from the query (?year=, ?framework=)

    @cached_property
    def computed(self) -> tuple[YearResult | None, bool]:
        """The result computed from the stored raw values (on first use: a page that is refused
        or does not need it computes nothing) and whether any value used is illustrative."""
        if self.fv is None or self.year is None:
            return None, False
        return queries.computed(self.fv, self.year)

    @property
    def result(self) -> YearResult | None:
        return self.computed[0]

    @property
    def illustrative(self) -> bool:
        return self.computed[1]

    @cached_property
    def structure(self) -> Structure | None:
        return Structure.of(self.framework) if self.framework is not None else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "fv": self.fv,
            "year": self.year,
            "years": self.years,
            "illustrative": self.illustrative,
            "has_computed": self.result is not None,
            "root": self.framework.root if self.framework is not None else "",
        }


def parse_year(text: str | None) -> int | None:
    """The ``year`` query parameter: None when absent; a bad request when not a plausible year."""
    if text is None or text.strip() == "":
        return None
    try:
        year = int(text.strip())
    except ValueError:
        raise BadQuery(_("Năm “%(y)s” không hợp lệ.") % {"y": text[:20]}) from None
    if year not in YEARS:
        raise BadQuery(_("Năm “%(y)s” không hợp lệ.") % {"y": text[:20]})
    return year


def load(request: HttpRequest, province: Province | None = None) -> Context:
    """The framework asked for (``?framework=``), else the one an administrator set for the province
    and year (``frameworks.choose``, never a guess), and the year (``?year=``, else the latest with
    data). An unknown framework is a 404, a year that is not a year a 400; an empty database gives a
    context without a framework (the pages say so)."""
    if province is None:
        code = request.resolver_match.kwargs.get("code") if request.resolver_match else None
        province = Province.objects.filter(code=code).first() if code else None
    name = request.GET.get("framework")
    year = parse_year(request.GET.get("year"))
    if name:
        fv = FrameworkVersion.objects.filter(name=name).first()
        if fv is None:
            raise NotFound(_("Không có bộ chỉ số “%(n)s”.") % {"n": name[:40]})
        years = queries.years(fv)
        if year is None and years:
            year = years[0]
    else:
        choice = frameworks.choose(province, year)
        fv, year, years = choice.framework, choice.year, choice.years
        if fv is None:
            if FrameworkVersion.objects.exists():
                raise NotFound(_("Chưa chọn bộ chỉ số cho năm này; quản trị viên chọn trên trang Bộ chỉ số."))
            return Context(None, None, year, [], asked=bool(name) or year is not None)
    return Context(fv, core_framework(fv), year, years, asked=bool(name) or year is not None)


def fmt(value: float, decimals: int = 2) -> str:
    return format_number(value, decimals, locale="en" if get_language() == "en" else "vi")


def node_name(framework: Framework, code: str) -> str:
    node = framework.node(code)
    return node.name_en if get_language() == "en" and node.name_en else node.name


def require_result(ctx: Context, province: Province) -> YearResult:
    """The computed result of the year, for pages that cannot do without it: when there is none, a
    400 if the query asked for that year or framework (a bad query parameter), else a 404."""
    if ctx.result is None or province.code not in ctx.result.units:
        error = BadQuery if ctx.asked else NotFound
        raise error(_("Chưa có kết quả tính toán của tỉnh cho năm này."))
    return ctx.result
