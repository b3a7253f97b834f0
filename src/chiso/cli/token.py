"""``chiso token``: API tokens on the command line, through the same actions as the account page.

    chiso token create --user NAME [--name LABEL]   prints the new token once (only its digest is kept)
    chiso token list [--user NAME]                  the tokens (name, first characters, created, last used)
    chiso token revoke ID                           from then on the token is refused

Reads the database the way ``chiso manage`` does: CHISO_DATA_DIR (SQLite, default ./var) or
DATABASE_URL. Creating and revoking are recorded in the audit (via "cli"). Exit codes: 0 done,
2 bad input (no such user or token)."""

from __future__ import annotations

import argparse
import sys

EXIT_BAD_INPUT = 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "token",
        help="create, list or revoke API tokens",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    c = actions.add_parser("create", help="create a token for a user and print it (once)")
    c.add_argument("--user", required=True, help="the user the token acts as (their scope applies)")
    c.add_argument("--name", default="", help="a label to recognise the token by (default: 'cli')")
    c.set_defaults(run=run_create)
    ls = actions.add_parser("list", help="list tokens")
    ls.add_argument("--user", help="only this user's tokens")
    ls.set_defaults(run=run_list)
    r = actions.add_parser("revoke", help="revoke a token by its id (see list)")
    r.add_argument("id", type=int)
    r.set_defaults(run=run_revoke)


def _setup() -> None:
    from .web import _environment

    _environment(None)
    import django

    django.setup()


def _fail(message: str) -> int:
    print(f"chiso: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def run_create(args: argparse.Namespace) -> int:
    _setup()
    from django.contrib.auth import get_user_model

    from chiso.web.api import tokens
    from chiso.web.audit.actions import Via

    user = get_user_model().objects.filter(username=args.user).first()
    if user is None:
        return _fail(f"no user named {args.user!r}")
    if not user.is_active:
        return _fail(f"user {args.user!r} is not active")
    token, secret = tokens.create(user, args.name.strip() or "cli", by=None, via=Via.CLI)
    print(secret)
    print(
        f"token {token.id} ({token.name}) for {user.username}: shown once, only its digest is kept",
        file=sys.stderr,
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    _setup()
    from chiso.web.api.models import Token

    qs = Token.objects.select_related("user").order_by("id")
    if args.user:
        qs = qs.filter(user__username=args.user)
    print("id\tuser\tname\tprefix\tcreated\tlast_used\trevoked")
    for t in qs:
        print(
            "\t".join(
                [
                    str(t.id),
                    t.user.username,
                    t.name,
                    t.prefix + "…",
                    t.created_at.isoformat(timespec="seconds"),
                    t.last_used_at.isoformat(timespec="seconds") if t.last_used_at else "-",
                    t.revoked_at.isoformat(timespec="seconds") if t.revoked_at else "-",
                ]
            )
        )
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    _setup()
    from chiso.web.api import tokens
    from chiso.web.api.models import Token
    from chiso.web.audit.actions import Via

    token = Token.objects.filter(id=args.id).first()
    if token is None:
        return _fail(f"no token {args.id}")
    if tokens.revoke(token, by=None, via=Via.CLI):
        print(f"token {token.id} ({token.name}) revoked")
    else:
        print(f"token {token.id} ({token.name}) was revoked already")
    return 0
