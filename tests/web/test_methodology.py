"""The methodology is stored data (issue 9, item 1): stored per framework and year, validated by the
core, changed by administrators only on the "Phương pháp tính" page (a conflict never overwrites),
audited, shown on the pages, and used by every computation of its year."""

from __future__ import annotations

import html

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from chiso.core import compute_values
from chiso.core.spec import DEFAULT, Methodology, MethodologyError
from chiso.web.audit.models import Entry
from chiso.web.indexdata import methodology as stored
from chiso.web.indexdata import queries
from chiso.web.indexdata.actions import core_framework
from chiso.web.indexdata.models import FrameworkVersion, RawValue, YearMethodology

from .conftest import login

PAGE = "/methodology/pii-2025/?year=2025"


def _form(response) -> dict[str, str]:
    """What the page's form would send as shown (the browser's submission)."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else str(value)
    return data


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def fv(db):
    return FrameworkVersion.objects.get(name="pii-2025")


@pytest.fixture
def outlier(fv):
    """One far outlier in 2025 (the illustrative data passes the outlier test everywhere, so
    treatment would change nothing): Hà Nội's 2.2.1 fifty times the national maximum."""
    values = RawValue.objects.filter(framework=fv, year=2025, code="2.2.1")
    top = max(v for v in values.values_list("value", flat=True) if v is not None)
    values.filter(province__code="01").update(value=50 * top)
    return "2.2.1"


def test_changing_the_2025_treatment_to_none_on_the_page_changes_the_results_and_is_audited(admin_client_, fv, outlier):
    before, _ = queries.computed(fv, 2025)
    assert before.methodology == DEFAULT
    assert before.treatment[before.framework.indicators.index(outlier)].action != "passed"
    page = admin_client_.get(PAGE)
    assert page.status_code == 200
    text = _text(page)
    assert "Phương pháp tính" in text and "Xử lý ngoại lai theo GII" in text and 'name="seen_methodology"' in text
    data = _form(page)
    assert data["treat"] == "gii" and data["seen_methodology"] == DEFAULT.key()
    response = admin_client_.post(PAGE, {**data, "treat": "none", "why": "Thử không xử lý ngoại lai"})
    assert response.status_code == 302 and response["Location"] == PAGE

    row = YearMethodology.objects.get(framework=fv, year=2025)
    assert Methodology.from_dict(row.spec) == Methodology(treat="none") and row.updated_by.username == "admin"
    entry = Entry.objects.get(kind="methodology", key="pii-2025/2025")
    assert entry.user.username == "admin" and entry.via == "form" and entry.why == "Thử không xử lý ngoại lai"
    assert entry.before is None and entry.after == Methodology(treat="none").to_dict()
    assert entry.subject == row

    after, _ = queries.computed(fv, 2025)
    assert after.methodology == Methodology(treat="none")
    assert not np.allclose(np.nan_to_num(after.scores), np.nan_to_num(before.scores))
    expected = compute_values(core_framework(fv), before.raw, Methodology(treat="none"))
    assert_allclose(after.scores, expected.scores)
    assert {r.action for r in after.treatment} == {"not treated"}
    # another year of the framework keeps its own (the default)
    assert queries.computed(fv, 2024)[0] is None or queries.computed(fv, 2024)[0].methodology == DEFAULT

    shown = _text(admin_client_.get(PAGE))
    assert "Không xử lý ngoại lai" in shown and "Thử không xử lý ngoại lai" in shown
    assert "Xử lý ngoại lai: Theo GII → Không xử lý" in shown  # the audit says what changed


def test_every_page_that_shows_results_uses_and_names_the_stored_methodology(admin_client_, fv):
    m = Methodology(treat="none", ties="worst")
    stored.save(None, fv, 2025, m, why="test", via="system")
    coordinator = login(admin_client_, "sokhcn")
    dashboard = coordinator.get("/p/14/?year=2025")
    assert dashboard.status_code == 200
    text = _text(dashboard)
    assert "Phương pháp tính: Xử lý ngoại lai: Không xử lý" in text and PAGE in text
    result = compute_values(core_framework(fv), queries.computed(fv, 2025)[0].raw, m, units=None)
    home = queries.computed(fv, 2025)[0].units.index("14")
    pii = dashboard.context["heads"][0]["computed"]
    assert pii["score"] == pytest.approx(result.scores[home, result.framework.index["PII"]])
    assert pii["rank"] == result.ranks[home, result.framework.index["PII"]]
    for url in ("/p/14/indicators/", "/p/14/compare/", "/p/14/whatif/", "/p/14/robustness/?runs=100"):
        response = coordinator.get(url)
        assert response.status_code == 200, url
        assert "Không xử lý" in _text(response), url
    robust = coordinator.get("/p/14/robustness/?runs=100")
    ranked = {row["name"]: row["nominal"] for row in robust.context["rows"] if row["nominal"] is not None}
    names = queries.computed(fv, 2025)[0].names
    for i, name in enumerate(names):
        if name in ranked:
            assert ranked[name] == result.ranks[i, result.framework.index["PII"]]


def test_the_target_solver_and_what_if_compute_with_the_stored_methodology(coordinator, fv):
    m = Methodology(treat="none")
    stored.save(None, fv, 2025, m, via="system")
    response = coordinator.post("/p/14/whatif/", {"year": "2025"})
    assert response.status_code == 200
    target = coordinator.get("/p/14/target/?year=2025&node=PII&kind=rank&value=19")
    assert target.status_code == 200
    plan = target.context["plan"]
    result = queries.computed(fv, 2025)[0]
    assert plan.start["rank"] == result.rank("14", "PII")
    check = result.raw.copy()
    u = result.unit_index("14")
    for ch in plan.changes:
        check[u, result.framework.indicators.index(ch["indicator"])] = ch["to"]
    if plan.reachable:
        assert compute_values(result.framework, check, m).ranks[u, result.framework.index["PII"]] <= 19


@pytest.mark.parametrize("username", ["sokhcn", "lanhdao"])
def test_coordinators_and_leaders_read_but_cannot_change(client, fv, username):
    reader = login(client, username)
    page = reader.get(PAGE)
    assert page.status_code == 200
    assert page.context["form"] is None and 'name="treat"' not in page.content.decode()
    response = reader.post(PAGE, {"treat": "none", "why": "x"})
    assert response.status_code == 403
    assert not YearMethodology.objects.exists() and not Entry.objects.filter(kind="methodology").exists()


def test_a_focal_point_cannot_read_it(focal, fv):
    assert focal.get(PAGE).status_code == 403


def test_the_frameworks_page_links_each_year_to_its_methodology(admin_client_):
    page = admin_client_.get("/frameworks/")
    assert page.status_code == 200 and PAGE in page.content.decode()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"treat__skew_limit": "-1"}, "treat__skew_limit", "phải lớn hơn 0 và không quá 100"),
        ({"treat__max_points": "2,5"}, "treat__max_points", "phải là số nguyên"),
        ({"treat__kurt_limit": "nhiều"}, "treat__kurt_limit", "“nhiều” không phải là một số"),
        ({"weights": "9.9 = 2"}, "weights", "Dòng 1: “9.9” không phải là mã trong bộ chỉ số pii-2025"),
        ({"weights": "1 = -2"}, "weights", "Trọng số của 1 phải từ 0 đến"),
        ({"weights": "INPUT = 0\nOUTPUT = 0"}, "weights", "Mọi thành phần của PII đều có trọng số 0"),
        ({"weights": "PII = 2"}, "weights", "PII là gốc của bộ chỉ số"),
        ({"weights": "1.1 hai"}, "weights", "Dòng 1: viết mã = trọng số"),
        ({"why": ""}, "why", None),
        ({"treat": "winsor"}, "treat", None),
    ],
)
def test_bad_input_keeps_the_form_and_writes_nothing(admin_client_, fv, fields, field, message):
    data = {**_form(admin_client_.get(PAGE)), "why": "Thử", **fields}
    response = admin_client_.post(PAGE, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors.get(field), form.errors
    text = _text(response)
    if message:
        assert message in text
    for name, typed in fields.items():
        if name in ("treat",):
            continue
        assert typed.split("\n")[0] in text  # what the user typed is shown again
    assert 'id="methodology-error"' in text and "Chưa lưu gì." in text
    assert not YearMethodology.objects.exists() and not Entry.objects.filter(kind="methodology").exists()


def test_parameters_and_weights_are_saved_read_the_vietnamese_way(admin_client_, fv):
    data = _form(admin_client_.get(PAGE))
    data.update(
        {"treat__kurt_limit": "4,5", "treat__max_points": "3", "weights": "1 = 1,5\n5.3.1: 2", "why": "Theo GII 2024"}
    )
    assert admin_client_.post(PAGE, data).status_code == 302
    m = stored.of_year(fv, 2025)
    assert m == Methodology(treat_params={"kurt_limit": 4.5, "max_points": 3}, weights={"1": 1.5, "5.3.1": 2.0})
    again = _form(admin_client_.get(PAGE))
    assert again["treat__kurt_limit"] == "4,5" and again["weights"] == "1 = 1,5\n5.3.1 = 2"
    # a parameter of a method not chosen is not used
    again.update({"aggregate": "arithmetic", "aggregate__floor": "abc", "why": "không đổi"})
    assert admin_client_.post(PAGE, again).status_code == 302
    assert Entry.objects.filter(kind="methodology").count() == 1  # saving the same writes nothing


def test_a_change_saved_meanwhile_is_never_overwritten(admin_client_, fv):
    shown = _form(admin_client_.get(PAGE))
    stored.save(None, fv, 2025, Methodology(ties="worst"), why="someone else", via="system")
    response = admin_client_.post(PAGE, {**shown, "treat": "none", "why": "mine"})
    assert response.status_code == 409
    text = _text(response)
    assert "Người khác vừa lưu phương pháp tính khác" in text and "chưa lưu gì" in text
    assert stored.of_year(fv, 2025) == Methodology(ties="worst")
    form = response.context["form"]
    assert form.data["treat"] == "none"  # the user's choice is kept
    assert form.data["seen_methodology"] == Methodology(ties="worst").key()
    # a second save is deliberate
    response = admin_client_.post(PAGE, dict(form.data.items()))
    assert response.status_code == 302
    assert stored.of_year(fv, 2025) == Methodology(treat="none")


def test_the_action_refuses_weights_that_do_not_fit_and_audits_the_cli(fv):
    with pytest.raises(MethodologyError):
        stored.save(None, fv, 2025, Methodology(weights={"X": 1}), via="cli")
    saved = stored.save(None, fv, 2025, Methodology(normalise="zscore"), why="cli", via="cli")
    assert saved.changed and saved.before == DEFAULT
    entry = Entry.objects.get(kind="methodology")
    assert entry.via == "cli" and entry.user is None and entry.after["normalise"] == "zscore"
    assert not stored.save(None, fv, 2025, Methodology(normalise="zscore"), via="cli").changed
    assert stored.of_years(fv) == {2025: Methodology(normalise="zscore")}


def test_each_year_is_computed_with_its_own_methodology(fv, outlier):
    before = {y: queries.computed(fv, y)[0] for y in queries.years(fv)}
    stored.save(None, fv, 2025, Methodology(treat="none"), via="system")
    for year, result in before.items():
        now = queries.computed(fv, year)[0]
        if result is None:
            continue
        if year == 2025:
            assert now.methodology == Methodology(treat="none")
        else:
            assert now.methodology == DEFAULT
            assert_array_equal(np.nan_to_num(now.scores), np.nan_to_num(result.scores))


def test_unknown_framework_is_not_found_and_a_bad_year_is_a_bad_request(admin_client_):
    response = admin_client_.get("/methodology/nope/")
    assert response.status_code == 404 and "Không có bộ chỉ số “nope”" in _text(response)
    for year in ("abc", "3000", "-1"):
        assert admin_client_.get(f"/methodology/pii-2025/?year={year}").status_code == 400


def test_without_a_year_the_page_shows_the_latest_year_of_the_framework(coordinator):
    response = coordinator.get("/methodology/pii-2025/")
    assert response.status_code == 200 and response.context["year"] == 2025
    assert response.context["years"][0] >= 2025 and "?year=2025" in PAGE


def test_the_page_speaks_english_too(admin_client_):
    admin_client_.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = _text(admin_client_.get(PAGE))
    assert "Calculation method" in text and "Outlier treatment" in text
