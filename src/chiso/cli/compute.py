"""``chiso compute``: scores and ranks of every node for every unit."""

from __future__ import annotations

import argparse
import sys

from chiso.core import compute

from .common import add_data_options, load_inputs, methodology_from, warn
from .output import csv_text, emit, json_text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compute",
        help="compute scores and ranks",
        description="Compute the score and rank of every node (indicators, groups, pillars, sub-indices, index) "
        "for every unit. Output is long: unit,code,score,rank (with a leading year column when the data has "
        "several years).",
    )
    add_data_options(p)
    p.add_argument("--out", "-o", help="output file (default: standard output)")
    p.add_argument("--format", choices=["csv", "json"], default="csv", help="csv (default) or json with statistics")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    _, data = load_inputs(args)
    results = compute(data, methodology_from(args))
    warn(data.warnings + results.warnings)
    if args.format == "json":
        text = json_text({"years": [r.to_dict() for r in results.years.values()]})
    else:
        text = results_csv(results.years)
    emit(text, args.out)
    if args.out and args.out != "-":
        n_units = sum(len(r.units) for r in results.years.values())
        print(f"wrote {args.out}: {n_units} unit(s), {len(data.framework.nodes)} nodes", file=sys.stderr)
    return 0


def results_csv(years: dict) -> str:
    """The long output of DESIGN §6: unit,code,score,rank (year first when there are several)."""
    with_year = len(years) > 1
    header = (["year"] if with_year else []) + ["unit", "code", "score", "rank"]
    rows = [([y] if with_year else []) + list(row) for y, r in years.items() for row in r.rows()]
    return csv_text(header, rows)
