"""Every main page fits a 1,366 px office screen and a 390 px phone: the page itself never gets
wider than the window (wide tables scroll inside their own box), the menu folds behind a button
on a phone, the administrator switches province. Screenshots go to out/screenshots."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SHOTS, login

PAGES = {
    "dashboard": "/p/14/",
    "indicators": "/p/14/indicators/",
    "indicator": "/p/14/indicators/2.2.1/",
    "compare": "/p/14/compare/",
    "whatif": "/p/14/whatif/",
    "target": "/p/14/target/",
    "robustness": "/p/14/robustness/",
    "imports": "/p/14/imports/",
}
SIZES = {"1366": (1366, 768), "390": (390, 844)}


@pytest.fixture(params=list(SIZES))
def sized(request, browser, server):
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    pg = context.new_page()
    pg.base = server
    pg.size = request.param
    yield pg
    context.close()


def _overflow(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"layout-{name}-{page.size}.png"), full_page=True)


def test_no_page_is_wider_than_the_window(sized):
    login(sized, "sokhcn")
    too_wide = {}
    for name, path in PAGES.items():
        sized.goto(sized.base + path)
        sized.wait_for_load_state()
        scroll, inner = _overflow(sized)
        if scroll > inner:
            too_wide[name] = (scroll, inner)
        _shot(sized, name)
    assert too_wide == {}, f"pages wider than the {sized.size} px window: {too_wide}"


def test_indicators_table_fits_an_office_screen_with_readable_agencies(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    page.base = server
    login(page, "sokhcn")
    page.goto(page.base + "/p/14/indicators/")
    table, box = page.evaluate(
        "[document.querySelector('#indicators').scrollWidth, document.querySelector('#indicators').parentElement.clientWidth]"
    )
    assert table <= box, f"the indicators table is {table} px wide in a {box} px box"
    # An agency name is never broken one word per line: the lead agency of 1.1.2 sits on one line.
    heights = page.evaluate(
        """Array.from(document.querySelectorAll('#indicators td.agencies abbr')).map(
             a => a.getClientRects().length)"""
    )
    assert heights and max(heights) == 1
    context.close()


def test_menu_folds_on_a_phone_and_opens_with_its_button(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.base = server
    page.size = "390"
    login(page, "sokhcn")
    link = page.get_by_role("link", name="Chỉ số thành phần").first
    assert not link.is_visible()
    page.click("#menu-button")
    assert link.is_visible()
    _shot(page, "menu-open")
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith("/p/14/indicators/")
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_administrator_switches_to_lang_son(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.base = server
    page.size = str(width)
    login(page, "admin")
    assert page.url.endswith("/p/14/")
    if width < 800:
        page.click("#menu-button")
    page.click("#province-switch summary")
    _shot(page, "admin-switch")
    page.get_by_role("link", name="Lạng Sơn", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/p/20/")
    assert page.locator("h1").inner_text().startswith("Tỉnh Lạng Sơn")
    if width < 800:
        page.click("#menu-button")
    page.get_by_role("link", name="Chỉ số thành phần").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/p/20/indicators/")
    scroll, inner = _overflow(page)
    assert scroll <= inner
    context.close()


def test_favicon_answers(page):
    response = page.goto(page.base + "/favicon.ico")
    assert response.ok and "svg" in response.headers["content-type"]


def test_english_indicators_table_fits_too(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
    page = context.new_page()
    page.base = server
    page.size = "1366-en"
    login(page, "sokhcn")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    page.goto(page.base + "/p/14/indicators/")
    assert page.locator("h1").inner_text().endswith("Indicators 2025")
    scroll, inner = _overflow(page)
    table, box = page.evaluate(
        "[document.querySelector('#indicators').scrollWidth, document.querySelector('#indicators').parentElement.clientWidth]"
    )
    _shot(page, "indicators-en")
    assert scroll <= inner and table <= box
    context.close()
