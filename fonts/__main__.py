"""python -m fonts install [--roles ...]"""

from __future__ import annotations

import sys

from fonts.cli import install_main


def main(argv: list[str]) -> int:
    """Dispatch the 'install' subcommand (the only one)."""
    if not argv or argv[0] != "install":
        print("usage: python -m fonts install [--roles ROLE ...]", file=sys.stderr)
        return 2
    return install_main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
