"""Options and loading shared by every verb that computes."""

from __future__ import annotations

import argparse
import sys

from chiso.core import DataSet, Framework, Methodology, load, read_dataset
from chiso.core.dataset import YearData


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


def load_inputs(args: argparse.Namespace) -> tuple[Framework, DataSet]:
    framework = load(args.framework)
    data = read_dataset(args.data, framework, year=args.year, sheet=args.sheet)
    return framework, data


def one_year(data: DataSet, args: argparse.Namespace) -> YearData:
    """The year a single-year verb works on: --year, or the data's only (or latest) year."""
    if args.year is not None or len(data.years) == 1:
        return data.year(args.year)
    latest = max(y for y in data.years if y is not None)
    print(f"note: the data has several years; using {latest} (choose with --year)", file=sys.stderr)
    return data.year(latest)


def warn(messages: list[str]) -> None:
    for message in messages:
        print(f"warning: {message}", file=sys.stderr)
