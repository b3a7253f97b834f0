"""Reading the annexes of provinces' improvement plans (Word and Excel tables) into plain data.

Pure Python: never imports Django. ``read_annex(path)`` returns an ``Annex`` (see ``model``) or raises
``AnnexError`` naming file, table, row and column.
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

__all__ = ["Annex", "AnnexError", "IndicatorItem", "KpiItem", "Location", "NodeItem", "TaskItem", "Unplaced"]

from .read import read_annex

__all__ += ["read_annex"]
