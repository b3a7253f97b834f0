"""Bearer tokens: ``Authorization: Bearer chiso_…``. The request then acts as the token's user, with
exactly that user's scope (``chiso.web.people.access``). Wrong tokens are counted per address and a
locked address is answered 429 whatever it sends."""

from __future__ import annotations

import math

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from chiso.web.security import client_address

from . import tokens
from .errors import ApiError


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest):
        if request.headers.get(self.header):
            left = tokens.locked(client_address(request))
            if left is not None:
                minutes = max(1, math.ceil(left.total_seconds() / 60))
                raise ApiError(
                    429,
                    "throttled",
                    _("Quá nhiều lần dùng mã truy cập sai từ địa chỉ này; hãy thử lại sau %(n)s phút.")
                    % {"n": minutes},
                    retry_after=int(left.total_seconds()) + 1,
                )
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        found = tokens.find(token.strip())
        if found is None:
            tokens.failed(client_address(request))
            return None
        request.user = found.user
        request.api_token = found
        return found
