"""Counted against the sources' own text (``../shared/sources``; skipped where the sources are absent):
the readers find as many indicators, tasks, KPIs and stated statuses as the documents hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

HERE = Path(__file__).resolve()
CANDIDATES = [p / "shared" / "sources" for p in HERE.parents] + [Path("/work/shared/sources")]
SOURCES = next((p for p in CANDIDATES if p.is_dir()), None)

pytestmark = pytest.mark.skipif(SOURCES is None, reason="the source documents are not on this machine")


def _lines(name):
    return (SOURCES / name).read_text(encoding="utf-8").splitlines()


def _between(lines, start, stop):
    i = next(n for n, line in enumerate(lines) if line.strip() == start)
    j = next((n for n, line in enumerate(lines[i + 1 :], i + 1) if line.strip() == stop), len(lines))
    return lines[i:j]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_son_la_pii_counts(read, fmt):
    lines = _lines("son-la-pii-improvement-plan-2026.txt")
    codes = [m.group(1) for line in lines if (m := re.match(r"^\d+\t(?:<p>)?(\d\.\d\.\d)", line))]
    annex = read("son_la_pii", fmt)
    assert [i.code for i in annex.indicators] == codes
    pillars = [line for line in lines if re.match(r"^[IVX]+\tTrụ cột", line)]
    assert len([n for n in annex.nodes if n.level == "pillar"]) == len(pillars) == 7


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_cao_bang_counts(read, fmt):
    lines = [line.strip() for line in _lines("cao-bang-pii-improvement-plan-2026-2030.txt")]
    start = lines.index("PHỤ LỤC:")
    codes = [line for line in lines[start:] if re.fullmatch(r"\d\.\d\.\d", line)]
    annex = read("cao_bang", fmt)
    assert [i.code for i in annex.indicators] == codes
    assert len([n for n in annex.nodes if n.level == "group"]) == sum(
        1 for line in lines[start:] if line.startswith("Nhóm chỉ số")
    )


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_resolution_57_counts(read, fmt):
    lines = _lines("son-la-resolution-57-st-innovation-digital-plan.txt")
    annex_one = _between(lines, "Phụ lục I", "Phụ lục II")
    kpi_rows = [
        line.split("\t")[0]
        for line in annex_one
        if "\t" in line and line.split("\t")[0] not in ("", "Chỉ tiêu") and not line.startswith("PHÁT TRIỂN")
    ]
    stated = sum(len(re.findall(r"\((?:chưa )?đạt\)", line)) for line in annex_one)
    kpis = read("r57_kpi", fmt)
    everything = [k for top in kpis.kpis for k in (top, *top.children)]
    assert len(everything) == len(kpi_rows)
    assert sum(1 for k in everything if k.stated_status) == stated
    assert all(k.status == k.stated_status for k in everything if k.stated_status)
    annex_two = lines[lines.index("Phụ lục II") :]
    numbers = [line.split("\t")[0] for line in annex_two if re.match(r"^\d+(?:\.\d+)*\t", line)]
    tasks = read("r57_tasks", fmt)

    def walk(items):
        for t in items:
            yield t
            yield from walk([p for p in t.parts if not p.number.startswith("(") and p.number != t.number])

    assert [t.number for t in walk(tasks.tasks)] == numbers
