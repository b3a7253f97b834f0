"""``{% methodology_note %}``: the methodology a page's results are computed with, in one line, with a
link to the "Phương pháp tính" page for those who may read it. Reads ``fv``, ``year`` and
``profile`` from the page's context."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from chiso.web.indexdata import methodology as stored
from chiso.web.people.access import can_read_methodology

from ..methodology import summary

register = template.Library()


@register.simple_tag(takes_context=True)
def methodology_note(context) -> str:
    fv, year = context.get("fv"), context.get("year")
    if not fv or not isinstance(year, int):
        return ""
    m = stored.of_year(fv, year)
    text = summary(m) + ("" if not m.is_default() else " " + _("(mặc định)"))
    profile = context.get("profile")
    if profile is not None and can_read_methodology(profile):
        return format_html(
            '<p class="muted small" id="methodology-note">{}: {} · <a href="{}">{}</a></p>',
            _("Phương pháp tính"),
            text,
            f"{reverse('methodology', args=[fv.name])}?year={year}",
            _("xem"),
        )
    return format_html('<p class="muted small" id="methodology-note">{}: {}</p>', _("Phương pháp tính"), text)
