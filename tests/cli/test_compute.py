"""`chiso compute` and `chiso frameworks`, run as a user runs them (a real subprocess)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from chiso.core import builtin, compute_values

FW = builtin("pii-2025")


def chiso(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "chiso.cli.main", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


@pytest.fixture
def wide(tmp_path) -> Path:
    rng = np.random.default_rng(11)
    values = rng.uniform(0, 100, (6, 52)).round(2)
    values[2, 5] = np.nan
    lines = [",".join(["unit", "name", *FW.indicators])]
    for u in range(6):
        cells = ["n/a" if np.isnan(v) else f"{v:.2f}".replace(".", ",") for v in values[u]]
        lines.append(",".join([f"P{u}", f"Tỉnh {u}", *[f'"{c}"' for c in cells]]))
    path = tmp_path / "data.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.with_suffix(".npy").write_bytes(values.tobytes())
    return path


def test_compute_writes_every_node_for_every_unit(wide, tmp_path):
    out = tmp_path / "out.csv"
    r = chiso("compute", "--framework", "pii-2025", "--data", str(wide), "--out", str(out))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["unit", "code", "score", "rank"]
    assert len(rows) == 6 * 78
    values = np.frombuffer(wide.with_suffix(".npy").read_bytes()).reshape(6, 52)
    expected = compute_values(FW, values, units=[f"P{u}" for u in range(6)])
    got = {(row["unit"], row["code"]): row for row in rows}
    for unit in expected.units:
        for code in ("PII", "INPUT", "3", "4.2", "1.1.1"):
            assert float(got[(unit, code)]["score"]) == pytest.approx(expected.score(unit, code), abs=1e-9)
            assert int(got[(unit, code)]["rank"]) == expected.rank(unit, code)
    assert got[("P2", "1.2.3")]["score"] == "" and got[("P2", "1.2.3")]["rank"] == ""


def test_treat_none_and_year_and_json(wide, tmp_path):
    out = tmp_path / "out.json"
    r = chiso(
        "compute",
        "-f",
        "pii-2025",
        "-d",
        str(wide),
        "--treat",
        "none",
        "--year",
        "2025",
        "--format",
        "json",
        "-o",
        str(out),
    )
    assert r.returncode == 0, r.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    year = doc["years"][0]
    assert year["year"] == 2025 and year["methodology"]["treat"] == "none"
    assert len(year["units"]) == 6 and year["units"][0]["name"] == "Tỉnh 0"
    assert year["statistics"]["PII"]["count"] == 6
    assert year["units"][0]["efficiency"] == pytest.approx(
        year["units"][0]["nodes"]["OUTPUT"]["score"] / year["units"][0]["nodes"]["INPUT"]["score"]
    )
    assert {t["action"] for t in year["treatment"]} == {"not treated"}


def test_multi_year_long_data_gets_a_year_column(tmp_path):
    lines = ["year,unit,indicator,value"]
    rng = np.random.default_rng(5)
    for year in (2024, 2025):
        for u in "ABCD":
            for code in FW.indicators:
                lines.append(f"{year},{u},{code},{rng.uniform(0, 10):.3f}")
    data = tmp_path / "long.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = chiso("compute", "-f", "pii-2025", "-d", str(data))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(r.stdout.splitlines()))
    assert list(rows[0]) == ["year", "unit", "code", "score", "rank"]
    assert {row["year"] for row in rows} == {"2024", "2025"}


def test_framework_table_as_framework(tmp_path, wide):
    fw_path = tmp_path / "fw.xlsx"
    assert chiso("frameworks", "export", "pii-2025", "--out", str(fw_path)).returncode == 0
    r = chiso("compute", "-f", str(fw_path), "-d", str(wide))
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 1 + 6 * 78


@pytest.mark.parametrize(
    "content,needle",
    [
        ("unit,1.1.1\nA,1\nB,abc\n", "row 3, column B (1.1.1)"),
        ("unit,1.1.1,9.9\nA,1,2\n", "row 1, column C (9.9)"),
        ("", "empty"),
    ],
)
def test_bad_input_exit_2_names_the_place_and_writes_nothing(tmp_path, content, needle):
    data = tmp_path / "bad.csv"
    data.write_text(content, encoding="utf-8")
    out = tmp_path / "out.csv"
    r = chiso("compute", "-f", "pii-2025", "-d", str(data), "-o", str(out))
    assert r.returncode == 2
    assert "bad.csv" in r.stderr and needle in r.stderr
    assert not out.exists()
    assert list(tmp_path.glob(".out.csv*")) == []


def test_bad_framework_exit_2(tmp_path, wide):
    fw = tmp_path / "fw.csv"
    fw.write_text("code,name,parent,weight,direction\nR,r,,1,1\nA,a,Z,1,1\n", encoding="utf-8")
    r = chiso("compute", "-f", str(fw), "-d", str(wide))
    assert r.returncode == 2 and "fw.csv, row 3" in r.stderr


def test_frameworks_list_show_export(tmp_path):
    r = chiso("frameworks", "list", "--format", "json")
    assert [f["name"] for f in json.loads(r.stdout)] == ["pii-2025", "pii-2024"]
    r = chiso("frameworks", "show", "pii-2024", "--lang", "en")
    assert "Support services" in r.stdout and "7.2.4" in r.stdout
    out = tmp_path / "fw.csv"
    assert chiso("frameworks", "export", "pii-2025", "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("code,name,parent,weight,direction,unit,source,name_en")


@pytest.mark.parametrize("verb", [[], ["compute"], ["frameworks"], ["frameworks", "export"]])
def test_every_command_has_help(verb):
    r = chiso(*verb, "--help")
    assert r.returncode == 0 and "usage:" in r.stdout
