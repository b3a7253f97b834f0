"""Framework validation is linear, with limits on size and depth (ISSUE-14 finding 3: a 2,000-node
chain cost 15 s, 5,000 nodes 261 s, the tree check being cubic in depth)."""

from __future__ import annotations

import pytest

from chiso.core.framework import MAX_DEPTH, MAX_NODES, Framework, FrameworkError, Node, load


def chain_csv(tmp_path, n: int):
    lines = ["code,name,parent,weight,direction", "N0,root,,1,1"]
    lines += [f"N{i},node {i},N{i - 1},1,1" for i in range(1, n)]
    path = tmp_path / "chain.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_5000_node_chain_is_refused_for_its_depth(tmp_path):
    with pytest.raises(FrameworkError, match=f"'N{MAX_DEPTH + 1}' is {MAX_DEPTH + 1} levels below the root") as info:
        load(chain_csv(tmp_path, 5_000))
    assert info.value.file == "chain.csv" and info.value.row == MAX_DEPTH + 3


def test_a_chain_at_the_depth_limit_is_valid(tmp_path):
    fw = load(chain_csv(tmp_path, MAX_DEPTH + 1))
    assert fw.depth(f"N{MAX_DEPTH}") == MAX_DEPTH and fw.indicators == (f"N{MAX_DEPTH}",)


def test_a_large_wide_tree_is_validated(tmp_path):
    """9,000 nodes, four levels: validated in one pass (quadratic checks would take long here)."""
    lines = ["code,name,parent,weight,direction", "R,root,,1,1"]
    for p in range(30):
        lines.append(f"P{p},pillar,R,1,1")
        for g in range(10):
            lines.append(f"G{p}.{g},group,P{p},1,1")
            lines += [f"I{p}.{g}.{i},indicator,G{p}.{g},1,1" for i in range(28)]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fw = load(path)
    assert len(fw.nodes) == 1 + 30 + 300 + 8_400
    assert fw.depth("I29.9.27") == 3 and fw.kind("G0.0") == "pillar"


def test_more_nodes_than_the_limit_are_refused(tmp_path):
    lines = ["code,name,parent,weight,direction", "R,root,,1,1"]
    lines += [f"I{i},indicator,R,1,1" for i in range(MAX_NODES)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="10,001 nodes: the limit is 10,000"):
        load(path)
    nodes = [Node("R", "root", None)] + [Node(f"I{i}", "x", "R") for i in range(MAX_NODES)]
    with pytest.raises(FrameworkError, match="the limit is 10,000"):
        Framework("big", nodes)


@pytest.mark.parametrize(
    "rows,message,row",
    [
        (["A,a,,1,1", "B,b,C,1,1", "C,c,B,1,1"], "cycle: B -> C -> B", 3),
        (["A,a,,1,1", "B,b,B,1,1"], "cycle: B -> B", 3),
        (["A,a,,1,1", "B,b,C,1,1", "C,c,D,1,1", "D,d,B,1,1", "E,e,D,1,1"], "cycle: B -> C -> D -> B", 3),
    ],
)
def test_cycles_are_named(tmp_path, rows, message, row):
    path = tmp_path / "fw.csv"
    path.write_text("code,name,parent,weight,direction\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match=message) as info:
        load(path)
    assert info.value.row == row
