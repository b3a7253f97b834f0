"""``chiso frameworks list|show|export``."""

from __future__ import annotations

import argparse

from chiso.core import BUILTIN, builtin, load
from chiso.core.framework import COLUMNS

from .output import emit, json_text, output_format, write_output


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("frameworks", help="list, show and export frameworks", description="Frameworks are data.")
    verbs = p.add_subparsers(dest="verb", required=True, metavar="{list,show,export}")
    ls = verbs.add_parser("list", help="the built-in frameworks")
    ls.add_argument("--format", choices=["text", "json"], default="text")
    ls.set_defaults(run=run_list)
    show = verbs.add_parser("show", help="a framework's nodes as a tree")
    show.add_argument("framework", help="built-in name or framework table")
    show.add_argument("--format", choices=["text", "json"], default="text")
    show.add_argument("--lang", choices=["vi", "en"], default="vi")
    show.set_defaults(run=run_show)
    export = verbs.add_parser("export", help="write a framework as a table (CSV or XLSX by suffix)")
    export.add_argument("framework", help="built-in name or framework table")
    export.add_argument("--out", "-o", required=True)
    export.set_defaults(run=run_export)


def run_list(args: argparse.Namespace) -> int:
    items = []
    for name in BUILTIN:
        fw = builtin(name)
        items.append(
            {"name": name, "indicators": len(fw.indicators), "nodes": len(fw.nodes), "title": fw.node(fw.root).name}
        )
    if args.format == "json":
        emit(json_text(items), None)
    else:
        for it in items:
            print(f"{it['name']}\t{it['indicators']} indicators\t{it['nodes']} nodes\t{it['title']}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    fw = load(args.framework)
    if args.format == "json":
        emit(json_text([dict(zip(COLUMNS, row, strict=True)) for row in fw.to_rows()]), None)
        return 0

    def walk(code: str, depth: int) -> None:
        n = fw.node(code)
        name = n.name_en if args.lang == "en" and n.name_en else n.name
        extra = f"  [{n.unit}; {n.source}]" if fw.is_indicator(code) else ""
        weight = "" if n.weight == 1 else f"  (weight {n.weight:g})"
        direction = "  (lower is better)" if n.direction < 0 else ""
        print(f"{'  ' * depth}{code}  {name}{weight}{direction}{extra}")
        for child in fw.children[code]:
            walk(child, depth + 1)

    walk(fw.root, 0)
    return 0


def run_export(args: argparse.Namespace) -> int:
    fmt = output_format(args.out, None, [args.framework], allowed=("csv", "xlsx"))
    fw = load(args.framework)
    write_output(args.out, fmt, COLUMNS, fw.to_rows(), None)
    return 0
