"""`banmian archive`, `banmian search` and `banmian verify`."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TextIO

from ..diag import ArchiveError, SpecError
from .query import PLAIN_MARKS, TTY_MARKS, Query, mark
from .store import Archive, IndexLag, Overset, _overset_name, parse_date, verify_entry

COMMANDS = ("list", "show", "reindex", "migrate")
_WHERE = ("archive folder or postgresql:// URL (default $BANMIAN_ARCHIVE, else "
          "$XDG_DATA_HOME/banmian/archive)")
_STORE = ("the folder holding a PostgreSQL archive's entries, e.g. a shared mount "
          "(default $BANMIAN_STORE)")


def add_parsers(sub) -> None:
    a = sub.add_parser("archive", help="render a spec and store it in the archive; "
                       "`archive list`, `archive show ID`, `archive reindex`, "
                       "`archive migrate --from DIR --to URL`")
    a.add_argument("spec", help="the spec to archive, or list | show | reindex | migrate")
    a.add_argument("--root", help="the folder the spec may read files from (default: its own)")
    a.add_argument("id", nargs="?", help="the entry ID (archive show ID)")
    a.add_argument("--archive", help=_WHERE)
    a.add_argument("--store", help=_STORE)
    a.add_argument("--edition", help="edition (版次), e.g. A2; default the spec's "
                   "meta.edition, else its page numbers (2-3 for a spread of pages 2 and 3)")
    a.add_argument("--date", help="publication date YYYY-MM-DD; default the spec's meta.date")
    a.add_argument("--department", help="default the spec's meta.section")
    a.add_argument("--editor", action="append", help="an editor (repeat, or separate by ,)")
    a.add_argument("--keywords", action="append", help="keywords separated by , or 、")
    a.add_argument("--allow-overset", action="store_true",
                   help="archive a spread with text that does not fit (recorded in the "
                   "manifest); without it such a spread is refused with exit 1")
    a.add_argument("--epaper", action="store_true",
                   help="store the spread's e-paper (banmian epaper) in the entry too; "
                   "verify then checks it")
    a.add_argument("--from", dest="migrate_from", metavar="DIR",
                   help="archive migrate: the archive folder to move")
    a.add_argument("--to", dest="migrate_to", metavar="URL",
                   help="archive migrate: the postgresql:// URL (or folder) to move it to")
    a.add_argument("--json", action="store_true", help="list/show as JSON")
    s = sub.add_parser("search", help="full-text search of the archived spreads")
    s.add_argument("query", help="words to find, separated by spaces (all must occur)")
    s.add_argument("--from", dest="date_from", help="first date YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", help="last date YYYY-MM-DD")
    s.add_argument("--archive", help=_WHERE)
    s.add_argument("--store", help=_STORE)
    s.add_argument("--limit", type=int, default=20, help="hits per page (default 20)")
    s.add_argument("--offset", type=int, default=0, help="hits to skip: the next page starts "
                   "at --offset LIMIT (default 0)")
    s.add_argument("--all-versions", action="store_true",
                   help="superseded versions too (default: the newest version of each entry)")
    s.add_argument("--json", action="store_true",
                   help="hits as JSON, with match offsets instead of marks")
    v = sub.add_parser("verify", help="check an archive entry: files, fonts and a re-render")
    v.add_argument("id", nargs="?", help="the entry ID")
    v.add_argument("--all", action="store_true", help="every entry")
    v.add_argument("--archive", help=_WHERE)
    v.add_argument("--store", help=_STORE)


def _bad(msg: str) -> SpecError:
    return SpecError.one(msg)


def archive_main(args, out: TextIO, err: TextIO) -> int:
    from ..pipeline import Progress

    cmd = args.spec
    if cmd == "migrate" and not args.id:
        return _migrate(args, out, err)
    if (args.migrate_from or args.migrate_to) and cmd != "migrate":
        raise _bad("archive: --from and --to go with `archive migrate`")
    arch = Archive(args.archive, args.store)
    if cmd in COMMANDS and not (cmd == "list" and args.id):
        if cmd == "list":
            return _list(arch, args, out)
        if cmd == "show":
            if not args.id:
                raise _bad("archive show: which entry? (banmian archive show ID)")
            m = arch.manifest(args.id)
            if args.json:
                print(json.dumps(m, ensure_ascii=False, indent=1), file=out)
            else:
                _show(arch, m, out)
            return 0
        if args.id:
            raise _bad(f"archive {cmd}: unexpected argument {args.id!r}")
        t0 = time.perf_counter()
        n = arch.reindex(report=lambda m: print(f"banmian: {m}", file=err))
        print(f"{arch.where}: {n} entries indexed in {time.perf_counter() - t0:.2f}s",
              file=out)
        return 0
    if args.id:
        raise _bad(f"archive: unexpected argument {args.id!r}")
    t0 = time.perf_counter()
    try:
        m = arch.add(Path(args.spec), edition=args.edition, date=args.date,
                     department=args.department, editors=args.editor,
                     keywords=args.keywords, allow_overset=args.allow_overset,
                     progress=Progress(True), root=Path(args.root) if args.root else None,
                     epaper=args.epaper)
    except Overset as e:
        print(f"{args.spec}: {e}", file=err)
        return 1
    except IndexLag as e:
        print(f"banmian: {e.diagnostics[0].message}", file=err)
        return 2
    sup = f", supersedes {m['supersedes']}" if m["supersedes"] else ""
    web = sum(1 for f in m["files"] if f.startswith("epaper/"))
    sources = len(m["files"]) - 2 - web
    also = f", its e-paper ({web} files)" if web else ""
    print(f"{m['id']}: archived {m['pdf']}{also} and {sources} source files "
          f"in {arch.entries / m['id']}{sup} ({time.perf_counter() - t0:.1f}s)", file=out)
    if m["overset"]:
        print("banmian: warning: archived with overset text (--allow-overset): "
              + ", ".join(b["block"] for b in m["overset"]), file=err)
    return 0


def _migrate(args, out: TextIO, err: TextIO) -> int:
    if not args.migrate_from or not args.migrate_to:
        raise _bad("archive migrate: give --from DIR (the archive folder) and --to URL")
    src_dir = Path(args.migrate_from)
    if not (src_dir / "entries").is_dir():
        raise ArchiveError.one(f"{src_dir}: not an archive folder (no entries/ in it)")
    src = Archive(src_dir)
    # the files stay where they are unless another store is named
    store = args.store or os.environ.get("BANMIAN_STORE") or src_dir
    dest = Archive(args.migrate_to, store if "://" in args.migrate_to else None)
    t0 = time.perf_counter()
    n, copied, there = dest.import_from(
        src, report=lambda m: print(f"banmian: migrate: {m}", file=err))
    print(f"{dest.where}: {n} entries indexed ({copied} copied to {dest.root}, {there} already "
          f"there) in {time.perf_counter() - t0:.1f}s; `banmian verify --all` checks them",
          file=out)
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
    over = ", ".join(_overset_name(b) for b in m.get("overset") or ())
    lines = [
        ("entry", m["id"]), ("title", m["title"]), ("edition", m["edition"]),
        ("date", m["date"]), ("version", str(m["version"])),
        ("supersedes", m["supersedes"] or "—"), ("superseded by", ", ".join(later) or "—"),
        ("department", m["department"] or "—"), ("editors", "、".join(m["editors"]) or "—"),
        ("keywords", "、".join(m["keywords"]) or "—"), ("archived", m["archived"]),
        ("overset", over or "—"),
        ("banmian", m["banmian"]), ("PDF", f"{pdf} ({pdf.stat().st_size // 1024} KiB, "
                                          f"{m['standard']})"),
        ("spec", f"{m['spec']} sha256 {m['spec_sha256'][:16]}…"),
        ("e-paper", str(arch.entries / m["id"] / m["epaper"]) if m.get("epaper") else "—"),
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
    if args.limit < 1 or args.offset < 0:
        raise _bad("search: --limit must be at least 1 and --offset at least 0")
    q = Query.parse(args.query, date_from=args.date_from, date_to=args.date_to,
                    limit=args.limit, offset=args.offset, all_versions=args.all_versions)
    if not q.terms:
        raise _bad("search: an empty query")
    arch = Archive(args.archive, args.store)
    with arch.open_for_search(warn=lambda m: print(m, file=err)) as idx:
        hits, more = idx.search(q)
    if args.json:
        rows = []
        for h in hits:
            snip, spans = h.snippet(q.terms)
            rows.append({"id": h.entry_id, "edition": h.edition, "date": h.date,
                         "version": h.version, "latest": h.latest, "title": h.title,
                         "page": h.page, "folio": h.folio, "block": h.block,
                         "score": h.score, "snippet": snip,
                         "matches": [list(s) for s in spans],
                         "text_matches": [list(s) for s in h.matches(q.terms)]})
        print(json.dumps({"query": list(q.terms), "offset": q.offset, "limit": q.limit,
                          "more": more, "hits": rows}, ensure_ascii=False, indent=1), file=out)
        return 0
    marks = TTY_MARKS if _isatty(out) else PLAIN_MARKS
    for h in hits:
        snip, spans = h.snippet(q.terms)
        old = "" if h.latest else "  (superseded)"
        print(f"{h.date}  {h.edition}  第{h.folio}版  {h.block}  {mark(snip, spans, marks)}  "
              f"[{h.entry_id}]{old}", file=out)
    if not hits:
        print(f"no match for {args.query!r}" + (f" after {q.offset}" if q.offset else ""),
              file=err)
    elif more:
        print(f"banmian: more hits: --offset {q.offset + q.limit}", file=err)
    return 0


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def verify_main(args, out: TextIO, err: TextIO) -> int:
    from ..pipeline import Progress

    arch = Archive(args.archive, args.store)
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
        out.flush()
    if args.all:
        print(f"{len(ids)} entries, {bad} failed", file=out)
    return 1 if bad else 0
