"""`banmian archive`, `banmian search` and `banmian verify`."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TextIO

from ..diag import Diagnostic, SpecError
from . import index as ix
from .store import Archive, parse_date, verify_entry

COMMANDS = ("list", "show", "reindex")


def add_parsers(sub) -> None:
    a = sub.add_parser("archive", help="render a spec and store it in the archive; "
                       "`archive list`, `archive show ID`, `archive reindex`")
    a.add_argument("spec", help="the spec to archive, or list | show | reindex")
    a.add_argument("--root", help="the folder the spec may read files from (default: its own)")
    a.add_argument("id", nargs="?", help="the entry ID (archive show ID)")
    a.add_argument("--archive", help="archive folder (default $BANMIAN_ARCHIVE or "
                   "$XDG_DATA_HOME/banmian/archive)")
    a.add_argument("--edition", help="edition (版次), e.g. A2; default the spec's meta.edition")
    a.add_argument("--date", help="publication date YYYY-MM-DD; default the spec's meta.date")
    a.add_argument("--department", help="default the spec's meta.section")
    a.add_argument("--editor", action="append", help="an editor (repeat, or separate by ,)")
    a.add_argument("--keywords", action="append", help="keywords separated by , or 、")
    a.add_argument("--json", action="store_true", help="list/show as JSON")
    s = sub.add_parser("search", help="full-text search of the archived spreads")
    s.add_argument("query")
    s.add_argument("--from", dest="date_from", help="first date YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", help="last date YYYY-MM-DD")
    s.add_argument("--archive")
    s.add_argument("--limit", type=int, default=100)
    s.add_argument("--json", action="store_true")
    v = sub.add_parser("verify", help="check an archive entry: files, fonts and a re-render")
    v.add_argument("id", nargs="?")
    v.add_argument("--all", action="store_true", help="every entry")
    v.add_argument("--archive")


def _bad(msg: str) -> SpecError:
    return SpecError([Diagnostic("error", msg)])


def archive_main(args, out: TextIO, err: TextIO) -> int:
    from ..pipeline import Progress

    arch = Archive(args.archive)
    if args.spec in COMMANDS and not (args.spec == "list" and args.id):
        if args.spec == "list":
            return _list(arch, args, out)
        if args.spec == "show":
            if not args.id:
                raise _bad("archive show: which entry? (banmian archive show ID)")
            m = arch.manifest(args.id)
            if args.json:
                print(json.dumps(m, ensure_ascii=False, indent=1), file=out)
            else:
                _show(arch, m, out)
            return 0
        t0 = time.perf_counter()
        n = arch.reindex()
        print(f"{arch.root}: {n} entries indexed in {time.perf_counter() - t0:.2f}s", file=out)
        return 0
    if args.id:
        raise _bad(f"archive: unexpected argument {args.id!r}")
    t0 = time.perf_counter()
    m = arch.add(Path(args.spec), edition=args.edition, date=args.date,
                 department=args.department, editors=args.editor, keywords=args.keywords,
                 progress=Progress(True), root=Path(args.root) if args.root else None)
    sup = f", supersedes {m['supersedes']}" if m["supersedes"] else ""
    print(f"{m['id']}: archived {m['pdf']} and {len(m['files']) - 2} source files "
          f"in {arch.entries / m['id']}{sup} ({time.perf_counter() - t0:.1f}s)", file=out)
    if not m["fits"]:
        print("banmian: warning: the archived spread has blocks that do not fit "
              "(banmian check shows them)", file=err)
    return 0


def _list(arch: Archive, args, out: TextIO) -> int:
    rows = []
    for eid in arch.ids():
        m = arch.manifest(eid)
        rows.append({k: m[k] for k in ("id", "date", "edition", "version", "supersedes",
                                         "title", "department")})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1), file=out)
        return 0
    if not rows:
        print(f"{arch.root}: no entries", file=out)
    for r in rows:
        sup = f"  (supersedes {r['supersedes']})" if r["supersedes"] else ""
        print(f"{r['id']}\t{r['date']}\t{r['edition']}\tv{r['version']}\t{r['title']}{sup}",
              file=out)
    return 0


def _show(arch: Archive, m: dict, out: TextIO) -> None:
    later = [e for e in arch.ids() if e.startswith(m["date"] + "-")
             and arch.manifest(e).get("supersedes") == m["id"]]
    pdf = arch.entries / m["id"] / m["pdf"]
    lines = [
        ("entry", m["id"]), ("title", m["title"]), ("edition", m["edition"]),
        ("date", m["date"]), ("version", str(m["version"])),
        ("supersedes", m["supersedes"] or "—"), ("superseded by", ", ".join(later) or "—"),
        ("department", m["department"] or "—"), ("editors", "、".join(m["editors"]) or "—"),
        ("keywords", "、".join(m["keywords"]) or "—"), ("archived", m["archived"]),
        ("banmian", m["banmian"]), ("PDF", f"{pdf} ({pdf.stat().st_size // 1024} KiB, "
                                          f"{m['standard']})"),
        ("spec", f"{m['spec']} sha256 {m['spec_sha256'][:16]}…"),
        ("files", f"{len(m['files'])} stored"),
    ]
    lines += [("font", f"{f['name']}: {f['key']} sha256 {f['sha256'][:16]}…")
              for f in m["fonts"]]
    lines += [("built-in", f"{b['name']} sha256 {b['sha256'][:16]}…") for b in m["builtin"]]
    for k, v in lines:
        print(f"{k:>14}  {v}", file=out)


def search_main(args, out: TextIO, err: TextIO) -> int:
    for what, d in (("--from", args.date_from), ("--to", args.date_to)):
        if d:
            parse_date(d, what)
    if not args.query.strip():
        raise _bad("search: an empty query")
    arch = Archive(args.archive)
    conn = arch.index()
    arch.sync_index(conn)
    hits = ix.search(conn, args.query, args.date_from, args.date_to, args.limit)
    if args.json:
        print(json.dumps([{
            "id": h.entry_id, "edition": h.edition, "date": h.date, "version": h.version,
            "title": h.title, "page": h.page, "folio": h.folio, "block": h.block,
            "snippet": h.snippet(), "offset": h.start} for h in hits],
            ensure_ascii=False, indent=1), file=out)
        return 0
    bold = out.isatty() if hasattr(out, "isatty") else False
    for h in hits:
        snip = h.snippet("\x1b[1m", "\x1b[0m") if bold else h.snippet()
        print(f"{h.date}  {h.edition}  第{h.folio}版  {h.block}  {snip}  [{h.entry_id}]",
              file=out)
    if not hits:
        print(f"no match for {args.query!r}", file=err)
    return 0


def verify_main(args, out: TextIO, err: TextIO) -> int:
    from ..pipeline import Progress

    arch = Archive(args.archive)
    if args.all == bool(args.id):
        raise _bad("verify: give an entry ID or --all")
    ids = arch.ids() if args.all else [args.id]
    if not args.all:
        arch.manifest(args.id)  # unknown ID: exit 2
    bad = 0
    for eid in ids:
        t0 = time.perf_counter()
        problems = verify_entry(arch, eid, Progress(False))
        dt = time.perf_counter() - t0
        if problems:
            bad += 1
            for p in problems:
                print(f"{eid}: {p.line()}", file=out)
            print(f"{eid}: FAILED ({len(problems)} problems, {dt:.1f}s)", file=out)
        else:
            print(f"{eid}: ok (files, fonts and a byte-identical re-render, {dt:.1f}s)",
                  file=out)
    if args.all:
        print(f"{len(ids)} entries, {bad} failed", file=out)
    return 1 if bad else 0
