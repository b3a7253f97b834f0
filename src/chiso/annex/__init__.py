"""Reading the annexes of provinces' improvement plans (Word and Excel tables) into plain data.

Pure Python: never imports Django (``tests/core/test_purity.py``).

Use::

    from chiso.annex import AnnexError, read_annex

    annex = read_annex("phu-luc.docx")                      # a path, or
    annex = read_annex(upload, source=upload.name)           # bytes / a binary file object
    annex.kind            # "son_la_pii", "cao_bang_pii", "r57_kpi" or "r57_tasks"
    annex.indicators      # IndicatorItem: code, score, rank, values, bounds, target…, lead, tasks
    annex.nodes           # NodeItem: pillars, groups, the index, with their targets
    annex.kpis            # KpiItem: targets as written, result, stated and computed status
    annex.tasks           # TaskItem not under an indicator (Resolution 57 annex II)
    annex.unplaced        # Unplaced: what could not be placed (or a warning), with its location
    annex.unknown_agencies  # agency names the registry does not know, as written, for review

Bad input raises ``AnnexError`` (``code``, ``params``, ``file``, ``table``/``sheet``, ``row``,
``column``; ``str()`` is a Vietnamese sentence naming them). Agencies: ``chiso.annex.agencies``;
targets, results and KPI status: ``chiso.annex.kpi``; timings and numbers: ``chiso.annex.values``;
JSON and text output: ``chiso.annex.export``.
"""

from __future__ import annotations

from .model import (
    Annex,
    AnnexError,
    IndicatorItem,
    KpiItem,
    Location,
    NodeItem,
    TaskItem,
    Unplaced,
)
from .read import read_annex

__all__ = [
    "Annex",
    "AnnexError",
    "IndicatorItem",
    "KpiItem",
    "Location",
    "NodeItem",
    "TaskItem",
    "Unplaced",
    "read_annex",
]
