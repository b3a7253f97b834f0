"""The frame around every page: navigation for every role (the administrator's included, with a
province switcher), a favicon, the new-framework form, the compact indicators table. How it looks
at 1,366 and 390 px wide is checked in a real browser (tests/browser/test_layout.py)."""

from __future__ import annotations

import re

from .conftest import login


def _nav(html: str) -> list[str]:
    nav = re.search(r"<nav[^>]*>(.*?)</nav>", html, flags=re.S)
    assert nav, "no navigation"
    return re.findall(r'href="([^"]+)"', nav.group(1))


def test_new_framework_form_shows_its_fields_before_any_submit(client, db):
    """Defect 5: the "Bộ chỉ số mới" form rendered with no fields until a first failed submit. The form
    now lives on the administrators' frameworks page (coordinators may not upload frameworks)."""
    login(client, "admin")
    html = client.get("/frameworks/").content.decode()
    forms = re.findall(r'<form[^>]*enctype="multipart/form-data"[^>]*>(.*?)</form>', html, flags=re.S)
    assert forms, "no new-framework form"
    assert 'name="action" value="upload"' in forms[0] and 'type="file"' in forms[0] and 'name="name"' in forms[0]


def test_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code in (200, 301, 302)
    assert response.headers["Location"].endswith("chiso/favicon.svg")
    login(client, "sokhcn")
    assert 'rel="icon"' in client.get("/p/14/").content.decode()


def test_administrator_has_the_full_navigation_and_a_province_switcher(client, db):
    login(client, "admin")
    html = client.get("/p/14/").content.decode()
    links = _nav(html)
    for page in ("", "indicators/", "compare/", "whatif/", "target/", "robustness/", "imports/"):
        assert f"/p/14/{page}" in links, page
    switch = re.search(r'<details class="switch"[^>]*>(.*?)</details>', html, flags=re.S)
    assert switch, "no province switcher"
    switch_links = dict(re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', switch.group(1)))
    assert len(switch_links) == 34
    assert switch_links["/p/20/"] == "Lạng Sơn"
    # On another province the navigation follows it, and the switcher keeps the page.
    html = client.get("/p/20/indicators/").content.decode()
    assert "/p/20/compare/" in _nav(html) and "/p/14/compare/" not in _nav(html)
    assert 'href="/p/14/indicators/"' in html
    assert client.get("/p/20/indicators/").status_code == 200


def test_other_roles_have_no_province_switcher(coordinator):
    html = coordinator.get("/p/14/").content.decode()
    assert 'class="switch"' not in html
    assert "/p/14/indicators/" in _nav(html)


def test_menu_collapses_without_inline_script(coordinator):
    """The menu toggle is a checkbox and a label (works with a strict CSP: no inline script or
    handler on any page)."""
    html = coordinator.get("/p/14/").content.decode()
    assert 'id="menu-toggle"' in html and 'for="menu-toggle"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_indicators_table_has_one_agency_column_with_full_names_on_hover(coordinator):
    html = coordinator.get("/p/14/indicators/").content.decode()
    row = re.search(r'<tr data-code="1.1.1">(.*?)</tr>', html, flags=re.S).group(1)
    assert row.count("<td") == 12
    agencies = re.search(r'<td class="agencies"[^>]*>(.*?)</td>', row, flags=re.S).group(1)
    assert re.search(r'<abbr class="lead" title="[^"]+: [^"]+">', agencies)
    assert 'class="scroll"' in html
