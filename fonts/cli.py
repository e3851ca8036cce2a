"""'banmian fonts install': fill the font cache ahead of the first render."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from fonts.errors import FontError
from fonts.manifest import default_roles
from fonts.obtain import ensure_fonts


def install_main(argv: Sequence[str] | None = None) -> int:
    """Fetch and verify the default faces; progress to stderr, 'role<TAB>path' lines to stdout."""
    roles = default_roles()
    parser = argparse.ArgumentParser(
        prog="banmian fonts install",
        description="Fetch the default faces from npm into the font cache and verify them.",
    )
    parser.add_argument(
        "--roles",
        nargs="+",
        choices=roles,
        default=list(roles),
        metavar="ROLE",
        help=f"roles to install (default: all of {', '.join(roles)})",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    try:
        paths = ensure_fonts(args.roles, progress=progress, reuse_fallbacks=False)
    except FontError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for role, path in paths.items():
        print(f"{role}\t{path}")
    progress(f"{len(paths)} font(s) ready in {time.perf_counter() - started:.1f} s")
    return 0
