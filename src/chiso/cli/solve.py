"""``chiso solve``: the cheapest changes that bring a unit to a rank or score target."""

from __future__ import annotations

import argparse

from chiso.core.solver import SolverTarget, read_limits, solve_full

from . import partial
from .common import add_data_options, load_inputs, methodology_from, node_code, one_year, unit_of, warn
from .output import emit, json_text
from .partial import add_partial_options, is_partial


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "solve",
        help="the cheapest changes that reach a target",
        description="Find the cheapest set of raw-value changes (effort-weighted relative change) that brings "
        "the unit to the target, verified by full recomputation; or say it is out of reach and give the best "
        "reachable score and rank.",
    )
    add_data_options(p)
    p.add_argument("--unit", "-u", required=True)
    p.add_argument("--target", "-t", required=True, help="rank:NODE:N or score:NODE:S, e.g. rank:PII:25")
    p.add_argument("--limits", help="table indicator,max_value,effort (default limit: the current national best)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_partial_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if is_partial(args):
        return partial.solve_run(args)
    target = SolverTarget.parse(args.target)
    framework, data = load_inputs(args)
    limits = read_limits(args.limits, framework) if args.limits else None
    yd = one_year(data, args)
    warn(data.warnings)
    u = yd.unit_index(unit_of(yd, args.unit))
    target = type(target)(node_code(framework, target.node, "--target node"), target.kind, target.value)
    plan = solve_full(framework, yd.values, u, target, limits, methodology_from(args))
    if args.format == "json":
        emit(json_text(plan.to_dict()), None)
        return 0
    start = plan.start
    print(f"{args.unit}: {target} from score {start['score']:.2f}, rank {start['rank']}")
    if not plan.reachable:
        print(f"out of reach: at every limit the best is score {plan.best['score']:.2f}, rank {plan.best['rank']}")
        return 0
    print(f"reached: score {plan.score:.2f}, rank {plan.rank} (verified by recomputation); cost {plan.cost:.3f}")
    for ch in plan.changes:
        print(f"  {ch['indicator']:<7} {ch['from']:>12.4g} -> {ch['to']:<12.4g} cost {ch['cost']:.3f}")
    for note in plan.notes:
        print(f"note: {note}")
    return 0
