"""`--help` tells what each argument is and the defaults a user would otherwise guess."""

from __future__ import annotations

import argparse
import io

import pytest

from layout.cli import PREVIEW_DPI, _parser, main
from layout.diff import DPI_RANGE

ARCHIVE_COMMANDS = {"archive", "search", "verify"}  # their parser lives in layout/archive/cli.py


def help_of(*argv: str) -> str:
    out = io.StringIO()
    assert main([*argv, "--help"], stdout=out, stderr=io.StringIO()) == 0
    return " ".join(out.getvalue().split())  # argparse wraps at the terminal's width


def test_dpi_defaults_and_ranges_are_shown():
    lo, hi = PREVIEW_DPI
    assert f"--dpi DPI resolution of the PNGs (default 72; {lo} to {hi})" in help_of("preview")
    lo, hi = DPI_RANGE
    assert (f"--dpi DPI resolution of the comparison and the PNGs (default 50; {lo} to {hi})"
            in help_of("diff"))


def test_every_positional_argument_says_what_it_is():
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    seen = 0
    for name, parser in sub.choices.items():
        if name in ARCHIVE_COMMANDS:
            continue
        for action in parser._actions:
            if not action.option_strings and action.dest != "help":
                assert action.help, f"banmian {name} {action.dest}"
                seen += 1
    assert seen >= 9  # render, check, preview, preflight, diff ×2, init, watch, fonts


@pytest.mark.parametrize("dpi", ["0", "5000"])
def test_preview_dpi_out_of_range_is_one_line_exit_2(dpi, tmp_path):
    err = io.StringIO()
    code = main(["preview", str(tmp_path / "any.yaml"), "--dpi", dpi], stdout=io.StringIO(),
                stderr=err)
    assert code == 2 and err.getvalue() == f"--dpi {dpi}: must be between 10 and 1200\n"
