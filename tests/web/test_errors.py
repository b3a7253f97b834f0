"""Error pages: 400, 403, 404 in Vietnamese in the site's layout; a 500 page that needs nothing."""

from __future__ import annotations

import re
import sys
import types

import pytest
from django.template import loader
from django.test import Client, override_settings
from django.urls import include, path

LAYOUT = '<header class="top">'


def _page(response) -> str:
    html = response.content.decode()
    assert LAYOUT in html and 'lang="vi"' in html, html[:500]
    assert "Server Error" not in html and "Not Found" not in html and "Bad Request" not in html
    return html


def test_404_is_vietnamese_in_the_layout(coordinator):
    response = coordinator.get("/p/99/")
    assert response.status_code == 404
    html = _page(response)
    assert "Không tìm thấy" in html and "Về trang của bạn" in html
    assert coordinator.get("/khong-co-trang-nay/").status_code == 404


def test_404_names_what_is_missing(coordinator):
    response = coordinator.get("/p/14/?framework=khong-co")
    assert response.status_code == 404
    assert "Không có bộ chỉ số “khong-co”." in _page(response)
    response = coordinator.get("/p/14/indicators/2.2/")  # a group, not an indicator
    assert response.status_code == 404
    assert "không có chỉ số thành phần “2.2”" in _page(response)


def test_404_does_not_show_a_developer_message(coordinator):
    """Http404 raised with an English message elsewhere shows the generic Vietnamese text."""
    response = coordinator.get("/p/abc/")
    html = _page(response)
    assert response.status_code == 404 and "Http404" not in html and "Resolver404" not in html


def test_403_is_vietnamese_in_the_layout(coordinator):
    response = coordinator.get("/p/20/")  # Lạng Sơn, not the coordinator's province
    assert response.status_code == 403
    assert "Không có quyền truy cập" in _page(response)


@pytest.mark.parametrize(
    "query", ["year=abc", "year=99999999999", "year=-1", "year=2025.5", "framework=pii-2025&year=%20x"]
)
@pytest.mark.parametrize("page", ["", "indicators/", "indicators.xlsx", "compare/", "indicators/1.1.1/"])
def test_a_bad_query_parameter_is_a_400(coordinator, page, query):
    response = coordinator.get(f"/p/14/{page}?{query}")
    assert response.status_code == 400
    html = _page(response)
    assert "Yêu cầu không hợp lệ" in html and "không hợp lệ" in html


def test_400_in_english_when_english_is_chosen(coordinator):
    coordinator.cookies["django_language"] = "en"
    response = coordinator.get("/p/14/?year=abc")
    html = response.content.decode()
    assert response.status_code == 400 and "Bad request" in html and "“abc” is not a valid year." in html


boom = types.ModuleType("tests_web_boom_urls")


def _raise(request):
    raise RuntimeError("boom")


boom.urlpatterns = [path("boom/", _raise), path("", include("chiso.web.urls"))]
sys.modules[boom.__name__] = boom


@override_settings(ROOT_URLCONF=boom.__name__, DEBUG=False)
def test_500_page_is_vietnamese_and_plain(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi máy chủ" in html and 'lang="vi"' in html and LAYOUT in html
    assert "/static/chiso/chiso.css" in html
    assert "Server Error" not in html and "boom" not in html


def test_500_template_needs_no_context_and_no_tag():
    source = (loader.get_template("500.html").origin.name, loader.get_template("500.html").template.source)
    assert not re.search(r"{[%{]", source[1]), f"{source[0]} uses template code"
    html = loader.get_template("500.html").render()
    assert "Lỗi máy chủ" in html
