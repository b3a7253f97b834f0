"""``chiso whatif``: change values and recompute every score and rank."""

from __future__ import annotations

import argparse

from chiso.core.whatif import ScenarioChange, whatif

from . import partial
from .common import add_data_options, input_paths, load_inputs, methodology_from, one_year, warn
from .compute import results_table
from .output import output_format, write_output
from .partial import add_partial_options, is_partial


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "whatif",
        help="change values and recompute everything",
        description="Apply changes and recompute every unit: --set UNIT:INDICATOR=VALUE, where VALUE is a raw "
        "value (0,5), a relative change (+10%%) or a score (score=55). Raw values beyond the current max or min "
        "move the bounds, as a real recomputation would. Output like `chiso compute`.",
    )
    add_data_options(p)
    p.add_argument("--set", "-s", action="append", required=True, dest="changes", metavar="UNIT:INDICATOR=VALUE")
    p.add_argument("--out", "-o", help="output file, .csv, .json or .xlsx (default: standard output)")
    p.add_argument(
        "--format",
        choices=["csv", "json", "xlsx"],
        help="csv or xlsx: every node, like compute; json: the changes and the PII deltas per unit "
        "(default: from the --out extension, else csv)",
    )
    add_partial_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if is_partial(args):
        return partial.whatif_run(args)
    changes = [ScenarioChange.parse(text) for text in args.changes]
    fmt = output_format(args.out, args.format, input_paths(args))
    framework, data = load_inputs(args)
    yd = one_year(data, args)
    result = whatif(framework, yd, changes, methodology_from(args))
    warn(data.warnings + result.new.warnings)
    header, rows = results_table({yd.year: result.new})
    data_json = {
        "year": yd.year,
        "changes": [c.as_dict() for c in changes],
        framework.root: result.deltas(framework.root),
    }
    write_output(args.out, fmt, header, rows, data_json)
    return 0
