from __future__ import annotations

from pathlib import Path

import pytest

from chiso.core import builtin, load
from chiso.core.errors import InputError
from chiso.core.framework import from_table
from chiso.core.tables import read_table

HEADER = "code,name,parent,weight,direction\n"


def table(tmp_path: Path, body: str, name: str = "fw.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["pii-2025", "pii-2024"])
def test_builtin_frameworks_have_the_pii_shape(name):
    fw = builtin(name)
    assert len(fw.indicators) == 52
    assert len([c for c in fw.nodes if fw.kind(c.code) == "group"]) == 16
    assert [c for c in fw.children["PII"]] == ["INPUT", "OUTPUT"]
    assert fw.children["INPUT"] == ("1", "2", "3", "4", "5")
    assert fw.children["OUTPUT"] == ("6", "7")
    assert all(fw.node(c).name and fw.node(c).name_en for c in fw.indicators)
    assert {fw.node(c).parent for c in fw.indicators} == {n.code for n in fw.nodes if fw.kind(n.code) == "group"}


def test_frameworks_differ_where_the_sources_differ():
    a, b = builtin("pii-2025"), builtin("pii-2024")
    assert a.indicators == b.indicators
    assert a.node("4.2").name == "Quy mô thị trường" and b.node("4.2").name == "Dịch vụ hỗ trợ"
    assert "1.000 dân" in a.node("2.2.1").name and "10.000 dân" in b.node("2.2.1").name


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_round_trip_through_a_table(tmp_path, suffix):
    fw = builtin("pii-2025")
    path = tmp_path / f"fw.{suffix}"
    fw.write(path)
    again = load(path)
    assert again.nodes == fw.nodes


def test_weights_directions_and_defaults(tmp_path):
    path = table(tmp_path, "R,Root,,,\nA,a,R,2,-1\nB,b,R,0,1\n")
    fw = load(path)
    assert fw.node("A").weight == 2 and fw.node("A").direction == -1
    assert fw.node("R").weight == 1 and fw.node("B").weight == 0
    assert fw.node("A").unit == "unknown"


@pytest.mark.parametrize(
    "body,row,message",
    [
        ("R,Root,,1,1\nA,a,R,1,1\nA,again,R,1,1\n", 4, "already defined in row 3"),
        ("R,Root,,1,1\nA,a,X,1,1\n", 3, "parent 'X'"),
        ("R,Root,,1,1\nS,Second,,1,1\n", 3, "second root"),
        ("R,Root,,1,1\nA,a,B,1,1\nB,b,A,1,1\n", 3, "cycle"),
        ("R,Root,,1,1\nA,a,R,-1,1\n", 3, "weight"),
        ("R,Root,,1,1\nA,a,R,abc,1\n", 3, "weight"),
        ("R,Root,,1,1\nA,a,R,1,2\n", 3, "direction must be 1 or -1"),
        ("R,Root,,1,1\n,a,R,1,1\n", 3, "empty code"),
    ],
)
def test_invalid_frameworks_name_the_row(tmp_path, body, row, message):
    with pytest.raises(InputError, match=message) as info:
        load(table(tmp_path, body))
    assert info.value.row == row
    assert f"row {row}" in str(info.value)


def test_no_root_at_all(tmp_path):
    with pytest.raises(InputError, match="no root"):
        load(table(tmp_path, "A,a,B,1,1\nB,b,A,1,1\n"))


def test_missing_required_column(tmp_path):
    path = tmp_path / "fw.csv"
    path.write_text("code,name,parent,weight\nR,Root,,1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"missing column.*direction"):
        load(path)


def test_unknown_column_is_named(tmp_path):
    path = tmp_path / "fw.csv"
    path.write_text(HEADER.strip() + ",colour\nR,Root,,1,1,red\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown column 'colour'") as info:
        from_table(read_table(path))
    assert info.value.column == 6


def test_unknown_builtin():
    with pytest.raises(InputError, match="no built-in framework"):
        builtin("pii-1999")


def test_truncated_makes_groups_leaves():
    fw = builtin("pii-2025").truncated(3)
    assert len(fw.indicators) == 16 and fw.indicators[0] == "1.1"
