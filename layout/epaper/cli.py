"""`banmian epaper SPEC... -o DIR`: an edition's pages as a static e-paper site."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TextIO


def add_parser(sub) -> None:
    e = sub.add_parser("epaper", help="an edition's pages as a static e-paper (数字报) site: "
                       "page images with article regions, one page per article")
    e.add_argument("specs", nargs="+", metavar="SPEC",
                   help="the specs of the edition's pages (one or more)")
    e.add_argument("-o", "--outdir", help="the site's folder (default build/<first spec "
                   "name>-epaper); replaced whole")
    e.add_argument("--root", help="the folder the specs may read files from "
                   "(default: each spec's own folder)")
    e.add_argument("--force", action="store_true",
                   help="replace a folder that banmian did not write")
    e.add_argument("--allow-overset", action="store_true",
                   help="publish pages even if something does not fit on them")
    e.add_argument("--quiet", action="store_true", help="print nothing but errors")


def build_sources(specs: list[Path], root: Path | None, progress):
    """Each spec built, with its faces."""
    from ..pipeline import build
    from .site import Source

    return [Source(*build(p, progress, root)) for p in specs]


def epaper_main(args, out: TextIO, err: TextIO) -> int:
    from .. import __version__
    from ..diag import OutputError
    from ..pipeline import Progress
    from .site import edition_files
    from .write import check_target, write_site

    t0 = time.perf_counter()
    specs = [Path(s) for s in args.specs]
    target = Path(args.outdir) if args.outdir else Path("build") / f"{specs[0].stem}-epaper"
    for spec in specs:  # --force replaces a folder: never the one the specs live in
        if spec.resolve().is_relative_to(target.resolve()):
            raise OutputError.one(f"{target}: holds the spec {spec}; the e-paper needs a "
                                  "folder of its own")
    check_target(target, args.force)
    progress = Progress(not args.quiet)
    sources = build_sources(specs, Path(args.root) if args.root else None, progress)
    over = [s for s in sources if not s.built.report.ok]
    if over and not args.allow_overset:
        for s in over:
            print(s.built.report.table(), file=err)
        print(f"{target}: not written; NOT READY: "
              + ", ".join(str(s.built.spec.path) for s in over)
              + " has text that does not fit (--allow-overset publishes it anyway)", file=out)
        return 1
    files = edition_files(sources, f"banmian {__version__}", progress)
    write_site(files, target, force=args.force)
    if not args.quiet:
        for s in sources:
            for w in s.built.report.warnings:
                print(w.line(), file=err)
        size = sum(len(v) for v in files.values())
        pages = sum(1 for k in files if k.startswith("p") and k.endswith(".html"))
        articles = sum(1 for k in files if k.startswith("a/"))
        print(f"{target}: {pages} pages, {articles} articles, {len(files)} files, "
              f"{size / 2**20:.1f} MiB ({time.perf_counter() - t0:.1f}s)", file=out)
    return 0
