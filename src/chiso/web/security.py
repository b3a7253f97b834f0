"""What protects the web application from hostile or unlucky requests: the Content-Security-Policy
header, the upload size refused from Content-Length, "the database is busy" as a page (503) instead
of a 500, the login throttling's address and its Vietnamese lockout page, and the 500 page."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.utils import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

log = logging.getLogger("chiso.web")

Middleware = Callable[[HttpRequest], HttpResponse]


class ContentSecurityPolicyMiddleware:
    """A strict Content-Security-Policy on every response (``settings.CHISO_CSP``): scripts and style
    sheets from this site only, no inline script or style, no framing."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.CHISO_CSP:
            response.headers.setdefault("Content-Security-Policy", settings.CHISO_CSP)
        return response


class UploadLimitMiddleware:
    """A POST/PUT/PATCH whose Content-Length is above ``CHISO_MAX_UPLOAD_BYTES`` plus a margin for the
    multipart envelope is answered 413 before anything reads its body."""

    METHODS = ("POST", "PUT", "PATCH")

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in self.METHODS:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0  # Django reads no body for a malformed Content-Length
            limit = settings.CHISO_MAX_UPLOAD_BYTES + settings.CHISO_UPLOAD_MARGIN_BYTES
            if length > limit:
                log.warning("upload refused: Content-Length %s above %s (%s)", length, limit, request.path)
                if request.path.startswith("/api/"):  # the API answers JSON, with the pages' code
                    response = _api_too_large(settings.CHISO_MAX_UPLOAD_BYTES)
                else:
                    response = _plain_page("413.html", 413, {"limit_mb": _megabytes(settings.CHISO_MAX_UPLOAD_BYTES)})
                response["Connection"] = "close"  # the unread body must not be taken for the next request
                return response
        return self.get_response(request)


def _api_too_large(limit: int) -> JsonResponse:
    from chiso.core.errors import Code
    from chiso.web.common.messages import wording

    params = {"limit_mb": _megabytes(limit)}
    body = {"status": 413, "code": Code.FILE_TOO_LARGE.value, "message": wording(Code.FILE_TOO_LARGE, params)}
    return JsonResponse({**body, "params": params}, status=413)


def _megabytes(n: int) -> str:
    value = f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
    return value.replace(".", ",")


def is_busy(exc: BaseException | None) -> bool:
    """SQLite's "database is locked" (another write held the database longer than the timeout)."""
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


def _plain_page(template: str, status: int, context: dict | None = None) -> HttpResponse:
    """An error page rendered without the request: no context processor, so no session or database
    query (the database may be what failed; the user is not known yet before authentication)."""
    return HttpResponse(loader.render_to_string(template, context or {}), status=status)


def busy_response(request: HttpRequest) -> HttpResponse:
    response = _plain_page("503.html", 503)
    response["Retry-After"] = "5"
    return response


class BusyDatabaseMiddleware:
    """A view that meets "database is locked" answers 503 "busy, try again" (nothing was written: the
    transaction was rolled back), logged as a warning."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        log.warning("database busy: %s %s", request.method, request.path, exc_info=exception)
        return busy_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the busy page when the error is a locked database met outside a view (saving the
    session, for instance), else the 500 page. Django has logged the traceback already."""
    if is_busy(sys.exc_info()[1]):
        return busy_response(request)
    return _plain_page("500.html", 500)


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' backend, which counts failures per account and per address and refuses a locked
    one. An authenticate() call without a request (code such as Django's test client, never a web
    login: every login page passes its request) has no address to count and is left to the next
    backend instead of being an error."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request: HttpRequest) -> str:
    """The address the login throttling counts: REMOTE_ADDR, or behind the reverse proxy
    (``CHISO_BEHIND_PROXY``) the last address of X-Forwarded-For, the one the proxy itself appended
    (the ones before it are the client's say and can be forged)."""
    if settings.BEHIND_PROXY:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request: HttpRequest, response: HttpResponse | None = None, credentials: dict | None = None):
    """The login page again, with what the user typed and a Vietnamese "too many attempts" message
    (429), instead of django-axes' bare 403."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # Unbound (validating it would try the password again): only the typed name is shown back.
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    context = {"form": form, "locked_minutes": minutes, "next": request.POST.get("next", "")}
    return render(request, "login.html", context, status=429)
