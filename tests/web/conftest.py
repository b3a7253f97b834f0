from __future__ import annotations

import pytest
from django.test import Client

from chiso.web.demo.loader import load_demo


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo (Sơn La 2025, illustrative national data, one user per role) in the test database,
    once; each test runs in a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        load_demo(log=lambda *_: None)


def login(client: Client, username: str) -> Client:
    assert client.login(username=username, password=f"chiso-{username}-2026"), username
    return client


@pytest.fixture
def coordinator(client, db):
    return login(client, "sokhcn")


@pytest.fixture
def focal(client, db):
    return login(client, "taichinh")


@pytest.fixture
def leader(client, db):
    return login(client, "lanhdao")


@pytest.fixture
def other_coordinator(client, db):
    return login(client, "langson")


@pytest.fixture
def admin_client_(client, db):
    return login(client, "admin")
