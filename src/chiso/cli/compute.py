"""``chiso compute``: scores and ranks of every node for every unit."""

from __future__ import annotations

import argparse
import sys

from chiso.core import compute

from . import partial
from .common import add_data_options, input_paths, load_inputs, methodology_from, warn
from .output import output_format, write_output
from .partial import add_partial_options, is_partial


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compute",
        help="compute scores and ranks",
        description="Compute the score and rank of every node (indicators, groups, pillars, sub-indices, index) "
        "for every unit. Output is long: unit,code,score,rank (with a leading year column when the data has "
        "several years).",
    )
    add_data_options(p)
    p.add_argument("--out", "-o", help="output file, .csv, .json or .xlsx (default: standard output)")
    p.add_argument(
        "--format",
        choices=["csv", "json", "xlsx"],
        help="csv, json with statistics, or xlsx (default: from the --out extension, else csv)",
    )
    add_partial_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if is_partial(args):
        return partial.compute(args)
    fmt = output_format(args.out, args.format, input_paths(args))
    _, data = load_inputs(args)
    results = compute(data, methodology_from(args))
    warn(data.warnings + results.warnings)
    header, rows = results_table(results.years)
    write_output(args.out, fmt, header, rows, {"years": [r.to_dict() for r in results.years.values()]})
    if args.out and args.out != "-":
        n_units = sum(len(r.units) for r in results.years.values())
        print(f"wrote {args.out}: {n_units} unit(s), {len(data.framework.nodes)} nodes", file=sys.stderr)
    return 0


def results_table(years: dict) -> tuple[list[str], list[list[object]]]:
    """The long output of DESIGN §6: unit,code,score,rank (year first when there are several)."""
    with_year = len(years) > 1
    header = (["year"] if with_year else []) + ["unit", "code", "score", "rank"]
    rows = [([y] if with_year else []) + list(row) for y, r in years.items() for row in r.rows()]
    return header, rows
