"""``chiso compute``: scores and ranks of every node for every unit."""

from __future__ import annotations

import argparse
import sys

from chiso.core import Methodology, compute, load, read_dataset

from .output import csv_text, emit, json_text


def add_data_options(p: argparse.ArgumentParser) -> None:
    """The options every verb that computes shares."""
    p.add_argument("--framework", "-f", required=True, help="built-in name (pii-2025, pii-2024) or a framework table")
    p.add_argument("--data", "-d", required=True, help="raw values, CSV or XLSX, wide or long layout")
    p.add_argument("--year", "-y", type=int, help="use only this year of the data")
    p.add_argument("--treat", choices=["gii", "none"], default="gii", help="outlier treatment (default: gii)")
    p.add_argument("--missing", choices=["skip", "zero"], default="skip", help="missing indicator: skip or count as 0")
    p.add_argument("--ties", choices=["best", "worst"], default="best", help="tied units share the best or worst rank")
    p.add_argument("--sheet", help="XLSX sheet to read (default: the first)")


def methodology_from(args: argparse.Namespace) -> Methodology:
    return Methodology(treat=args.treat, missing=args.missing, ties=args.ties)


def load_inputs(args: argparse.Namespace):
    framework = load(args.framework)
    data = read_dataset(args.data, framework, year=args.year, sheet=args.sheet)
    return framework, data


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
    for warning in data.warnings + results.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.format == "json":
        text = json_text({"years": [r.to_dict() for r in results.years.values()]})
    else:
        with_year = len(results.years) > 1
        header = (["year"] if with_year else []) + ["unit", "code", "score", "rank"]
        rows = [([y] if with_year else []) + list(row) for y, r in results.years.items() for row in r.rows()]
        text = csv_text(header, rows)
    emit(text, args.out)
    if args.out and args.out != "-":
        n_units = sum(len(r.units) for r in results.years.values())
        print(f"wrote {args.out}: {n_units} unit(s), {len(data.framework.nodes)} nodes", file=sys.stderr)
    return 0
