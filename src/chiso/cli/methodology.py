"""``chiso methodology show|export|set``: a methodology as data (JSON), the default, a file's, or the
one stored for a framework's year in the web application's database."""

from __future__ import annotations

import argparse
import sys

from chiso.core.errors import InputError
from chiso.core.spec import CHOICES, DEFAULT, PARAMETERS, Methodology

from .common import bounded_int
from .output import emit

# what each choice means, in words; a choice the core adds later is shown by its name
MEANING = {
    ("treat", "gii"): "outliers treated as in the GII: an indicator fails when |skewness| >= {skew_limit:g} and "
    "kurtosis >= {kurt_limit:g}; its extreme values are moved inward (at most {max_points:g} of them), "
    "else it is log-transformed",
    ("treat", "none"): "no outlier treatment: raw values are normalised as they are",
    ("normalise", "minmax"): "min-max: 0 for the lowest value of the year, 100 for the highest (reversed where "
    "lower is better)",
    ("normalise", "zscore"): "z-scores: distance from the national mean in standard deviations",
    ("aggregate", "arithmetic"): "each node is the weighted arithmetic mean of its parts",
    ("aggregate", "geometric"): "each node is the weighted geometric mean of its parts, every score floored at "
    "{floor:g}",
    ("missing", "skip"): "a missing indicator is left out of its parent's mean",
    ("missing", "zero"): "a missing indicator counts as 0",
    ("ties", "best"): "units within 1e-9 of each other share the best of their places (1, 2, 2, 4)",
    ("ties", "worst"): "units within 1e-9 of each other share the worst of their places (1, 3, 3, 4)",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "methodology",
        help="show, export or store a methodology",
        description="A methodology (outlier treatment, normalisation, aggregation, missing values, ties, weight "
        "overrides) is data: a JSON file that every command that computes takes with --methodology.",
    )
    verbs = p.add_subparsers(dest="verb", required=True, metavar="{show,export,set}")
    show = verbs.add_parser("show", help="a methodology and what each setting means")
    _source_options(show)
    show.add_argument("--format", choices=["text", "json"], default="text")
    show.set_defaults(run=run_show)
    export = verbs.add_parser("export", help="write a methodology as JSON (the default, a file's or a stored one)")
    _source_options(export)
    export.add_argument("--out", "-o", required=True, help="the JSON file to write (- for standard output)")
    export.set_defaults(run=run_export)
    store = verbs.add_parser(
        "set",
        help="store a methodology for a framework's year in the web application's database (audited)",
        description="Store the methodology of FILE for a framework's year; recorded in the audit (through the "
        "command line, with --why). Runs against the database of the environment (DATABASE_URL, CHISO_DATA_DIR).",
    )
    store.add_argument("--framework", "-f", required=True, help="a framework stored in the database")
    store.add_argument("--year", "-y", required=True, type=bounded_int(1990, 2100))
    store.add_argument("--file", required=True, metavar="FILE.json")
    store.add_argument("--why", default="", help="the reason, kept in the audit")
    store.add_argument("--user", help="the user to credit (default: the system)")
    store.set_defaults(run=run_set)


def _source_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--framework", "-f", help="with --year: the methodology stored for that framework's year")
    p.add_argument("--year", "-y", type=bounded_int(1990, 2100))
    p.add_argument("--file", metavar="FILE.json", help="a methodology file")


def _django() -> None:
    from .web import _environment

    _environment(None)
    import django

    django.setup()


def _framework(name: str):
    from chiso.web.indexdata.models import FrameworkVersion

    fv = FrameworkVersion.objects.filter(name=name).first()
    if fv is None:
        known = ", ".join(FrameworkVersion.objects.values_list("name", flat=True)) or "none"
        raise InputError(f"no framework {name!r} in the database (stored: {known})")
    return fv


def source(args: argparse.Namespace) -> tuple[Methodology, str]:
    """The methodology asked for and where it comes from."""
    if args.file and (args.framework or args.year is not None):
        raise InputError("give either --file or --framework with --year, not both")
    if args.file:
        return Methodology.read(args.file), args.file
    if args.framework is None and args.year is None:
        return DEFAULT, "default"
    if args.framework is None or args.year is None:
        raise InputError("a stored methodology is named by --framework and --year together")
    _django()
    from chiso.web.indexdata import methodology

    fv = _framework(args.framework)
    row = methodology.stored(fv, args.year)
    if row is None:
        return DEFAULT, f"{fv.name} {args.year} (none stored: the default)"
    return Methodology.from_dict(row.spec), f"{fv.name} {args.year} (stored {row.updated_at:%Y-%m-%d %H:%M})"


def describe(m: Methodology) -> list[tuple[str, str, str]]:
    """(setting, choice, what it means) for every setting, then the weight overrides."""
    values = {**m.parameters("treat_params"), **m.parameters("aggregate_params")}
    rows = []
    for setting, _ in CHOICES:
        choice = getattr(m, setting)
        meaning = MEANING.get((setting, choice), choice).format(**values)
        rows.append((setting, choice, meaning))
    for setting, (method_setting, _, _) in PARAMETERS.items():
        for name, value in m.parameters(setting).items():
            rows.append((f"{method_setting}.{name}", f"{value:g}", "set" if name in getattr(m, setting) else "default"))
    for code, weight in m.weights.items():
        rows.append((f"weight {code}", f"{weight:g}", "replaces the framework's weight"))
    return rows


def run_show(args: argparse.Namespace) -> int:
    m, where = source(args)
    if args.format == "json":
        emit(m.json(), None)
        return 0
    lines = [f"methodology: {where}" + (" = the default" if m.is_default() and where != "default" else "")]
    width = max(len(r[0]) for r in describe(m))
    lines += [f"  {s:<{width}}  {c:<10}  {meaning}" for s, c, meaning in describe(m)]
    emit("\n".join(lines) + "\n", None)
    return 0


def run_export(args: argparse.Namespace) -> int:
    m, where = source(args)
    emit(m.json(), args.out)
    if args.out != "-":
        print(f"wrote {args.out}: methodology {where}", file=sys.stderr)
    return 0


def run_set(args: argparse.Namespace) -> int:
    m = Methodology.read(args.file)
    _django()
    from django.contrib.auth import get_user_model

    from chiso.web.audit.actions import Via
    from chiso.web.indexdata import methodology

    fv = _framework(args.framework)
    user = None
    if args.user:
        user = get_user_model().objects.filter(username=args.user).first()
        if user is None:
            raise InputError(f"no user {args.user!r}")
    saved = methodology.save(user, fv, args.year, m, why=args.why, via=Via.CLI)
    print(
        f"{fv.name} {args.year}: " + ("methodology stored" if saved.changed else "no change"),
        file=sys.stderr,
    )
    return 0
