"""The Sơn La PII annex, typed in Word and in Excel: every indicator, task, agency and target."""

from __future__ import annotations

import re
import zipfile

import pytest

from chiso.annex import agencies
from chiso.annex.values import rank_of, score_of

from .documents import rows

FORMATS = ["docx", "xlsx"]
DATA = rows("son_la_pii")
INDICATOR_ROWS = [r for r in DATA if r["stt"].isdigit()]
CODE = re.compile(r"^(\d\.\d\.\d)")


def _code(row):
    return CODE.match(row["task"]).group(1)


def _expected_leads():
    """Lead agencies per indicator, from every row of the source that names a lead."""
    out, code = {}, None
    for r in DATA:
        if r["stt"].isdigit():
            code = _code(r)
        elif r["stt"]:
            code = None
        if code and r["lead"]:
            cell = re.sub(r"đề nghị .*? phối hợp", "", r["lead"])
            out.setdefault(code, [])
            out[code] += [n for n in agencies.names(cell.replace("\n", "; "), "son-la") if n not in out[code]]
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_indicator_with_its_score_rank_and_target(read, fmt):
    annex = read("son_la_pii", fmt)
    assert annex.kind == "son_la_pii"
    assert [i.code for i in annex.indicators] == [_code(r) for r in INDICATOR_ROWS]
    assert len(annex.indicators) == 52
    for item, row in zip(annex.indicators, INDICATOR_ROWS, strict=True):
        assert item.score == score_of(row["score_2025"]), item.code
        assert (item.rank, item.of) == rank_of(row["rank_2025"]), item.code
        assert item.target == row["target_2026"] and item.target_kind == "rank"
        assert item.target_rank == rank_of(row["target_2026"])[0]
        assert item.year == 2025 and item.target_year == 2026
        assert item.name and not CODE.match(item.name)
    assert annex.unplaced == []
    assert annex.unknown_agencies == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_task_block_with_its_lead(read, fmt):
    annex = read("son_la_pii", fmt)
    tasks = annex.all_tasks()
    assert len(tasks) == sum(1 for r in DATA if r["lead"]) == 56
    expected = _expected_leads()
    for item in annex.indicators:
        assert item.lead == expected[item.code], item.code
        assert all(t.indicator_code == item.code for t in item.tasks)
    blocks = {i.code: [t.lead for t in i.tasks] for i in annex.indicators if len(i.tasks) > 1}
    assert blocks == {
        "1.1.1": [["Sở Tài chính"], ["Sở Khoa học và Công nghệ"]],
        "1.1.2": [["Các sở, ban, ngành"], ["Sở Tư pháp", "Công an tỉnh", "Cơ quan thu thập số liệu"]],
        "3.2.1": [["Sở Tài chính"], ["Sở Khoa học và Công nghệ"], ["Sở Xây dựng"]],
    }
    first = annex.indicators[0].tasks[0]
    assert first.text.startswith("- Tiếp tục chủ động nghiên cứu")
    assert first.coordinating == ["Các sở, ban, ngành", "UBND cấp xã", "Các cơ quan, đơn vị liên quan"]
    # the text continued after a page break is one task (5.1.1: "...đẩy mạnh công tác" + "nhân lực có kỹ năng")
    item = next(i for i in annex.indicators if i.code == "5.1.1")
    assert len(item.tasks) == 1 and "nhân lực có kỹ năng phù hợp" in item.tasks[0].text
    # timing: written on the pillar row, inherited by its tasks
    assert (first.timing, first.timing_kind) == ("Thường xuyên", "inherited")
    assert annex.indicators[7].tasks[0].timing == "Hàng năm"  # 2.1.1 under pillar II


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_pci_survey_items_of_1_1_2_have_their_own_leads(read, fmt):
    annex = read("son_la_pii", fmt)
    item = next(i for i in annex.indicators if i.code == "1.1.2")
    parts = {p.number: p for t in item.tasks for p in t.parts}
    romans = "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii".split()
    assert sorted(parts, key=romans.index) == romans
    lead = {n: parts[n].lead for n in romans}
    assert lead["i"] == lead["ii"] == lead["iv"] == ["Các sở, ban, ngành"]
    assert lead["viii"] == ["Sở Tư pháp"]
    assert all(lead[n] == ["Công an tỉnh"] for n in ("xv", "xvi", "xvii", "xviii"))
    collectors = ("iii", "v", "vi", "vii", "ix", "x", "xi", "xii", "xiii", "xiv")
    assert all(lead[n] == ["Cơ quan thu thập số liệu"] for n in collectors)
    assert all(parts[n].coordinating == ["Tòa án nhân dân tỉnh"] for n in collectors)
    assert parts["xv"].text.startswith("Tình hình an ninh trật tự trên địa bàn tỉnh")
    assert item.supplier == ["Cơ quan thu thập số liệu"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_pillars_and_groups(read, fmt):
    annex = read("son_la_pii", fmt)
    pillars = [n for n in annex.nodes if n.level == "pillar"]
    groups = [n for n in annex.nodes if n.level == "group"]
    assert [p.code for p in pillars] == [str(i) for i in range(1, 8)]
    assert len(groups) == sum(1 for r in DATA if "." in r["stt"] and not r["stt"][0].isdigit()) == 16
    assert (pillars[0].score, pillars[0].rank, pillars[0].of, pillars[0].target_rank) == (45.23, 31, 34, 25)
    assert pillars[5].target_rank == 23 and pillars[5].timing == "Thường xuyên"
    assert groups[0].code == "1.1" and groups[0].score == 40.41


def test_the_word_file_is_written_as_an_office_would(annex_files):
    """The fixture has what the reader must cope with: merged cells, repeated headers, paragraphs."""
    xml = zipfile.ZipFile(annex_files[("son_la_pii", "docx")]).read("word/document.xml").decode()
    assert xml.count("<w:tblHeader") >= 1
    assert xml.count("Nhiệm vụ, giải pháp cải thiện") == 1 + sum(1 for r in DATA if r["repeat_header"] == "1")
    assert xml.count('<w:vMerge w:val="restart"/>') >= 10
    assert xml.count("<w:vMerge/>") >= 10
    cells = re.findall(r"<w:tc>.*?</w:tc>", xml, flags=re.S)
    assert sum(1 for c in cells if c.count("<w:p>") + c.count("<w:p ") > 1) >= 20


def _digest(annex):
    return [
        (
            i.code,
            i.score,
            i.rank,
            i.target,
            i.lead,
            i.coordinating,
            [(t.lead, t.coordinating, " ".join(t.text.split())) for t in i.tasks],
            [(p.number, p.lead) for t in i.tasks for p in t.parts],
        )
        for i in annex.indicators
    ]


@pytest.mark.parametrize("variant", ["word, header repeated by Word only", "excel, one row per block"])
def test_the_same_annex_typed_differently_reads_the_same(read, tmp_path, variant):
    from chiso.annex import read_annex

    from . import documents

    if variant.startswith("word"):
        path = documents.write_docx(documents.son_la_layout(), tmp_path / "a.docx", repeat_headers=False)
    else:
        path = documents.write_xlsx(documents.son_la_layout(compact=True), tmp_path / "a.xlsx")
    annex = read_annex(path)
    assert annex.unplaced == []
    assert _digest(annex) == _digest(read("son_la_pii", "docx"))


def test_tables_and_rows_inside_content_controls_are_read(read, annex_files, tmp_path):
    """Word wraps tables, rows or cells in content controls (w:sdt): they are looked through."""
    import docx
    from docx.oxml import OxmlElement

    from chiso.annex import read_annex

    document = docx.Document(str(annex_files[("son_la_pii", "docx")]))
    table = document.tables[0]._tbl

    def wrap(el):
        sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
        el.addprevious(sdt)
        sdt.append(content)
        content.append(el)

    rows = table.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr")
    wrap(rows[5])
    wrap(table)
    path = tmp_path / "sdt.docx"
    document.save(str(path))
    annex = read_annex(path)
    assert annex.unplaced == []
    assert _digest(annex) == _digest(read("son_la_pii", "docx"))
