"""Frameworks are data: a tree of nodes (indicators, groups, pillars, sub-indices, the index).

A framework table has the columns ``code,name,parent,weight,direction`` and optionally
``unit,source,name_en``. The root has an empty parent; leaves are indicators. The levels between
are named by how many there are (``LEVELS``: PII has sub-indices, pillars and groups); nodes keep the
order of the table, which everything that lists them (pages, reports, exports) follows. Codes are
any text.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import resources
from pathlib import Path

import numpy as np

from .errors import Code, InputError
from .numbers import NumberFormatError, parse_number
from .tables import Table, read_table, write_table

REQUIRED_COLUMNS = ("code", "name", "parent", "weight", "direction")
OPTIONAL_COLUMNS = ("unit", "source", "name_en")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
UNKNOWN = "unknown"
MAX_NODES = 10_000
MAX_DEPTH = 20  # levels below the root
# the levels of aggregates below the root, from the top, by how many a tree has
LEVELS = {0: (), 1: ("pillar",), 2: ("subindex", "pillar"), 3: ("subindex", "pillar", "group")}


def fold(code: str) -> str:
    """The form in which codes are compared: case and surrounding spaces do not matter.

    Applied alike to a framework's codes and to the codes a data file writes (headings, cells),
    so ``LPI``, ``lpi`` and `` Lpi `` are one code, always written back as the framework writes it.
    """
    return unicodedata.normalize("NFC", str(code)).strip().casefold()


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    parent: str | None
    weight: float = 1.0
    direction: int = 1
    unit: str = UNKNOWN
    source: str = UNKNOWN
    name_en: str = ""


class FrameworkError(InputError):
    """A framework that is not a valid tree."""


class Framework:
    """A validated tree of nodes with the index arrays the engine needs."""

    def __init__(self, name: str, nodes: list[Node] | tuple[Node, ...], rows: list[int] | None = None) -> None:
        self.name = name
        self.nodes = tuple(nodes)
        self._validate(rows or [i + 2 for i in range(len(self.nodes))])
        self._folded = {fold(n.code): n.code for n in self.nodes}
        self.index = {n.code: i for i, n in enumerate(self.nodes)}
        children: dict[str, list[str]] = {n.code: [] for n in self.nodes}
        for n in self.nodes:
            if n.parent is not None:
                children[n.parent].append(n.code)
        self.children = {k: tuple(v) for k, v in children.items()}
        self.root = next(n.code for n in self.nodes if n.parent is None)
        self.indicators = tuple(n.code for n in self.nodes if not self.children[n.code])
        self.aggregates = tuple(n.code for n in self.nodes if self.children[n.code])

    # -- validation ---------------------------------------------------------------------------
    def _validate(self, rows: list[int]) -> None:
        """Linear in the number of nodes: every node's depth is computed once."""

        def fail(what: Code, i: int, english: str | None = None, **params: object) -> FrameworkError:
            return FrameworkError(what, params=params, english=english, file=self.name, row=rows[i])

        if not self.nodes:
            raise FrameworkError(Code.FRAMEWORK_EMPTY, file=self.name)
        if len(self.nodes) > MAX_NODES:
            raise FrameworkError(
                Code.TOO_MANY_NODES, params={"nodes": len(self.nodes), "limit": MAX_NODES}, file=self.name
            )
        seen: dict[str, int] = {}
        folded: dict[str, int] = {}
        for i, n in enumerate(self.nodes):
            if not n.code or not n.code.strip():
                raise fail(Code.EMPTY_CODE, i)
            if n.code in seen:
                raise fail(Code.CODE_DEFINED_TWICE, i, code=n.code, first_row=rows[seen[n.code]])
            key = fold(n.code)
            if key in folded:
                other = self.nodes[folded[key]].code
                raise fail(Code.CODE_DIFFERS_BY_CASE, i, code=n.code, other=other, first_row=rows[folded[key]])
            seen[n.code] = i
            folded[key] = i
            if not (math.isfinite(n.weight) and n.weight >= 0):
                raise fail(
                    Code.WEIGHT_INVALID,
                    i,
                    f"weight of {n.code!r} must be a number >= 0, not {n.weight}",
                    value=n.weight,
                    code=n.code,
                )
            if n.direction not in (1, -1):
                raise fail(
                    Code.DIRECTION_INVALID,
                    i,
                    f"direction of {n.code!r} must be 1 or -1, not {n.direction}",
                    value=n.direction,
                    code=n.code,
                )
        # a parent is written as its code is (case and spaces forgiven): store the code itself
        nodes = list(self.nodes)
        for i, n in enumerate(nodes):
            if n.parent is not None and n.parent not in seen and fold(n.parent) in folded:
                nodes[i] = replace(n, parent=self.nodes[folded[fold(n.parent)]].code)
        self.nodes = tuple(nodes)
        roots = [i for i, n in enumerate(self.nodes) if n.parent is None]
        if not roots:
            raise FrameworkError(Code.NO_ROOT, file=self.name)
        if len(roots) > 1:
            raise fail(Code.SECOND_ROOT, roots[1], code=self.nodes[roots[1]].code, root=self.nodes[roots[0]].code)
        for i, n in enumerate(self.nodes):
            if n.parent is not None and n.parent not in seen:
                raise fail(Code.PARENT_UNKNOWN, i, parent=n.parent, code=n.code)
        depth: dict[int, int] = {}
        for i in range(len(self.nodes)):
            path: list[int] = []
            on_path: set[int] = set()
            j: int | None = i
            while j is not None and j not in depth:
                if j in on_path:
                    cycle = [self.nodes[k].code for k in path[path.index(j) :]] + [self.nodes[j].code]
                    raise fail(Code.CYCLE, i, path=" -> ".join(cycle))
                path.append(j)
                on_path.add(j)
                parent = self.nodes[j].parent
                j = None if parent is None else seen[parent]
            below = -1 if j is None else depth[j]
            for k in reversed(path):
                below += 1
                depth[k] = below
                if below > MAX_DEPTH:
                    raise fail(Code.TOO_DEEP, k, code=self.nodes[k].code, depth=below, limit=MAX_DEPTH)
        self._depths = {self.nodes[k].code: d for k, d in depth.items()}

    # -- structure ------------------------------------------------------------------------------
    def node(self, code: str) -> Node:
        return self.nodes[self.index[code]]

    def is_indicator(self, code: str) -> bool:
        return not self.children[code]

    def depth(self, code: str) -> int:
        return self._depths[code]

    def find(self, text: object) -> str | None:
        """The framework's code for a code as a user writes it (case and spaces forgiven), or None."""
        if text is None:
            return None
        return self._folded.get(fold(str(text)))

    def leaves_under(self, code: str) -> tuple[str, ...]:
        if self.is_indicator(code):
            return (code,)
        out: list[str] = []
        for child in self.children[code]:
            out.extend(self.leaves_under(child))
        return tuple(out)

    def ancestors(self, code: str) -> tuple[str, ...]:
        out = []
        node = self.node(code)
        while node.parent is not None:
            out.append(node.parent)
            node = self.node(node.parent)
        return tuple(out)

    @cached_property
    def heights(self) -> dict[str, int]:
        h: dict[str, int] = {}

        def height(code: str) -> int:
            if code not in h:
                kids = self.children[code]
                h[code] = 0 if not kids else 1 + max(height(k) for k in kids)
            return h[code]

        for n in self.nodes:
            height(n.code)
        return h

    @cached_property
    def aggregation_levels(self) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        """Bottom-up steps: (parent node indices, weight matrix nodes x parents) per height."""
        levels = []
        max_h = max(self.heights.values())
        for h in range(1, max_h + 1):
            parents = [c for c in self.aggregates if self.heights[c] == h]
            weights = np.zeros((len(self.nodes), len(parents)))
            for j, p in enumerate(parents):
                for child in self.children[p]:
                    weights[self.index[child], j] = self.node(child).weight
            levels.append((np.array([self.index[p] for p in parents]), weights))
        return tuple(levels)

    @cached_property
    def aggregation_groups(self) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]:
        """Bottom-up steps as (children node indices grouped by parent, start of each parent's
        group, parent node indices): the sparse form of ``aggregation_levels``."""
        steps = []
        for parents, _ in self.aggregation_levels:
            kids, starts = [], []
            for p in parents:
                starts.append(len(kids))
                kids.extend(self.index[c] for c in self.children[self.nodes[p].code])
            steps.append((np.array(kids), np.array(starts), parents))
        return tuple(steps)

    @cached_property
    def indicator_positions(self) -> np.ndarray:
        return np.array([self.index[c] for c in self.indicators])

    @cached_property
    def directions(self) -> np.ndarray:
        return np.array([self.node(c).direction for c in self.indicators], dtype=float)

    @cached_property
    def levels(self) -> tuple[str, ...]:
        """The name of each level of aggregates below the root, from the top (``LEVELS``, by how
        many levels the tree has, from the top): PII's three are sub-indices, pillars and groups; a
        tree with two has sub-indices and pillars (as COINr's ASEM example), with one pillars only;
        levels past three are "aggregate"."""
        depth = max((self.depth(c) for c in self.aggregates if c != self.root), default=0)
        names = LEVELS.get(depth, LEVELS[3])
        return names + ("aggregate",) * max(depth - len(names), 0)

    def kind(self, code: str) -> str:
        """index, subindex, pillar, group, aggregate or indicator: the level of the node in this
        framework's tree (``levels``)."""
        if code == self.root:
            return "index"
        if self.is_indicator(code):
            return "indicator"
        return self.levels[self.depth(code) - 1]

    def of_kind(self, kind: str, under: str | None = None) -> list[str]:
        """The nodes of a level (``kind``), in the framework's order; only those below ``under``."""
        codes = [n.code for n in self.nodes if self.kind(n.code) == kind]
        return codes if under is None else [c for c in codes if under in self.ancestors(c)]

    @cached_property
    def halves(self) -> tuple[str, str] | None:
        """The root's two halves when it has exactly two children and neither is an indicator (PII:
        input, then output, in the framework's order), whose ratio is the efficiency; else None."""
        kids = self.children[self.root]
        if len(kids) != 2 or any(self.is_indicator(c) for c in kids):
            return None
        return kids[0], kids[1]

    # -- tables ---------------------------------------------------------------------------------
    def to_rows(self) -> list[list[object]]:
        return [
            [n.code, n.name, n.parent or "", _fmt_weight(n.weight), n.direction, n.unit, n.source, n.name_en]
            for n in self.nodes
        ]

    def write(self, path: str | Path) -> None:
        write_table(path, COLUMNS, self.to_rows())

    def truncated(self, max_depth: int) -> Framework:
        """The tree cut below ``max_depth`` (the root has depth 0): its deepest nodes become leaves.

        Used to aggregate published scores upward from a level other than the indicators.
        """
        return Framework(self.name, [n for n in self.nodes if self.depth(n.code) <= max_depth])

    def with_weights(self, weights: dict[str, float]) -> Framework:
        """A copy with some node weights replaced (used by sensitivity analyses)."""
        nodes = [
            Node(n.code, n.name, n.parent, weights.get(n.code, n.weight), n.direction, n.unit, n.source, n.name_en)
            for n in self.nodes
        ]
        return Framework(self.name, nodes)

    def __repr__(self) -> str:
        return f"Framework({self.name!r}, {len(self.indicators)} indicators, {len(self.nodes)} nodes)"


def _fmt_weight(w: float) -> str:
    return str(int(w)) if float(w).is_integer() else repr(w)


def from_table(table: Table, name: str | None = None) -> Framework:
    missing = [c for c in REQUIRED_COLUMNS if c not in table.header]
    if missing:
        raise table.error(
            Code.MISSING_COLUMNS,
            row=table.header_row,
            params={"columns": ", ".join(missing), "expected": ", ".join(COLUMNS)},
            english=f"missing column(s) {', '.join(missing)}; a framework table has columns {', '.join(COLUMNS)}",
        )
    unknown = [c for c in table.header if c not in COLUMNS]
    if unknown:
        raise table.error(
            Code.UNKNOWN_COLUMN,
            row=table.header_row,
            column=table.header.index(unknown[0]),
            params={"column": unknown[0], "expected": ", ".join(COLUMNS)},
            english=f"unknown column {unknown[0]!r}",
        )
    col = {c: table.header.index(c) for c in table.header}
    if len(table.rows) > MAX_NODES:
        raise FrameworkError(
            Code.TOO_MANY_NODES,
            params={"nodes": len(table.rows), "limit": MAX_NODES},
            file=table.source,
            sheet=table.sheet,
        )

    def text(row, key: str, default: str = "") -> str:
        if key not in col:
            return default
        v = row.get(col[key])
        if v is None:
            return default
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return str(v).strip()

    nodes, rows = [], []
    for row in table.rows:
        code = text(row, "code")
        if not code:
            raise table.error(Code.EMPTY_CODE, row=row.number, column=col["code"])
        weight_cell = row.get(col["weight"])
        try:
            weight = 1.0 if weight_cell is None else parse_number(weight_cell)
        except NumberFormatError as exc:
            raise table.error(
                Code.WEIGHT_INVALID,
                row=row.number,
                column=col["weight"],
                params={"value": weight_cell},
                english=f"weight: {exc}",
            ) from exc
        if math.isnan(weight) or weight < 0:
            raise table.error(Code.WEIGHT_INVALID, row=row.number, column=col["weight"], params={"value": weight_cell})
        d_text = text(row, "direction", "1")
        if d_text not in ("1", "-1", "+1"):
            raise table.error(Code.DIRECTION_INVALID, row=row.number, column=col["direction"], params={"value": d_text})
        nodes.append(
            Node(
                code=code,
                name=text(row, "name") or code,
                parent=text(row, "parent") or None,
                weight=weight,
                direction=int(d_text),
                unit=text(row, "unit", UNKNOWN) or UNKNOWN,
                source=text(row, "source", UNKNOWN) or UNKNOWN,
                name_en=text(row, "name_en"),
            )
        )
        rows.append(row.number)
    return Framework(name or table.source, nodes, rows)


BUILTIN = ("pii-2025", "pii-2024")


def builtin(name: str) -> Framework:
    if name not in BUILTIN:
        raise InputError(Code.UNKNOWN_FRAMEWORK, params={"name": name, "builtin": ", ".join(BUILTIN)})
    ref = resources.files("chiso.core") / "frameworks" / f"{name}.csv"
    with resources.as_file(ref) as path:
        return from_table(read_table(path, source=name), name)


def load(spec: str | Path) -> Framework:
    """A built-in framework by name, or a framework table (CSV/XLSX) by path."""
    if str(spec) in BUILTIN:
        return builtin(str(spec))
    path = Path(spec)
    if not path.exists() and not path.suffix:
        raise InputError(
            Code.UNKNOWN_FRAMEWORK,
            params={"name": str(spec), "builtin": ", ".join(BUILTIN)},
            english=f"no built-in framework {str(spec)!r} (built-in: {', '.join(BUILTIN)}) and no file of that name",
        )
    return from_table(read_table(path), path.name)
