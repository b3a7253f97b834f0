"""``chiso plan read``: the JSON contract, the Vietnamese summary, and exit 2 naming the place of bad input."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from chiso.cli.main import main

from . import documents


def run(capsys, *args):
    code = main(["plan", "read", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_json_of_the_son_la_annex(annex_files, capsys, fmt):
    code, out, err = run(capsys, annex_files[("son_la_pii", fmt)], "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"indicators", "kpis", "tasks", "unplaced"}
    assert len(data["indicators"]) == 52 and data["kpis"] == [] and data["unplaced"] == []
    first = data["indicators"][0]
    assert {"code", "score", "rank", "target", "target_rank", "lead", "coordinating", "tasks"} <= set(first)
    assert (first["code"], first["score"], first["rank"], first["target"], first["target_rank"]) == (
        "1.1.1",
        0.0,
        34,
        "25/34",
        25,
    )
    assert first["lead"] == ["Sở Tài chính", "Sở Khoa học và Công nghệ"]
    task = first["tasks"][0]
    assert {"text", "lead", "coordinating", "timing"} <= set(task)
    assert task["lead"] == ["Sở Tài chính"] and task["timing"] == "Thường xuyên"


def test_json_of_the_kpis(annex_files, capsys):
    code, out, _ = run(capsys, annex_files[("r57_kpi", "xlsx")], "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["indicators"] == [] and data["tasks"] == []
    kpi = data["kpis"][0]
    assert {"name", "section", "targets", "result", "result_value", "stated_status", "status"} <= set(kpi)
    assert kpi["targets"] == {"2025": "≥ 15%", "2030": "100%"}
    assert (kpi["result"], kpi["result_value"], kpi["stated_status"], kpi["status"]) == (
        "18% (đạt)",
        18.0,
        "achieved",
        "achieved",
    )
    statuses = {k["status"] for top in data["kpis"] for k in [top, *top["children"]]}
    assert statuses == {"achieved", "not_achieved", "no_data"}


def test_json_of_the_tasks_and_of_cao_bang(annex_files, capsys):
    _, out, _ = run(capsys, annex_files[("r57_tasks", "docx")], "--format", "json")
    data = json.loads(out)
    assert len(data["tasks"]) == 63 and data["tasks"][0]["parts"][0]["timing"] == "Đã hoàn thành"
    _, out, _ = run(capsys, annex_files[("cao_bang", "xlsx")], "--format", "json")
    data = json.loads(out)
    assert data["indicators"][0]["target"] == "60,00" and data["indicators"][0]["target_rank"] is None
    assert [u["code"] for u in data["unplaced"]] == ["bounds_inverted"]
    assert data["unplaced"][0]["row"] > 0 and data["unplaced"][0]["column"] == 4


def test_text_summary_in_vietnamese(annex_files, capsys):
    code, out, _ = run(capsys, annex_files[("r57_kpi", "docx")])
    assert code == 0
    assert "Đọc được: 0 chỉ số, 0 trụ cột/nhóm, 0 nhiệm vụ, 48 chỉ tiêu" in out
    assert "trạng thái tính: chưa đạt (46,27 so với mục tiêu ≥ 70%: chưa đạt); văn bản ghi: chưa đạt" in out
    code, out, _ = run(capsys, annex_files[("son_la_pii", "docx")])
    assert "Trụ cột 1 Thể chế, điểm 45,23, hạng 31/34, mục tiêu 2026: 25/34" in out
    assert "chủ trì: Sở Tài chính; Sở Khoa học và Công nghệ" in out


def _bad(tmp_path, kind):
    if kind == "docx renamed xlsx":
        return documents.r57_kpi_docx(tmp_path / "a.docx").rename(tmp_path / "annex.xlsx")
    if kind == "empty document":
        return documents.empty_docx(tmp_path / "empty.docx")
    if kind == "another layout (Word)":
        return documents.other_layout_docx(tmp_path / "other.docx")
    if kind == "another layout (Excel)":
        return documents.other_layout_xlsx(tmp_path / "other.xlsx")
    if kind == "corrupt zip":
        good = documents.son_la_pii_annex_docx(tmp_path / "good.docx")
        bad = tmp_path / "corrupt.docx"
        bad.write_bytes(good.read_bytes()[:4000])
        return bad
    if kind == "broken XML inside":
        good = documents.cao_bang_annex_docx(tmp_path / "good.docx")
        bad = tmp_path / "broken.docx"
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                dst.writestr(item, b"<w:document" if item.filename == "word/document.xml" else data)
        return bad
    if kind == "not a table file":
        bad = tmp_path / "notes.pdf"
        bad.write_bytes(b"%PDF-1.4")
        return bad
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("docx renamed xlsx", "tệp annex.xlsx: tệp thực chất là .docx nhưng mang đuôi .xlsx"),
        ("empty document", "tệp empty.docx: không có bảng nào trong tệp"),
        (
            "another layout (Word)",
            "tệp other.docx, bảng 1, dòng 1, cột 1: không nhận ra bảng phụ lục (dòng tiêu đề: TT |",
        ),
        ("another layout (Excel)", "tệp other.xlsx, trang tính 'Phụ lục', dòng 3, cột 1: không nhận ra bảng phụ lục"),
        ("corrupt zip", "tệp corrupt.docx: không phải tệp Word .docx đọc được"),
        ("broken XML inside", "tệp broken.docx: không phải tệp Word .docx đọc được"),
        ("not a table file", "tệp notes.pdf: loại tệp .pdf không được hỗ trợ"),
    ],
)
def test_bad_input_exits_2_naming_the_place(tmp_path, capsys, kind, expected):
    code, out, err = run(capsys, _bad(tmp_path, kind), "--format", "json")
    assert code == 2 and out == ""
    assert err.startswith("chiso: lỗi: ") and expected in err
    assert "Traceback" not in err


def test_a_table_of_another_layout_beside_an_annex_is_listed_not_dropped(tmp_path, capsys):
    import docx

    path = documents.son_la_pii_annex_docx(tmp_path / "plan.docx")
    other = documents.other_layout_docx(tmp_path / "other.docx")
    document = docx.Document(str(path))
    table = docx.Document(str(other)).tables[0]._tbl
    document.element.body.insert(0, table)
    document.save(str(path))
    _, out, _ = run(capsys, path, "--format", "json")
    data = json.loads(out)
    assert len(data["indicators"]) == 52
    assert [(u["code"], u["table"], u["row"]) for u in data["unplaced"]] == [("unknown_table", 1, 1)]


def test_nothing_is_written(annex_files, tmp_path, capsys, monkeypatch):
    copy = tmp_path / "annex.docx"
    shutil.copy(annex_files[("son_la_pii", "docx")], copy)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert run(capsys, copy)[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_an_upload_is_read_from_its_bytes(annex_files):
    """The web reads an uploaded file without saving it: bytes or a binary file object and its name."""
    from chiso.annex import AnnexError, read_annex

    path = annex_files[("cao_bang", "xlsx")]
    with open(path, "rb") as fh:
        annex = read_annex(fh, source="Phụ lục Cao Bằng.xlsx")
    assert annex.file == "Phụ lục Cao Bằng.xlsx" and len(annex.indicators) == 52
    assert annex.heading.startswith("PHỤ LỤC:\nTỔNG HỢP PHÂN CÔNG NHIỆM VỤ")
    annex = read_annex(annex_files[("r57_tasks", "docx")].read_bytes(), source="pl2.docx")
    assert annex.heading.startswith("Phụ lục II") and len(annex.tasks) == 63
    with pytest.raises(AnnexError) as caught:
        read_annex(path.read_bytes(), source="annex.docx")
    assert caught.value.code == "wrong_suffix" and caught.value.params == {"actual": ".xlsx", "suffix": ".docx"}
    assert str(caught.value).startswith("tệp annex.docx: tệp thực chất là .xlsx")
