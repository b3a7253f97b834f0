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
from chiso.core.spec import CHOICES, DEFAULT, PARAMETERS, MethodologyError, Parameter, defaults


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
    p.add_argument("--sheet", help="XLSX sheet to read (default: the first)")
    add_methodology_options(p)


SETTING_HELP = {
    "treat": "outlier treatment",
    "normalise": "normalisation of indicator values to scores",
    "aggregate": "aggregation of scores up the tree",
    "missing": "a missing indicator: skip it or count it as 0",
    "ties": "tied units share the best or the worst rank",
}


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _number(parameter: Parameter) -> Callable[[str], float | int]:
    """An argparse type reading a parameter's number (0,5 or 0.5); its range is the core's check."""

    def parse(text: str) -> float | int:
        try:
            return int(text) if parameter.kind is int else float(text.replace(",", "."))
        except ValueError:
            what = "a whole number" if parameter.kind is int else "a number"
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None

    return parse


def _weight(text: str) -> tuple[str, float]:
    code, sep, value = text.rpartition("=")
    try:
        if not sep or not code.strip():
            raise ValueError
        return code.strip(), float(value.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: write CODE=WEIGHT, e.g. 1.2=2") from None


def add_methodology_options(p: argparse.ArgumentParser) -> None:
    """--methodology FILE.json and one option per setting, the choices and parameters the core's."""
    g = p.add_argument_group("methodology (default: the built-in one; options override --methodology)")
    g.add_argument(
        "--methodology", "-m", metavar="FILE.json", help="a methodology, as `chiso methodology export` writes it"
    )
    for setting, choices in CHOICES:
        g.add_argument(
            _flag(setting),
            choices=choices,
            help=f"{SETTING_HELP.get(setting, setting)} (default: {getattr(DEFAULT, setting)})",
        )
    for setting, (method_setting, declared, registry) in PARAMETERS.items():
        for method, parameters in declared.items():
            default = defaults(registry[method])
            for parameter in parameters:
                g.add_argument(
                    _flag(parameter.name),
                    type=_number(parameter),
                    dest=f"{setting}__{parameter.name}",
                    metavar="N",
                    help=f"parameter of {_flag(method_setting)} {method}: from {parameter.low:g}"
                    f"{' (excluded)' if parameter.low_open else ''} to {parameter.high:g} "
                    f"(default: {default[parameter.name]:g})",
                )
    g.add_argument(
        "--node-weight",
        type=_weight,
        action="append",
        default=[],
        metavar="CODE=WEIGHT",
        help="replace a node's weight among its siblings (repeatable)",
    )


def methodology_from(args: argparse.Namespace) -> Methodology:
    """The methodology of a run: --methodology (else the default), then every option given."""
    base = Methodology.read(args.methodology) if getattr(args, "methodology", None) else DEFAULT
    changes: dict = {}
    for setting, _ in CHOICES:
        value = getattr(args, setting, None)
        if value is not None and value != getattr(base, setting):
            changes[setting] = value
    try:
        m = base.but(**changes) if changes else base
        for setting, (_method, declared, _) in PARAMETERS.items():
            given = {
                parameter.name: getattr(args, f"{setting}__{parameter.name}")
                for parameters in declared.values()
                for parameter in parameters
                if getattr(args, f"{setting}__{parameter.name}", None) is not None
            }
            if given:
                m = m.but(**{setting: {**getattr(m, setting), **given}})
        weights = getattr(args, "node_weight", None)
        if weights:
            m = m.but(weights={**m.weights, **dict(weights)})
    except MethodologyError as exc:
        flag = _flag(exc.params["name"]) if "name" in exc.params else "--" + exc.params.get("setting", "methodology")
        if exc.code.startswith("methodology.weight"):
            flag = "--node-weight"
        raise MethodologyError(exc.code, f"{flag}: {exc.message}", **exc.params) from None
    return m


def input_paths(args: argparse.Namespace) -> list[str | None]:
    """The files a verb reads (an output may never be one of them)."""
    paths = [getattr(args, "data", None), getattr(args, "limits", None), getattr(args, "methodology", None)]
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
