"""Errors as JSON, with the status codes of the pages: ``{"status", "code", "message", "params"}``;
``message`` is in the caller's language (Accept-Language: Vietnamese unless English is asked).
Nothing under /api/ answers a 500 page or HTML: an unexpected error is logged with its traceback and
answered as JSON."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from chiso.web.common.context import BadQuery, NotFound
from chiso.web.security import is_busy

log = logging.getLogger("chiso.web.api")


class ErrorOut(Schema):
    status: int
    code: str
    message: str
    params: dict[str, Any]


class ApiError(Exception):
    """An answer other than success, raised anywhere in a handler."""

    def __init__(self, status: int, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.params = status, code, message, params


def bad(message: str, **params: Any) -> ApiError:
    return ApiError(400, "bad_request", message, **params)


def forbidden(message: str | None = None, **params: Any) -> ApiError:
    return ApiError(403, "forbidden", message or _("Bạn không có quyền truy cập dữ liệu này."), **params)


def not_found(message: str | None = None, **params: Any) -> ApiError:
    return ApiError(404, "not_found", message or _("Không tìm thấy."), **params)


def error_response(status: int, code: str, message: str, params: dict[str, Any] | None = None) -> JsonResponse:
    body = {"status": status, "code": code, "message": str(message), "params": params or {}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def unauthenticated() -> JsonResponse:
    response = error_response(
        401,
        "unauthenticated",
        _("Thiếu mã truy cập API hoặc mã không hợp lệ (gửi tiêu đề Authorization: Bearer <mã>)."),
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


def _fields(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Pydantic's errors as field and problem (no input echoed back: it may be large)."""
    out = []
    for e in errors[:20]:
        loc = [str(p) for p in e.get("loc", ())]
        if loc and loc[0] in ("query", "body", "path", "header"):
            loc = loc[1:]
        if loc and loc[0] in ("payload", "data", "filters"):
            loc = loc[1:]
        out.append({"field": ".".join(loc), "problem": str(e.get("msg", ""))[:200]})
    return out


def install(api) -> None:
    """The exception handlers of ``api``: every error a JSON body of ErrorOut's shape."""

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        response = error_response(exc.status, exc.code, exc.message, exc.params)
        if exc.status == 429:
            response["Retry-After"] = str(exc.params.get("retry_after", 60))
        return response

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(
            400, "bad_request", _("Dữ liệu gửi lên không hợp lệ."), {"errors": _fields(list(exc.errors))}
        )

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return unauthenticated()

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        if status == 401:
            return unauthenticated()
        if status == 403:
            return on_api_error(request, forbidden())
        if status == 404:
            return on_api_error(request, not_found())
        return error_response(status, "bad_request" if status == 400 else "error", _("Yêu cầu không hợp lệ."))

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return on_api_error(request, not_found(str(exc) if isinstance(exc, NotFound) else None))

    def on_403(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return on_api_error(request, forbidden())

    def on_400(request: HttpRequest, exc: BadRequest) -> HttpResponse:
        message = str(exc) if isinstance(exc, BadQuery) else _("Yêu cầu không hợp lệ.")
        return on_api_error(request, bad(message))

    def on_other(request: HttpRequest, exc: Exception) -> HttpResponse:
        if is_busy(exc):
            log.warning("database busy: %s %s", request.method, request.path, exc_info=exc)
            response = error_response(503, "busy", _("Hệ thống đang bận, vui lòng thử lại."))
            response["Retry-After"] = "5"
            return response
        log.error("API error: %s %s", request.method, request.path, exc_info=exc)
        return error_response(500, "server_error", _("Đã có lỗi trong hệ thống; lỗi đã được ghi lại."))

    api.add_exception_handler(Exception, on_other)
    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(AuthenticationError, on_auth)
    api.add_exception_handler(HttpError, on_http)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(PermissionDenied, on_403)
    api.add_exception_handler(BadRequest, on_400)
