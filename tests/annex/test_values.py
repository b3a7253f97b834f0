"""Targets, results, timings and numbers as the plans write them; the agency registry."""

from __future__ import annotations

from datetime import date

import pytest

from chiso.annex import agencies
from chiso.annex.kpi import AT_LEAST, AT_MOST, RANGE, TEXT, parse_result, parse_target, split_horizons, status
from chiso.annex.values import numbered_parts, parse_timing, rank_of, score_of, vn_number


@pytest.mark.parametrize(
    ("text", "kind", "low", "high", "unit"),
    [
        ("≥ 15%", AT_LEAST, 15.0, None, "%"),
        ("≤ 5", AT_MOST, None, 5.0, ""),
        ("0,2% GRDP", AT_LEAST, 0.2, None, "% GRDP"),
        ("80% - 90%", RANGE, 80.0, 90.0, "%"),
        ("7 - 10", RANGE, 7.0, 10.0, ""),
        ("≥ 04 người", AT_LEAST, 4.0, None, " người"),
        ("≥ 1.200", AT_LEAST, 1200.0, None, ""),
        ("≥ 0.66", AT_LEAST, 0.66, None, ""),
        ("$\\geq 40\\%$", AT_LEAST, 40.0, None, "%"),
        ("80%", AT_LEAST, 80.0, None, "%"),
        ("Đạt 10 lần GRDP", AT_LEAST, 10.0, None, " lần GRDP"),
        ("01 trung tâm cấp tỉnh", TEXT, None, None, ""),
        ("Duy trì", TEXT, None, None, ""),
        ("Sử dụng hệ thống hiện có", TEXT, None, None, ""),
    ],
)
def test_targets_as_written(text, kind, low, high, unit):
    target = parse_target(text)
    assert (target.kind, target.low, target.high, target.unit) == (kind, low, high, unit)
    assert target.text == text


def test_horizons_in_one_cell():
    assert split_horizons("- Đến năm 2027: Đạt 10 lần GRDP - Đến năm 2030: Đạt 30 lần GRDP") == {
        "2027": "Đạt 10 lần GRDP",
        "2030": "Đạt 30 lần GRDP",
    }
    assert split_horizons("≥ 15%") == {}


@pytest.mark.parametrize(
    ("text", "value", "when", "stated"),
    [
        ("46,27% (đến 28/12/2025) (chưa đạt)", 46.27, date(2025, 12, 28), "not_achieved"),
        ("46,27% (đến 28/12/2025)", 46.27, date(2025, 12, 28), None),
        ("7,26 người/1 vạn dân (đạt)", 7.26, None, "achieved"),
        ("Đến hết tháng 12/2025 nghiệm thu: 14/16 nhiệm vụ (chưa đạt)", 14.0, None, "not_achieved"),
        ("0,6640 (đạt)", 0.664, None, "achieved"),
        ("34 sáng kiến (đạt)", 34.0, None, "achieved"),
        ("Chưa thống kê được", None, None, None),
    ],
)
def test_results_as_written(text, value, when, stated):
    result = parse_result(text)
    assert (result.value, result.when, result.stated) == (value, when, stated)


def test_status_computed_and_explained():
    assert status("80% - 90%", "85%")[0] == "achieved"
    assert status("80% - 90%", "95%")[0] == "not_achieved"
    assert status("≤ 5", "6")[0] == "not_achieved"
    assert status("≤ 5", "5")[0] == "achieved"
    verdict, why = status("≥ 70%", "62,31% (đến 28/12/2025)")
    assert verdict == "not_achieved" and why == "62,31 so với mục tiêu ≥ 70%: chưa đạt"
    assert status("≥ 70%", "")[0] == "no_data"


@pytest.mark.parametrize(
    ("text", "kind", "due"),
    [
        ("Tháng 6/2028", "month", date(2028, 6, 30)),
        ("Quý II/2026", "quarter", date(2026, 6, 30)),
        ("Quý I/2026 (Đã hoàn thành)", "done", date(2026, 3, 31)),
        ("Hàng năm", "recurring", None),
        ("Hằng năm", "recurring", None),
        ("Thường xuyên", "recurring", None),
        ("khi có yêu cầu", "on_request", None),
        ("2026–2030", "phase", date(2030, 12, 31)),
        ("Giai đoạn 2026 - 2030", "phase", date(2030, 12, 31)),
        ("Trong giai đoạn", "phase", None),
        ("chuyển tiếp", "carried_over", None),
        ("2026 (nhiệm vụ 2025 chuyển tiếp)", "carried_over", date(2026, 12, 31)),
        ("Đã hoàn thành", "done", None),
        ("31/3/2026", "date", date(2026, 3, 31)),
        ("(1)…(4): 31/5/2026 – (5): 30/6/2026", "date", date(2026, 6, 30)),
        ("Năm 2026", "year", date(2026, 12, 31)),
        ("", "inherited", None),
        ("sau khi có hướng dẫn", "unknown", None),
    ],
)
def test_timings(text, kind, due):
    assert parse_timing(text) == (kind, due)


def test_numbered_parts_share_a_text():
    assert numbered_parts("(1)…(4): 31/5/2026 – (5): 30/6/2026") == {
        "1": "31/5/2026",
        "2": "31/5/2026",
        "3": "31/5/2026",
        "4": "31/5/2026",
        "5": "30/6/2026",
    }
    assert numbered_parts("một việc") == {}


def test_numbers_ranks_scores():
    assert vn_number("45,23") == 45.23 and vn_number("1.200") == 1200 and vn_number("0.66") == 0.66
    assert vn_number("2.500") == 2500 and vn_number("1.234,5") == 1234.5 and vn_number("abc") is None
    assert rank_of("04/34") == (4, 34) and rank_of("25") == (25, None) and rank_of("top 10") == (None, None)
    assert score_of("45,23/100") == 45.23 and score_of("0/100") == 0.0 and score_of("") is None


def test_agencies_aliases_and_several_in_one_cell():
    assert agencies.names("Sở KH&CN") == ["Sở Khoa học và Công nghệ"]
    assert agencies.names("Sở TC") == ["Sở Tài chính"]
    assert agencies.names(
        "Sở Khoa học và Công nghệ; Sở Công thương; Trung tâm Xúc tiến đầu tư, Thương mại và Du lịch"
    ) == [
        "Sở Khoa học và Công nghệ",
        "Sở Công Thương",
        "Trung tâm Xúc tiến đầu tư, Thương mại và Du lịch",
    ]
    assert agencies.names("Các sở Y tế, Giáo dục và đào tạo, Xây dựng; BHXH tỉnh") == [
        "Sở Y tế",
        "Sở Giáo dục và Đào tạo",
        "Sở Xây dựng",
        "BHXH tỉnh",
    ]
    assert agencies.names("Ngân hàng Nhà nước chi nhánh khu vực 3", "son-la") == [
        "Ngân hàng Nhà nước chi nhánh khu vực 3"
    ]
    assert agencies.names("Sở Xây dựng (tham mưu triển khai nếu đủ điều kiện)") == ["Sở Xây dựng"]
    assert agencies.split("Sở Xây dựng (tham mưu triển khai nếu đủ điều kiện)")[0].note.startswith("tham mưu")


def test_agencies_collective_groups_and_unknown_names():
    refs = agencies.split("Các sở, ban, ngành; UBND cấp xã và các cơ quan liên quan")
    assert [(r.name, r.collective) for r in refs] == [
        ("Các sở, ban, ngành", "departments"),
        ("UBND cấp xã", "communes"),
        ("Các cơ quan, đơn vị liên quan", "related"),
    ]
    assert agencies.names("UBND xã, phường") == ["UBND cấp xã"]  # every commune and ward
    refs = agencies.split("Sở Tài chính; Phòng Kinh tế hạ tầng")
    assert [(r.name, r.known) for r in refs] == [("Sở Tài chính", True), ("Phòng Kinh tế hạ tầng", False)]
    assert agencies.unknown("Sở Tài chính; Phòng Kinh tế hạ tầng") == ["Phòng Kinh tế hạ tầng"]
    assert agencies.names("") == []
    # the same words name a different agency in each province
    assert agencies.names("Cục Thống kê", "son-la") == ["Thống kê tỉnh Sơn La"]
    assert agencies.names("Cục Thống kê", "cao-bang") == ["Thống kê tỉnh Cao Bằng"]


def test_registry_is_consistent():
    rows = agencies.registry()
    canonical = [a.canonical for a in rows]
    assert len(canonical) == len(set(canonical))
    for agency in rows:
        for name in (agency.canonical, *agency.aliases):
            found = agencies.lookup(name, agency.province or None)
            assert found is not None, name
        assert agencies.lookup(agency.canonical, agency.province or None) == agency


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25/34", ("rank", 25, None)),
        ("04/34", ("rank", 4, None)),
        ("≤ 30/34", ("rank", 30, None)),
        ("Top 15", ("rank", 15, None)),
        ("đạt thứ hạng 13 toàn quốc", ("rank", 13, None)),
        ("tăng 04 bậc so với năm 2025", ("relative", None, 4.0)),
        ("+4 bậc", ("relative", None, 4.0)),
        ("Duy trì", ("maintain", None, None)),
        ("từ trung bình cả nước trở lên", ("not_below_mean", None, None)),
        ("45,00", ("score", None, 45.0)),
        ("≥ 30,00", ("score", None, 30.0)),
        ("", (None, None, None)),
        ("sớm nhất có thể", (None, None, None)),
    ],
)
def test_node_targets_as_the_plans_write_them(text, expected):
    from chiso.annex.values import parse_node_target

    assert parse_node_target(text) == expected
    assert parse_node_target("200,00", number_means="raw") == ("raw", None, 200.0)
