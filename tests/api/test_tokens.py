"""Tokens: stored hashed (the database never holds the token), shown once, revocable, audited, and
wrong tokens throttled per address."""

from __future__ import annotations

import hashlib
import io
from contextlib import redirect_stderr, redirect_stdout

import pytest
from django.contrib.auth import get_user_model
from django.core import serializers

from chiso.cli.main import main
from chiso.web.api.models import Token
from chiso.web.audit.models import Entry
from tests.web.conftest import login

from .conftest import Api, token_for

pytestmark = pytest.mark.django_db


def test_the_database_never_holds_the_token(client):
    secret = token_for("sokhcn", "reporting")
    token = Token.objects.get(name="reporting")
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(token.prefix) < 16 and len(secret) > 40
    dumped = serializers.serialize("json", Token.objects.all()) + serializers.serialize("json", Entry.objects.all())
    assert secret not in dumped and secret[16:] not in dumped
    assert Api(client, secret).get("/me").json()["username"] == "sokhcn"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_created_and_revoked_on_the_account_page(client):
    login(client, "sokhcn")
    page = client.get("/account/api-tokens/")
    assert page.status_code == 200 and "Mã truy cập API" in page.content.decode()
    response = client.post("/account/api-tokens/", {"name": "Hệ thống báo cáo"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret and secret in response.content.decode()
    assert secret not in client.get("/account/api-tokens/").content.decode()  # shown once
    token = Token.objects.get(name="Hệ thống báo cáo")
    api = Api(client, secret)
    assert api.get("/provinces/14").status_code == 200
    created = Entry.objects.get(kind="api_token", subject_id=str(token.id), before__isnull=True)
    assert created.via == "form" and created.user.username == "sokhcn" and created.after["prefix"] == token.prefix
    client.post("/account/api-tokens/", {"revoke": str(token.id)})
    token.refresh_from_db()
    assert token.revoked_at is not None
    revoked = Entry.objects.filter(kind="api_token", subject_id=str(token.id)).exclude(before__isnull=True).get()
    assert revoked.before["revoked"] is False and revoked.after["revoked"] is True
    response = api.get("/provinces/14")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


def test_the_page_revokes_only_ones_own_tokens(client):
    secret = token_for("langson", "other")
    other = Token.objects.get(name="other")
    login(client, "sokhcn")
    client.post("/account/api-tokens/", {"revoke": str(other.id)})
    other.refresh_from_db()
    assert other.revoked_at is None
    assert Api(client, secret).get("/provinces/20").status_code == 200


def test_an_empty_name_is_refused_and_keeps_nothing(client):
    login(client, "sokhcn")
    response = client.post("/account/api-tokens/", {"name": "  "})
    assert response.status_code == 400 and not Token.objects.filter(user__username="sokhcn").exists()


def test_english_page(client):
    login(client, "sokhcn")
    client.cookies["django_language"] = "en"
    assert "API tokens" in client.get("/account/api-tokens/").content.decode()


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_command_line_create_list_revoke(client):
    code, out, err = _cli("token", "create", "--user", "lanhdao", "--name", "analyst")
    assert code == 0
    secret = out.strip()
    token = Token.objects.get(name="analyst")
    assert token.user.username == "lanhdao" and token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert "shown once" in err
    assert Entry.objects.get(kind="api_token", subject_id=str(token.id)).via == "cli"
    assert Api(client, secret).get("/provinces/14/results").status_code == 200
    code, out, _ = _cli("token", "list", "--user", "lanhdao")
    assert code == 0 and "analyst" in out and token.prefix in out and secret not in out
    assert _cli("token", "revoke", str(token.id))[0] == 0
    assert Api(client, secret).get("/provinces/14/results").status_code == 401
    assert _cli("token", "create", "--user", "nobody")[0] == 2
    assert _cli("token", "revoke", "999999")[0] == 2


def test_inactive_users_tokens_are_refused(client):
    secret = token_for("sokhcn")
    get_user_model().objects.filter(username="sokhcn").update(is_active=False)
    assert Api(client, secret).get("/me").status_code == 401


def test_wrong_tokens_are_throttled_per_address(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    good = token_for("sokhcn")
    wrong = Api(client, "chiso_" + "x" * 43)
    assert [wrong.get("/me").status_code for _ in range(3)] == [401, 401, 401]
    locked = wrong.get("/me")
    assert locked.status_code == 429 and locked.json()["code"] == "throttled" and int(locked["Retry-After"]) > 0
    assert Api(client, good).get("/me").status_code == 429  # the address is locked, whatever it sends
    assert Api(client, None).get("/me").status_code == 401  # no token: nothing to count
    other = client.get("/api/me", headers={"Authorization": f"Bearer {good}"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200  # another address is not locked
