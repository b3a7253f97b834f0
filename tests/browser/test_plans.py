"""The improvement plan as a new coordinator meets it in a real browser: create a plan, upload the Sơn La
annex as a Word file, confirm the preview, then see the plan, the tasks of Sở Tài chính and the KPI board
(screenshots in out/screenshots, at 1,366 and 390 px)."""

from __future__ import annotations

import re

from tests.annex import documents
from tests.browser.conftest import login, shot


def test_coordinator_imports_the_son_la_annex_and_follows_the_plan(page, tmp_path):
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "sokhcn")
    page.get_by_role("link", name="Kế hoạch", exact=True).first.click()
    page.wait_for_load_state()
    assert page.locator("#plans-table").is_visible()
    shot(page, "plans-index")

    # a new plan: a failed save keeps what was typed
    form = page.locator("#new-plan form")
    form.locator("textarea[name=title]").fill("Kế hoạch cải thiện PII năm 2027 (dự thảo)")
    form.locator("input[name=period_start]").fill("2027")
    form.locator("input[name=period_end]").fill("2026")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.is_visible()
    assert page.locator("#new-plan textarea[name=title]").input_value() == "Kế hoạch cải thiện PII năm 2027 (dự thảo)"
    page.locator("#new-plan input[name=period_end]").fill("2027")
    page.locator("#new-plan button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#plan-title").inner_text() == "Kế hoạch cải thiện PII năm 2027 (dự thảo)"

    # upload the annex as the province's office wrote it (Word), preview, confirm
    annex = documents.son_la_pii_annex_docx(tmp_path / "Phu luc KH PII Son La.docx")
    page.locator("#link-import").click()
    page.wait_for_load_state()
    page.set_input_files("#upload-form input[name=file]", str(annex))
    page.locator("#upload-form button[type=submit]").click()
    page.wait_for_load_state()
    preview = page.locator("#preview")
    assert preview.is_visible()
    counts = page.locator("#preview-counts").inner_text()
    tasks = int(re.search(r"Nhiệm vụ sẽ ghi: (\d+)", counts).group(1))
    assert tasks > 50
    assert page.locator("#preview-indicators tbody tr").count() >= 40
    shot(page, "plan-import-preview")
    page.locator("#confirm").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").first.is_visible()
    assert f"Nhiệm vụ, giải pháp ({tasks})" in page.locator("#tasks h2").inner_text()
    assert "25/34" in page.locator("#targets").inner_text()
    shot(page, "plan")

    # the tasks of Sở Tài chính: grouped by lead agency, then on the agency's own page
    page.locator("#by-agency").click()
    page.wait_for_load_state()
    heads = page.locator("#tasks h3.group-head")
    stc = heads.filter(has_text="Sở Tài chính")
    assert stc.count() == 1
    assert int(re.search(r"\((\d+)\)", stc.inner_text()).group(1)) >= 10
    page.goto(page.base + "/p/14/agencies/")
    page.get_by_role("link", name="Sở Tài chính", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("#agency-name").inner_text() == "Sở Tài chính"
    assert "Kế hoạch cải thiện PII năm 2027" in page.locator("#agency-tasks").inner_text()
    assert "đã nhận, đúng hạn" in page.locator("#implementation").inner_text()
    shot(page, "agency-so-tai-chinh")

    # the KPI board of the Resolution 57 plan (loaded by the demo)
    page.goto(page.base + "/p/14/plans/")
    page.locator("#plans-table tbody tr").filter(has_text="2025–2045").locator("a").first.click()
    page.wait_for_load_state()
    page.locator("#link-kpis").click()
    page.wait_for_load_state()
    assert page.locator("#kpi-title").is_visible()
    board = page.locator("#board")
    assert board.locator("tbody tr").count() > 50
    assert board.locator(".status.ok").count() > 10 and board.locator(".status.warn").count() >= 1
    assert "2045" in board.inner_text()
    shot(page, "kpi-board")

    # a phone's width: the page fits, nothing wider than the screen
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, width
    shot(page, "kpi-board-390")
