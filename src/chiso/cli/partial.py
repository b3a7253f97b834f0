"""The partial view on the command line: ``--bounds B [--ranking R] --unit U`` instead of ``--data``.

Every verb that computes (compute, analyse, whatif, solve, trend) runs here when ``--bounds`` is
given, with the same outputs as the full view; JSON gains ``"view": "partial"``. Robustness needs
every province's raw values and says so.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from chiso.core import Framework, load
from chiso.core.errors import InputError
from chiso.core.partial import (
    IMPLIES_EN,
    PartialResult,
    partial_view,
    raw_for_score,
    raw_targets,
    robustness_unavailable,
    solve,
    strengths,
    trend,
    whatif,
    worth,
)
from chiso.core.partial_inputs import Bounds, Ranking, coded, read_bounds, read_ranking
from chiso.core.solver import SolverTarget, read_limits
from chiso.core.whatif import ScenarioChange

from .output import emit, json_text, output_format, write_output


def add_partial_options(p: argparse.ArgumentParser) -> None:
    """``--bounds``, ``--ranking`` (and ``--unit`` where the verb has none): the partial view."""
    g = p.add_argument_group("partial view (a province's own values and the published tables, instead of --data)")
    g.add_argument("--bounds", "-b", help="code,value,max,min[,score,rank][,year] (CSV/XLSX) or a Cao Bằng annex")
    g.add_argument("--ranking", "-r", help="the published ranking: unit,code,score[,rank][,year], long")
    g.add_argument(
        "--ignore-unused-inverted",
        action="store_true",
        help="accept a published max below its min on rows where the province has no value (never used)",
    )
    if "--unit" not in p._option_string_actions:
        g.add_argument("--unit", "-u", help="the province (partial view)")


def is_partial(args: argparse.Namespace) -> bool:
    """True for the partial view; refuses --data with --bounds, and neither."""
    bounds, data = getattr(args, "bounds", None), getattr(args, "data", None)
    if bounds and data:
        raise coded("give either --data (the full view) or --bounds (the partial view), not both", "data_and_bounds")
    if not bounds and not data:
        raise coded(
            "give --data (every province's raw values) or --bounds (the province's own values and bounds)",
            "no_data",
        )
    if bounds and not getattr(args, "unit", None):
        raise coded("the partial view needs --unit (the province the bounds table is about)", "no_unit")
    return bool(bounds)


def inputs(args: argparse.Namespace) -> tuple[Framework, Bounds, Ranking | None]:
    framework = load(args.framework)
    bounds = read_bounds(
        args.bounds,
        framework,
        year=args.year,
        sheet=args.sheet,
        inverted="ignore" if args.ignore_unused_inverted else "refuse",
    )
    ranking = read_ranking(args.ranking, framework) if args.ranking else None
    return framework, bounds, ranking


def input_paths(args: argparse.Namespace) -> list[str | None]:
    return [args.bounds, args.ranking, getattr(args, "limits", None)]


def _methodology(args: argparse.Namespace):
    from .common import methodology_from

    return methodology_from(args)


def view_of(args: argparse.Namespace) -> PartialResult:
    framework, bounds, ranking = inputs(args)
    year = args.year
    if year is None and len(bounds.years) > 1:
        year = max(y for y in bounds.years if y is not None)
        print(f"note: the bounds table has several years; using {year} (choose with --year)", file=sys.stderr)
    view = partial_view(framework, bounds, ranking, unit=args.unit, year=year, methodology=_methodology(args))
    for w in view.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for f in view.flags:
        print(f"warning: {f.message}", file=sys.stderr)
    return view


def _rows(view: PartialResult) -> tuple[list[str], list[list[object]]]:
    return ["unit", "code", "score", "rank"], [list(r) for r in view.rows()]


def compute(args: argparse.Namespace) -> int:
    fmt = output_format(args.out, args.format, input_paths(args))
    view = view_of(args)
    header, rows = _rows(view)
    write_output(args.out, fmt, header, rows, view.to_dict())
    if args.out and args.out != "-":
        print(f"wrote {args.out}: {args.unit}, {len(rows)} nodes (partial view)", file=sys.stderr)
    return 0


def analyse(args: argparse.Namespace) -> int:
    view = view_of(args)
    fw = view.framework
    node = fw.find(args.node or fw.root)
    if node is None:
        raise InputError(f"--node {args.node!r} is not a code of framework {fw.name}")
    items = strengths(view)
    gains = worth(view, node)
    if args.format == "json":
        emit(
            json_text(
                {
                    "view": "partial",
                    "implies": IMPLIES_EN,
                    "unit": args.unit,
                    "year": view.year,
                    "node": node,
                    "score": _num(view.score(node)),
                    "rank": view.rank(node),
                    "items": [it.as_dict() for it in items],
                    "indicators": [w.as_dict() for w in gains],
                    "differences": [d.as_dict() for d in view.differences],
                }
            ),
            None,
        )
        return 0
    rank = view.rank(node)
    print(f"{args.unit} {view.year}: {node} {view.score(node):.2f}, rank {rank if rank else 'unknown'} (partial view)")
    print(IMPLIES_EN)
    for level in ("pillar", "group", "indicator"):
        level_items = [it for it in items if it.level == level]
        strong = [it.code for it in level_items if it.rule == "strength"]
        weak = [it.code for it in level_items if it.rule == "weakness"]
        print(f"\n{level}s: strengths {', '.join(strong) or '-'}; weaknesses {', '.join(weak) or '-'}")
    print(f"\nmost {node} points to gain (reaching the national best):")
    for w in sorted(gains, key=lambda w: -(0 if math.isnan(w.gain_to_best) else w.gain_to_best))[:10]:
        places = "unknown" if w.places_to_best is None else w.places_to_best
        print(f"  {w.indicator:<7} +{w.gain_to_best:6.2f} points, {places} place(s); score {w.score:6.2f}")
    differing = [d for d in view.differences if d.cause not in ("agrees",)]
    if differing:
        print("\ncomputed vs official:")
        for d in differing:
            print(f"  {d.explanation}")
    return 0


def _changes(view: PartialResult, texts: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    fw = view.framework
    for text in texts:
        change = ScenarioChange.parse(text)
        if change.unit.casefold() != view.unit.casefold():
            raise InputError(f"change {text!r}: the partial view holds only {view.unit!r}")
        code = fw.find(change.indicator)
        if code is None or not fw.is_indicator(code):
            raise InputError(f"change {text!r}: {change.indicator!r} is not an indicator of {fw.name}")
        if change.kind == "score":
            out["score:" + code] = change.value
        elif change.kind == "relative":
            now = float(view.values[fw.indicators.index(code)])
            if math.isnan(now):
                raise InputError(f"change {text!r}: {code} has no value to change by a percentage")
            out[code] = now * (1 + change.value / 100)
        else:
            out[code] = change.value
    return out


def whatif_run(args: argparse.Namespace) -> int:
    fmt = output_format(args.out, args.format, input_paths(args))
    view = view_of(args)
    result = whatif(view, _changes(view, args.changes))
    for f in result.after.flags:
        print(f"warning: {f.message}", file=sys.stderr)
    header, rows = _rows(result.after)
    data = {"view": "partial", "year": view.year, "changes": list(args.changes), **result.to_dict()}
    write_output(args.out, fmt, header, rows, data)
    return 0


def solve_run(args: argparse.Namespace) -> int:
    target = SolverTarget.parse(args.target)
    view = view_of(args)
    fw = view.framework
    node = fw.find(target.node)
    if node is None:
        raise InputError(f"--target node {target.node!r} is not a code of framework {fw.name}")
    target = SolverTarget(node, target.kind, target.value)
    limits = read_limits(args.limits, fw) if args.limits else None
    plan = solve(view, target, limits)
    raw_needed = []
    if fw.is_indicator(node) and target.kind == "score":
        raw_needed.append(raw_for_score(view, node, target.value).as_dict())
    if args.format == "json":
        emit(json_text({"view": "partial", **_clean(plan.to_dict()), "raw_values": raw_needed}), None)
        return 0
    start = plan.start
    print(f"{args.unit}: {target} from score {start['score']:.2f}, rank {start['rank'] or 'unknown'} (partial view)")
    if not plan.reachable:
        print(f"out of reach: at every limit the best is score {plan.best['score']:.2f}, rank {plan.best['rank']}")
        return 0
    rank = plan.rank if plan.rank is not None else "unknown"
    print(f"reached: score {plan.score:.2f}, rank {rank} (verified by recomputation); cost {plan.cost:.3f}")
    for ch in plan.changes:
        print(f"  {ch['indicator']:<7} {ch['from']:>12.4g} -> {ch['to']:<12.4g} cost {ch['cost']:.3f}")
    for note in plan.notes:
        print(f"note: {note}")
    return 0


def trend_run(args: argparse.Namespace) -> int:
    framework, bounds, ranking = inputs(args)
    node = framework.find((args.node or framework.root) if not args.target else args.target.split(":")[1].split("@")[0])
    if node is None:
        raise InputError(f"--node {args.node!r} is not a code of framework {framework.name}")
    views = {
        y: partial_view(framework, bounds, ranking, unit=args.unit, year=y, methodology=_methodology(args))
        for y in sorted(y for y in bounds.years if y is not None)
    }
    if not views:
        raise InputError("a trend needs a bounds table with a year column (or an annex with years)")
    t = trend(views, node)
    latest = views[max(views)]
    history = {y: v.values for y, v in views.items()}
    roll = raw_targets(latest, history=history) if latest.bounds.targets else None
    if args.format == "json":
        data: dict[str, Any] = dict(t)
        if roll is not None:
            data["targets"] = _clean(roll.to_dict())
        emit(json_text(data), None)
        return 0
    print(f"{args.unit} {node} (partial view)")
    for p in t["points"]:
        official = "" if p["official"] is None else f"  official {p['official']:.2f}"
        score = "no score" if p["score"] is None else f"{p['score']:6.2f}"
        print(f"  {p['year']}: {score}{official}")
    if roll is not None:
        print(f"raw targets give {node} {roll.implied.score(node):.2f} under today's bounds")
        for c in roll.indicators:
            for note in c.notes:
                print(f"  note: {note}")
    return 0


def robustness_run(args: argparse.Namespace) -> int:
    raise robustness_unavailable()


def _num(v: float | None) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def _clean(data: Any) -> Any:
    """NaN to None, recursively (JSON output never holds NaN)."""
    if isinstance(data, dict):
        return {k: _clean(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_clean(v) for v in data]
    return _num(data) if isinstance(data, float) else data
