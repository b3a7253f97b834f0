"""Readers for the tables transcribed from the sources (tests/data), comment lines starting with '#'."""

from __future__ import annotations

import csv
from pathlib import Path

from chiso.core.numbers import parse_number

DATA = Path(__file__).parent / "data"


def _rows(name: str, delimiter: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter=delimiter))


def son_la_2025() -> dict[str, dict[str, float]]:
    """code -> {score, rank, target_rank_2026} (NaN where not published)."""
    return {
        r["code"]: {k: parse_number(r[k]) for k in ("score", "rank", "target_rank_2026")}
        for r in _rows("son_la_2025.csv", ",")
    }


def cao_bang_annex() -> dict[tuple[str, int], dict[str, float]]:
    """(code, year) -> {max, min, value} as printed in the Cao Bằng annex."""
    return {
        (r["code"], int(r["year"])): {k: parse_number(r[k]) for k in ("max", "min", "value")}
        for r in _rows("cao_bang_annex.csv", ";")
    }
