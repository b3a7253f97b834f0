"""The home page sends each user to the page of their role."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from chiso.web.common.context import BadQuery, NotFound
from chiso.web.people.access import home_url_name, profile_of


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    code = profile.province.code if profile.province else settings.CHISO_HOME_PROVINCE
    return redirect(home_url_name(profile), code=code)


def _message(exception: Exception | None, kind: type) -> str:
    """The exception's message when it was written for the user (NotFound, BadQuery), else ""."""
    if isinstance(exception, kind) and exception.args and isinstance(exception.args[0], str):
        return exception.args[0]
    return ""


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: a query parameter the page cannot use, said in the site's layout."""
    return render(request, "400.html", {"message": _message(exception, BadQuery)}, status=400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 in the site's layout, with the reason when the view gave one for the user."""
    return render(request, "404.html", {"message": _message(exception, NotFound)}, status=404)
