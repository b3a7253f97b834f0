"""The analysis verbs, run as a user runs them."""

from __future__ import annotations

import csv
import json
from importlib import resources

import pytest

from chiso.core import builtin, compute_values, read_dataset
from tests.cli.test_compute import chiso

DEMO = str(resources.files("chiso") / "examples" / "pii-2025-illustrative.csv")
BASE = ["-f", "pii-2025", "-d", DEMO]


def test_analyse_json():
    r = chiso("analyse", *BASE, "-u", "Sơn La", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["rank"] == 23 and round(doc["score"], 2) == 29.33
    items = {(it["level"], it["code"]): it for it in doc["items"]}
    assert items[("indicator", "6.3.2")]["rank"] == 1 and items[("indicator", "6.3.2")]["gii_rule"] == "strength"
    assert items[("indicator", "1.1.1")]["average_rule"] == "below"
    assert len(doc["indicators"]) == 52 and doc["by_gain_per_effort"]


def test_analyse_text_names_strengths():
    r = chiso("analyse", *BASE, "-u", "14")
    assert r.returncode == 0 and "strengths" in r.stdout and "6.3.2" in r.stdout


def test_whatif_csv_equals_compute_on_changed_data(tmp_path):
    out = tmp_path / "w.csv"
    r = chiso("whatif", *BASE, "--set", "14:7.2.2=+25%", "--set", "14:1.1.1=60", "-o", str(out))
    assert r.returncode == 0, r.stderr
    rows = {(row["unit"], row["code"]): row for row in csv.DictReader(out.open(encoding="utf-8"))}
    fw = builtin("pii-2025")
    yd = read_dataset(DEMO, fw).year()
    values = yd.values.copy()
    u = yd.units.index("14")
    values[u, fw.indicators.index("7.2.2")] *= 1.25
    values[u, fw.indicators.index("1.1.1")] = 60
    fresh = compute_values(fw, values, units=yd.units)
    for unit in ("14", "01", "04"):
        assert float(rows[(unit, "PII")]["score"]) == pytest.approx(fresh.score(unit, "PII"))
        assert int(rows[(unit, "PII")]["rank"]) == fresh.rank(unit, "PII")


def test_solve_json_contract():
    r = chiso("solve", *BASE, "-u", "14", "-t", "rank:PII:19", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert {"reachable", "changes", "result", "best"} <= set(doc)
    assert doc["reachable"] is True and doc["result"]["rank"] <= 19
    assert all({"indicator", "from", "to"} <= set(ch) for ch in doc["changes"])


def test_solve_out_of_reach_with_limits(tmp_path):
    limits = tmp_path / "limits.csv"
    fw = builtin("pii-2025")
    yd = read_dataset(DEMO, fw).year()
    u = yd.units.index("14")
    limits.write_text(
        "indicator,max_value,effort\n"
        + "".join(f"{c},{float(yd.values[u, i])!r},1\n" for i, c in enumerate(fw.indicators)),
        encoding="utf-8",
    )
    r = chiso("solve", *BASE, "-u", "14", "-t", "rank:PII:1", "--limits", str(limits), "--format", "json")
    doc = json.loads(r.stdout)
    assert doc["reachable"] is False and doc["best"]["rank"] == 23


def test_robustness_csv_is_reproducible(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    for out in (a, b):
        r = chiso("robustness", *BASE, "--runs", "500", "--seed", "0", "-o", str(out))
        assert r.returncode == 0, r.stderr
    assert a.read_text() == b.read_text()
    rows = list(csv.DictReader(a.open()))
    assert list(rows[0]) == ["unit", "nominal_rank", "median_rank", "p05_rank", "p95_rank"] and len(rows) == 34


def test_trend_over_two_years(tmp_path):
    fw = builtin("pii-2025")
    yd = read_dataset(DEMO, fw).year()
    lines = [",".join(["year", "unit", *fw.indicators])]
    for year, factor in ((2024, 0.9), (2025, 1.0)):
        for u, unit in enumerate(yd.units):
            scale = factor if unit == "14" else 1.0
            lines.append(",".join([str(year), unit, *(repr(float(v * scale)) for v in yd.values[u])]))
    data = tmp_path / "two.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = chiso("trend", "-f", "pii-2025", "-d", str(data), "-u", "14", "-t", "rank:PII:10@2030", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["years"] == [2024, 2025] and doc["slope"] > 0
    assert doc["status"] in ("on track", "acceleration needed", "limited progress")


@pytest.mark.parametrize(
    "args,needle",
    [
        (["solve", *BASE, "-u", "14", "-t", "rank:PII"], "cannot read target"),
        (["solve", *BASE, "-u", "nowhere", "-t", "rank:PII:3"], "not in the 2025 data"),
        (["whatif", *BASE, "--set", "14:1.1.1"], "cannot read change"),
        (["robustness", *BASE, "--p-treat", "2"], "--p-treat: '2' is out of range: from 0 to 1"),
    ],
)
def test_bad_arguments_exit_2(args, needle):
    r = chiso(*args)
    assert r.returncode == 2 and needle in r.stderr


@pytest.mark.parametrize("verb", ["analyse", "whatif", "solve", "robustness", "trend"])
def test_help(verb):
    r = chiso(verb, "--help")
    assert r.returncode == 0 and "--treat" in r.stdout and "--year" in r.stdout
