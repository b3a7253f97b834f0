"""``chiso robustness``: each unit's rank under many methodological choices."""

from __future__ import annotations

import argparse

from chiso.core.robustness import Variation, robustness

from .common import add_data_options, load_inputs, methodology_from, one_year, warn
from .output import csv_text, emit, json_text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "robustness",
        help="rank intervals under methodological uncertainty (Monte Carlo)",
        description="Monte Carlo over weights (each perturbed), outlier treatment on/off, min-max or z-score, "
        "arithmetic or geometric mean. Output: unit,nominal_rank,median_rank,p05_rank,p95_rank.",
    )
    add_data_options(p)
    p.add_argument("--runs", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--node", default="PII")
    p.add_argument("--weights", type=float, default=0.25, help="relative weight perturbation (default 0.25)")
    p.add_argument("--p-treat", type=float, default=0.5, help="share of runs with gii treatment")
    p.add_argument("--p-zscore", type=float, default=0.5, help="share of runs with z-scores")
    p.add_argument("--p-geometric", type=float, default=0.5, help="share of runs with the geometric mean")
    p.add_argument("--out", "-o")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    for name in ("p_treat", "p_zscore", "p_geometric"):
        if not 0 <= getattr(args, name) <= 1:
            from chiso.core.errors import InputError

            raise InputError(f"--{name.replace('_', '-')} must be between 0 and 1")
    framework, data = load_inputs(args)
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
        node=args.node,
        methodology=methodology_from(args),
    )
    if args.format == "json":
        emit(json_text(r.to_dict()), args.out)
    else:
        emit(csv_text(["unit", "nominal_rank", "median_rank", "p05_rank", "p95_rank"], r.rows()), args.out)
    return 0
