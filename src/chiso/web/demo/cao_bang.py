"""Cao Bằng in the demo: its own raw values, the national max/min and its official scores of PII 2023
and 2024 (framework pii-2024) as its improvement plan's annex prints them -- the partial view's data.
Written through ``apply_rows`` (audited, no user: the loader writes it); idempotent."""

from __future__ import annotations

import math

from chiso.demo.published import cao_bang_bounds
from chiso.web.indexdata.actions import apply_rows
from chiso.web.indexdata.models import FrameworkVersion

CODE = "04"  # Cao Bằng among the 63 provinces before 2025 (chiso.core.units)
YEARS = (2023, 2024)
SOURCE = "Kế hoạch cải thiện PII tỉnh Cao Bằng 2026–2030 (Phụ lục, kết quả năm 2023 và 2024)"


def _num(x: float) -> float | None:
    return None if x is None or math.isnan(x) else float(x)


def rows() -> list[dict]:
    """The annex as import rows: raw (own values), stat (national max/min), official (scores, ranks)."""
    bounds = cao_bang_bounds()
    out: list[dict] = []
    for year in YEARS:
        yb = bounds.year(year)
        for i, code in enumerate(yb.framework.indicators):
            if not math.isnan(yb.value[i]):
                out.append(
                    {
                        "kind": "raw",
                        "key": {"year": year, "province": CODE, "code": code},
                        "fields": {"value": float(yb.value[i]), "source": SOURCE, "illustrative": False},
                    }
                )
            hi, lo = _num(yb.upper[i]), _num(yb.lower[i])
            if hi is not None or lo is not None:
                out.append(
                    {
                        "kind": "stat",
                        "key": {"year": year, "code": code},
                        "fields": {"max": hi, "min": lo, "mean": None, "source": SOURCE},
                    }
                )
        for code, pub in yb.official.items():
            if math.isnan(pub.score) and pub.rank is None:
                continue
            out.append(
                {
                    "kind": "official",
                    "key": {"year": year, "province": CODE, "code": code},
                    "fields": {"score": _num(pub.score), "rank": pub.rank, "rank_of": pub.of, "source": SOURCE},
                }
            )
    return out


def load(system, fv: FrameworkVersion, log=print) -> None:
    counts = apply_rows(system, fv, rows(), reason=SOURCE)
    log(f"Cao Bằng 2023, 2024 (annex): {counts}")
