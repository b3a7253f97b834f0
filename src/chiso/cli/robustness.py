"""``chiso robustness``: each unit's rank under many methodological choices."""

from __future__ import annotations

import argparse

from chiso.core.robustness import Variation, robustness

from . import partial
from .common import (
    add_data_options,
    bounded_float,
    bounded_int,
    input_paths,
    load_inputs,
    methodology_from,
    node_code,
    one_year,
    warn,
)
from .output import output_format, write_output
from .partial import add_partial_options, is_partial

MAX_RUNS = 1_000_000


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "robustness",
        help="rank intervals under methodological uncertainty (Monte Carlo)",
        description="Monte Carlo over weights (each perturbed), outlier treatment on/off, min-max or z-score, "
        "arithmetic or geometric mean. Output: unit,nominal_rank,median_rank,p05_rank,p95_rank.",
    )
    add_data_options(p)
    p.add_argument("--runs", type=bounded_int(1, MAX_RUNS), default=10_000, help="Monte Carlo runs (1 to 1,000,000)")
    p.add_argument("--seed", type=bounded_int(0, 2**63 - 1), default=0, help="random seed, a whole number >= 0")
    p.add_argument("--node", help="default: the framework's root")
    p.add_argument(
        "--weights",
        type=bounded_float(0, 1, high_open=True),
        default=0.25,
        help="relative weight perturbation w: each weight times U(1-w, 1+w), 0 <= w < 1 (default 0.25)",
    )
    probability = bounded_float(0, 1)
    p.add_argument("--p-treat", type=probability, default=0.5, help="share of runs with gii treatment")
    p.add_argument("--p-zscore", type=probability, default=0.5, help="share of runs with z-scores")
    p.add_argument("--p-geometric", type=probability, default=0.5, help="share of runs with the geometric mean")
    p.add_argument("--out", "-o", help="output file, .csv, .json or .xlsx (default: standard output)")
    p.add_argument("--format", choices=["csv", "json", "xlsx"], help="default: from the --out extension, else csv")
    add_partial_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if is_partial(args):
        return partial.robustness_run(args)
    fmt = output_format(args.out, args.format, input_paths(args))
    framework, data = load_inputs(args)
    node = node_code(framework, args.node or framework.root)
    yd = one_year(data, args)
    warn(data.warnings)
    variation = Variation(args.weights, args.p_treat, args.p_zscore, args.p_geometric)
    r = robustness(
        framework,
        yd.values,
        yd.units,
        names=yd.names,
        runs=args.runs,
        seed=args.seed,
        variation=variation,
        node=node,
        methodology=methodology_from(args),
    )
    header = ["unit", "nominal_rank", "median_rank", "p05_rank", "p95_rank"]
    write_output(args.out, fmt, header, r.rows(), r.to_dict())
    return 0
