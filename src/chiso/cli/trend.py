"""``chiso trend``: a unit's trajectory across years, the projection, and progress to a target."""

from __future__ import annotations

import argparse

from chiso.core import compute
from chiso.core.errors import InputError
from chiso.core.trend import HorizonTarget, trend

from . import partial
from .common import add_data_options, load_inputs, methodology_from, node_code, warn
from .output import emit, json_text
from .partial import add_partial_options, is_partial


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "trend",
        help="trend, projection and progress toward a target with a horizon",
        description="Scores and ranks of a unit across the years of the data, the least-squares trend, the "
        "projection for next year, and with --target rank:NODE:N@YEAR or score:NODE:S@YEAR the yearly "
        "improvement needed and a status (achieved, on track, acceleration needed, limited progress, "
        "deterioration, no data).",
    )
    add_data_options(p)
    p.add_argument("--unit", "-u", required=True)
    p.add_argument("--node", help="default: the framework's root")
    p.add_argument("--target", "-t", help="e.g. rank:PII:10@2030")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_partial_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if is_partial(args):
        return partial.trend_run(args)
    target = HorizonTarget.parse(args.target) if args.target else None
    node = target.node if target else args.node
    framework, data = load_inputs(args)
    node = node_code(framework, node or framework.root)
    if not any(args.unit in yd.units or args.unit in yd.names for yd in data.years.values()):
        raise InputError(f"unit {args.unit!r} is not in the data")
    results = compute(data, methodology_from(args))
    warn(data.warnings + results.warnings)
    t = trend(results.years, args.unit, node, target)
    if args.format == "json":
        emit(json_text(t.to_dict()), None)
        return 0
    print(f"{args.unit} {node}")
    for y, s, r, n in zip(t.years, t.scores, t.ranks, t.counts, strict=True):
        print(f"  {y}: " + ("no score" if s is None else f"{s:6.2f}  rank {r}/{n}"))
    if t.slope is not None:
        print(f"trend {t.slope:+.2f} points/year; {t.projected_year}: {t.projected_score:.2f}, rank {t.projected_rank}")
    if t.status:
        need = "" if t.required_per_year is None else f"; needs {t.required_per_year:+.2f} points/year"
        print(f"target {args.target}: {t.status}{need}")
    return 0
