"""Report contexts (issue 9, items 6, 7 and 10): typed objects built once from the core's results,
without a request, that the pages and the XLSX export render and that turn into plain JSON; pages
driven by the framework's tree whatever its codes; a bad query parameter is a 400."""

from __future__ import annotations

import io
import json

import numpy as np
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.core.position import gap_to_next_place, score_for_rank
from chiso.web.common.context import Context
from chiso.web.indexdata import frameworks
from chiso.web.indexdata.actions import core_framework
from chiso.web.indexdata.models import FrameworkVersion, RawValue, Target
from chiso.web.people.models import Agency, Duty, Province
from chiso.web.reports import indicators, overview
from chiso.web.reports.base import Standing

from .conftest import login


def _context(name: str = "pii-2025", year: int = 2025) -> Context:
    fv = FrameworkVersion.objects.get(name=name)
    return Context(fv, core_framework(fv), year, [year])


@pytest.fixture
def son_la(db):
    return Province.objects.get(code="14")


def test_the_overview_is_built_without_a_request_and_serialises(son_la):
    report = overview.build(_context(), son_la)
    assert report.has_result and report.root == "PII" and report.count == 34
    assert [h.code for h in report.heads] == ["PII", "INPUT", "OUTPUT"]
    assert [p.code for p in report.pillars] == list("1234567")
    assert [g.code for g in report.pillars[0].groups] == ["1.1", "1.2"]
    pillar = report.pillars[0]
    assert isinstance(pillar.computed, Standing) and round(pillar.computed.score, 2) == 45.23
    assert pillar.computed.rank == 31 and pillar.official.score == 45.23 and pillar.official.rank == 31
    assert pillar.computed.gap == pytest.approx(pillar.computed.score - pillar.computed.mean)
    assert pillar.computed.min <= pillar.computed.score <= pillar.computed.max
    # the target (25/34 for 2026) judged by the core: 6 places to go, today's score of the 25th
    assert pillar.target.text == "25/34" and pillar.status.met is False and pillar.status.places == 6
    assert report.radar[0].target_score == pillar.target.status.score_needed > pillar.computed.score
    assert report.pillars[5].status.met is True  # 23rd, target 23/34
    # position: the same numbers as the core's one implementation
    result = _context().result
    others = np.delete(result.node_scores("PII"), result.unit_index("14"))
    assert report.next_place_gap == pytest.approx(gap_to_next_place(result.score("14", "PII"), others))
    assert pillar.target.status.score_needed == score_for_rank(
        np.delete(result.node_scores("1"), result.unit_index("14")), 25
    )
    # neighbours: the two just above and the one just below, as the compare page proposes
    ranks = [n.rank for n in report.neighbours]
    mine = report.heads[0].computed.rank
    assert ranks == [mine - 2, mine - 1, mine + 1] and [n.gap > 0 for n in report.neighbours] == [True, True, False]
    assert report.efficiency == pytest.approx(report.heads[2].computed.score / report.heads[1].computed.score)
    assert "6.3.2" in {s.code for s in report.strengths["indicator"].strengths}
    data = json.loads(json.dumps(report.to_dict()))  # plain data, for the API and documents
    assert data["pillars"][0]["target"]["status"]["state"] == "off"
    assert data["pillars"][0]["groups"][0]["code"] == "1.1" and data["trend"]["node"] == "PII"
    assert report["pillars"][0]["computed"]["rank"] == 31  # read by name as templates do


def test_the_indicator_table_and_detail(son_la):
    ctx = _context()
    table = indicators.table(ctx, son_la, list(ctx.framework.indicators))
    assert len(table.rows) == 52 and [r.code for r in table.rows] == list(ctx.framework.indicators)
    first = table.rows[0]
    assert first.pillar == "1" and first.group == "1.1" and first.official.rank == 34
    assert set(first.lead) == {"Sở Tài chính", "Sở Khoa học và Công nghệ"}
    assert first.target_status in ("off", "unknown") and first.off_target and first.flag == "weakness"
    assert first.gain.points_per_score_point > 0 and first.gain.places_per_score_point >= 0
    assert first.computed.max >= first.computed.score >= first.computed.min
    two = table.filtered(indicators.Filters(pillar="2")).sorted_by("-score")
    scores = [r.computed.score for r in two.rows]
    assert len(two.rows) == 7 and scores == sorted(scores, reverse=True) and two.sort == "-score"
    assert table.sorted_by("nonsense").sort == "code"
    json.dumps(table.to_dict())
    detail = indicators.detail(ctx, son_la, "2.2.1")
    assert len(detail.spread) == 34 and detail.spread[0].score >= detail.spread[-1].score
    assert detail.gain.points_per_score_point > 0 and detail.computed.rank is not None
    assert json.loads(json.dumps(detail.to_dict()))["code"] == "2.2.1"


def test_a_raw_value_target_is_judged_in_the_indicator_s_direction(son_la):
    ctx = _context()
    fv = ctx.fv
    value = RawValue.objects.get(framework=fv, year=2025, province=son_la, code="3.1.1").value
    Target.objects.create(province=son_la, framework=fv, year=2026, code="3.1.1", kind="raw", value=value, text="x")
    row = next(r for r in indicators.table(ctx, son_la, ["3.1.1"]).rows)
    assert row.target.kind == "raw" and row.target_status == "met"
    Target.objects.filter(code="3.1.1").update(value=value + 1)
    assert indicators.table(ctx, son_la, ["3.1.1"]).rows[0].target_status == "off"


def test_the_export_renders_the_same_table(coordinator):
    response = coordinator.get("/p/14/indicators.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[1]]
    assert header[-6:] == [
        "Trụ cột",
        "Cao nhất cả nước",
        "Thấp nhất cả nước",
        "Đánh giá mục tiêu",
        "Thêm 1 điểm chỉ số: điểm PII",
        "Thêm 1 điểm chỉ số: số bậc PII",
    ]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    page = {r.code: r for r in coordinator.get("/p/14/indicators/").context["rows"]}
    assert rows["1.1.1"][6] == page["1.1.1"].computed.score and rows["1.1.1"][14] == "1"
    assert rows["1.1.1"][15] == page["1.1.1"].computed.max and rows["1.1.1"][17] == "chưa đạt"


# -- an uploaded framework with other codes drives every page --------------------------------

OTHER = """code,name,parent,weight,direction
Z,Chỉ số tổng hợp thử,,1,1
B.x,Trụ cột B (đứng trước),Z,1,1
A.b,Trụ cột A,Z,1,1
B.x.2,Chỉ số B hai,B.x,1,1
B.x.1,Chỉ số B một,B.x,1,-1
A.b.k,Chỉ số A k,A.b,2,1
A.b.m,Chỉ số A m,A.b,1,1
"""
PAGES = [
    "/p/14/",
    "/p/14/indicators/",
    "/p/14/indicators/?pillar=A.b&sort=-score",
    "/p/14/indicators.xlsx",
    "/p/14/indicators/A.b.k/",
    "/p/14/indicators/B.x.1/",
    "/p/14/indicators/A.b.k/history/",
    "/p/14/compare/",
    "/p/14/whatif/",
    "/p/14/target/",
    "/p/14/target/?node=A.b&kind=rank&value=3",
    "/p/14/robustness/?runs=100",
    "/frameworks/zz-other/",
]


def _uploaded_other(admin) -> FrameworkVersion:
    response = admin.post(
        "/frameworks/",
        {"action": "upload", "name": "zz-other", "table": SimpleUploadedFile("other.csv", OTHER.encode())},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    fv = FrameworkVersion.objects.get(name="zz-other")
    frameworks.set_framework_year(None, 2025, fv, reason="test")
    rng = np.random.default_rng(5)
    fw = core_framework(fv)
    RawValue.objects.bulk_create(
        RawValue(framework=fv, year=2025, province=p, code=c, value=float(rng.uniform(1, 100)))
        for p in Province.objects.filter(code__in=RawValue.objects.filter(year=2025).values("province__code"))
        for c in fw.indicators
    )
    home = Province.objects.get(code="14")
    agency = Agency.objects.get(province=home, name="Sở Tài chính")
    Duty.objects.create(province=home, code="A.b.k", agency=agency, role="lead")
    Target.objects.create(province=home, framework=fv, year=2026, code="A.b", kind="rank", value=2, text="2/34")
    return fv


def test_an_uploaded_framework_with_other_codes_on_every_page(client, admin_client_):
    _uploaded_other(admin_client_)
    for user in ("admin", "sokhcn"):
        browser = login(client, user)
        for url in PAGES if user == "admin" else PAGES[:-1]:  # the frameworks' pages are for administrators
            response = browser.get(url)
            assert response.status_code == 200, (user, url)
            if not url.endswith(".xlsx"):
                assert "INPUT" not in response.content.decode(), url
    coordinator = login(client, "sokhcn")
    dashboard = coordinator.get("/p/14/").context
    assert [r.code for r in dashboard["heads"]] == ["Z"]
    assert [r.code for r in dashboard["pillars"]] == ["B.x", "A.b"]  # the table's order, not the codes'
    assert dashboard["pillars"][1].target.text == "2/34" and dashboard["report"].efficiency is not None
    rows = coordinator.get("/p/14/indicators/").context["rows"]
    assert [r.code for r in rows] == ["B.x.2", "B.x.1", "A.b.k", "A.b.m"]
    assert {r.code: r.pillar for r in rows} == {"B.x.2": "B.x", "B.x.1": "B.x", "A.b.k": "A.b", "A.b.m": "A.b"}
    assert [r.code for r in coordinator.get("/p/14/indicators/?pillar=A.b").context["rows"]] == ["A.b.k", "A.b.m"]
    compare = coordinator.get("/p/14/compare/").context
    assert [c for c, _n, _h in compare["columns"]] == ["Z", "B.x", "A.b"]
    focal = login(client, "taichinh")
    assert [r.code for r in focal.get("/p/14/indicators/").context["rows"]] == ["A.b.k"]


# -- a bad query parameter is a 400 --------------------------------------------------------------


@pytest.mark.parametrize("page", ["whatif/", "target/", "robustness/"])
def test_a_year_asked_for_without_results_is_a_400_not_a_404(coordinator, page):
    response = coordinator.get(f"/p/14/{page}?year=2019")
    assert response.status_code == 400
    assert "Chưa có kết quả tính toán của tỉnh cho năm này." in response.content.decode()
    assert coordinator.get(f"/p/14/{page}?year=abc").status_code == 400
    assert coordinator.get(f"/p/14/{page}").status_code == 200
