"""Options and loading shared by every verb that computes, and the checks of their arguments."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from pathlib import Path

from chiso.core import DataSet, Framework, Methodology, load, read_dataset
from chiso.core.dataset import YearData
from chiso.core.errors import InputError


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is out of range: from {low:,} to {high:,}")
        return value

    return parse


def bounded_float(low: float, high: float, *, high_open: bool = False) -> Callable[[str], float]:
    """An argparse type: a finite number in [low, high] (or [low, high) with ``high_open``)."""

    def parse(text: str) -> float:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        inside = math.isfinite(value) and low <= value and (value < high if high_open else value <= high)
        if not inside:
            raise argparse.ArgumentTypeError(
                f"{text!r} is out of range: from {low:g} to {high:g}" + (" (excluded)" if high_open else "")
            )
        return value

    return parse


def add_data_options(p: argparse.ArgumentParser) -> None:
    """The options every verb that computes shares."""
    p.add_argument("--framework", "-f", required=True, help="built-in name (pii-2025, pii-2024) or a framework table")
    p.add_argument("--data", "-d", help="raw values, CSV or XLSX, wide or long layout (or --bounds: partial view)")
    p.add_argument("--year", "-y", type=bounded_int(1990, 2100), help="use only this year of the data")
    p.add_argument("--treat", choices=["gii", "none"], default="gii", help="outlier treatment (default: gii)")
    p.add_argument("--missing", choices=["skip", "zero"], default="skip", help="missing indicator: skip or count as 0")
    p.add_argument("--ties", choices=["best", "worst"], default="best", help="tied units share the best or worst rank")
    p.add_argument("--sheet", help="XLSX sheet to read (default: the first)")


def methodology_from(args: argparse.Namespace) -> Methodology:
    return Methodology(treat=args.treat, missing=args.missing, ties=args.ties)


def input_paths(args: argparse.Namespace) -> list[str | None]:
    """The files a verb reads (an output may never be one of them)."""
    paths = [getattr(args, "data", None), getattr(args, "limits", None)]
    framework = getattr(args, "framework", None)
    if framework and Path(framework).exists():
        paths.append(framework)
    return paths


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


def node_code(framework: Framework, text: str, option: str = "--node") -> str:
    """The framework's code for a node given on the command line (case and spaces forgiven)."""
    code = framework.find(text)
    if code is None:
        raise InputError(f"{option} {text!r} is not a code of framework {framework.name}")
    return code


def unit_of(yd: YearData, text: str) -> str:
    """The unit (code as in the data) given by its code or name on the command line."""
    try:
        return yd.units[yd.unit_index(text)]
    except KeyError:
        shown = ", ".join(yd.units[:5]) + (" …" if len(yd.units) > 5 else "")
        raise InputError(f"unit {text!r} is not in the {yd.year} data (units: {shown})") from None


def warn(messages: list[str]) -> None:
    for message in messages:
        print(f"warning: {message}", file=sys.stderr)
