"""Whatever a cell holds, the readers answer (a value, "unknown", or an unplaced row), never crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chiso.annex import agencies, read_annex
from chiso.annex.kpi import parse_result, parse_target, status
from chiso.annex.values import numbered_parts, parse_timing, rank_of, score_of, vn_number

from . import documents

CELL = st.text(alphabet=st.sampled_from(list("0123456789.,%≥≤-–/() :;abcđạtưởệỹIVXnămQuýTháng\n")), max_size=40)
ANY = st.text(max_size=60)


@settings(max_examples=200, deadline=None)
@given(st.one_of(CELL, ANY))
def test_parsers_never_raise(text):
    parse_target(text)
    parse_result(text)
    assert status(text, text)[0] in ("achieved", "not_achieved", "no_data", "not_assessable")
    kind, _due = parse_timing(text)
    assert kind in (
        "date",
        "month",
        "quarter",
        "year",
        "recurring",
        "phase",
        "carried_over",
        "done",
        "inherited",
        "on_request",
        "unknown",
    )
    numbered_parts(text)
    vn_number(text)
    rank_of(text)
    score_of(text)
    for ref in agencies.split(text):
        assert ref.name.strip()


def test_a_bad_score_and_a_stray_row_are_listed_with_their_place(tmp_path):
    layout = documents.son_la_layout()
    row = next(i for i, r in enumerate(layout.body) if r[1].startswith("1.2.1"))
    layout.body[row][2] = "bảy mươi"  # a score in words
    layout.body.insert(0, ["", "Ghi chú của văn phòng", "", "", "", "", "", ""])  # before any indicator
    layout.repeat_before.insert(0, False)
    layout.body_merges = [(r0 + 1, c0, r1 + 1, c1) for r0, c0, r1, c1 in layout.body_merges]
    for path in (documents.write_docx(layout, tmp_path / "a.docx"), documents.write_xlsx(layout, tmp_path / "a.xlsx")):
        annex = read_annex(path)
        assert len(annex.indicators) == 52
        codes = [(u.code, u.location.column) for u in annex.unplaced]
        assert codes == [("orphan_row", None), ("bad_score", 3)]
        assert annex.unplaced[0].text == "Ghi chú của văn phòng"
        item = next(i for i in annex.indicators if i.code == "1.2.1")
        assert item.score is None and annex.unplaced[1].location.row == item.location.row
