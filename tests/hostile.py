"""A seeded generator of broken and hostile inputs, and a runner that puts each through
`banmian check` and `banmian render`.

Categories follow the ways real input goes wrong: YAML damage (truncation, flipped bytes,
BOM, NUL and control bytes, alias bombs, deep nesting, huge strings); values (type swaps, zero,
negative, huge, NaN, ±inf, sNaN, 1e308, empty, odd Unicode); references (missing, a folder, a
symlink loop, /dev/zero, /dev/urandom, a FIFO, a huge text, ../ and absolute paths, a symlink
out of the folder); pictures (cut short, a decompression bomb, CMYK, 16-bit, animated, SVG,
WebP, empty, 1×1); the figures' CSV (missing columns, non-numeric, empty, huge, BOM,
semicolons); fonts and profiles (cut short, garbage).

Each case is a folder with a spec. Every case runs with a secret file beside the case folders;
a spec that reads it has left its folder. Used by tests/test_hostile.py (in one process) and
bench/hostile.py (each case in its own process under a memory cap, with the table for README).
"""

from __future__ import annotations

import copy
import io
import os
import random
import re
import shutil
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

SEED = 20261202
SECRET = "secret-outside.txt"

BASE = {
    "meta": {"title": "样张", "paper": "测试日报", "date": "2024-05-06", "section": "要闻",
             "editor": "王编", "designer": "李美"},
    "page": {"preset": "A3", "folios": [4]},
    "body": {"size": "小五", "leading": "13.5pt"},
    "grid": {"columns": 4, "column": 13, "gutter": 1},
    "colors": {"accent": [0, 90, 80, 0]},
    "styles": {"headline": {"font": "hei-black", "size": "36pt", "fit": ["24pt", "36pt"],
                            "color": "red", "align": "center"}},
    "labels": {"观察": {"text": "观察：{}", "style": "label", "shape": "tab", "fill": "red",
                        "lines": 2}},
    "data_file": "figures.csv",
    "header": {"outer": "{paper}", "inner": "{date}　第{folio}版", "center": "{section}"},
    "output": {"bleed": "3mm", "ink_limit": 240},
    "blocks": [
        {"id": "title", "type": "headline", "at": {"col": 1, "span": 4, "line": 1, "lines": 6},
         "text": "克难攻坚　亮点频现"},
        {"id": "story", "type": "text", "at": {"col": 1, "span": 2, "line": 8, "lines": 20},
         "label": "观察", "heading": "经济平稳增长", "box": {"fill": "tint", "border": "red"},
         "file": "text/story.txt"},
        {"id": "pic", "type": "photo", "at": {"col": 3, "span": 2, "line": 8, "lines": 12},
         "photo": "photos/a.png", "caption": "新建成的滨河路", "credit": "本报记者 摄"},
        {"id": "bars", "type": "chart", "chart": "bar", "data": ["gdp", "fai"],
         "at": {"col": 3, "span": 2, "line": 21, "lines": 14}, "source": "数据来源：统计局"},
        {"id": "rule", "type": "rule", "at": {"col": 1, "span": 4, "line": 7, "lines": 1},
         "rule": {"style": "wenwu", "color": "red"}},
    ],
}
STORY = ("今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%；全社会固定资产投资完成"
         "23.06亿元，同比增长36.6%。\n\n工业实力逐步壮大，项目建设进展顺利，招商引资成效明显。\n")
CSV = ("id,label,value,unit,change\n"
       "gdp,地区生产总值,34.8,亿元,5.4\nfai,全社会固定资产投资,23.06,亿元,36.6\n")


@dataclass
class Case:
    name: str  # category/what
    make: Callable[[Path], None]  # writes spec.yaml and its files into a fresh folder


def _png(w: int = 1000, h: int = 700, mode: str = "RGB") -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new(mode, (w, h), (90, 140, 200) if mode == "RGB" else 128).save(buf, "PNG")
    return buf.getvalue()


def _write_base(folder: Path, spec: dict | None = None, text: str | None = None) -> None:
    (folder / "text").mkdir(parents=True, exist_ok=True)
    (folder / "photos").mkdir(exist_ok=True)
    (folder / "text" / "story.txt").write_text(STORY, encoding="utf-8")
    (folder / "figures.csv").write_text(CSV, encoding="utf-8")
    (folder / "photos" / "a.png").write_bytes(_PNG)
    body = text if text is not None else yaml.safe_dump(spec or BASE, allow_unicode=True,
                                                        sort_keys=False)
    (folder / "spec.yaml").write_text(body, encoding="utf-8")


_PNG = b""


def _scalar_paths(node, path=()) -> Iterator[tuple]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _scalar_paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _scalar_paths(v, path + (i,))
    else:
        yield path


def _set(tree, path, value):
    node = tree
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value


HOSTILE_VALUES: list[tuple[str, object]] = [
    ("zero", 0), ("negative", -7), ("huge", 10**30), ("1e308", 1e308), ("nan", float("nan")),
    ("inf", float("inf")), ("-inf", float("-inf")), ("snan", "sNaN"), ("empty", ""),
    ("list", [1, 2]), ("map", {"a": 1}), ("bool", True), ("null", None), ("float", 0.5),
    ("text", "十二"), ("emoji", "日报😀한국"), ("rtl", "\u202eabc"), ("zwj", "a\u200db"),
    ("long", "长" * 5000), ("units", "12parsecs"), ("mm", "3.87mm"), ("neg-mm", "-3mm"),
]


def value_cases(rng: random.Random, n: int) -> list[Case]:
    paths = list(_scalar_paths(BASE))
    out = []
    for k in range(n):
        path = rng.choice(paths)
        label, value = HOSTILE_VALUES[k % len(HOSTILE_VALUES)]
        spec = copy.deepcopy(BASE)
        _set(spec, path, value)
        name = "value/" + ".".join(str(p) for p in path) + "=" + label
        out.append(Case(name, lambda f, spec=spec: _write_base(f, spec)))
    return out


def yaml_cases(rng: random.Random, n: int) -> list[Case]:
    text = yaml.safe_dump(BASE, allow_unicode=True, sort_keys=False)
    raw = text.encode("utf-8")
    out: list[Case] = []

    def raw_case(name: str, data: bytes) -> Case:
        def make(f: Path, data=data) -> None:
            _write_base(f)
            (f / "spec.yaml").write_bytes(data)
        return Case(name, make)

    for k in range(n):
        kind = k % 6
        if kind == 0:
            cut = rng.randrange(1, len(raw))
            out.append(raw_case(f"yaml/truncated@{cut}", raw[:cut]))
        elif kind == 1:
            b = bytearray(raw)
            for _ in range(rng.randint(1, 4)):
                i = rng.randrange(len(b))
                b[i] ^= 1 << rng.randrange(8)
            out.append(raw_case(f"yaml/flipped-{k}", bytes(b)))
        elif kind == 2:
            i = rng.randrange(len(raw))
            byte = rng.choice([b"\x00", b"\x01", b"\x07", b"\x1b", b"\x7f", b"\xc2\x85",
                               b"\xef\xbb\xbf", b"\x0c"])
            out.append(raw_case(f"yaml/byte{byte!r}@{i}", raw[:i] + byte + raw[i:]))
        elif kind == 3:
            out.append(raw_case(f"yaml/bom-{k}", b"\xef\xbb\xbf" + raw))
        elif kind == 4:
            i = rng.randrange(len(raw))
            junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 12)))
            out.append(raw_case(f"yaml/junk@{i}", raw[:i] + junk + raw[i:]))
        else:
            lines = text.splitlines(True)
            i = rng.randrange(len(lines))
            lines.insert(i, lines[rng.randrange(len(lines))])  # a duplicated line
            out.append(raw_case(f"yaml/dupline@{i}", "".join(lines).encode()))
    # the known bombs
    lol = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    prev = "a"
    for ch in "bcdefghi":
        lol += f"{ch}: &{ch} [" + ",".join(["*" + prev] * 9) + "]\n"
        prev = ch
    out.append(raw_case("yaml/billion-laughs", (lol + text).encode()))
    out.append(raw_case("yaml/recursive-alias", ("x: &r [*r]\n" + text).encode()))
    out.append(raw_case("yaml/deep-10000", ("x: " + "[" * 10000 + "]" * 10000 + "\n"
                                             + text).encode()))
    out.append(raw_case("yaml/deep-900", ("x: " + "[" * 900 + "]" * 900 + "\n"
                                           + text).encode()))
    out.append(raw_case("yaml/10MB-headline", text.replace(
        "克难攻坚　亮点频现", "长" * 3_500_000, 1).encode()))
    out.append(raw_case("yaml/900KB-headline", text.replace(
        "克难攻坚　亮点频现", "长" * 300_000, 1).encode()))
    out.append(raw_case("yaml/empty", b""))
    out.append(raw_case("yaml/comments-only", b"# nothing\n"))
    out.append(raw_case("yaml/a-list", b"- 1\n- 2\n"))
    out.append(raw_case("yaml/nul-only", b"\x00" * 64))
    out.append(raw_case("yaml/gbk", text.encode("gbk", "replace")))
    out.append(raw_case("yaml/utf16", text.encode("utf-16")))
    return out


def _with_file(name: str, rel: str, content: bytes | None, spec_edit=None,
               special: str | None = None) -> Case:
    """A case whose spec names `rel` (written with `content`, or made `special`)."""
    def make(f: Path) -> None:
        spec = copy.deepcopy(BASE)
        if spec_edit:
            spec_edit(spec)
        _write_base(f, spec)
        target = f / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() or target.is_symlink():
            target.unlink()
        if special == "dir":
            target.mkdir()
        elif special == "loop":
            os.symlink(target.name, target)
        elif special == "fifo":
            os.mkfifo(target)
        elif special in ("zero", "urandom"):
            os.symlink(f"/dev/{special}", target)
        elif special == "escape":  # a symlink inside the folder pointing out of it
            os.symlink(os.path.relpath(f.parent / SECRET, target.parent), target)
        elif special == "sparse":
            with open(target, "wb") as fh:
                fh.truncate(200 << 20)
        elif content is not None:
            target.write_bytes(content)
    return Case(name, make)


def reference_cases() -> list[Case]:
    out = []
    refs = {"text": ("text/story.txt", lambda s, v: s["blocks"][1].update(file=v)),
            "photo": ("photos/a.png", lambda s, v: s["blocks"][2].update(photo=v)),
            "csv": ("figures.csv", lambda s, v: s.update(data_file=v))}
    for what, (rel, _edit) in refs.items():
        for special in ("dir", "loop", "fifo", "zero", "urandom", "escape", "sparse"):
            out.append(_with_file(f"ref/{what}-{special}", rel, None, special=special))
        out.append(_with_file(f"ref/{what}-missing", rel + ".gone", None,
                              lambda s, e=_edit, r=rel: e(s, r + ".gone")))
        for path in (f"../{SECRET}", f"../../{SECRET}", "/etc/passwd", "/etc/shadow",
                     "a/" * 300 + "x.txt", "x" * 4096, "text/../../" + SECRET, "~/.bashrc",
                     "/dev/zero", "/proc/self/environ"):
            out.append(_with_file(f"ref/{what}-path:{path[:30]}", rel, None,
                                  lambda s, e=_edit, p=path: e(s, p)))
    out.append(_with_file("ref/font-outside", "x", None,
                          lambda s: s.update(fonts={"mine": {"file": f"../{SECRET}"}})))
    out.append(_with_file("ref/profile-outside", "x", None,
                          lambda s: s["output"].update(profile="/etc/passwd")))
    return out


def picture_cases() -> list[Case]:
    from PIL import Image

    def img(mode, size=(1000, 700), fmt="PNG", **kw) -> bytes:
        buf = io.BytesIO()
        color = {"RGB": (200, 60, 40), "RGBA": (200, 60, 40, 128), "L": 128, "CMYK": (0, 80, 90, 0),
                 "I;16": 30000, "1": 1, "P": 3, "LA": (128, 200), "I": 70000, "F": 0.5}[mode]
        Image.new(mode, size, color).save(buf, fmt, **kw)
        return buf.getvalue()

    def bomb() -> bytes:  # a 30000 × 30000 PNG whose IDAT is tiny: the header lies
        def chunk(t, d):
            return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
        ihdr = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
                + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))

    def animated() -> bytes:
        buf = io.BytesIO()
        frames = [Image.new("RGB", (1000, 700), (i * 40, 0, 0)) for i in range(4)]
        frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:])
        return buf.getvalue()

    full = img("RGB", (400, 300), "JPEG")
    pictures = {
        "cut-jpeg": full[: len(full) // 2], "cut-png": img("RGB")[:300], "bomb": bomb(),
        "cmyk-jpeg": img("CMYK", fmt="JPEG"), "16-bit": img("I;16"), "32-bit": img("I", fmt="TIFF"),
        "float": img("F", fmt="TIFF"), "bilevel": img("1"), "palette": img("P"),
        "grey-alpha": img("LA"), "animated-gif": animated(), "webp": img("RGB", fmt="WEBP"),
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
        "empty": b"", "1x1": img("RGB", (1, 1)), "text": "不是图片".encode(),
        "huge-dims-jpeg-header": full[:20] + b"\xff" * 50,
        "tiff": img("RGB", fmt="TIFF"), "bmp": img("RGB", fmt="BMP"),
    }
    return [_with_file(f"picture/{k}", "photos/a.png", v) for k, v in pictures.items()]


def csv_cases() -> list[Case]:
    big = "id,label,value\n" + "".join(f"d{i},标签{i},{i}\n" for i in range(90_000))
    tables = {
        "missing-value-column": "id,label,unit\ngdp,地区生产总值,亿元\n",
        "non-numeric": CSV.replace("34.8", "三十四点八"),
        "nan": CSV.replace("34.8", "NaN"), "snan": CSV.replace("34.8", "sNaN"),
        "inf": CSV.replace("34.8", "Infinity"), "1e308": CSV.replace("34.8", "1e308"),
        "empty": "", "header-only": "id,label,value\n", "bom": "\ufeff" + CSV,
        "semicolons": CSV.replace(",", ";"), "huge": big, "short-row": CSV + "x,y\n",
        "long-row": CSV + "a,b,1,亿元,2,3,4,5,6,7,8\n", "unknown-column": "id,label,value,x\n",
        "nul": CSV.replace("34.8", "34\x00.8"), "quotes": CSV + '"unclosed,b,1\n',
        "crlf": CSV.replace("\n", "\r\n"), "duplicate-id": CSV + "gdp,重复,1,亿元,1\n",
        "gbk": None,
    }
    out = []
    for k, v in tables.items():
        data = CSV.encode("gbk") if v is None else v.encode("utf-8")
        out.append(_with_file(f"csv/{k}", "figures.csv", data))
    return out


def font_profile_cases() -> list[Case]:
    from fonts import ensure_fonts

    kai = Path(ensure_fonts(["kai"])["kai"]).read_bytes()
    icc = (Path(__file__).resolve().parent.parent / "layout" / "icc"
           / "banmian-newsprint-tr002.icc").read_bytes()
    fonts = {"cut-half": kai[: len(kai) // 2], "cut-99": kai[: int(len(kai) * 0.99)],
             "head-only": kai[:4096], "garbage": b"\x00\x01\x00\x00" + bytes(range(256)) * 64,
             "empty": b"", "otf-magic": b"OTTO" + kai[4:8192], "ttc-magic": b"ttcf" + b"\0" * 64}
    profiles = {"cut-half": icc[: len(icc) // 2], "garbage": b"junk" * 100, "empty": b"",
                "rgb": icc[:16] + b"RGB " + icc[20:], "header-only": icc[:128]}
    out = []
    for k, v in fonts.items():
        out.append(_with_file(f"font/{k}", "fonts/mine.ttf", v, lambda s: (
            s.update(fonts={"mine": {"file": "fonts/mine.ttf"}}),
            s["styles"].update(body={"font": "mine"}))))
    for k, v in profiles.items():
        out.append(_with_file(f"profile/{k}", "press.icc", v,
                              lambda s: s["output"].update(profile="press.icc")))
    return out


def story_cases(rng: random.Random) -> list[Case]:
    """Text files that are not text, or not sensible text."""
    texts = {
        "nul": STORY.replace("，", "\x00", 1), "esc": STORY + "\x1b[31m红\n",
        "gbk": None, "empty": "", "blank-lines": "\n\n\n", "one-huge-paragraph": "字" * 200_000,
        "bom-middle": STORY.replace("。", "\ufeff。", 1), "surrogate-escape": "a\udcff",
        "rtl": "\u202e" + STORY, "combining": "e\u0301" * 50, "emoji": "😀" * 10,
        "noncharacter": "\uffff", "cr-only": STORY.replace("\n", "\r"),
        "url-in-narrow": "https://example.com/" + "a" * 300 + "\n",
    }
    out = []
    for k, v in texts.items():
        if v is None:
            data = STORY.encode("gbk")
        else:
            data = v.encode("utf-8", "surrogatepass")
        out.append(_with_file(f"text/{k}", "text/story.txt", data))
    return out


def cases(n_values: int = 260, n_yaml: int = 150) -> list[Case]:
    """Every case, in a fixed order: the same seed gives the same cases."""
    global _PNG
    _PNG = _png()
    rng = random.Random(SEED)
    out = (value_cases(rng, n_values) + yaml_cases(rng, n_yaml) + reference_cases()
           + picture_cases() + csv_cases() + font_profile_cases() + story_cases(rng))
    seen: dict[str, int] = {}
    for case in out:  # the same mutation drawn twice keeps a name of its own
        n = seen[case.name] = seen.get(case.name, 0) + 1
        if n > 1:
            case.name += f"#{n}"
    return out


def prepare(workdir: Path, all_cases: list[Case]) -> list[tuple[Case, Path]]:
    """A folder per case under workdir/cases, and the secret beside them."""
    if workdir.exists():
        shutil.rmtree(workdir)
    (workdir / "cases").mkdir(parents=True)
    (workdir / "cases" / SECRET).write_text("SECRET-DO-NOT-READ", encoding="utf-8")
    out = []
    for i, case in enumerate(all_cases):
        folder = workdir / "cases" / f"{i:04d}"
        folder.mkdir()
        case.make(folder)
        out.append((case, folder))
    return out


LOCATED = re.compile(r"^[^:\s][^:]*:\d+:\d+: ")


@dataclass
class Outcome:
    name: str
    command: str  # check | render
    code: int | None  # None: it did not finish in time
    seconds: float
    lines: list[str]  # what it printed on stderr
    secret: bool  # it opened the file outside its folder

    @property
    def verdict(self) -> str:
        if self.secret:
            return "read outside"
        if self.code is None:
            return "timeout"
        if self.code == 3 or any("Traceback" in x or "internal error" in x for x in self.lines):
            return "crash"
        if self.code == 2:
            errors = [x for x in self.lines if x and not x.startswith("banmian: ")]
            return "located" if errors and all(LOCATED.match(x) for x in errors) else \
                "unlocated"
        return "rendered" if self.code in (0, 1) else f"exit {self.code}"


def run_in_process(pairs: list[tuple[Case, Path]], timeout: float = 10.0) -> list[Outcome]:
    """Every case through check, and through render when check accepts it, in this process:
    an alarm stops a case that runs too long, an audit hook sees every file opened."""
    import contextlib
    import signal
    import sys
    import time

    from layout.cli import main

    opened: list[str] = []

    def audit(event: str, args: tuple) -> None:
        if event == "open" and args and SECRET in str(args[0]):
            opened.append(str(args[0]))

    sys.addaudithook(audit)

    class Late(Exception):
        pass

    def alarm(*_):
        raise Late

    signal.signal(signal.SIGALRM, alarm)
    out: list[Outcome] = []
    here = os.getcwd()
    try:
        for case, folder in pairs:
            os.chdir(folder)
            for command in ("check", "render"):
                argv = [command, "spec.yaml"] + (["-o", "out.pdf", "--force", "--quiet"]
                                                 if command == "render" else [])
                err = io.StringIO()
                opened.clear()
                t0 = time.perf_counter()
                signal.setitimer(signal.ITIMER_REAL, timeout)
                try:
                    code = main(argv, stdout=io.StringIO(), stderr=err)
                except Late:
                    code = None
                except BaseException as e:  # noqa: BLE001 - a crash is what is counted
                    err.write(f"Traceback: {type(e).__name__}: {e}\n")
                    code = 3
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                with contextlib.suppress(Exception):
                    pass
                out.append(Outcome(case.name, command, code, time.perf_counter() - t0,
                                   err.getvalue().splitlines(), bool(opened)))
                if code not in (0, 1):
                    break
    finally:
        os.chdir(here)
    return out


def worker(workdir: str, result: str, memory_mb: int = 1024) -> None:
    """Entry point of the process the test starts: a memory cap, then every case."""
    import json
    import resource

    cap = memory_mb << 20
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    pairs = prepare(Path(workdir), cases())
    outcomes = run_in_process(pairs)
    Path(result).write_text("\n".join(json.dumps(o.__dict__, ensure_ascii=False)
                                       for o in outcomes), encoding="utf-8")
