"""Sơn La's Resolution 57 plan: annex I (KPIs, computed status) and annex II (tasks), Word and Excel."""

from __future__ import annotations

import re
from datetime import date

import pytest

from chiso.annex import kpi

from .documents import rows

FORMATS = ["docx", "xlsx"]
KPI_ROWS = rows("r57_kpi")
TASK_ROWS = rows("r57_tasks")
SECTION = re.compile(r"^[^a-zà-ỹ]*[A-ZÀ-Ỹ]{3}")


def _kpi_names():
    return [
        r["name"] for r in KPI_ROWS if r["name"] and not (r["name"].isupper() or r["name"].startswith("PHÁT TRIỂN"))
    ]


def _all(kpis):
    return [k for top in kpis for k in (top, *top.children)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_kpi_with_targets_result_and_agencies(read, fmt):
    annex = read("r57_kpi", fmt)
    everything = _all(annex.kpis)
    names = [re.sub(r"\s*¹$", "", n) for n in _kpi_names()]
    assert [k.name for k in everything] == names
    assert len(everything) == 55
    sections = [k.section for k in annex.kpis]
    assert sections[0] == "PHÁT TRIỂN Hạ Tầng" and sections[-1] == "PHÁT TRIỂN CHUYỂN ĐỔI SỐ"
    assert len(dict.fromkeys(sections)) == 5
    first = annex.kpis[0]
    assert first.targets == {"2025": "≥ 15%", "2030": "100%"}
    assert (first.result, first.result_value, first.stated_status, first.status) == (
        "18% (đạt)",
        18.0,
        "achieved",
        "achieved",
    )
    assert first.lead == ["Sở Khoa học và Công nghệ"] and first.coordinating == ["Các doanh nghiệp viễn thông"]
    cash = next(k for k in everything if k.name == "Giá trị thanh toán không dùng tiền mặt")
    assert cash.targets == {"2027": "Đạt 10 lần GRDP", "2030": "Đạt 30 lần GRDP"}
    assert cash.lead == ["Ngân hàng Nhà nước chi nhánh khu vực 3"]
    centre = next(k for k in everything if k.name.startswith("Hình thành Trung tâm an ninh mạng"))
    assert centre.targets["2025"] == "Sử dụng hệ thống hiện có" and centre.targets["2030"] == "01 trung tâm cấp tỉnh"
    assert centre.status == "no_data"
    # the page-split agency cell is one cell again ("…Trường" + "Cao đẳng Sơn La…")
    awards = next(k for k in everything if k.name.endswith("cấp quốc gia/khu vực mỗi năm"))
    assert "Trường Cao đẳng Sơn La" in awards.coordinating
    assert annex.unknown_agencies == ["đơn vị đề xuất nhiệm vụ KH&CN và được giao ứng dụng kết quả KH&CN vào thực tiễn"]
    assert annex.unplaced == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_computed_status_agrees_with_every_stated_status(read, fmt):
    annex = read("r57_kpi", fmt)
    everything = _all(annex.kpis)
    stated = [k for k in everything if k.stated_status]
    written = sum(len(re.findall(r"\((?:chưa )?đạt\)", r["result_2025"])) for r in KPI_ROWS)
    assert len(stated) == written == 38
    assert [(k.name, k.status) for k in stated] == [(k.name, k.stated_status) for k in stated]
    assert not any(k.disagrees for k in everything)
    assert sum(1 for k in stated if k.status == "not_achieved") == 9
    no_data = [k for k in everything if k.result == "Chưa thống kê được"]
    assert len(no_data) == 4 and all(k.status == "no_data" and k.stated_status is None for k in no_data)
    late = next(k for k in everything if k.result.startswith("46,27%"))
    assert (late.result_value, late.result_date, late.status) == (46.27, date(2025, 12, 28), "not_achieved")
    accepted = next(k for k in everything if k.result.startswith("Đến hết tháng 12/2025"))
    assert (accepted.result_value, accepted.status) == (14.0, "not_achieved")
    index = next(k for k in everything if k.name == "Chỉ số chuyển đổi số cấp tỉnh")
    assert (index.targets["2025"], index.result_value, index.status) == ("≥ 0.66", 0.664, "achieved")


def test_where_a_status_cannot_be_computed_the_reason_is_given():
    """Text targets are not assessable until someone judges them; the reason says so."""
    status, why = kpi.status("Duy trì", "Trung tâm đang hoạt động")
    assert status == "not_assessable" and "Duy trì" in why
    status, why = kpi.status("01 trung tâm cấp tỉnh", "01 trung tâm")
    assert status == "not_assessable" and "bằng lời" in why
    assert kpi.status("≥ 80%", "Chưa thống kê được")[0] == "no_data"
    assert kpi.status("", "5")[0] == "not_assessable"


@pytest.mark.parametrize("fmt", FORMATS)
def test_kpi_children_and_pii_links(read, fmt):
    annex = read("r57_kpi", fmt)
    parent = next(k for k in annex.kpis if k.name.startswith("Tỷ lệ dân số trưởng thành thường xuyên"))
    assert parent.note == "¹"
    sectors = [c.name.rsplit(" ", 2)[-2:] for c in parent.children]
    assert len(parent.children) == 5 and sectors[0] == ["y", "tế"]
    assert [c.lead for c in parent.children[:3]] == [["Sở Y tế"], ["Sở Giáo dục và Đào tạo"], ["BHXH tỉnh"]]
    assert parent.lead == ["Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Xây dựng", "BHXH tỉnh"]
    enterprises = next(k for k in annex.kpis if k.name == "Số doanh nghiệp khoa học và công nghệ trên địa bàn tỉnh")
    assert enterprises.indicator_code == "6.3.2"
    kinds = {k.name: k.kind for k in _all(annex.kpis)}
    assert kinds["Số nhiệm vụ khoa học và công nghệ cấp tỉnh triển khai mỗi năm"] == "yearly"
    assert (
        kinds["Số công trình đoạt giải thưởng khoa học và công nghệ cấp quốc gia/khu vực giai đoạn 2026 - 2030"]
        == "period"
    )
    assert kinds["Số doanh nghiệp khoa học và công nghệ trên địa bàn tỉnh"] == "stock"


def _task_numbers():
    out, section = [], None
    for r in TASK_ROWS:
        if re.fullmatch(r"[IVX]+", r["tt"]):
            section = r["name"]
        elif r["tt"]:
            out.append((section, r["tt"]))
    return out


def _flatten(tasks):
    for t in tasks:
        yield t
        yield from _flatten([p for p in t.parts if not p.number.startswith("(") and p.number != t.number])


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_task_with_agencies_product_and_timing(read, fmt):
    annex = read("r57_tasks", fmt)
    assert annex.kind == "r57_tasks"
    found = [(t.section, t.number) for t in _flatten(annex.tasks)]
    assert found == _task_numbers()
    assert len(found) == 97
    assert len(dict.fromkeys(t.section for t in annex.tasks)) == 10
    by = {(t.section.split(",")[0], t.number): t for t in _flatten(annex.tasks)}
    first = by[("THÔNG TIN", "1.2")]
    assert first.lead == ["Sở Khoa học và Công nghệ"] and first.coordinating == ["Các sở, ban, ngành", "UBND cấp xã"]
    assert first.product.startswith("Video clip") and (first.timing, first.timing_kind) == ("Hàng năm", "recurring")
    assert first.timings == {
        "Giai đoạn 2025 - 2030": "Hàng năm",
        "Giai đoạn 2030 - 2035": "Hàng năm",
        "Giai đoạn 2035 - 2040": "Hàng năm",
        "Giai đoạn 2040 - 2045": "Hàng năm",
    }
    done = by[("THÔNG TIN", "2")]
    assert (done.timing, done.timing_kind) == ("Đã hoàn thành", "done")
    city = by[("PHÁT TRIỂN HẠ TẦNG SỐ", "12")]
    assert (city.timing, city.timing_kind, city.due) == ("Tháng 6/2028", "month", date(2028, 6, 30))
    assert city.lead == ["Sở Xây dựng"]
    code = by[("THÔNG TIN", "6.1")]
    assert (code.timing_kind, code.due) == ("quarter", date(2026, 6, 30))
    carried = by[("BẢO ĐẢM AN NINH MẠNG VÀ CHỦ QUYỀN SỐ", "3")]
    assert (carried.timing_kind, carried.due) == ("carried_over", date(2026, 12, 31))
    # 5.3: a second block with its own lead and product
    plan = by[("THÔNG TIN", "5.3")]
    extra = [p for p in plan.parts if p.number == "5.3"]
    assert len(extra) == 1 and extra[0].lead == ["Các sở, ban, ngành", "UBND cấp xã"]
    assert extra[0].product == "Kế hoạch các sở, ban, ngành, địa phương"
    assert annex.unplaced == [] and annex.unknown_agencies == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_numbered_parts_have_their_own_leads_and_dates(read, fmt):
    annex = read("r57_tasks", fmt)
    task = next(t for t in annex.tasks if t.section.startswith("PHÁT TRIỂN NGUỒN NHÂN LỰC") and t.number == "4")
    parts = {p.number: p for p in task.parts}
    assert list(parts) == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    assert [parts[n].lead for n in parts] == [
        ["Sở Khoa học và Công nghệ"],
        ["Công an tỉnh"],
        ["Sở Tài chính"],
        ["UBND cấp xã"],
        ["Sở Tài chính"],
    ]
    assert [parts[n].due for n in parts] == [date(2026, 5, 31)] * 4 + [date(2026, 6, 30)]
    assert parts["(5)"].product == "Công văn báo cáo UBND tỉnh bố trí nguồn kinh phí."
    assert parts["(2)"].text == "Lập dự toán kinh phí triển khai tuyên truyền phục vụ triển khai Đề án 06 năm 2026."
    assert task.due == date(2026, 6, 30) and task.timing_kind == "date"
