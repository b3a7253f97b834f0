"""Every verb answers bad arguments with one line and exit 2, never a traceback; outputs never
overwrite an input, follow their extension and get the usual permissions (ISSUE-8 defects 11, 15;
ISSUE-14 finding 8)."""

from __future__ import annotations

import csv
import json
import os
import stat
from importlib import resources
from pathlib import Path

import openpyxl
import pytest

from tests.cli.test_compute import chiso

DEMO = str(resources.files("chiso") / "examples" / "pii-2025-illustrative.csv")
BASE = ["-f", "pii-2025", "-d", DEMO]


def refused(r, *needles: str) -> None:
    """Exit 2, one line on stderr naming the problem, no traceback."""
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr
    lines = [line for line in r.stderr.splitlines() if line.startswith("chiso") or "error" in line]
    assert len(lines) == 1, r.stderr
    for needle in needles:
        assert needle in r.stderr, r.stderr


@pytest.mark.parametrize(
    "args,needles",
    [
        (["robustness", *BASE, "--runs", "0"], ["--runs", "out of range"]),
        (["robustness", *BASE, "--runs", "-1"], ["--runs", "out of range"]),
        (["robustness", *BASE, "--runs", "many"], ["--runs", "not a whole number"]),
        (["robustness", *BASE, "--seed", "-1"], ["--seed", "out of range"]),
        (["robustness", *BASE, "--node", "NOPE"], ["--node 'NOPE' is not a code of framework pii-2025"]),
        (["robustness", *BASE, "--weights", "nan"], ["--weights", "out of range"]),
        (["robustness", *BASE, "--weights", "inf"], ["--weights", "out of range"]),
        (["robustness", *BASE, "--weights", "5"], ["--weights", "out of range"]),
        (["robustness", *BASE, "--weights", "1"], ["--weights", "out of range"]),
        (["robustness", *BASE, "--weights", "-0.1"], ["--weights", "out of range"]),
        (["robustness", *BASE, "--p-zscore", "nan"], ["--p-zscore", "out of range"]),
        (["analyse", *BASE, "-u", "Nope"], ["unit 'Nope' is not in the 2025 data"]),
        (["analyse", *BASE, "-u", "14", "--node", "NOPE"], ["--node 'NOPE' is not a code"]),
        (["solve", *BASE, "-u", "14", "-t", "rank:NOPE:3"], ["--target node 'NOPE' is not a code"]),
        (["trend", *BASE, "-u", "Nope"], ["unit 'Nope' is not in the data"]),
        (["trend", *BASE, "-u", "14", "--node", "NOPE"], ["--node 'NOPE' is not a code"]),
        (["whatif", *BASE, "--set", "Nope:1.1.1=3"], ["unit 'Nope'"]),
        (["whatif", *BASE, "--set", "14:1.1.1=nan"], ["'nan' is not a number"]),
        (["whatif", *BASE, "--set", "14:1.1.1=1e309"], ["out of range"]),
        (["compute", *BASE, "--year", "-5"], ["--year", "out of range"]),
        (["compute", "-f", "pii-2025", "-d", "/nonexistent/data.csv"], ["file not found"]),
        (["compute", "-f", "nope-framework", "-d", DEMO], ["no built-in framework 'nope-framework'"]),
        (["compute", "-f", "nope.csv", "-d", DEMO], ["nope.csv: file not found"]),
        (["compute", "-f", "pii-2025", "-d", "/tmp"], ["this is a folder"]),
    ],
)
def test_bad_arguments_one_line_exit_2(args, needles):
    refused(chiso(*args), *needles)


@pytest.mark.parametrize("verb", ["compute", "whatif", "robustness"])
def test_out_may_not_be_the_input(tmp_path, verb):
    """Defect 15: `chiso compute --out` equal to `--data` overwrote the input."""
    data = tmp_path / "data.csv"
    data.write_bytes(Path(DEMO).read_bytes())
    before = data.read_bytes()
    extra = {"whatif": ["--set", "14:1.1.1=3"], "robustness": ["--runs", "10"], "compute": []}[verb]
    for spelling in (str(data), str(tmp_path / "." / "data.csv")):
        r = chiso(verb, "-f", "pii-2025", "-d", str(data), *extra, "--out", spelling)
        refused(r, "--out is an input")
    r = chiso(verb, "-f", "pii-2025", "-d", "data.csv", *extra, "--out", "data.csv", cwd=tmp_path)
    refused(r, "--out is an input")
    assert data.read_bytes() == before


def test_out_may_not_be_the_framework_file(tmp_path):
    fw = tmp_path / "fw.csv"
    assert chiso("frameworks", "export", "pii-2025", "-o", str(fw)).returncode == 0
    before = fw.read_bytes()
    refused(chiso("compute", "-f", str(fw), "-d", DEMO, "-o", str(fw)), "--out is an input")
    refused(chiso("frameworks", "export", str(fw), "-o", str(fw)), "--out is an input")
    assert fw.read_bytes() == before


def test_out_a_folder_is_refused(tmp_path):
    refused(chiso("compute", *BASE, "--out", str(tmp_path)), "--out is a folder")
    refused(chiso("robustness", *BASE, "--runs", "5", "--out", str(tmp_path)), "--out is a folder")
    refused(chiso("frameworks", "export", "pii-2025", "--out", str(tmp_path)), "--out is a folder")


@pytest.mark.parametrize("name", ["out.txt", "out.pdf", "out", "out.xls"])
def test_unknown_output_extension_is_refused(tmp_path, name):
    refused(chiso("compute", *BASE, "--out", str(tmp_path / name)), "--out: cannot write")
    assert list(tmp_path.iterdir()) == []


def test_format_and_extension_must_agree(tmp_path):
    refused(chiso("compute", *BASE, "--format", "json", "--out", str(tmp_path / "a.csv")), "does not match")
    refused(chiso("compute", *BASE, "--format", "xlsx"), "XLSX output needs a file")


def test_output_format_follows_the_extension(tmp_path):
    """Defect 15: `--out x.xlsx` wrote CSV text."""
    xlsx, js, cs = tmp_path / "r.xlsx", tmp_path / "r.json", tmp_path / "r.csv"
    for path in (xlsx, js, cs):
        r = chiso("compute", *BASE, "--out", str(path))
        assert r.returncode == 0, r.stderr
    with open(cs, encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    book = openpyxl.load_workbook(xlsx, read_only=True)
    sheet_rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    assert sheet_rows[0] == rows[0] == ["unit", "code", "score", "rank"]
    assert len(sheet_rows) == len(rows) == 1 + 34 * 78
    assert float(sheet_rows[1][2]) == pytest.approx(float(rows[1][2]))
    doc = json.loads(js.read_text(encoding="utf-8"))
    assert len(doc["years"][0]["units"]) == 34
    r = chiso("robustness", *BASE, "--runs", "20", "--out", str(tmp_path / "rob.xlsx"))
    assert r.returncode == 0, r.stderr
    book = openpyxl.load_workbook(tmp_path / "rob.xlsx", read_only=True)
    assert next(book.worksheets[0].iter_rows(values_only=True))[0] == "unit"
    book.close()
    r = chiso("frameworks", "export", "pii-2025", "--out", str(tmp_path / "fw.xlsx"))
    assert r.returncode == 0 and zip_ok(tmp_path / "fw.xlsx")


def zip_ok(path: Path) -> bool:
    import zipfile

    return zipfile.is_zipfile(path)


def test_output_files_get_the_usual_permissions(tmp_path):
    """ISSUE-14 finding 8: files were created 0600."""
    old = os.umask(0o022)
    try:
        for name in ("r.csv", "r.xlsx"):
            assert chiso("compute", *BASE, "--out", str(tmp_path / name)).returncode == 0
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644
    finally:
        os.umask(old)


def test_a_stray_quote_fails_the_cli(tmp_path):
    """Defect 11: the CLI exited 0 with "6 unit(s)" on a CSV with a stray opening quote."""
    lines = Path(DEMO).read_text(encoding="utf-8").splitlines()
    idx = next(i for i, line in enumerate(lines) if line.startswith("2025,14,"))
    lines[idx] = lines[idx].replace(",Sơn La,", ',"Sơn La,')
    data = tmp_path / "quote.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    r = chiso("compute", "-f", "pii-2025", "-d", str(data), "-o", str(out))
    refused(r, "quote.csv", f"row {idx + 1}", "malformed CSV")
    assert not out.exists()
