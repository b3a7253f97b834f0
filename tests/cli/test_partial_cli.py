"""The partial view on the command line: --bounds B [--ranking R] --unit U, on Cao Bằng's real annex."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from importlib import resources

import numpy as np
import pytest

from chiso.cli.main import main
from tests.annex import documents

UNIT = "Cao Bằng"


@pytest.fixture(scope="module")
def bounds() -> str:
    with resources.as_file(resources.files("chiso.demo") / "data" / "cao_bang_bounds.csv") as path:
        return str(path)


@pytest.fixture
def ranking(tmp_path) -> str:
    lines = ["unit,code,score,rank"]
    for i, s in enumerate(np.linspace(60.76, 24.10, 62)):
        lines.append(f"P{i + 1:02d},PII,{s:.2f},{i + 1}")
    lines.append(f"{UNIT},PII,23.95,63")
    path = tmp_path / "ranking.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def base(bounds: str, *more: str) -> list[str]:
    return ["--framework", "pii-2024", "--bounds", bounds, "--unit", UNIT, "--year", "2024", *more]


def test_compute_writes_the_long_table_rank_empty_without_ranking(capsys, bounds, tmp_path):
    out = tmp_path / "o.csv"
    code, _, err = run(capsys, "compute", *base(bounds, "--out", str(out)))
    assert code == 0 and "partial view" in err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["unit", "code", "score", "rank"]
    assert len(rows) == 78 and {r["unit"] for r in rows} == {UNIT} and {r["rank"] for r in rows} == {""}
    by_code = {r["code"]: float(r["score"]) for r in rows}
    assert by_code["3.2"] == pytest.approx(29.07, abs=0.05)


def test_compute_with_ranking_places_the_province(capsys, bounds, ranking, tmp_path):
    out = tmp_path / "o.csv"
    code, _, _ = run(capsys, "compute", *base(bounds, "--ranking", ranking, "--out", str(out)))
    assert code == 0
    rows = {r["code"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["PII"]["rank"] == "63" and rows["1"]["rank"] == ""
    code, text, _ = run(capsys, "compute", *base(bounds, "--ranking", ranking, "--format", "json"))
    data = json.loads(text)
    assert data["view"] == "partial"
    pii = next(n for n in data["nodes"] if n["code"] == "PII")
    assert pii["rank"] == 63 and pii["of"] == 63 and pii["official"] == 23.95 and pii["average"] is not None
    assert any(d["code"] == "2.2" and d["cause"] == "outlier" for d in data["differences"])


def test_solve_json_keeps_reachable_and_changes(capsys, bounds, ranking):
    code, text, _ = run(capsys, "solve", *base(bounds, "--ranking", ranking, "-t", "rank:PII:45", "--format", "json"))
    assert code == 0
    data = json.loads(text)
    assert data["view"] == "partial" and data["reachable"] is True
    assert data["changes"] and set(data["changes"][0]) >= {"indicator", "from", "to"}
    assert data["result"]["rank"] <= 45
    code, text, _ = run(capsys, "solve", *base(bounds, "-t", "score:1.1.1:60", "--format", "json"))
    data = json.loads(text)
    assert data["raw_values"][0]["raw"] == pytest.approx(25.16 + 0.6 * (52.51 - 25.16))


def test_analyse_whatif_trend_json_say_partial(capsys, bounds, ranking):
    code, text, _ = run(capsys, "analyse", *base(bounds, "--ranking", ranking, "--format", "json"))
    assert code == 0 and json.loads(text)["view"] == "partial"
    code, text, err = run(capsys, "whatif", *base(bounds, "--set", f"{UNIT}:1.1.2=10", "--format", "json"))
    data = json.loads(text)
    assert code == 0 and data["view"] == "partial"
    assert "would become the new max" in err and data["flags"][0]["code"] == "1.1.2"
    args = ["--framework", "pii-2024", "--bounds", bounds, "--unit", UNIT, "--ignore-unused-inverted"]
    code, text, _ = run(capsys, "trend", *args, "--format", "json")
    data = json.loads(text)
    assert code == 0 and data["view"] == "partial" and [p["year"] for p in data["points"]] == [2023, 2024]


def test_annex_file_and_targets_through_trend(capsys, tmp_path):
    annex = documents.cao_bang_annex_xlsx(tmp_path / "phu-luc.xlsx")
    args = ["--framework", "pii-2024", "--bounds", str(annex), "--unit", UNIT, "--ignore-unused-inverted"]
    code, text, _ = run(capsys, "trend", *args, "--format", "json")
    data = json.loads(text)
    assert code == 0 and data["targets"]["view"] == "partial"
    checks = {c["indicator"]: c for c in data["targets"]["indicators"]}
    assert checks["1.1.2"]["beyond_best"] and checks["4.2.3"]["far"]


def chiso(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chiso.cli.main", *args], capture_output=True, text=True, timeout=120)


def test_bad_input_names_file_row_column_and_exits_2(bounds, tmp_path):
    result = chiso("compute", "--framework", "pii-2024", "--bounds", bounds, "--unit", UNIT, "--year", "2023")
    assert result.returncode == 2
    assert "cao_bang_bounds.csv, row 54, column D (max)" in result.stderr and "3.2.2" in result.stderr
    bad = tmp_path / "rank.csv"
    bad.write_text("unit,code,score\nA,PII,30\nB,9.9,40\n", encoding="utf-8")
    out = tmp_path / "never.csv"
    result = chiso(*["compute", *base(bounds, "--ranking", str(bad), "--out", str(out))])
    assert result.returncode == 2 and "rank.csv, row 3, column B (code)" in result.stderr and not out.exists()
    result = chiso("robustness", "--framework", "pii-2024", "--bounds", bounds, "--unit", UNIT)
    assert result.returncode == 2 and "full view" in result.stderr
    result = chiso("compute", "--framework", "pii-2024", "--bounds", bounds)
    assert result.returncode == 2 and "--unit" in result.stderr
