"""Frameworks are data (issue 9, item 7): no code outside the built-in framework files names the PII
tree's nodes. Pages, reports, analyses and the command line read the root, the levels and the
order from the framework in use, so an uploaded framework with other codes works everywhere."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import chiso

SRC = Path(chiso.__file__).parent
CODES = {"PII", "INPUT", "OUTPUT"}
IN_TEMPLATE = re.compile(r"""(["'])\s*(PII|INPUT|OUTPUT)\s*\1""")


# Where the PII tree's codes are data of the built-in framework, not assumptions about any framework:
# the demo's illustrative PII data (it reproduces PII's published figures) and the readers of the
# provinces' PII annexes (the documents write "PII" as a row's label).
EXEMPT = ("demo/", "annex/", "web/plans/demo.py", "web/demo/")


def test_no_python_module_writes_the_pii_tree_s_codes():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if str(path.relative_to(SRC)).startswith(EXEMPT):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip() in CODES:
                found.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.value!r}")
    assert not found, "\n".join(found)


def test_no_template_compares_with_the_pii_tree_s_codes():
    found = [
        f"{path.relative_to(SRC)}: {m.group(0)}"
        for path in sorted(SRC.rglob("*.html"))
        for m in IN_TEMPLATE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def test_the_check_would_see_one():
    tree = ast.parse('if code == "INPUT":\n    pass\n')
    assert any(isinstance(n, ast.Constant) and n.value in CODES for n in ast.walk(tree))
    assert IN_TEMPLATE.search('{% if r.code == "PII" %}')


def test_the_built_in_frameworks_are_where_those_codes_live():
    text = (SRC / "core" / "frameworks" / "pii-2025.csv").read_text(encoding="utf-8")
    assert all(f"\n{code}," in text for code in CODES)
