"""``chiso import`` in a subprocess against a demo database (``chiso demo --no-serve``) in a temp
dir: the same preview, scope and apply as the page; nothing written without --apply; bad input
named and exit code 2; refusals exit code 3."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from chiso.core import builtin

CODES = builtin("pii-2025").indicators


def chiso(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["CHISO_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "chiso.cli.main", *args], capture_output=True, text=True, env=env, timeout=300
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    done = chiso(data_dir, "demo", "--no-serve", "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    return data_dir


def raw(demo: Path, province: str) -> dict[str, float | None]:
    with sqlite3.connect(demo / "chiso.sqlite3") as db:
        return dict(
            db.execute(
                "SELECT r.code, r.value FROM indexdata_rawvalue r JOIN people_province p ON p.id = r.province_id "
                "JOIN indexdata_frameworkversion f ON f.id = r.framework_id "
                "WHERE p.code = ? AND r.year = 2025 AND f.name = 'pii-2025'",
                (province,),
            ).fetchall()
        )


def changes(demo: Path) -> list[tuple]:
    """(user, province, indicator code, reason) of the audit entries of values, in order; each written
    through the command line."""
    with sqlite3.connect(demo / "chiso.sqlite3") as db:
        rows = db.execute(
            "SELECT u.username, p.code, e.key, e.why, e.via FROM audit_entry e JOIN auth_user u ON u.id = e.user_id "
            "LEFT JOIN people_province p ON p.id = e.province_id "
            "WHERE e.kind IN ('raw', 'official', 'stat', 'target', 'assignment') ORDER BY e.id"
        ).fetchall()
    assert all(row[-1] == "cli" for row in rows)  # only the command line writes in these tests
    return [(user, province, key.rsplit("/", 1)[-1], why) for user, province, key, why, _via in rows]


def write(path: Path, rows: list[list[object]]) -> Path:
    path.write_text("\n".join(";".join("" if c is None else str(c) for c in r) for r in rows) + "\n", encoding="utf-8")
    return path


def imp(demo: Path, file: Path, user: str, *extra: str, kind: str = "national") -> subprocess.CompletedProcess:
    return chiso(
        demo, "import", str(file), "--kind", kind, "--framework", "pii-2025", "--year", "2025", "--user", user, *extra
    )


def test_the_database_is_where_chiso_manage_finds_it(demo):
    assert (demo / "chiso.sqlite3").exists() and len(raw(demo, "14")) == 52


def test_a_preview_prints_every_change_and_writes_nothing(demo, tmp_path):
    file = write(tmp_path / "a.csv", [["unit", "1.1.1", "2.2.1"], ["14", "0,5", None], ["20", None, "XÓA"]])
    before, log = (raw(demo, "14"), raw(demo, "20")), changes(demo)
    done = imp(demo, file, "admin", "--format", "json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert {k: out[k] for k in ("new", "changed", "cleared", "unchanged", "ignored")} == {
        "new": 0,
        "changed": 1,
        "cleared": 1,
        "unchanged": 0,
        "ignored": 0,
    }
    assert {(c["unit"], c["code"], c["after"]) for c in out["changes"]} == {("14", "1.1.1", 0.5), ("20", "2.2.1", None)}
    assert all(set(c) >= {"unit", "code", "before", "after"} for c in out["changes"])
    text = imp(demo, file, "admin")
    assert (
        text.returncode == 0 and "Sơn La" in text.stdout and "1 changed" in text.stdout and "1 to clear" in text.stdout
    )
    assert (raw(demo, "14"), raw(demo, "20")) == before and changes(demo) == log


def test_apply_writes_as_the_user_in_the_audit_and_clears_only_when_confirmed(demo, tmp_path):
    file = write(tmp_path / "b.csv", [["unit", "1.1.2", "2.2.2"], ["14", "0,25", "XÓA"]])
    kept, log = raw(demo, "14"), changes(demo)
    refused = imp(demo, file, "sokhcn", "--apply")
    assert refused.returncode == 3 and "--confirm-clear" in refused.stderr and raw(demo, "14") == kept
    done = imp(demo, file, "sokhcn", "--apply", "--confirm-clear", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["applied"] is True
    now = raw(demo, "14")
    assert now["1.1.2"] == 0.25 and now["2.2.2"] is None
    assert {c for c in CODES if now[c] != kept[c]} == {"1.1.2", "2.2.2"}
    audit = changes(demo)[len(log) :]
    assert sorted(c[2] for c in audit) == ["1.1.2", "2.2.2"]
    assert all(user == "sokhcn" and province == "14" and "[CLI]" in reason for user, province, _c, reason in audit)
    again = json.loads(imp(demo, file, "sokhcn", "--format", "json").stdout)
    assert again["changed"] == again["new"] == 0 and again["unchanged"] == 2  # 2.2.2 is empty now: XÓA changes nothing


def test_langson_cannot_change_son_la_through_the_cli(demo, tmp_path):
    """Defect 8 through the CLI: as langson, a national CSV with a row for Sơn La (14)."""
    file = write(tmp_path / "c.csv", [["unit", *CODES], ["14", *[0] * 52]])
    before, log = raw(demo, "14"), changes(demo)
    done = imp(demo, file, "langson", "--apply", "--format", "json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["ignored"] == 52 and out["changes"] == []
    assert raw(demo, "14") == before
    assert changes(demo)[len(log) :] == []


@pytest.mark.parametrize("user", ["taichinh", "lanhdao"])
def test_focal_points_and_leaders_cannot_import(demo, tmp_path, user):
    file = write(tmp_path / "d.csv", [["unit", "1.1.1"], ["14", 1]])
    before = raw(demo, "14")
    done = imp(demo, file, user, "--apply")
    assert done.returncode == 3 and "may not import" in done.stderr
    assert raw(demo, "14") == before


def test_bad_input_names_file_sheet_row_and_column(demo, tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Số liệu"
    ws.append(["unit", "1.1.1", "1.1.2"])
    ws.append(["14", 1, 2])
    ws.append(["20", 3, "nhiều"])
    book.save(tmp_path / "bad.xlsx")
    before = raw(demo, "14")
    done = imp(demo, tmp_path / "bad.xlsx", "admin", "--apply")
    assert done.returncode == 2
    assert "bad.xlsx, sheet 'Số liệu', row 3, column C (1.1.2): 'nhiều' is not a number" in done.stderr
    assert raw(demo, "14") == before
    assert imp(demo, tmp_path / "missing.csv", "admin").returncode == 2
    assert imp(demo, write(tmp_path / "e.csv", [["unit", "1.1.1"], ["14", 1]]), "nobody").returncode == 2


def test_the_official_layout_through_the_cli(demo, tmp_path):
    file = write(tmp_path / "f.csv", [["Mã chỉ số", "Điểm số", "Xếp hạng"], ["1.1.1", "12,5/100", "20/34"]])
    done = imp(demo, file, "sokhcn", "--format", "json", kind="official")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert {(c["code"], c["field"], c["after"]) for c in out["changes"]} >= {
        ("1.1.1", "score", 12.5),
        ("1.1.1", "rank", 20),
    }
