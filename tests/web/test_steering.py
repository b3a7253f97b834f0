"""What-if, target and robustness pages: the numbers are the core's, changes recompute everything,
forms keep the user's word (issue 8, item 6; defects 3, 4 and 14)."""

from __future__ import annotations

import re

import pytest

from chiso.web.audit.models import Entry
from chiso.web.indexdata.models import RawValue
from chiso.web.steering.models import Scenario, SolverPlan
from tests.web.conftest import login

WHATIF = "/p/14/whatif/?year=2025"
TARGET = "/p/14/target/?year=2025"


def field_message(html: str, code: str, inputs) -> str:
    """The text of the message shown next to the field of indicator ``code``."""
    field = next(i["field"] for i in inputs if i["code"] == code)
    m = re.search(rf'<span class="field-msg[^"]*" id="msg-{field}"[^>]*>(.*?)</span>', html, re.S)
    assert m, f"no message span for {code}"
    return m.group(1)


def test_whatif_recomputes_and_moves_the_rank(coordinator):
    values = {
        "v_7.2.2": "65,36",
        "v_1.2.2": "7,38",
        "v_1.1.3": "7,81",
        "v_2.1.1": "7,46",
        "v_3.1.2": "3,97",
        "v_1.2.4": "6,95",
        "v_7.2.4": "0,82",
    }
    response = coordinator.post(WHATIF, values, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()  # a fragment for htmx
    pii = response.context["wi_rows"][0]
    assert pii["code"] == "PII" and pii["after"] > pii["before"] and pii["rank_after"] < pii["rank_before"]
    assert [c.indicator for c in response.context["changes"]] == [
        "1.1.3",
        "1.2.2",
        "1.2.4",
        "2.1.1",
        "3.1.2",
        "7.2.2",
        "7.2.4",
    ]


@pytest.mark.parametrize(
    ("typed", "value"),
    [("45,23", 45.23), ("1.234,5", 1234.5), ("1234.5", 1234.5), ("1 234,5", 1234.5), ("45.5", 45.5), ("1.234", 1234)],
)
def test_whatif_reads_numbers_the_vietnamese_and_the_international_way(coordinator, typed, value):
    response = coordinator.post(WHATIF, {"v_7.2.2": typed}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    [change] = response.context["changes"]
    assert change.indicator == "7.2.2" and change.value == pytest.approx(value)


def test_whatif_bad_value_keeps_what_was_typed_with_the_message_next_to_it(coordinator):
    response = coordinator.post(WHATIF, {"v_2.2.1": "nhiều", "v_7.2.2": "60"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="nhiều"' in html and 'value="60"' in html
    assert "“nhiều” không phải là số" in field_message(html, "2.2.1", response.context["inputs"])
    assert field_message(html, "7.2.2", response.context["inputs"]) == ""
    assert 'id="whatif-table"' not in html  # no result beside a value that was not used


def test_whatif_htmx_error_clears_the_result_and_puts_the_message_next_to_the_field(coordinator):
    """Defect 4: the 400 answer carries the message (shown in place by steering.js), no stale
    result, and the field messages are swapped out of band; the inputs are not replaced."""
    response = coordinator.post(WHATIF, {"v_2.2.3": "abc"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" not in html and 'id="whatif-table"' not in html and 'id="whatif-errors"' in html
    assert "2.2.3: “abc” không phải là số" in html
    field = next(i["field"] for i in response.context["inputs"] if i["code"] == "2.2.3")
    assert re.search(rf'id="msg-{field}" hx-swap-oob="true">“abc” không phải là số', html)
    assert "<input" not in html.split('id="whatif-errors"')[1]  # the fields (and what was typed) stay


@pytest.mark.parametrize("typed", ["inf", "-inf", "nan", "NaN", "1e309", "1e308", "2e12", "-1,5e13", "n/a"])
def test_whatif_refuses_non_finite_and_absurd_values(coordinator, typed):
    response = coordinator.post(WHATIF, {"v_2.2.3": typed})
    assert response.status_code == 400
    html = response.content.decode()
    message = field_message(html, "2.2.3", response.context["inputs"])
    assert typed in message and ("không phải là số" in message or "quá lớn" in message)
    assert not re.search(r"\d{20}", html)  # 1e308 never prints a 309-digit number
    assert ">inf<" not in html and ">nan<" not in html.lower()


def test_whatif_flags_values_far_from_the_country_but_computes_them(coordinator):
    stats = coordinator.get(WHATIF).context["inputs"]
    row = next(i for i in stats if i["code"] == "7.2.2")
    response = coordinator.post(WHATIF, {"v_7.2.2": "-5", "v_2.2.3": "1000000"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and len(response.context["changes"]) == 2
    html = response.content.decode()
    assert row["current"] >= 0
    assert "giá trị âm" in field_message(html, "7.2.2", response.context["inputs"])
    assert "rất xa khoảng của cả nước" in field_message(html, "2.2.3", response.context["inputs"])
    assert 'id="whatif-flags"' in html and 'id="whatif-table"' in html
    ordinary = coordinator.post(WHATIF, {"v_7.2.2": "60"}, HTTP_HX_REQUEST="true")
    assert field_message(ordinary.content.decode(), "7.2.2", ordinary.context["inputs"]) == ""


def test_whatif_inputs_are_rounded_and_vietnamese(coordinator):
    """Defect 6: `0.8300000000000001` in the inputs."""
    from django.contrib.auth.models import User

    from chiso.web.indexdata.models import FrameworkVersion
    from chiso.web.people.models import Province

    scenario = Scenario.objects.create(
        province=Province.objects.get(code="14"),
        framework=FrameworkVersion.objects.get(name="pii-2025"),
        year=2025,
        name="noise",
        created_by=User.objects.get(username="sokhcn"),
        changes=[{"unit": "14", "indicator": "7.2.4", "kind": "raw", "value": 0.8300000000000001}],
        result={},
    )
    response = coordinator.get(f"{WHATIF}&scenario={scenario.id}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="0,83"' in html and "0.8300000000000001" not in html and "0,8300000000000001" not in html
    for row in response.context["inputs"]:
        placeholder = re.search(rf'name="v_{re.escape(row["code"])}"[^>]*placeholder="([^"]*)"', html).group(1)
        assert "." not in placeholder and len(placeholder.split(",")[-1]) <= 4, placeholder


def test_whatif_scenarios_are_saved_audited_and_reloaded(coordinator):
    response = coordinator.post(WHATIF, {"v_7.2.2": "60", "save": "1", "name": "Việc làm +"})
    assert response.status_code == 302 and "saved=1" in response["Location"]
    scenario = Scenario.objects.get(name="Việc làm +")
    assert scenario.changes == [{"unit": "14", "indicator": "7.2.2", "kind": "raw", "value": 60.0}]
    audit = Entry.objects.get(kind="scenario")
    assert (
        audit.user.username == "sokhcn"
        and audit.province.code == "14"
        and audit.subject == scenario
        and audit.after["name"] == "Việc làm +"
    )
    page = coordinator.get(response["Location"])
    assert [c.indicator for c in page.context["changes"]] == ["7.2.2"]
    assert "Đã lưu kịch bản “Việc làm +”" in page.content.decode()
    again = coordinator.post(WHATIF, {"v_7.2.2": "61", "save": "1", "name": "Việc làm +"})
    assert again.status_code == 400 and Scenario.objects.count() == 1
    assert "Đã có kịch bản tên" in again.content.decode() and 'value="61"' in again.content.decode()


def test_whatif_save_without_a_name_says_so_and_keeps_the_values(coordinator):
    """Defect 4: saving without a name failed silently and the previous "Đã lưu" stayed."""
    response = coordinator.post(WHATIF, {"v_7.2.2": "60", "save": "1", "name": "  "})
    assert response.status_code == 400 and not Scenario.objects.exists()
    html = response.content.decode()
    assert re.search(r'id="save-status"[^>]*>Hãy đặt tên cho kịch bản', html) and 'value="60"' in html
    htmx = coordinator.post(WHATIF, {"v_7.2.2": "60", "save": "1", "name": ""}, HTTP_HX_REQUEST="true")
    fragment = htmx.content.decode()
    assert htmx.status_code == 400
    assert re.search(r'id="save-status"[^>]*hx-swap-oob="true">Hãy đặt tên cho kịch bản', fragment)
    assert "Đã lưu" not in fragment
    # a plain recompute after a save replaces "Đã lưu" with nothing
    quiet = coordinator.post(WHATIF, {"v_7.2.2": "61"}, HTTP_HX_REQUEST="true").content.decode()
    assert re.search(r'id="save-status" class="field-msg" hx-swap-oob="true"></span>', quiet)


def test_leader_reads_but_cannot_save_scenarios_or_plans(leader):
    """Defect 14: the leader (read only) could save scenarios and solver plans."""
    page = leader.get(WHATIF)
    assert page.status_code == 200 and 'name="save"' not in page.content.decode()
    assert leader.post(WHATIF, {"v_7.2.2": "60"}, HTTP_HX_REQUEST="true").status_code == 200  # computing is reading
    assert leader.post(WHATIF, {"v_7.2.2": "60", "save": "1", "name": "x"}).status_code == 403
    target = leader.get(TARGET)
    assert target.status_code == 200 and 'name="save"' not in target.content.decode()
    assert leader.post(TARGET, {"node": "PII", "kind": "rank", "value": "20"}).status_code == 200
    denied = leader.post(TARGET, {"node": "PII", "kind": "rank", "value": "20", "save": "1", "name": "x"})
    assert denied.status_code == 403
    assert not Scenario.objects.exists() and not SolverPlan.objects.exists()
    assert not Entry.objects.filter(kind__in=["scenario", "solver_plan"]).exists()


@pytest.mark.parametrize(
    ("query", "words"),
    [("scenario=abc", "không hợp lệ"), ("scenario=999999", "Không có kịch bản"), ("scenario=-1", "không hợp lệ")],
)
def test_whatif_bad_scenario_is_a_400_in_vietnamese(coordinator, query, words):
    response = coordinator.get(f"{WHATIF}&{query}")
    assert response.status_code == 400 and words in response.content.decode()


def test_target_page_plan_reaches_the_target_through_whatif(coordinator):
    response = coordinator.post(TARGET, {"node": "PII", "kind": "rank", "value": "19"})
    plan = response.context["plan"]
    assert plan.reachable and plan.rank <= 19
    url = response.context["apply_url"]
    assert not re.search(r"\d\.\d{5,}|\d,\d{5,}", url.replace("%2C", ",").replace("%3A", ":"))  # rounded values
    applied = coordinator.get(url)
    assert applied.status_code == 200
    pii = applied.context["wi_rows"][0]
    assert pii["rank_after"] <= 19 and pii["after"] >= plan.score - 1e-9  # rounded toward the target
    shown = {i["code"]: i["typed"] for i in applied.context["inputs"] if i["typed"]}
    assert set(shown) == {c["indicator"] for c in plan.changes}
    assert all("." not in v for v in shown.values())


def test_target_page_out_of_reach_and_limits(coordinator):
    response = coordinator.post(TARGET, {"node": "1.1", "kind": "score", "value": "99", "limits": "1.1.1; 0"})
    plan = response.context["plan"]
    assert not plan.reachable and plan.best["score"] < 99
    assert "Không thể đạt" in response.content.decode()


def test_target_page_bad_input_names_the_line(coordinator):
    response = coordinator.post(TARGET, {"node": "PII", "kind": "rank", "value": "10", "limits": "2.2.1; 1\n9.9.9; 2"})
    assert response.status_code == 400 and "dòng 2" in response.content.decode()


@pytest.mark.parametrize(
    ("form", "field", "words"),
    [
        ({"value": "abc"}, "value", "không phải là số"),
        ({"value": "1e309"}, "value", "quá lớn"),
        ({"value": "nan"}, "value", "không phải là số"),
        ({"value": "2,5"}, "value", "số nguyên"),
        ({"value": "40"}, "value", "từ 1 đến 34"),
        ({"kind": "score", "value": "120"}, "value", "từ 0 đến 100"),
        ({"node": "9.9"}, "node", "Không có nút"),
        ({"kind": "rang"}, "kind", "hạng hoặc điểm"),
    ],
)
def test_target_page_refuses_bad_numbers_next_to_the_field(coordinator, form, field, words):
    data = {"node": "PII", "kind": "rank", "value": "20", **form}
    response = coordinator.post(TARGET, data)
    assert response.status_code == 400 and response.context["plan"] is None
    assert words in response.context["field_errors"][field]
    html = response.content.decode()
    assert re.search(rf'id="msg-{field}">[^<]*{re.escape(words)}', html)
    if field == "value":
        assert f'name="value" value="{data["value"]}"' in html  # what was typed stays


@pytest.mark.parametrize(
    ("limits", "words"),
    [("2.2.1; 1e309", "quá lớn"), ("2.2.1; nan", "không phải là số"), ("2.2.1; 1; -2", "từ 0 trở lên")],
)
def test_target_page_limits_are_read_like_every_number(coordinator, limits, words):
    response = coordinator.post(TARGET, {"node": "PII", "kind": "rank", "value": "20", "limits": limits})
    assert response.status_code == 400 and "dòng 1" in response.content.decode()
    assert words in response.content.decode()


def test_target_plan_is_saved_and_audited(coordinator):
    response = coordinator.post(
        TARGET, {"node": "PII", "kind": "rank", "value": "20", "save": "1", "name": "Lên hạng 20"}
    )
    assert response.status_code == 200 and "Đã lưu phương án “Lên hạng 20”" in response.content.decode()
    saved = SolverPlan.objects.get(name="Lên hạng 20")
    assert saved.target == "rank:PII:20" and saved.result["reachable"] is True
    entry = Entry.objects.get(kind="solver_plan")
    assert entry.after["name"] == "Lên hạng 20" and entry.subject == saved and entry.via == "form"
    unnamed = coordinator.post(TARGET, {"node": "PII", "kind": "rank", "value": "20", "save": "1", "name": ""})
    assert unnamed.status_code == 400 and "Hãy đặt tên cho phương án" in unnamed.content.decode()
    assert SolverPlan.objects.count() == 1


def test_target_bad_rank_reads_in_vietnamese(coordinator):
    response = coordinator.post(TARGET, {"node": "PII", "kind": "rank", "value": "2,5"})
    assert response.status_code == 400 and "phải là số nguyên" in response.content.decode()


def test_robustness_page(coordinator):
    response = coordinator.get("/p/14/robustness/?runs=500&seed=3")
    rows = response.context["rows"]
    assert len(rows) == 34 and any(r["home"] for r in rows)
    assert all(r["p05"] <= r["median"] <= r["p95"] for r in rows)
    assert "<svg" in response.content.decode()
    same = coordinator.get("/p/14/robustness/?runs=500&seed=3").context["rows"]
    assert same == rows


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("seed=-1", "seed"),
        ("seed=abc", "seed"),
        ("weights=nan", "weights"),
        ("weights=5", "weights"),
        ("weights=-0,1", "weights"),
        ("runs=5", "runs"),
        ("runs=1e9", "runs"),
        ("runs=1000.5", "runs"),
        ("p_treat=2", "p_treat"),
        ("p_geometric=inf", "p_geometric"),
    ],
)
def test_robustness_bad_settings_answer_400_in_vietnamese(coordinator, query, field):
    """Defect 14: seed=-1 answered 500, weights=nan put every province at median rank 1,
    weights=5 gave negative weights, runs out of range were silently clamped."""
    response = coordinator.get(f"/p/14/robustness/?runs=200&{query}")
    assert response.status_code == 400
    assert set(response.context["field_errors"]) == {field}
    html = response.content.decode()
    assert 'class="field-msg error"' in html and "<svg" not in html
    value = query.split("=", 1)[1]
    assert f'name="{field}" value="{value}"' in html  # what was typed stays


def _blank_son_la(codes=None):
    rows = RawValue.objects.filter(province__code="14", year=2025)
    if codes is not None:
        rows = rows.filter(code__in=codes)
    assert rows.update(value=None) > 0


@pytest.mark.parametrize("codes", [["1.1.1", "2.2.3", "7.2.4"], None])
def test_steering_pages_answer_when_values_are_blank(coordinator, codes):
    """Defect 3: after an upload blanked Sơn La's values, the robustness page answered 500
    (`cannot convert float NaN to integer`) for every province."""
    _blank_son_la(codes)
    response = coordinator.get("/p/14/robustness/?runs=200")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 34
    home = next(r for r in rows if r["home"])
    html = response.content.decode()
    assert "nan" not in html.lower().replace("nanh", "")
    if codes is None:
        assert home["nominal"] is None and home in response.context["unranked"] and 'id="unranked"' in html
    else:
        assert home["nominal"] is not None
    assert coordinator.get(WHATIF).status_code == 200
    assert coordinator.post(WHATIF, {"v_7.2.2": "60"}, HTTP_HX_REQUEST="true").status_code == 200
    target = coordinator.post(TARGET, {"node": "PII", "kind": "rank", "value": "20"})
    assert target.status_code == (400 if codes is None else 200)
    if codes is None:
        assert "chưa thể tìm phương án" in target.content.decode()
    coordinator.logout()
    other = login(coordinator, "langson").get("/p/20/robustness/?runs=200")  # every province's page
    assert other.status_code == 200 and len(other.context["rows"]) == 34


@pytest.mark.parametrize("url", ["/p/14/whatif/", "/p/14/target/", "/p/14/robustness/", "/p/14/compare/"])
def test_steering_pages_are_denied_to_focal_points_and_other_provinces(client, db, url):
    assert login(client, "taichinh").get(url).status_code == 403
    client.logout()
    assert login(client, "langson").get(url).status_code == 403


def test_number_filters():
    from django.utils import translation

    from chiso.web.common.formatting import decimals_for, format_input, format_vn, rank_of, signed

    with translation.override("vi"):
        assert format_vn(1234.5) == "1.234,50" and format_vn(45.234) == "45,23" and format_vn(None) == "–"
        assert format_vn(float("nan")) == "–" and format_vn(1e308) == "1,00·10³⁰⁸"
        assert format_input(0.8300000000000001, 2) == "0,83" and format_input(1234.5) == "1234,5"
        assert format_input(float("inf")) == "" and format_input(None) == "" and format_input(-0.0001, 2) == "0"
        assert signed(-0.35) == "−0,35" and signed(1.2) == "+1,20" and rank_of(3, 34) == "3/34"
        assert rank_of(None, 34) == "–" and rank_of(float("nan")) == "–"
    with translation.override("en"):
        assert format_vn(1234.5) == "1,234.50" and format_input(0.83) == "0.83"
    assert decimals_for([0, 100]) == 2 and decimals_for([0, 0.5]) == 3 and decimals_for([0, 0.05]) == 4
    assert decimals_for([0, 1e-6]) == 4 and decimals_for([1.0]) == 2 and decimals_for([float("nan"), 2]) == 2


def test_field_reading_in_english_follows_the_english_convention():
    from django.utils import translation

    from chiso.web.steering.fields import FieldError, read_number

    with translation.override("en"):
        assert read_number("1.234") == pytest.approx(1.234) and read_number("1,234.5") == 1234.5
        with pytest.raises(FieldError):
            read_number("1e309")
    with translation.override("vi"):
        assert read_number("1.234") == 1234 and read_number("0,83") == pytest.approx(0.83)


def test_whatif_in_english_speaks_english_and_reads_english_numbers(coordinator):
    coordinator.post("/i18n/setlang/", {"language": "en", "next": "/p/14/"})
    response = coordinator.post(WHATIF, {"v_2.2.3": "abc", "v_7.2.2": "1,234.5"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "“abc” is not a number" in field_message(html, "2.2.3", response.context["inputs"])
    assert "không" not in field_message(html, "2.2.3", response.context["inputs"])
    ok = coordinator.post(WHATIF, {"v_7.2.2": "1,234.5"}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 200 and ok.context["changes"][0].value == 1234.5
    assert "far outside the national range" in field_message(ok.content.decode(), "7.2.2", ok.context["inputs"])
    page = coordinator.get(WHATIF)
    row = next(i for i in page.context["inputs"] if i["code"] == "7.2.4")
    placeholder = re.search(r'name="v_7\.2\.4"[^>]*placeholder="([^"]*)"', page.content.decode()).group(1)
    assert float(placeholder) == pytest.approx(row["current"], abs=10 ** -row["decimals"])  # decimal point


@pytest.mark.parametrize("query", ["set=9.9.9:5", "set=1.1:5", "set=2.2.1", "set=2.2.1:abc"])
def test_whatif_bad_set_parameters_are_a_400(coordinator, query):
    response = coordinator.get(f"{WHATIF}&{query}")
    assert response.status_code == 400 and 'id="whatif-errors"' in response.content.decode()


def test_solver_notes_read_in_vietnamese(coordinator):
    from chiso.core.errors import Code, Notice
    from chiso.web.steering.views import solver_note

    missing = Notice(Code.SOLVER_VALUES_MISSING, {"count": 2, "codes": "1.1.1, 2.2.3"})
    assert missing == "2 indicator(s) have no value and are left as they are: 1.1.1, 2.2.3"  # the CLI's text
    assert solver_note(missing) == "2 chỉ số chưa có giá trị nên được giữ nguyên: 1.1.1, 2.2.3"
    assert "tính lại toàn bộ" in solver_note(Notice(Code.SOLVER_RECOMPUTED, {}))
    _blank_son_la(["1.1.1", "2.2.3"])
    response = coordinator.post(TARGET, {"node": "PII", "kind": "rank", "value": "20"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "indicator(s)" not in html and "chưa có giá trị nên được giữ nguyên" in html
