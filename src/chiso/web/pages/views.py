"""The home page sends each user to the page of their role."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from chiso.web.people.access import home_url_name, profile_of


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    code = profile.province.code if profile.province else settings.CHISO_HOME_PROVINCE
    return redirect(home_url_name(profile), code=code)
