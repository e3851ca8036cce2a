"""The banmian command. Exit codes: 0 ok; 1 composed but something does not fit; 2 bad input;
3 an internal error (a bug to report)."""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
from pathlib import Path
from typing import TextIO

from . import __version__
from .diag import InputError, UserError
from .output import target_path, write_atomic
from .units import MM

PREVIEW_DPI = (10, 1200)
SPEC_HELP = "the page spec (a YAML file)"
CONDITION_HELP = ("the output condition and banmian's profile for it, over the spec's output: "
                  "tr002 (CGATS TR 002, the default) or ifra26 (IFRA26, ISO 12647-3 newsprint)")

class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, like every other bad input
        self.exit(2, f"banmian: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="banmian", description="YAML page spec → print-ready Chinese newspaper PDF")
    p.add_argument("--version", action="version", version=f"banmian {__version__}")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)
    r = sub.add_parser("render", help="render a spec to PDF")
    r.add_argument("--root", help="the folder the spec may read files from "
                   "(default: its own folder)")
    r.add_argument("spec", help=SPEC_HELP)
    r.add_argument("--output-condition", type=str.lower, choices=["tr002", "ifra26"],
                   help=CONDITION_HELP)
    r.add_argument("-o", "--output", help="PDF path (default build/<spec name>.pdf)")
    r.add_argument("--force", action="store_true",
                   help="overwrite an existing file that banmian did not write")
    r.add_argument("--quiet", action="store_true", help="print nothing but errors")
    r.add_argument("--sheet", action="store_true",
                   help="write a spread as one double-width sheet")
    r.add_argument("--standard", choices=["x4+a2b", "x4", "a2b", "none"],
                   help="override the spec's output.standard")
    r.add_argument("--format", choices=["pdf", "svg"], default="pdf",
                   help="pdf (print-ready, the default) or svg: one file per page, "
                        "build/<spec name>-pN.svg, text as text, colours as printed")
    r.add_argument("--embed-fonts", action="store_true",
                   help="svg: embed the fonts (subsets of the characters each page uses)")
    r.add_argument("--allow-overset", action="store_true",
                   help="write the print file even if something does not fit; the file then "
                        "says so in its metadata and fails preflight")
    c = sub.add_parser("check", help="validate and compose; print the fit table; write nothing")
    c.add_argument("--root", help="the folder the spec may read files from "
                   "(default: its own folder)")
    c.add_argument("spec", help=SPEC_HELP)
    c.add_argument("--output-condition", type=str.lower, choices=["tr002", "ifra26"],
                   help=CONDITION_HELP)
    c.add_argument("--json", action="store_true", help="the report as JSON")
    c.add_argument("--dump", action="store_true",
                   help="print the laid-out pages as text, one line per item (page, kind, "
                        "block, box in mm, text)")
    v = sub.add_parser("preview", help="render and write one PNG per page")
    v.add_argument("--root", help="the folder the spec may read files from "
                   "(default: its own folder)")
    v.add_argument("spec", help=SPEC_HELP)
    v.add_argument("--output-condition", type=str.lower, choices=["tr002", "ifra26"],
                   help=CONDITION_HELP)
    v.add_argument("--dpi", type=int, default=72,
                   help=f"resolution of the PNGs (default 72; {PREVIEW_DPI[0]} to "
                        f"{PREVIEW_DPI[1]})")
    v.add_argument("-o", "--outdir", help="folder for the PNGs (default build/)")
    v.add_argument("--proof", action="store_true",
                   help="overlay the grid, block outlines and names, and overflow in red")
    v.add_argument("--sheet", action="store_true", help="a spread as one double-width image")
    a = sub.add_parser("arrange", help="write the spec with every block's place spelled out "
                       "(at: {page, col, span, line, lines}), comments and key order kept")
    a.add_argument("--root", help="the folder the spec may read files from "
                   "(default: its own folder)")
    a.add_argument("spec", help=SPEC_HELP)
    a.add_argument("-o", "--output", help="the new spec, beside the original (default "
                   "<spec name>.arranged.yaml; - for standard output)")
    a.add_argument("--force", action="store_true", help="overwrite an existing file "
                   "(never the spec itself)")
    a.add_argument("--quiet", action="store_true", help="print nothing but errors")
    sub.add_parser("schema", help="print the spec's JSON Schema")
    pf = sub.add_parser("preflight", help="check a PDF for print and archive")
    pf.add_argument("pdf", help="the PDF to check (any PDF, not only banmian's)")
    pf.add_argument("--json", action="store_true", help="the checks as JSON")
    pf.add_argument("--standard", choices=["x4+a2b", "x4", "a2b", "none"], default="x4+a2b",
                    help="what the file must claim (default x4+a2b: PDF/X-4 and PDF/A-2b)")
    pf.add_argument("--tac-limit", type=float, default=240,
                    help="highest total ink, in %% (default 240)")
    pf.add_argument("--min-ppi", type=float, default=200,
                    help="lowest image resolution at the placed size (default 200)")
    pf.add_argument("--min-bleed-mm", type=float, default=3,
                    help="least bleed beyond the trim, in mm (default 3)")
    d = sub.add_parser("diff", help="what changed between two specs or two PDFs: a PNG per "
                       "page with the changed regions marked, and the text changed per block")
    d.add_argument("--root", help="the folder the spec may read files from "
                   "(default: its own folder)")
    d.add_argument("old", help="the earlier revision: a spec (.yaml) or a PDF")
    d.add_argument("new", help="the later revision, of the same kind; its pages are marked")
    d.add_argument("-o", "--outdir", help="folder for the PNGs (default build/diff/)")
    d.add_argument("--dpi", type=int, default=50,
                   help="resolution of the comparison and the PNGs (default 50; 10 to 300)")
    d.add_argument("--force", action="store_true",
                   help="overwrite PNGs in a folder that banmian did not write")
    n = sub.add_parser("init", help="a new spec folder that renders at once")
    n.add_argument("name", help="the folder to create (absent or empty)")
    n.add_argument("--preset", choices=["broadsheet", "tabloid"], default="broadsheet",
                   help="page size and grid (default broadsheet)")
    n.add_argument("--spread", action="store_true", help="two facing pages")
    w = sub.add_parser("watch", help="re-render whenever the spec or a file it uses changes")
    w.add_argument("--root", help="the folder the spec may read files from "
                   "(default: its own folder)")
    w.add_argument("spec", help=SPEC_HELP)
    w.add_argument("--output-condition", type=str.lower, choices=["tr002", "ifra26"],
                   help=CONDITION_HELP)
    w.add_argument("-o", "--output", help="PDF path (default build/<spec name>.pdf)")
    w.add_argument("--force", action="store_true",
                   help="overwrite an existing file that banmian did not write")
    w.add_argument("--serve", action="store_true",
                   help="serve a live preview page on 127.0.0.1")
    w.add_argument("--port", type=int, default=0, help="port for --serve (default: any free)")
    w.add_argument("--interval", type=float, default=0.02,
                   help="seconds between looks at the files (default 0.02)")
    from .archive.cli import add_parsers
    from .epaper.cli import add_parser as add_epaper

    add_parsers(sub)
    add_epaper(sub)
    f = sub.add_parser("fonts", help="manage the default fonts")
    f.add_argument("action", choices=["install"],
                   help="install: fetch and verify the default fonts")
    return p


def main(argv: list[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = _parser().parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0)
    try:
        if args.cmd == "schema":
            from .spec import json_schema

            print(json.dumps(json_schema(), ensure_ascii=False, indent=2), file=out)
            return 0
        if args.cmd == "fonts":
            from fonts import install_main

            return install_main([])
        if args.cmd == "check":
            return _check(args, out)
        if args.cmd == "preflight":
            return _preflight(args, out, err)
        if args.cmd == "arrange":
            return _arrange(args, out, err)
        if args.cmd == "render":
            return _render(args, out, err)
        if args.cmd == "preview":
            return _preview(args, out, err)
        if args.cmd == "diff":
            from .diff import diff_main

            return diff_main(args, out, err)
        if args.cmd == "init":
            from .scaffold import init_main

            return init_main(args, out, err)
        if args.cmd in ("archive", "search", "verify"):
            from .archive import cli as acli

            return getattr(acli, f"{args.cmd}_main")(args, out, err)
        if args.cmd == "watch":
            return _watch(args, out, err)
        if args.cmd == "epaper":
            from .epaper.cli import epaper_main

            return epaper_main(args, out, err)
    except UserError as e:
        for d in e.diagnostics:
            print(d.line(), file=err)
        return 2
    except KeyboardInterrupt:
        print("banmian: interrupted", file=err)
        return 130
    except BrokenPipeError:  # `banmian diff … | head`: the reader has all it wanted
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - so exit's flush stays quiet
        return 0
    except Exception as e:  # a bug in banmian, not in the spec: one line, and a way to see more
        if os.environ.get("BANMIAN_DEBUG"):
            raise
        print(f"banmian: internal error: {type(e).__name__}: {e} (BANMIAN_DEBUG=1 shows the "
              "traceback; please report it with the spec)", file=err)
        return 3
    return 2


def _check(args, out: TextIO) -> int:
    from .pipeline import Progress, build

    built, _ = build(Path(args.spec), Progress(True), _root(args), args.output_condition)
    rep = built.report
    if args.dump:
        from .export.dump import dump

        out.write(dump(built.layout))
    elif args.json:
        print(json.dumps(rep.as_json(), ensure_ascii=False, indent=2), file=out)
    else:
        for w in rep.warnings:
            print(w.line(), file=out)
        print(rep.table(), file=out)
    return 0 if rep.ok else 1


def _arrange(args, out: TextIO, err: TextIO) -> int:
    from .arrange.write import arrange_spec, summary, target_for
    from .pipeline import Progress

    spec = Path(args.spec)
    target = target_for(spec, args.output, args.force)
    done = arrange_spec(spec, _root(args), Progress(not args.quiet))
    if target is None:
        out.write(done.text)
    else:
        write_atomic(target, done.text.encode("utf-8"))
    rep = done.report
    if not args.quiet:
        for w in rep.warnings:
            print(w.line(), file=err)
        if not rep.ok:
            print(rep.table(), file=err)
        print(f"{target or '(standard output)'}: {summary(done.plan)}"
              + ("" if rep.ok else "; NOT READY: something does not fit"),
              file=err if target is None else out)
    return 0 if rep.ok else 1


def _preflight(args, out: TextIO, err: TextIO) -> int:
    from .preflight import preflight

    path = Path(args.pdf)
    if not path.exists():
        raise InputError.one(f"{path}: no such file")
    if not path.is_file():
        raise InputError.one(f"{path}: not a regular file")
    for flag, value in (("--tac-limit", args.tac_limit), ("--min-ppi", args.min_ppi),
                        ("--min-bleed-mm", args.min_bleed_mm)):
        if not (math.isfinite(value) and value >= 0):
            raise InputError.one(f"{flag} {value:g}: must be a number ≥ 0")
    res = preflight(path, standard=args.standard, tac_limit=args.tac_limit,
                    min_ppi=args.min_ppi, min_bleed_mm=args.min_bleed_mm)
    if args.json:
        print(json.dumps(res.as_json(), ensure_ascii=False, indent=2), file=out)
    else:
        print(res.table(), file=out)
    return 1 if res.failures else 0


def _render(args, out: TextIO, err: TextIO) -> int:
    from .pipeline import Progress, build, render_built

    spec = Path(args.spec)
    if args.format == "svg":
        return _render_svg(args, spec, out, err)
    target = target_path(spec, args.output, args.force)
    built, faces = build(spec, Progress(not args.quiet), _root(args), args.output_condition)
    rep = built.report
    if not rep.ok and not args.allow_overset:
        return _overset_proof(args, built, faces, target, out, err)
    pdf, rep = render_built(built, faces, Progress(not args.quiet), sheet=args.sheet,
                            standard=args.standard, record_overset=not rep.ok)
    write_atomic(target, pdf)
    pf = None
    if rep.output is not None:  # the printer's checks, run on the file as written
        from .preflight import preflight

        o = rep.output
        pf = preflight(target, standard=args.standard or o.standard, tac_limit=o.ink_limit,
                       min_ppi=o.min_ppi / 2, min_bleed_mm=o.bleed / MM - 0.01)
    if not args.quiet:
        for w in rep.warnings:
            print(w.line(), file=err)
        if not rep.ok:
            print(rep.table(), file=err)
        if pf is not None and (pf.failures or pf.warnings):
            print(pf.table(), file=err)
        done = f"; preflight {pf.failures} failures" if pf is not None else ""
        ready = "" if rep.ok else "; NOT READY: overset recorded (--allow-overset)"
        print(f"{target}: {rep.pages} pages, {len(pdf) / 1024:.0f} KiB{done}{ready}", file=out)
    elif pf is not None and pf.failures:
        print(pf.table(), file=err)
    return 0 if rep.ok and not (pf and pf.failures) else 1


def _overset_proof(args, built, faces, target: Path, out: TextIO, err: TextIO) -> int:
    """Something does not fit: the print file is not written; a proof with each overset frame
    marked is written beside it instead, and the command says NOT READY."""
    from .pipeline import Progress, overset_records, render_built

    proof = target.with_name(target.stem + ".overset.pdf")
    target_path(built.spec.path, str(proof), args.force)
    pdf, rep = render_built(built, faces, Progress(not args.quiet), sheet=args.sheet,
                            overset_proof=True)
    write_atomic(proof, pdf)
    records = overset_records(rep)
    if not args.quiet:
        for w in rep.warnings:
            print(w.line(), file=err)
        print(rep.table(), file=err)
    kept = (f"; {target} is an earlier render, left as it was" if target.exists() else "")
    print(f"{proof}: {rep.pages} pages, a proof with the overset marked; NOT READY: "
          f"{len(records)} block{'s' if len(records) != 1 else ''} overset ("
          + "; ".join(r.split(" (")[0] + ":" + r.split("):", 1)[1] for r in records)
          + f"){kept}; --allow-overset writes the print file anyway", file=out)
    return 1


def _render_svg(args, spec: Path, out: TextIO, err: TextIO) -> int:
    from .pipeline import Progress, build, render_svg_pages

    built, faces = build(spec, Progress(not args.quiet), _root(args), args.output_condition)
    pages = render_svg_pages(built, faces, embed_fonts=args.embed_fonts)
    base = Path(args.output) if args.output else Path("build") / spec.stem
    base = base.with_suffix("") if base.suffix.lower() == ".svg" else base
    targets = [base.with_name(f"{base.name}-p{i}.svg") for i in range(1, len(pages) + 1)]
    for t in targets:
        target_path(spec, str(t), args.force, ".svg")  # never over a file banmian did not write
    for target, svg in zip(targets, pages, strict=True):
        write_atomic(target, svg)
        if not args.quiet:
            print(f"{target}: {len(svg) / 1024:.0f} KiB", file=out)
    rep = built.report
    if not args.quiet:
        for w in rep.warnings:
            print(w.line(), file=err)
        if not rep.ok:
            print(rep.table(), file=err)
    return 0 if rep.ok else 1


def _root(args) -> Path | None:
    return Path(args.root) if getattr(args, "root", None) else None


def _preview(args, out: TextIO, err: TextIO) -> int:
    import io

    from .pipeline import Progress
    from .pipeline import render as run
    from .raster import Pages

    lo, hi = PREVIEW_DPI
    if not lo <= args.dpi <= hi:
        raise InputError.one(f"--dpi {args.dpi}: must be between {lo} and {hi}")
    spec = Path(args.spec)
    pdf, rep = run(spec, Progress(True), sheet=args.sheet, proof=args.proof, root=_root(args),
                   condition=args.output_condition)
    outdir = Path(args.outdir) if args.outdir else Path("build")
    with Pages(pdf, str(spec)) as doc:
        doc.check_budget(args.dpi)
        for i in range(len(doc)):
            img = doc.render(i, args.dpi)  # the trim, as the reader sees the page
            suffix = "-proof" if args.proof else ""
            target = outdir / f"{spec.stem}-p{i + 1}{suffix}.png"
            buf = io.BytesIO()
            img.save(buf, "PNG", optimize=False)
            write_atomic(target, buf.getvalue())
            print(target, file=out)
    if not rep.ok:
        print(rep.table(), file=err)
    return 0 if rep.ok else 1


def _watch(args, out: TextIO, err: TextIO) -> int:
    import threading

    from .watch import Watcher, stop_on_term

    spec = Path(args.spec)
    target = target_path(spec, args.output, args.force)
    stop = threading.Event()
    server = None
    watcher = Watcher(spec, target, args.interval, out, err, root=_root(args),
                      condition=args.output_condition)
    if args.serve:
        from .serve import Preview

        server = Preview(watcher, args.port)
        watcher.on_render = server.published
        server.start()
        print(f"banmian: preview at {server.url}", file=out)
    print(f"banmian: watching {spec} (Ctrl-C stops)", file=out)
    out.flush()
    try:
        with stop_on_term(stop):
            watcher.run(stop)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        if server:
            server.stop()
    return 0
