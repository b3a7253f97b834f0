from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from chiso.web.api import tokens
from tests.web.conftest import django_db_setup  # noqa: F401  (the demo database, loaded once)

USERS = {"admin": "admin", "coordinator": "sokhcn", "other": "langson", "focal": "taichinh", "leader": "lanhdao"}


class Api:
    """The test client speaking to /api/ with one user's bearer token."""

    def __init__(self, client: Client, secret: str | None, language: str | None = None) -> None:
        self.client, self.secret, self.language = client, secret, language

    def headers(self) -> dict[str, str]:
        out = {}
        if self.secret:
            out["Authorization"] = f"Bearer {self.secret}"
        if self.language:
            out["Accept-Language"] = self.language
        return out

    def get(self, path: str, **params):
        return self.client.get("/api" + path, params, headers=self.headers())

    def post(self, path: str, body=None, **params):
        query = "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
        return self.client.post(
            "/api" + path + query, json.dumps(body or {}), content_type="application/json", headers=self.headers()
        )


def token_for(username: str, name: str = "test") -> str:
    user = get_user_model().objects.get(username=username)
    _token, secret = tokens.create(user, name)
    return secret


@pytest.fixture
def api_as(client, db):
    def make(role: str, language: str | None = None) -> Api:
        return Api(client, token_for(USERS[role]), language)

    return make
