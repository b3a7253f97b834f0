"""Entry point of the ``chiso`` command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from chiso import __version__
from chiso.core.errors import InputError

from . import (
    analyse,
    backup,
    compute,
    frameworks,
    imports,
    methodology,
    plan,
    robustness,
    solve,
    token,
    trend,
    web,
    whatif,
)

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="chiso",
        description="chiso: compute, explain and steer the Provincial Innovation Index (PII).",
    )
    p.add_argument("--version", action="version", version=f"chiso {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (
        compute,
        analyse,
        whatif,
        solve,
        robustness,
        trend,
        methodology,
        frameworks,
        web,
        imports,
        backup,
        plan,
        token,
    ):
        module.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as exc:
        print(f"chiso: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("chiso: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: one line, the traceback only on request
        if os.environ.get("CHISO_DEBUG"):
            raise
        print(
            f"chiso: internal error ({exc.__class__.__name__}: {exc}); set CHISO_DEBUG=1 to see where",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
