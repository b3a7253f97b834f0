"""What a person sees in a real browser: login, the overview's numbers, a failing import that
names row and column, a denied page."""

from __future__ import annotations

from tests.browser.conftest import login, shot


def test_login_lands_on_the_overview_with_son_la_numbers(page):
    login(page, "sokhcn")
    assert page.url.endswith("/p/14/")
    pii = page.locator("article.head[data-code=PII]")
    assert "29,33" in pii.inner_text() and "23/34" in pii.inner_text()
    pillar = page.locator("#pillars tr[data-code='1']")
    text = pillar.inner_text()
    assert "45,23" in text and "31/34" in text and "25/34" in text
    assert page.get_by_text("Dữ liệu minh họa").is_visible()
    assert shot(page, "overview").stat().st_size > 10_000


def test_wrong_password_keeps_the_username(page):
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", "sokhcn")
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    assert page.get_by_role("alert").is_visible()
    assert page.input_value("input[name=username]") == "sokhcn"


def test_failing_import_shows_row_and_column_and_keeps_the_form(page, tmp_path):
    login(page, "sokhcn")
    page.goto(page.base + "/p/14/imports/")
    bad = tmp_path / "so-lieu.csv"
    bad.write_text("unit,1.1.1,1.1.2\nSơn La,1,2\nLạng Sơn,3,nhiều\n", encoding="utf-8")
    page.select_option("select[name=kind]", "national")
    page.fill("input[name=year]", "2025")
    page.set_input_files("input[name=file]", str(bad))
    page.click("button[type=submit]")
    error = page.locator("#import-error")
    assert error.is_visible()
    assert "so-lieu.csv, dòng 3, cột C (1.1.2)" in error.inner_text()
    assert page.input_value("input[name=year]") == "2025"
    shot(page, "import-error")


def test_another_province_is_denied(page):
    login(page, "langson")
    response = page.goto(page.base + "/p/14/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Không có quyền truy cập").is_visible()
    shot(page, "denied")


def test_focal_point_sees_its_indicators_only(page):
    login(page, "taichinh")
    assert page.url.endswith("/p/14/indicators/")
    rows = page.locator("#indicators tbody tr")
    assert 10 < rows.count() < 52
    assert page.get_by_role("link", name="Tổng quan").count() == 0
    shot(page, "focal-point")


def test_switch_to_english(page):
    login(page, "lanhdao")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="The seven pillars").is_visible()
    assert "45.23" in page.locator("#pillars tr[data-code='1']").inner_text()
    shot(page, "overview-en")
