"""Login throttling (ISSUE-14 finding 4) and the password change and reset pages (finding 9)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

WRONG = "not-the-password"
LOCKED = "Đăng nhập sai quá nhiều lần"


def _post_login(client: Client, username: str, password: str, address: str):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_six_wrong_passwords_lock_the_account_even_with_the_right_one():
    client = Client()
    for _ in range(6):
        r = _post_login(client, "admin", WRONG, "10.0.0.1")
        assert r.status_code in (200, 429)
    r = _post_login(client, "admin", "chiso-admin-2026", "10.0.0.1")
    assert r.status_code == 429
    body = r.content.decode()
    assert LOCKED in body and "15 phút" in body
    assert 'value="admin"' in body  # what the user typed is kept
    assert "_auth_user_id" not in client.session
    # the same account from another address is locked too (per account) ...
    r = _post_login(Client(), "admin", "chiso-admin-2026", "10.0.0.9")
    assert r.status_code == 429
    # ... while another account from another address is not affected
    other = Client()
    r = _post_login(other, "sokhcn", "chiso-sokhcn-2026", "10.0.0.2")
    assert r.status_code == 302 and "_auth_user_id" in other.session


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_locked():
    client = Client()
    for name in ("u1", "u2", "u3", "u4", "u5"):
        _post_login(client, name, WRONG, "10.0.0.3")
    r = _post_login(client, "lanhdao", "chiso-lanhdao-2026", "10.0.0.3")
    assert r.status_code == 429 and LOCKED in r.content.decode()
    r = _post_login(Client(), "lanhdao", "chiso-lanhdao-2026", "10.0.0.4")
    assert r.status_code == 302


@pytest.mark.django_db
def test_a_success_resets_the_count():
    client = Client()
    for _ in range(4):
        assert _post_login(client, "taichinh", WRONG, "10.0.0.5").status_code == 200
    assert _post_login(client, "taichinh", "chiso-taichinh-2026", "10.0.0.5").status_code == 302
    client.post("/logout/")
    for _ in range(4):
        assert _post_login(client, "taichinh", WRONG, "10.0.0.5").status_code == 200
    assert _post_login(client, "taichinh", "chiso-taichinh-2026", "10.0.0.5").status_code == 302


@pytest.mark.django_db
def test_lock_in_english(settings, tmp_path):
    # the catalogue compiled from the .po here (the committed .mo is compiled once, at integration)
    po = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
    target = tmp_path / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    subprocess.run(["msgfmt", "-o", str(target / "django.mo"), str(po)], check=True)
    settings.LOCALE_PATHS = [tmp_path]
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(5):
        _post_login(client, "admin", WRONG, "10.0.0.6")
    r = _post_login(client, "admin", "chiso-admin-2026", "10.0.0.6")
    assert r.status_code == 429 and "Too many failed logins" in r.content.decode()


@pytest.mark.django_db
def test_behind_the_proxy_the_address_is_the_one_nginx_appended(settings):
    from django.test import RequestFactory

    from chiso.web.security import client_address

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    settings.BEHIND_PROXY = False
    assert client_address(request) == "127.0.0.1"  # not behind a proxy: the header is the client's say
    settings.BEHIND_PROXY = True
    assert client_address(request) == "203.0.113.7"


@pytest.mark.django_db
def test_password_change(coordinator):
    r = coordinator.get("/p/14/indicators/")
    assert 'href="/account/password/"' in r.content.decode()  # linked from the header
    r = coordinator.get("/account/password/")
    assert r.status_code == 200 and "Đổi mật khẩu" in r.content.decode()
    r = coordinator.post(
        "/account/password/",
        {"old_password": "wrong", "new_password1": "short", "new_password2": "other"},
    )
    body = r.content.decode()
    assert r.status_code == 200 and "Mật khẩu cũ không chính xác" in body
    new = "Ngay-mai-troi-lai-sang-2027"
    r = coordinator.post(
        "/account/password/",
        {"old_password": "chiso-sokhcn-2026", "new_password1": new, "new_password2": new},
    )
    assert r.status_code == 302 and r["Location"] == "/account/password/done/"
    assert "Mật khẩu của bạn đã được đổi" in coordinator.get(r["Location"]).content.decode()
    assert get_user_model().objects.get(username="sokhcn").check_password(new)


def test_password_change_needs_login(client, db):
    r = client.get("/account/password/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")


@pytest.mark.django_db
def test_password_reset_by_email(client):
    user = get_user_model().objects.get(username="lanhdao")
    user.email = "lanhdao@sonla.example"
    user.save()
    assert "Quên mật khẩu?" in client.get("/login/").content.decode()
    r = client.post("/password-reset/", {"email": "lanhdao@sonla.example"})
    assert r.status_code == 302 and r["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lanhdao@sonla.example"] and "đặt lại mật khẩu" in message.subject
    link = re.search(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)", message.body).group(1)
    r = client.get(link)  # Django swaps the token for a session value and redirects
    assert r.status_code == 302
    form_url = r["Location"]
    assert "Đặt mật khẩu mới" in client.get(form_url).content.decode()
    new = "Mua-xuan-tren-cao-nguyen-2027"
    r = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert r.status_code == 302 and r["Location"] == "/password-reset/done/"
    user.refresh_from_db()
    assert user.check_password(new)
    # the link works once
    assert "không hợp lệ" in client.get(link, follow=True).content.decode()


@pytest.mark.django_db
def test_password_reset_unknown_address_sends_nothing_and_says_the_same(client):
    r = client.post("/password-reset/", {"email": "nobody@nowhere.example"})
    assert r.status_code == 302 and r["Location"] == "/password-reset/sent/"
    assert mail.outbox == []
