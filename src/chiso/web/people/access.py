"""Who may see and change what. Every view goes through these helpers:
"fetch what this user may see, act, render"."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .actions import set_profile
from .models import Duty, Profile, Province, Role


def profile_of(user: AbstractBaseUser | AnonymousUser) -> Profile:
    if not user.is_authenticated:
        raise PermissionDenied
    if user.is_superuser:
        profile = Profile.objects.filter(user=user).first()
        if profile is None:  # a superuser made by `createsuperuser`: an administrator, recorded
            profile = set_profile(None, user, role=Role.ADMIN, province=None, agency=None, why="Quản trị viên hệ thống")
        return profile
    try:
        return user.profile
    except Profile.DoesNotExist:
        raise PermissionDenied from None


def province_for(user, code: str) -> Province:
    """The province ``code`` if the user may see it (404 when it does not exist, 403 otherwise)."""
    profile = profile_of(user)
    try:
        province = Province.objects.get(code=code)
    except Province.DoesNotExist:
        raise Http404 from None
    if profile.role != Role.ADMIN and profile.province_id != province.id:
        raise PermissionDenied
    return province


def can_see_province_overview(profile: Profile) -> bool:
    return profile.role in (Role.ADMIN, Role.COORDINATOR, Role.LEADER)


def _require(user, code: str, allowed) -> tuple[Profile, Province]:
    profile = profile_of(user)
    province = province_for(user, code)
    if not allowed(profile):
        raise PermissionDenied
    return profile, province


def require_overview(user, code: str) -> tuple[Profile, Province]:
    return _require(user, code, can_see_province_overview)


def can_import(profile: Profile) -> bool:
    return profile.role in (Role.ADMIN, Role.COORDINATOR)


def require_import(user, code: str) -> tuple[Profile, Province]:
    return _require(user, code, can_import)


def visible_indicators(profile: Profile, province: Province, all_codes: list[str]) -> list[str]:
    """Indicators the user may see: all for admin, coordinator and leader; the agency's own
    (any duty: lead, coordinating or data supplier) for a focal point."""
    if profile.role != Role.FOCAL_POINT:
        return list(all_codes)
    own = set(
        Duty.objects.filter(province=province, agency=profile.agency).exclude(code="").values_list("code", flat=True)
    )
    return [c for c in all_codes if c in own]


def home_url_name(profile: Profile) -> str:
    return "overview" if can_see_province_overview(profile) else "indicators"


def can_manage_frameworks(profile: Profile) -> bool:
    """Frameworks, the framework of each year and indicator metadata are national: administrators."""
    return profile.role == Role.ADMIN


def require_frameworks(user) -> Profile:
    profile = profile_of(user)
    if not can_manage_frameworks(profile):
        raise PermissionDenied
    return profile


def can_read_methodology(profile: Profile) -> bool:
    """The methodology of a year is national: administrators, coordinators and leaders read it."""
    return profile.role in (Role.ADMIN, Role.COORDINATOR, Role.LEADER)


def can_change_methodology(profile: Profile) -> bool:
    return profile.role == Role.ADMIN


def require_methodology(user, *, change: bool = False) -> Profile:
    profile = profile_of(user)
    if not (can_change_methodology(profile) if change else can_read_methodology(profile)):
        raise PermissionDenied
    return profile
