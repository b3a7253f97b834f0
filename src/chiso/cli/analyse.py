"""``chiso analyse``: strengths and weaknesses, contributions and marginal gains of one unit."""

from __future__ import annotations

import argparse

from chiso.core import compute_year
from chiso.core.contribution import by_gain_per_effort, worth
from chiso.core.strengths import strengths_weaknesses

from . import partial
from .common import add_data_options, load_inputs, methodology_from, node_code, one_year, unit_of, warn
from .output import emit, json_text
from .partial import add_partial_options, is_partial


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyse",
        help="strengths, weaknesses and what each indicator is worth for a unit",
        description="Strengths and weaknesses (national average rule and GII percentile rule) for indicators, "
        "groups and pillars; each indicator's contribution to the index and what one more score point or raw "
        "unit is worth in points and places.",
    )
    add_data_options(p)
    p.add_argument("--unit", "-u", required=True, help="unit code or name, e.g. 14 or 'Sơn La'")
    p.add_argument("--node", help="node the contributions refer to (default: the framework's root, e.g. PII)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_partial_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if is_partial(args):
        return partial.analyse(args)
    framework, data = load_inputs(args)
    yd = one_year(data, args)
    args.node = node_code(framework, args.node or framework.root)
    args.unit = unit_of(yd, args.unit)
    result = compute_year(yd, framework, methodology_from(args))
    warn(data.warnings + result.warnings)
    items = strengths_weaknesses(result, args.unit)
    gains = worth(result, args.unit, args.node)
    if args.format == "json":
        emit(
            json_text(
                {
                    "unit": args.unit,
                    "year": yd.year,
                    "node": args.node,
                    "score": result.score(args.unit, args.node),
                    "rank": result.rank(args.unit, args.node),
                    "items": [it.as_dict() for it in items],
                    "indicators": [w.as_dict() for w in gains],
                    "by_gain_per_effort": [w.indicator for w in by_gain_per_effort(gains)],
                }
            ),
            None,
        )
        return 0
    print(
        f"{args.unit} {yd.year}: {args.node} {result.score(args.unit, args.node):.2f}, "
        f"rank {result.rank(args.unit, args.node)}/{len(result.units)}"
    )
    for level in ("pillar", "group", "indicator"):
        level_items = [it for it in items if it.level == level]
        strong = [it.code for it in level_items if it.gii_rule == "strength"]
        weak = [it.code for it in level_items if it.gii_rule == "weakness"]
        below = [it.code for it in level_items if it.average_rule == "below"]
        print(f"\n{level}s: strengths {', '.join(strong) or '-'}; weaknesses {', '.join(weak) or '-'}")
        print(f"  below the national average: {', '.join(below) or '-'}")
    print(f"\nbest gain per 1% of raw effort ({args.node} points):")
    for w in by_gain_per_effort(gains)[:10]:
        print(
            f"  {w.indicator:<7} {w.points_per_percent:8.4f}  score {w.score:6.2f}  "
            f"+1 score point = {w.points_per_score_point:.4f} pts, {w.places_per_score_point} place(s)"
        )
    return 0
