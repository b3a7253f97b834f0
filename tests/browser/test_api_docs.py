"""In the real browser (Debian's chromium, `chiso demo` in a subprocess: tests/browser/conftest.py):
the interactive API docs render from this site's own files under the strict CSP — no violation, no
request to another host — and a token made on the account page works against the API."""

from __future__ import annotations

from urllib.parse import urlparse

from tests.browser.conftest import login


def _watch(page) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("request", lambda r: requests.append(r.url))
    return problems, requests


def test_docs_page_renders_locally_under_the_csp(page):
    problems, requests = _watch(page)
    response = page.goto(page.base + "/api/docs")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "chiso API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/provinces/{code}/indicators" in p for p in paths)
    page.wait_for_load_state("networkidle")
    here = urlparse(page.base).netloc
    foreign = [u for u in requests if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != here]
    assert foreign == [] and any(u.endswith("/api/openapi.json") for u in requests)
    assert problems == []


def test_a_token_made_on_the_account_page_opens_the_api(page):
    problems, _requests = _watch(page)
    login(page, "sokhcn")
    page.click("text=Mã truy cập API")
    page.fill("input[name=name]", "Hệ thống báo cáo")
    page.click("button:has-text('Tạo mã mới')")
    secret = page.inner_text("#new-token code").strip()
    assert secret.startswith("chiso_")
    assert "Hệ thống báo cáo" in page.inner_text("#tokens")
    me = page.request.get(page.base + "/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status == 200 and me.json()["province"] == "14"
    page.once("dialog", lambda d: d.accept())
    page.click("#tokens button:has-text('Thu hồi')")
    page.wait_for_selector("text=đã thu hồi")
    again = page.request.get(page.base + "/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert again.status == 401 and again.json()["code"] == "unauthenticated"
    assert problems == []
