"""``chiso plan read FILE``: read one annex of an improvement plan (.docx or .xlsx) and print what it
holds — indicators with their targets and agencies, tasks, KPIs with their computed status, and
anything that could not be placed — without storing anything."""

from __future__ import annotations

import argparse
import sys

from chiso.annex import AnnexError, read_annex
from chiso.annex.export import summary, to_json

from .output import emit, json_text

EXIT_BAD_INPUT = 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "plan",
        help="read the annexes of improvement plans",
        description="Improvement plans (Kế hoạch): read their annex tables.",
    )
    verbs = p.add_subparsers(dest="verb", required=True, metavar="{read}")
    read = verbs.add_parser(
        "read",
        help="read one annex (.docx or .xlsx) and print what it found, storing nothing",
        description="Reads the Sơn La PII annex, the Cao Bằng annex and the Resolution 57 annexes I and II.",
    )
    read.add_argument("file", help="the annex, a Word (.docx) or Excel (.xlsx) file")
    read.add_argument("--format", choices=["text", "json"], default="text")
    read.add_argument("--province", help="province whose agency names apply (son-la, cao-bang…; default: the layout's)")
    read.set_defaults(run=run_read)


def run_read(args: argparse.Namespace) -> int:
    try:
        annex = read_annex(args.file, province=args.province)
    except AnnexError as exc:
        print(f"chiso: lỗi: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "json":
        emit(json_text(to_json(annex)), None)
    else:
        sys.stdout.write(summary(annex))
    return 0
