"""``chiso import``: the imports page on the command line, through the same code (preview, scope,
apply) as the page. Without --apply it prints the preview and writes nothing; with --apply it
applies the preview in one transaction as --user, recorded in the audit like a page import.

Reads the database the way ``chiso manage`` does: CHISO_DATA_DIR (SQLite, default ./var) or
DATABASE_URL. Exit codes: 0 done, 2 bad input (file, sheet, row and column named; nothing
written), 3 refused (the user may not import this, or values would be cleared without
--confirm-clear).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

KINDS = {
    "national": "national",
    "official": "annex_son_la",
    "annex": "annex_cao_bang",
    "annex_son_la": "annex_son_la",
    "annex_cao_bang": "annex_cao_bang",
}
EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import a file into the web application's database (preview, or apply with --apply)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", help="CSV or XLSX file in one of the import layouts (see the templates)")
    p.add_argument(
        "--kind",
        required=True,
        choices=sorted(KINDS),
        help="national: raw values of every province; official: a province's official results (Sơn La "
        "annex layout); annex: max, min and the province's values for two years (Cao Bằng annex layout)",
    )
    p.add_argument("--framework", required=True, help="stored framework name, e.g. pii-2025")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--province", help="province code or name (default: the user's province, or the home province)")
    p.add_argument("--user", required=True, help="the user the import is made as (their scope applies)")
    p.add_argument("--apply", action="store_true", help="write the changes (default: preview only)")
    p.add_argument("--confirm-clear", action="store_true", help="allow clearing the values marked XÓA/CLEAR")
    p.add_argument("--reason", help="why (recorded in the audit)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(run=run)


def _fail(message: str, code: int) -> int:
    print(f"chiso: error: {message}", file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    from .web import _environment

    _environment(None)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import translation

    from chiso.core.errors import InputError
    from chiso.core.units import match_province
    from chiso.web.imports import service
    from chiso.web.imports.display import Namer
    from chiso.web.indexdata.actions import ClearNotConfirmed, ImportConflict, core_framework
    from chiso.web.indexdata.models import FrameworkVersion
    from chiso.web.people.access import profile_of
    from chiso.web.people.models import Province

    path = Path(args.file)
    if not path.is_file():
        raise InputError("file not found", file=str(path))
    user = get_user_model().objects.filter(username=args.user).first()
    if user is None:
        return _fail(f"no user named {args.user!r}", EXIT_BAD_INPUT)
    fv = FrameworkVersion.objects.filter(name=args.framework).first()
    if fv is None:
        names = ", ".join(FrameworkVersion.objects.values_list("name", flat=True))
        return _fail(f"no framework named {args.framework!r} (stored: {names})", EXIT_BAD_INPUT)
    if not 2015 <= args.year <= 2100:
        return _fail(f"year {args.year} is out of range", EXIT_BAD_INPUT)
    kind = KINDS[args.kind]
    if args.province:
        found = match_province(args.province, args.year)
        province = Province.objects.filter(code=found.code if found else args.province).first()
        if province is None:
            return _fail(f"{args.province!r} is not a province", EXIT_BAD_INPUT)
    else:
        try:
            own = profile_of(user).province
        except Exception:
            own = None
        province = own or Province.objects.filter(code=settings.CHISO_HOME_PROVINCE).first()
    try:
        scope = service.Scope.of(user, province)
    except service.NotAllowed as exc:
        return _fail(f"user {user.username!r} may not import for {province}: {exc}", EXIT_REFUSED)
    rows, years = service.parse_file(kind, path, path.name, fv, args.year, province.code)
    entries = service.preview(fv, rows, scope)
    counts = service.counts(entries)
    applied = False
    if args.apply:
        reason = f"{args.reason or f'Nhập từ tệp {path.name}'} [CLI]"[:300]
        try:
            with transaction.atomic():
                batch = service.create_batch(
                    user, kind, province, fv, years, path.name, service.sha256_of(path), entries, via="cli"
                )
                service.apply_batch(user, batch, reason=reason, confirm_clear=args.confirm_clear, via="cli")
        except ClearNotConfirmed as exc:
            _print(args, counts, entries, Namer(core_framework(fv)), translation, applied=False)
            return _fail(
                f"{exc.count} value(s) would be cleared: add --confirm-clear; nothing was written", EXIT_REFUSED
            )
        except ImportConflict as exc:
            return _fail(f"{exc}; nothing was written", EXIT_REFUSED)
        applied = True
    _print(args, counts, entries, Namer(core_framework(fv)), translation, applied=applied)
    return 0


def _print(args, counts: dict[str, int], entries: list[dict[str, Any]], namer, translation, *, applied: bool) -> None:
    written = [e for e in entries if e["status"] in ("new", "changed", "cleared")]
    if args.format == "json":
        out: dict[str, Any] = dict(counts)
        out["changes"] = [
            {
                "unit": e["key"].get("province", ""),
                "code": e["key"].get("code", ""),
                "before": e["before"],
                "after": e["after"],
                "status": e["status"],
                "kind": e["kind"],
                "field": e["field"],
                "year": e["key"].get("year"),
                "row": e.get("row"),
            }
            for e in written
        ]
        out["applied"] = applied
        print(json.dumps(out, ensure_ascii=False))
        return
    with translation.override("en"):
        print(
            f"{'applied' if applied else 'preview (nothing written)'}: {counts['new']} new, {counts['changed']} "
            f"changed, {counts['cleared']} to clear, {counts['unchanged']} unchanged, {counts['ignored']} ignored"
        )
        for e in written:
            shown = namer.entry(e)
            year = f" {shown['year']}" if shown["year"] else ""
            print(
                f"{e['status']:8} {shown['unit']}{year} {shown['code']} {shown['name']} ({shown['what']}): "
                f"{shown['before']} -> {shown['after']}"
            )
        ignored: dict[tuple[str, str], int] = {}
        for e in entries:
            if e["status"] == "ignored":
                k = (namer.unit_name(e["key"].get("province")), e["why"])
                ignored[k] = ignored.get(k, 0) + 1
        for (unit, why), n in sorted(ignored.items()):
            reason = (
                "another province (outside the user's scope)"
                if why == "outside"
                else "national statistics (administrators only)"
            )
            print(f"ignored  {unit}: {n} value(s), {reason}")
