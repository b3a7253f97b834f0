"""The API: one NinjaAPI at /api/, every operation behind a bearer token (``auth.TokenAuth``), the
OpenAPI document at /api/openapi.json and its interactive page at /api/docs (Swagger UI from
django-ninja's own static files: nothing is fetched from the internet).

Each subject is a router; a new subject (plans, tasks, KPIs, reporting rounds) is a module in
``routers/`` added here with ``api.add_router``."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI, Schema, Swagger
from ninja.responses import codes_4xx

from chiso.web.people.access import profile_of

from . import errors
from .auth import TokenAuth
from .errors import ErrorOut
from .routers import compute, frameworks, imports, provinces

DESCRIPTION = """\
The API of chiso (Provincial Innovation Index). Send `Authorization: Bearer <token>`: a token is made
on the account page *Mã truy cập API* or with `chiso token create --user NAME`. Every call sees and
changes exactly what the token's user may. Errors are JSON `{status, code, message, params}` with the
status codes of the pages (400 bad input, 401 no or invalid token, 403 out of scope, 404 unknown,
409 changed since the preview, 429 too many wrong tokens); `message` is in Vietnamese, or in English
when `Accept-Language` asks for it."""


class ChisoAPI(NinjaAPI):
    def get_operation_url_name(self, operation, router) -> str:
        return operation.view_func.__name__


api = ChisoAPI(
    title="chiso API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None, "tryItOutEnabled": False, "persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)


class MeOut(Schema):
    username: str
    name: str
    role: str
    province: str | None
    agency: str | None
    token: str  # the name of the token used


@api.get("/me", response={200: MeOut, codes_4xx: ErrorOut}, tags=["account"], summary="Who the token acts as")
def me(request: HttpRequest):
    profile = profile_of(request.user)
    token = getattr(request, "api_token", None)
    return {
        "username": request.user.get_username(),
        "name": request.user.get_full_name(),
        "role": profile.role,
        "province": profile.province.code if profile.province else None,
        "agency": str(profile.agency) if profile.agency else None,
        "token": token.name if token else "",
    }


api.add_router("/frameworks", frameworks.router)
api.add_router("/provinces", provinces.router)
api.add_router("/provinces", imports.router)
api.add_router("/provinces", compute.router)
