from __future__ import annotations

from chiso.web.people.models import Profile


def chiso(request) -> dict:
    """The signed-in user's profile for the navigation (None when anonymous or without one)."""
    profile = None
    if request.user.is_authenticated:
        profile = Profile.objects.filter(user=request.user).select_related("province", "agency").first()
    return {"profile": profile}
