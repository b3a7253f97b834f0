"""The command line takes a methodology as a file (--methodology FILE.json) or setting by setting,
with the choices of the core's registries, and `chiso methodology show|export|set` prints, writes
and stores one (a stored one from the web application's database)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from chiso.cli.main import main, parser
from chiso.core.spec import CHOICES, DEFAULT, PARAMETERS, Methodology

ROOT = Path(__file__).resolve().parents[2]
DEMO = str(ROOT / "src" / "chiso" / "examples" / "pii-2025-illustrative.csv")
BASE = ["-f", "pii-2025", "-d", DEMO]

FULL = Methodology(
    treat_params={"skew_limit": 1.5, "max_points": 3},
    aggregate="geometric",
    aggregate_params={"floor": 0.5},
    missing="zero",
    ties="worst",
    weights={"1": 2.0, "5.3.1": 0.5},
)
FLAGS = [
    "--skew-limit",
    "1,5",
    "--max-points",
    "3",
    "--aggregate",
    "geometric",
    "--floor",
    "0.5",
    "--missing",
    "zero",
    "--ties",
    "worst",
    "--node-weight",
    "1=2",
    "--node-weight",
    "5.3.1=0,5",
]


def chiso(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "chiso.cli.main", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def test_every_setting_has_an_option_with_the_registrys_choices():
    sub = next(a for a in parser()._actions if a.dest == "command")
    for verb in ("compute", "analyse", "whatif", "solve", "robustness", "trend"):
        options = {a.dest: a for a in sub.choices[verb]._actions}
        assert "methodology" in options and "node_weight" in options, verb
        for setting, choices in CHOICES:
            assert tuple(options[setting].choices) == choices, (verb, setting)
        for setting, (_method, declared, _registry) in PARAMETERS.items():
            for params in declared.values():
                for p in params:
                    assert f"{setting}__{p.name}" in options, (verb, p.name)


def test_compute_with_a_methodology_file_gives_the_same_numbers_as_the_equivalent_options(tmp_path):
    m = tmp_path / "m.json"
    FULL.write(m)
    by_file, by_flags, default = tmp_path / "file.csv", tmp_path / "flags.csv", tmp_path / "default.csv"
    assert chiso("compute", *BASE, "--methodology", str(m), "-o", str(by_file)).returncode == 0
    assert chiso("compute", *BASE, *FLAGS, "-o", str(by_flags)).returncode == 0
    assert chiso("compute", *BASE, "-o", str(default)).returncode == 0
    assert by_file.read_bytes() == by_flags.read_bytes()
    assert by_file.read_bytes() != default.read_bytes()
    # the file's settings are the base and options override them
    both = tmp_path / "both.csv"
    assert chiso("compute", *BASE, "-m", str(m), "--ties", "best", "-o", str(both)).returncode == 0
    alone = tmp_path / "alone.csv"
    FULL.but(ties="best").write(m)
    assert chiso("compute", *BASE, "-m", str(m), "-o", str(alone)).returncode == 0
    assert both.read_bytes() == alone.read_bytes()


@pytest.mark.parametrize(
    ("verb", "extra"),
    [
        ("analyse", ["--unit", "14", "--format", "json"]),
        ("whatif", ["--set", "14:7.2.2=+10%", "--format", "json"]),
        ("solve", ["--unit", "14", "--target", "rank:PII:20", "--format", "json"]),
        ("robustness", ["--runs", "200", "--format", "json"]),
        ("trend", ["--unit", "14", "--format", "json"]),
    ],
)
def test_every_verb_that_computes_takes_the_methodology(tmp_path, verb, extra):
    m = tmp_path / "m.json"
    FULL.but(aggregate="arithmetic").write(m)
    flags = [f for f in FLAGS if f not in ("--aggregate", "geometric", "--floor", "0.5")]
    a = chiso(verb, *BASE, "--methodology", str(m), *extra)
    b = chiso(verb, *BASE, *flags, *extra)
    c = chiso(verb, *BASE, *extra)
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    assert a.stdout != c.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--skew-limit", "0"], "--skew-limit: skew_limit must be from 0 (excluded) to 100"),
        (["--treat", "none", "--max-points", "3"], "--max-points: none takes no parameter 'max_points'"),
        (["--node-weight", "9.9=1"], "weights: '9.9' is not a node of framework pii-2025"),
        (["--node-weight", "1=-1"], "--node-weight: weight of 1 must be a number from 0"),
        (["--max-points", "2.5"], "--max-points: '2.5' is not a whole number"),
        (["--treat", "winsor"], "argument --treat: invalid choice: 'winsor'"),
    ],
)
def test_a_bad_setting_is_refused_with_its_option_named(args, message):
    r = chiso("compute", *BASE, *args)
    assert r.returncode == 2 and message in r.stderr, r.stderr
    assert r.stdout == ""


def test_a_bad_methodology_file_names_the_file(tmp_path):
    m = tmp_path / "m.json"
    m.write_text('{"treat": "gii", "normalise": "rank"}', encoding="utf-8")
    r = chiso("compute", *BASE, "--methodology", str(m))
    assert r.returncode == 2 and f"{m}: normalise must be one of minmax, zscore, not 'rank'" in r.stderr
    r = chiso("compute", *BASE, "--methodology", str(tmp_path / "none.json"))
    assert r.returncode == 2 and "none.json: no such file" in r.stderr


def test_show_and_export_the_default_and_a_file(tmp_path, capsys):
    out = tmp_path / "default.json"
    assert main(["methodology", "export", "--out", str(out)]) == 0
    assert Methodology.read(out) == DEFAULT
    assert json.loads(out.read_text(encoding="utf-8"))["treat"] == "gii"
    FULL.write(tmp_path / "m.json")
    capsys.readouterr()
    assert main(["methodology", "show", "--file", str(tmp_path / "m.json")]) == 0
    text = capsys.readouterr().out
    assert "geometric" in text and "every score floored at 0.5" in text and "weight 5.3.1" in text
    assert "treat.skew_limit  1.5" in text.replace("   ", "  ")
    assert main(["methodology", "show", "--format", "json"]) == 0
    assert Methodology.from_dict(json.loads(capsys.readouterr().out)) == DEFAULT
    assert main(["methodology", "show", "--framework", "pii-2025"]) == 2
    assert "--framework and --year together" in capsys.readouterr().err


@pytest.mark.django_db
def test_export_and_set_a_stored_methodology(tmp_path, capsys):
    from chiso.core import builtin
    from chiso.web.audit.models import Entry
    from chiso.web.indexdata import methodology
    from chiso.web.indexdata.actions import ensure_framework

    ensure_framework(builtin("pii-2025"))
    FULL.write(tmp_path / "m.json")
    store = ["methodology", "set", "-f", "pii-2025", "-y", "2025", "--file", str(tmp_path / "m.json")]
    assert main([*store, "--why", "x"]) == 0
    assert main(store) == 0
    assert "no change" in capsys.readouterr().err
    from chiso.web.indexdata.models import FrameworkVersion

    assert methodology.of_year(FrameworkVersion.objects.get(name="pii-2025"), 2025) == FULL
    entry = Entry.objects.get(kind="methodology")
    assert entry.via == "cli" and entry.why == "x" and entry.user is None
    out = tmp_path / "stored.json"
    assert main(["methodology", "export", "-f", "pii-2025", "-y", "2025", "-o", str(out)]) == 0
    assert Methodology.read(out) == FULL
    assert main(["methodology", "export", "-f", "pii-2025", "-y", "2024", "-o", str(out)]) == 0
    assert Methodology.read(out) == DEFAULT  # none stored: the default
    assert main(["methodology", "show", "-f", "pii-2025", "-y", "2024"]) == 0
    assert "none stored: the default" in capsys.readouterr().out
    assert main(["methodology", "show", "-f", "pii-2099", "-y", "2024"]) == 2
    assert "no framework 'pii-2099' in the database" in capsys.readouterr().err
