"""Figures published in the source documents, transcribed into data files (see each file's header)."""

from __future__ import annotations

import csv
from importlib import resources

from chiso.core.numbers import parse_number


def _rows(name: str, delimiter: str) -> list[dict[str, str]]:
    text = (resources.files("chiso.demo") / "data" / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter=delimiter))


def son_la_2025() -> dict[str, dict[str, float]]:
    """Sơn La's PII 2025: code -> {score, rank, target_rank_2026} (NaN where not published)."""
    return {
        r["code"]: {k: parse_number(r[k]) for k in ("score", "rank", "target_rank_2026")}
        for r in _rows("son_la_2025.csv", ",")
    }


def cao_bang_annex() -> dict[tuple[str, int], dict[str, float]]:
    """Cao Bằng annex, PII 2023 and 2024: (code, year) -> {max, min, value} as printed."""
    return {
        (r["code"], int(r["year"])): {k: parse_number(r[k]) for k in ("max", "min", "value")}
        for r in _rows("cao_bang_annex.csv", ";")
    }


def son_la_assignments() -> dict[str, dict[str, list[str]]]:
    """Sơn La's 2026 plan: code -> {"lead": [...], "coordinating": [...]} (named agencies only)."""
    return {
        r["code"]: {k: [a for a in (r[k] or "").split("|") if a] for k in ("lead", "coordinating")}
        for r in _rows("son_la_2025_assignments.csv", ",")
    }


def cao_bang_targets_2026() -> dict[str, list[dict[str, object]]]:
    """Cao Bằng's 2026 targets as its annex writes them: code -> [{kind, value}] (``raw`` for an indicator,
    ``score`` for a group, pillar or the PII, ``rank`` for the PII: "≤ 30/34")."""
    out: dict[str, list[dict[str, object]]] = {}
    for r in _rows("cao_bang_targets_2026.csv", ";"):
        out.setdefault(r["code"], []).append({"kind": r["kind"], "value": parse_number(r["target"])})
    return out


def cao_bang_bounds():
    """Cao Bằng's annex, 2023 and 2024, as the partial view reads it (``chiso.core.partial_inputs.Bounds``).

    The 2023 row of 3.2.2 prints a max below its min; Cao Bằng has no value there, so those bounds are
    never used (read with ``inverted="ignore"``, which keeps a warning naming the row)."""
    from chiso.core import builtin
    from chiso.core.partial_inputs import read_bounds

    with resources.as_file(resources.files("chiso.demo") / "data" / "cao_bang_bounds.csv") as path:
        return read_bounds(path, builtin("pii-2024"), inverted="ignore")
