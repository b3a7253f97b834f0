"""What every page's header needs: the signed-in user's profile, the province the navigation points
to and, for administrators, a switcher to every current province."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from chiso.web.people.models import Profile, Province, Role

# Pages of a province that exist for every province: the switcher keeps the page and changes the province.
SWITCHABLE = {"overview", "indicators", "indicator", "compare", "whatif", "target", "robustness", "upload"}


def _sort_key(name: str) -> str:
    """Alphabetical the Vietnamese way enough for a menu: Đ after D, accents after the bare letter."""
    base = unicodedata.normalize("NFD", name.replace("Đ", "D\uffff").replace("đ", "d\uffff"))
    return "".join(c for c in base if not unicodedata.combining(c)).casefold() + name


def _switch_url(match, code: str) -> str:
    if match is not None and match.url_name in SWITCHABLE and "code" in match.kwargs:
        try:
            return reverse(match.url_name, kwargs={**match.kwargs, "code": code})
        except NoReverseMatch:
            pass
    return reverse("overview", kwargs={"code": code})


def chiso(request) -> dict:
    """The profile (None when anonymous or without one), the province of the navigation and the
    administrator's province switcher as (name, url, is current) triples."""
    profile = None
    nav_province = None
    links: list[tuple[str, str, bool]] = []
    if request.user.is_authenticated:
        profile = Profile.objects.filter(user=request.user).select_related("province", "agency").first()
        if profile is None and request.user.is_superuser:
            profile = Profile(user=request.user, role=Role.ADMIN)
    if profile is not None:
        if profile.role == Role.ADMIN:
            match = getattr(request, "resolver_match", None)
            code = (match.kwargs.get("code") if match else None) or settings.CHISO_HOME_PROVINCE
            provinces = sorted(Province.objects.filter(current=True), key=lambda p: _sort_key(p.short_name))
            nav_province = next((p for p in provinces if p.code == code), None)
            if nav_province is None:
                nav_province = Province.objects.filter(code=code).first() or next(
                    (p for p in provinces if p.code == settings.CHISO_HOME_PROVINCE), None
                )
            links = [(p.short_name, _switch_url(match, p.code), p == nav_province) for p in provinces]
        else:
            nav_province = profile.province
    return {"profile": profile, "nav_province": nav_province, "province_links": links}
