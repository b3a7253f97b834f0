"""The pages that explain and steer, in a real browser."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import login, shot


def test_dashboard_shows_the_demo_numbers_and_radar(page):
    login(page, "lanhdao")
    assert page.locator("svg.radar").is_visible()
    assert "29,33" in page.locator("article.head[data-code=PII]").inner_text()
    row = page.locator("#pillars tr[data-code='1']").inner_text()
    assert "45,23" in row and "31/34" in row and "cách 6 bậc" in row
    assert page.locator("#strengths li").count() >= 10
    shot(page, "dashboard")


def test_indicator_table_sorts_and_filters(page):
    login(page, "sokhcn")
    page.goto(page.base + "/p/14/indicators/")
    page.click("#sort-score")
    page.wait_for_load_state()
    first = page.locator("#indicators tbody tr").first
    assert first.get_attribute("data-code") == "6.3.2"  # the only 100
    page.select_option("select[name=pillar]", "5")
    page.check("input[name=below]")
    page.click("#filters button[type=submit]")
    page.wait_for_load_state()
    codes = page.locator("#indicators tbody tr").evaluate_all("rows => rows.map(r => r.dataset.code)")
    assert codes and all(c.startswith("5.") for c in codes)
    scores = page.locator("#indicators tbody td.score").all_inner_texts()
    values = [float(s.replace(".", "").replace(",", ".")) for s in scores]
    assert values == sorted(values, reverse=True)
    shot(page, "indicators-filtered")


def _pii_rank_after(page) -> str:
    return page.locator("#whatif-table tr[data-code=PII] td.rank-after").inner_text()


def test_whatif_change_moves_the_displayed_rank_without_reload(page):
    login(page, "sokhcn")
    page.goto(page.base + "/p/14/whatif/")
    assert _pii_rank_after(page) == "23/34"
    page.evaluate("window.__marker = 1")  # survives only if the page is not reloaded
    for code, value in {
        "7.2.2": "65,36",
        "1.2.2": "7,38",
        "1.1.3": "7,81",
        "2.1.1": "7,46",
        "3.1.2": "3,97",
        "1.2.4": "6,95",
        "7.2.4": "0,82",
    }.items():
        page.fill(f"input[name='v_{code}']", value)
    page.press("input[name='v_7.2.4']", "Tab")
    # (a locator, not wait_for_function: the page's Content-Security-Policy forbids evaluating strings)
    expect(page.locator("#whatif-table tr[data-code=PII] td.rank-after")).not_to_have_text("23/34")
    assert _pii_rank_after(page) != "23/34"
    assert page.evaluate("window.__marker") == 1
    assert page.locator("#whatif-changes li").count() == 7
    shot(page, "whatif")


def test_solver_plan_applied_in_whatif_reaches_the_target(page):
    login(page, "sokhcn")
    page.goto(page.base + "/p/14/target/")
    page.select_option("select[name=node]", "PII")
    page.select_option("select[name=kind]", "rank")
    page.fill("input[name=value]", "19")
    page.click("#target-form button[type=submit]:not([name])")
    page.wait_for_load_state()
    assert "hạng 19" in page.locator("#plan-result").inner_text()
    shot(page, "target-plan")
    page.click("#apply-whatif")
    page.wait_for_load_state()
    rank = int(_pii_rank_after(page).split("/")[0])
    assert rank <= 19


def test_print_layout(page):
    login(page, "lanhdao")
    page.emulate_media(media="print")
    assert not page.locator("header.top nav").is_visible()
    assert page.locator("svg.radar").is_visible()
    shot(page, "dashboard-print")
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 20_000


def test_robustness_page_chart(page):
    login(page, "sokhcn")
    page.goto(page.base + "/p/14/robustness/?runs=2000")
    assert page.locator("svg.intervals").is_visible()
    assert page.locator("#robustness tbody tr").count() == 34
    shot(page, "robustness")


def _message_next_to(page, code: str) -> str:
    """The message shown in the same row as the field of indicator ``code``."""
    return page.locator(f"#whatif-inputs tr[data-code='{code}'] .field-msg").inner_text()


def test_whatif_forms_keep_the_users_word(page):
    """Issue 8, item 6 and defect 4: the server's message is shown next to the field, the old
    result is cleared, what was typed stays; 1e309 is refused; 45,5 is accepted; saving without a
    name says so."""
    login(page, "sokhcn")
    page.goto(page.base + "/p/14/whatif/")
    assert "0.83" not in page.locator("#whatif-inputs").inner_html()
    field = "input[name='v_7.2.2']"
    page.fill(field, "60")
    page.press(field, "Tab")
    expect(page.locator("#whatif-changes li")).to_have_count(1)
    expect(page.locator("#whatif-changes li.muted")).to_have_count(0)
    assert page.locator("#whatif-table").is_visible()

    page.fill(field, "abc")
    page.press(field, "Tab")
    page.wait_for_selector("#whatif-errors")
    assert "“abc” không phải là số" in _message_next_to(page, "7.2.2")
    assert page.locator("#whatif-table").count() == 0  # the old result is gone
    assert page.input_value(field) == "abc"
    shot(page, "whatif-error")

    page.fill(field, "1e309")
    page.press(field, "Tab")
    expect(page.locator("#whatif-inputs tr[data-code='7.2.2'] .field-msg")).to_contain_text("1e309")
    assert "quá lớn" in _message_next_to(page, "7.2.2")
    assert page.locator("#whatif-table").count() == 0 and page.input_value(field) == "1e309"
    assert "inf" not in page.locator("#whatif-result").inner_text()

    page.fill(field, "45,5")
    page.press(field, "Tab")
    page.wait_for_selector("#whatif-table")
    assert _message_next_to(page, "7.2.2") == ""
    assert "45,5" in page.locator("#whatif-changes").inner_text()
    assert page.locator("#whatif-errors").count() == 0

    page.fill(field, "-5")
    page.press(field, "Tab")
    page.wait_for_selector("#whatif-flags")
    assert "giá trị âm" in _message_next_to(page, "7.2.2") and page.locator("#whatif-table").is_visible()
    shot(page, "whatif-flag")

    page.fill(field, "45,5")
    page.press(field, "Tab")
    expect(page.locator("#whatif-flags")).to_have_count(0)
    page.fill("#scenario-name", "Thử lưu")
    page.click("button[name=save]")
    page.wait_for_url("**saved=1**")
    assert "Đã lưu kịch bản “Thử lưu”" in page.locator("#save-status").inner_text()
    assert page.input_value(field) == "45,5"

    page.fill("#scenario-name", "")
    page.click("button[name=save]")
    expect(page.locator("#save-status")).to_contain_text("Hãy đặt tên")
    assert "Đã lưu" not in page.locator("main").inner_text()
    assert page.input_value(field) == "45,5"
    shot(page, "whatif-save-without-name")


def test_target_refuses_bad_numbers_next_to_the_field(page):
    login(page, "sokhcn")
    page.goto(page.base + "/p/14/target/")
    page.fill("input[name=value]", "1e309")
    page.click("#target-form button[type=submit]:not([name])")
    page.wait_for_load_state()
    assert "quá lớn" in page.locator("#msg-value").inner_text()
    assert page.input_value("input[name=value]") == "1e309"
    shot(page, "target-error")
