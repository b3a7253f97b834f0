"""Frameworks belong somewhere (issue 8, defect 9): only administrators upload frameworks; the
framework of a year is an explicit, audited setting; a new framework changes nothing until chosen."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.core import builtin
from chiso.web.audit.models import Entry
from chiso.web.demo.loader import load_demo
from chiso.web.indexdata import frameworks
from chiso.web.indexdata.actions import store_framework
from chiso.web.indexdata.models import FrameworkVersion, FrameworkYear, RawValue
from chiso.web.people.models import Province

from .conftest import login

TINY = b"code,name,parent,weight,direction\nR,root,,1,1\nA,a,R,1,1\nB,b,R,1,1\n"
SON_LA_PAGES = [
    "/p/14/",
    "/p/14/indicators/",
    "/p/14/indicators/1.1.1/",
    "/p/14/compare/",
    "/p/14/whatif/",
    "/p/14/target/",
    "/p/14/robustness/",
]


def _upload(client, name: str, content: bytes = TINY, filename: str = "fw.csv"):
    return client.post(
        "/frameworks/", {"action": "upload", "name": name, "table": SimpleUploadedFile(filename, content)}
    )


def _set_year(client, year, framework: str = "", province: str = "", reason: str = ""):
    return client.post(
        "/frameworks/",
        {"action": "year", "year": year, "framework": framework, "province": province, "reason": reason},
    )


def _fv_shown(client, url: str = "/p/14/") -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["fv"].name


@pytest.mark.parametrize("name", ["zz-x", "pii-2026"])
def test_a_new_framework_changes_nothing_for_son_la(client, admin_client_, name):
    assert _upload(admin_client_, name).status_code == 302
    assert FrameworkVersion.objects.filter(name=name).exists()
    store_framework(None, _tiny(f"{name}-z"), reason="stored directly")  # last by name, too
    coordinator = login(client, "sokhcn")
    for url in SON_LA_PAGES:
        response = coordinator.get(url)
        assert response.status_code == 200, url
        assert response.context["fv"].name == "pii-2025", url
    assert frameworks.framework_for(Province.objects.get(code="14"), 2025).name == "pii-2025"


def test_the_import_form_proposes_the_framework_set_for_the_year_not_the_last_by_name(coordinator):
    store_framework(None, _tiny("zz-x"), reason="test")
    form = coordinator.get("/p/14/imports/").context["form"]
    assert form.initial["framework"].name == "pii-2025" and form.initial["year"] == 2025


@pytest.mark.parametrize("username", ["sokhcn", "langson", "lanhdao", "taichinh"])
def test_only_administrators_upload_frameworks(client, db, username):
    user = login(client, username)
    assert user.get("/frameworks/").status_code == 403
    assert _upload(user, "zz-x").status_code == 403
    assert not FrameworkVersion.objects.filter(name="zz-x").exists()
    assert not Entry.objects.filter(kind="framework").exists()
    # the old form on the imports page is gone
    assert user.post("/p/14/imports/framework/", {"name": "zz-x"}).status_code in (403, 404, 405)
    assert not FrameworkVersion.objects.filter(name="zz-x").exists()


def test_the_imports_page_shows_frameworks_only_to_administrators(coordinator, client):
    text = coordinator.get("/p/14/imports/").content.decode()
    assert 'name="table"' not in text and "/frameworks/" not in text
    assert 'id="nav-frameworks"' not in text
    admin = login(client, "admin")
    text = admin.get("/p/14/imports/").content.decode()
    assert 'id="frameworks-link"' in text and 'href="/frameworks/"' in text
    assert 'id="nav-frameworks"' in text  # in the navigation of every page


def test_an_administrator_uploads_a_framework_recorded_in_the_audit(admin_client_, tmp_path):
    page = admin_client_.get("/frameworks/")
    assert page.status_code == 200
    assert 'name="table"' in page.content.decode() and 'name="name"' in page.content.decode()
    path = tmp_path / "fw.xlsx"
    builtin("pii-2025").write(path)
    response = _upload(admin_client_, "pii-2026", path.read_bytes(), "fw.xlsx")
    assert response.status_code == 302
    fv = FrameworkVersion.objects.get(name="pii-2026")
    assert fv.nodes.count() == 78
    change = Entry.objects.get(kind="framework", key="pii-2026")
    assert change.user.username == "admin" and change.after["indicators"] == 52
    assert not FrameworkYear.objects.filter(framework=fv).exists()  # stored, not chosen


def test_a_broken_framework_table_names_the_row_and_stores_nothing(admin_client_):
    content = b"code,name,parent,weight,direction\nR,root,,1,1\nA,a,B,1,1\nB,b,A,1,1\n"
    response = _upload(admin_client_, "cyclic", content)
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "framework-error" in text and "cyclic, dòng 3: vòng lặp cha – con: A -> B -> A" in text
    assert 'value="cyclic"' in text  # the typed name stays
    assert not FrameworkVersion.objects.filter(name="cyclic").exists()
    assert not Entry.objects.filter(kind="framework").exists()


def test_a_framework_name_is_not_reused(admin_client_):
    response = _upload(admin_client_, "pii-2025")
    assert response.status_code == 400
    assert "Đã có bộ chỉ số tên pii-2025." in html.unescape(response.content.decode())
    assert not Entry.objects.filter(kind="framework").exists()


def test_the_demo_sets_the_framework_of_each_year(db):
    national = {r.year: r.framework.name for r in FrameworkYear.objects.filter(province=None)}
    assert national == {2023: "pii-2024", 2024: "pii-2024", 2025: "pii-2025"}


def test_a_setting_holds_until_the_next_one(db):
    son_la = Province.objects.get(code="14")
    assert frameworks.framework_for(son_la, 2026).name == "pii-2025"
    assert frameworks.framework_for(son_la, 2024).name == "pii-2024"
    assert frameworks.framework_for(son_la, 2022) is None
    assert frameworks.latest(son_la)[0] == 2025


def test_an_administrator_chooses_the_framework_of_a_year_recorded_in_the_audit(admin_client_, client):
    fv = store_framework(None, _tiny("zz-x"), reason="test")
    response = _set_year(admin_client_, 2026, "zz-x", reason="Quyết định mới")
    assert response.status_code == 302
    row = FrameworkYear.objects.get(year=2026, province=None)
    assert row.framework == fv and row.updated_by.username == "admin"
    change = Entry.objects.get(kind="framework_year", key="2026")
    assert change.before == {"framework": None} and change.after == {"framework": "zz-x"}
    assert change.province is None and change.subject.framework == fv
    assert change.user.username == "admin" and change.why == "Quyết định mới" and change.via == "form"
    # changing it again records before and after; setting the same again records nothing
    assert _set_year(admin_client_, 2026, "pii-2025").status_code == 302
    assert Entry.objects.filter(kind="framework_year", key="2026").count() == 2
    assert Entry.objects.filter(kind="framework_year", key="2026").first().before == {"framework": "zz-x"}
    assert _set_year(admin_client_, 2026, "pii-2025").status_code == 302
    assert Entry.objects.filter(kind="framework_year", key="2026").count() == 2
    # removing it: 2026 follows 2025's setting again
    assert _set_year(admin_client_, 2026, "").status_code == 302
    assert not FrameworkYear.objects.filter(year=2026).exists()
    assert Entry.objects.filter(kind="framework_year", key="2026").first().after == {"framework": None}
    text = admin_client_.get("/frameworks/").content.decode()
    assert "Năm 2026, mọi tỉnh, thành phố: pii-2025 → –" in html.unescape(text)


def test_a_province_setting_overrides_the_national_one_for_that_province_only(admin_client_, client):
    assert _set_year(admin_client_, 2025, "pii-2024", province="20").status_code == 302
    row = FrameworkYear.objects.get(year=2025, province__code="20")
    assert row.framework.name == "pii-2024"
    assert Entry.objects.get(kind="framework_year", province__code="20").after == {"framework": "pii-2024"}
    assert frameworks.framework_for(Province.objects.get(code="20"), 2025).name == "pii-2024"
    assert _fv_shown(login(client, "langson"), "/p/20/") == "pii-2024"
    assert _fv_shown(login(client, "sokhcn")) == "pii-2025"
    assert _set_year(login(client, "admin"), 2025, "", province="20").status_code == 302
    assert _fv_shown(login(client, "langson"), "/p/20/") == "pii-2025"


def test_choosing_another_framework_for_a_year_changes_what_the_pages_show(admin_client_, client):
    assert _set_year(admin_client_, 2025, "pii-2024").status_code == 302
    coordinator = login(client, "sokhcn")
    response = coordinator.get("/p/14/")
    assert response.status_code == 200
    assert response.context["fv"].name == "pii-2024"
    # pii-2024 holds no value of Sơn La (only Cao Bằng's 2023/2024 annex): nothing computed for it
    assert response.context["year"] != 2025 or response.context["has_computed"] is False
    assert not RawValue.objects.filter(framework__name="pii-2024", province__code="14").exists()
    # asking for a framework by name still works (to look at another framework's data)
    assert _fv_shown(coordinator, "/p/14/?framework=pii-2025") == "pii-2025"


@pytest.mark.parametrize("username", ["sokhcn", "langson", "lanhdao", "taichinh"])
def test_only_administrators_choose_the_framework_of_a_year(client, db, username):
    audit = Entry.objects.count()
    response = _set_year(login(client, username), 2025, "pii-2024")
    assert response.status_code == 403
    assert FrameworkYear.objects.get(year=2025, province=None).framework.name == "pii-2025"
    assert Entry.objects.count() == audit


def test_a_bad_setting_is_refused_in_place_and_keeps_what_was_typed(admin_client_):
    audit = Entry.objects.count()
    response = _set_year(admin_client_, "hai nghìn", "pii-2024", reason="thử")
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert 'id="year-error"' in text and 'value="hai nghìn"' in text and 'value="thử"' in text
    response = _set_year(admin_client_, 2019, "")  # nothing to remove
    assert response.status_code == 400 and "chưa có thiết lập" in html.unescape(response.content.decode())
    response = _set_year(admin_client_, 2025, "no-such-framework")
    assert response.status_code == 400
    assert Entry.objects.count() == audit
    assert FrameworkYear.objects.get(year=2025, province=None).framework.name == "pii-2025"


def test_no_setting_at_all_answers_a_clear_404_not_a_guess(coordinator):
    FrameworkYear.objects.all().delete()
    assert coordinator.get("/p/14/").status_code == 404
    assert coordinator.get("/p/14/?framework=pii-2025").status_code == 200


def test_the_demo_is_idempotent_with_the_settings(db):
    before = (Entry.objects.count(), FrameworkYear.objects.count())
    load_demo(log=lambda *_: None)
    assert (Entry.objects.count(), FrameworkYear.objects.count()) == before


def _tiny(name: str):
    from chiso.core.framework import Framework, Node

    return Framework(name, [Node("R", "root", None), Node("A", "a", "R"), Node("B", "b", "R")])


def test_the_province_choice_tells_the_two_lists_apart(client, db):
    """Found by a tester: Bắc Ninh, Gia Lai and five other names exist both among the 34 provinces
    from 2025 and the 63 before; the choice listed them twice, alike."""
    import re

    login(client, "admin")
    page = client.get("/frameworks/").content.decode()
    select = re.search(r'<select name="province"[^>]*>(.*?)</select>', page, flags=re.S).group(1)
    labels = re.findall(r"<option[^>]*>([^<]*)</option>", select)
    from chiso.web.people.models import Province

    assert len(labels) == len(set(labels)) == 1 + Province.objects.count()
    assert "Tỉnh Bắc Ninh" in labels and "Tỉnh Bắc Ninh (trước 2025)" in labels
    current = Province.objects.filter(current=True).count()
    assert current == 34 and not any("2025" in x for x in labels[1 : 1 + current])  # the 34 first
