"""/api/ and the account page of API tokens. /api/: the API's own routes, each answered in the caller's language (Accept-Language), and a JSON
404 for any other path under /api/ (never the site's HTML error page)."""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, re_path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import views
from .api import api
from .common import language_of
from .errors import error_response


def in_language(view):
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        language = language_of(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
            if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
                allowed = response.get("Allow", "")
                response = error_response(
                    405,
                    "method_not_allowed",
                    _("Phương thức %(m)s không dùng được ở đây.") % {"m": request.method[:10]},
                )
                response["Allow"] = allowed
        response.headers["Content-Language"] = language
        return response

    return wrapped


@csrf_exempt
@in_language
def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, "not_found", _("Không tìm thấy."))


def _under_api(patterns) -> list[URLPattern]:
    """ninja's routes under api/, each answered in the caller's language; all in the namespace "api"
    (ninja reverses its own routes there), so that no API route is taken for a page of the site."""
    out = []
    for p in patterns:
        if not isinstance(p, URLPattern):
            raise TypeError(f"unexpected nested API route {p!r}")
        out.append(path("api/" + str(p.pattern), in_language(p.callback), name=p.name))
    return out


_patterns, _app, _namespace = api.urls
app_name = "api"  # the namespace ninja reverses its own routes in (its urls_namespace)
urlpatterns = [
    *_under_api(_patterns),
    re_path(r"^api/(?P<rest>.*)$", unknown, name="unknown"),
    path("account/api-tokens/", views.token_page, name="tokens"),
]
