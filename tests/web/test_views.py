"""The site's own pages: login, language (pages/views.py, the language middleware)."""

from __future__ import annotations

import pytest


def test_english_is_switchable_and_numbers_follow(coordinator):
    response = coordinator.post("/i18n/setlang/", {"language": "en", "next": "/p/14/"})
    assert response.status_code == 302
    html = coordinator.get("/p/14/").content.decode()
    assert "Institutions" in html and "45.23" in html and 'lang="en"' in html
    assert "Overview" in html


def test_vietnamese_by_default_whatever_the_browser_asks(coordinator):
    html = coordinator.get("/p/14/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html and "Thể chế" in html


@pytest.mark.parametrize("page", ["/login/"])
def test_login_page_is_public(client, db, page):
    assert client.get(page).status_code == 200
