"""Table blocks: a small statistical table (指标, 总量, 增长) from a CSV file or a Markdown pipe
table, set as newspapers set them.

- a 表题 above (`title`), a source note below (`source`);
- a thick rule over the header and under the last row, a thin one under the header, no
  vertical rules unless `verticals: true`; an optional `zebra` tint on every other row;
- numbers right-aligned on their decimal point, one right edge per column; text flush left
  (a pipe table's `:--:` and `--:` say otherwise for their column);
- column widths from the content within the block's width: numbers never wrap, text columns
  give up width first and wrap with the same composer as body text;
- every row on whole grid lines, so the table keeps the page's baselines; rows the block has
  no room for are overset and reported like text.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from ..compose.lines import Line, Metrics, compose_paragraph
from ..compose.run import ComposeCtx, Composed, TextRun, band_rows, typesetting
from ..diag import Pos
from ..geometry import Rect
from ..pagemodel import Box, GlyphRun, Stroke
from ..place.fit import Fit
from ..place.furniture import display_lines
from ..place.sink import Layer
from ..place.stage import PlaceCtx, Spot
from ..regions import Regions
from ..spec.context import BuildCtx
from ..spec.limits import MAX_LINE
from ..spec.model import CMYK, BlockBase, Paragraph, Style
from ..spec.schema import Bool, Color, OneLine, Str
from ..spec.styles import color
from .base import Kind

HEAD_STYLE, TITLE_STYLE, NOTE_STYLE = "table-head", "table-title", "table-note"
MAX_ROWS, MAX_COLUMNS = 500, 24
THICK, THIN = 1.0, 0.4  # pt: the rules over and under the table, and under its header
GAP = 1.0  # 字 between columns
NUMBER = re.compile(r"^[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?[%‰]?$")
PLACEHOLDER = ("—", "－", "-", "…", "——", "")


@dataclass(frozen=True, slots=True, kw_only=True)
class TableBlock(BlockBase):
    KIND: ClassVar[str] = "table"
    rows: tuple[tuple[Paragraph, ...], ...] = ()  # the first is the header when `header`
    header: bool = True
    align: tuple[str, ...] = ()  # per column: "" (numbers right, text left) | left | right | center
    title: Paragraph | None = None  # 表题
    source: Paragraph | None = None  # 资料来源
    zebra: CMYK | None = None
    verticals: bool = False

    def texts(self) -> tuple[tuple[Paragraph, str], ...]:
        out = [(p, HEAD_STYLE if self.header and r == 0 else self.style)
               for r, row in enumerate(self.rows) for p in row if p.text]
        if self.title:
            out.append((self.title, TITLE_STYLE))
        if self.source:
            out.append((self.source, NOTE_STYLE))
        return tuple(out) + self.heading_texts()


FIELDS = {
    "file": Str(doc="a CSV file (.csv; its first line the header) or a text file holding one "
                    "Markdown pipe table"),
    "text": Str(doc="a Markdown pipe table, inline"),
    "title": OneLine(doc="表题, set above the table"),
    "source": OneLine(doc="the source note under it, e.g. 数据来源：区统计局"),
    "zebra": Color(doc="a tint on every other body row"),
    "verticals": Bool(doc="thin rules between the columns (default: none, as newspapers set)"),
    "header": Bool(doc="the first row is the header (default true)"),
}


def build(raw: dict[str, Any], bp: tuple, common: dict[str, Any], ctx: BuildCtx
          ) -> TableBlock | None:
    files, c = ctx.files, ctx.ctx
    rows: list[tuple[Paragraph, ...]] = []
    align: tuple[str, ...] = ()
    if "text" in raw and "file" in raw:
        ctx.err(bp + ("file",), "give either 'text' or 'file', not both", at_key=True)
    elif raw.get("file"):
        text = files.text(raw["file"], bp + ("file",), c, "table file")
        if text is not None:
            shown = files.show(raw["file"])
            if raw["file"].lower().endswith(".csv"):
                rows = read_csv(text, shown, 1, 1, ctx)
            else:
                rows, align = read_pipe(text, shown, 1, 1, ctx)
    elif raw.get("text"):
        pos = ctx.pos(bp + ("text",))
        block = "\n" in raw["text"].strip("\n")
        rows, align = read_pipe(raw["text"], pos.file, pos.line + 1 if block else pos.line,
                                1 if block else pos.col, ctx)
    else:
        ctx.err(bp, "a table block needs 'file' (CSV or a pipe table) or 'text'")
    if rows and (len(rows) > MAX_ROWS or max(len(r) for r in rows) > MAX_COLUMNS):
        ctx.err(bp, f"a table of {len(rows)} rows and {max(len(r) for r in rows)} columns; "
                f"a page's table has at most {MAX_ROWS} rows and {MAX_COLUMNS} columns")
        rows = []
    if rows and len(rows) < 1 + (raw.get("header", True) is not False):
        ctx.err(bp, "the table has a header and no rows")
    from ..spec.sources import inline

    def line(key: str) -> Paragraph | None:
        return inline(raw[key], ctx.pos(bp + (key,)))[0] if raw.get(key) else None

    return TableBlock(**common, rows=tuple(rows), align=align, title=line("title"),
                      source=line("source"),
                      zebra=color(raw.get("zebra"), ctx.colors, bp + ("zebra",), c),
                      verticals=bool(raw.get("verticals")),
                      header=raw.get("header", True) is not False)


def _cell(text: str, file: str, line: int, col: int) -> Paragraph:
    return Paragraph(text, ((0, line, col),), file)


def read_csv(text: str, file: str, line0: int, col0: int, ctx: BuildCtx
             ) -> list[tuple[Paragraph, ...]]:
    """Rows of located cells; every row must have the header's number of cells."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[tuple[Paragraph, ...]] = []
    reader = csv.reader(io.StringIO("\n".join(lines)))
    start = 1
    try:
        for cells in reader:
            n = start
            start = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            src = lines[n - 1] if n - 1 < len(lines) else ""
            row, cur = [], 0
            for c in cells:
                at = src.find(c, cur) if c else cur
                at = cur if at < 0 else at
                cur = at + len(c)
                if len(c) > MAX_LINE:
                    ctx.ctx.diags.error(f"a cell of {len(c):,} characters; at most {MAX_LINE:,}",
                                        Pos(file, line0 + n - 1, col0 + at))
                row.append(_cell(c.strip(), file, line0 + n - 1,
                                 col0 + at + len(c) - len(c.lstrip())))
            if out and len(row) != len(out[0]):
                ctx.ctx.diags.error(f"{len(row)} cells in a table of {len(out[0])} columns",
                                    Pos(file, line0 + n - 1, col0))
                continue
            out.append(tuple(row))
    except csv.Error as e:
        ctx.ctx.diags.error(f"not CSV: {e}", Pos(file, line0 + reader.line_num - 1, col0))
        return []
    if not out:
        ctx.ctx.diags.error("the table file holds no rows", Pos(file, line0, col0))
    return out


def read_pipe(text: str, file: str, line0: int, col0: int, ctx: BuildCtx
              ) -> tuple[list[tuple[Paragraph, ...]], tuple[str, ...]]:
    """One Markdown pipe table (GFM), read by the same CommonMark parser as stories: rows of
    located cells and each column's alignment from its delimiter row."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tokens = md.parse("\n".join(lines))
    tables = [t for t in tokens if t.type == "table_open"]
    others = [t for t in tokens if t.level == 0 and t.type.endswith("_open")
              and t.type != "table_open"]
    if len(tables) != 1 or others:
        at = (others[0].map[0] if others else 0)
        ctx.ctx.diags.error("a table's text is one Markdown pipe table (a header row, a "
                            "|---| row, then rows)" + ("; this holds other text" if others
                                                       else ""),
                            Pos(file, line0 + at, col0 if at == 0 else 1))
        return [], ()
    out: list[tuple[Paragraph, ...]] = []
    align: list[str] = []
    row: list[Paragraph] = []
    src, cur, n = "", 0, 0
    for t in tokens:
        if t.type == "tr_open":
            n = t.map[0]
            src, cur, row = lines[n], 0, []
        elif t.type in ("th_open", "td_open"):
            style = t.attrGet("style") or ""
            if t.type == "th_open":
                align.append(style.replace("text-align:", ""))
        elif t.type == "inline":
            content = t.content
            at = src.find(content, cur) if content else src.find("|", cur) + 1
            at = cur if at < 0 else at
            cur = at + len(content)
            row.append(_cell(content.replace("\\|", "|").strip(), file, line0 + n,
                             (col0 if n == 0 else 1) + at))
        elif t.type == "tr_close":
            out.append(tuple(row))
    width = len(out[0])
    out = [r + tuple(_cell("", file, line0, col0) for _ in range(width - len(r)))
           for r in out]
    return out, tuple(align)


# -- composing -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Cell:
    lines: tuple[Line, ...]
    style: Style
    x: float  # pt from the table's left edge to where its lines start
    numeric: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class TableComposed(Composed):
    title: TextRun | None
    title_rows: int
    cells: tuple[tuple[Cell, ...], ...]  # rows of cells, set in their columns
    heights: tuple[int, ...]  # grid lines each row takes
    widths: tuple[float, ...]  # pt per column
    note: tuple[Line, ...]
    too_wide: str = ""  # why the columns do not fit the block's width


def numeric(text: str) -> bool:
    return bool(NUMBER.match(text.replace(" ", ""))) and any(ch.isdigit() for ch in text)


def _columns(b: TableBlock) -> tuple[bool, ...]:
    """A column is a column of numbers when every body cell in it is a number or a
    placeholder (—), and one is a number."""
    body = b.rows[1:] if b.header else b.rows
    n = len(b.rows[0]) if b.rows else 0
    return tuple(bool(body) and all(numeric(r[j].text) or r[j].text in PLACEHOLDER for r in body)
                 and any(numeric(r[j].text) for r in body) for j in range(n))


def tabular(text: str, face: Metrics, size: float, para: int = 0) -> Line:
    """A number on one line in tabular figures: every digit in the box of the widest, centred
    in it, so numbers with as many decimals end on one right edge whatever the face's digits."""
    from ..pagemodel import Glyph

    tab = max(face.advance(d) for d in "0123456789")
    x, glyphs = 0.0, []
    for ch in text:
        adv = face.advance(ch)
        if ch.isdigit():
            glyphs.append(Glyph(ch, (x + (tab - adv) / 2) * size))
            x += tab
        else:
            glyphs.append(Glyph(ch, x * size))
            x += adv
    return Line(glyphs=tuple(glyphs), width=x * size, measure=x * size, indent=0.0, para=para,
                first=True, last=True, overfull=False, text=text)


def _one_line(text: str, st: Style, face: Metrics) -> float:
    ls = compose_paragraph(text, face, st.size, 1e6, 0.0, justify=False, align="left",
                           ts=typesetting(st))
    return ls[0].width if ls else 0.0


def _least(text: str, st: Style, face: Metrics, numbers: bool) -> float:
    """The narrowest a cell may be set: a number whole; text down to 2 字 or its longest run of
    digits or Latin letters."""
    if numbers:
        return tabular(text, face, st.size).width if text else 0.0
    if not text:
        return 0.0
    runs = re.findall(r"[0-9A-Za-z.,%‰~\-]+", text)
    widest = max((_one_line(r, st, face) for r in runs), default=0.0)
    return min(_one_line(text, st, face), max(2 * st.size, widest))


def widths(b: TableBlock, styles: dict[str, Style], faces: dict[str, Metrics], room: float,
           zi: float) -> tuple[tuple[float, ...], str]:
    """Each column's width in pt within `room`, and why they do not fit ("" when they do)."""
    if not b.rows:
        return (), ""
    nums = _columns(b)
    n = len(b.rows[0])
    want = [0.0] * n
    need = [0.0] * n
    for r, row in enumerate(b.rows):
        st = styles[HEAD_STYLE if b.header and r == 0 else b.style]
        face = faces[st.font]
        head = b.header and r == 0
        for j, p in enumerate(row):
            figure = nums[j] and not head
            want[j] = max(want[j], tabular(p.text, face, st.size).width if figure
                          else _one_line(p.text, st, face))
            need[j] = max(need[j], _least(p.text, st, face, figure))
    gaps = GAP * zi * (n - 1)
    if sum(need) + gaps > room + 1e-6:
        return tuple(need), (f"its columns need {(sum(need) + gaps) / zi:.1f}字 at the least, "
                             f"the block is {room / zi:.1f}字 wide")
    if sum(want) + gaps <= room:
        extra = (room - gaps - sum(want)) / n
        return tuple(w + extra for w in want), ""
    # text gives up width first, in proportion to what it can give
    over = sum(want) + gaps - room
    slack = [w - m for w, m in zip(want, need, strict=True)]
    total = sum(slack)
    return tuple(w - over * s / total for w, s in zip(want, slack, strict=True)), ""


def compose(block: TableBlock, regions: Regions, ctx: ComposeCtx) -> TableComposed:
    return compose_table(block, regions.rect.w - 2 * regions.inset, ctx.spec.styles, ctx.faces,
                         ctx.grid.leading, ctx.grid.zi, regions)


def compose_table(b: TableBlock, room: float, styles: dict[str, Style],
                  faces: dict[str, Metrics], leading: float, zi: float,
                  regions: Regions | None = None) -> TableComposed:
    from ..compose.headline import compose_display

    ws, problem = widths(b, styles, faces, room, zi)
    nums = _columns(b)
    title, title_rows = None, 0
    if b.title:
        ts = styles[TITLE_STYLE]
        d = compose_display([b.title.text], faces[ts.font], ts.size, ts.fit, ts.leading, room,
                            4 * leading, "center", typesetting(ts), ts.size)
        title = TextRun(replace(ts, size=d.size, align="center"), d.lines, d.pitch)
        title_rows = band_rows(d.size, len(d.lines), d.pitch, leading)
    rows, heights = [], []
    for r, row in enumerate(b.rows):
        head = b.header and r == 0
        st = styles[HEAD_STYLE if head else b.style]
        face = faces[st.font]
        x = 0.0
        cells = []
        for j, p in enumerate(row):
            w = ws[j]
            how = (b.align[j] if j < len(b.align) else "") or ("right" if nums[j] else "left")
            if nums[j] and not head and not (j < len(b.align) and b.align[j]):
                lines = (tabular(p.text, face, st.size, r),) if p.text else ()
            else:
                lines = tuple(compose_paragraph(p.text, face, st.size, w, 0.0, para=r,
                                                justify=False, align=how, ts=typesetting(st)))
            cells.append(Cell(lines, st, x, nums[j] and not head))
            x += w + GAP * zi
        rows.append(tuple(cells))
        heights.append(max(1, *(len(c.lines) for c in cells)))
    note: tuple[Line, ...] = ()
    if b.source:
        ns = styles[NOTE_STYLE]
        note = tuple(compose_paragraph(b.source.text, faces[ns.font], ns.size, room, 0.0,
                                       justify=False, align=ns.align, ts=typesetting(ns)))
    return TableComposed(block=b, regions=regions, title=title, title_rows=title_rows,
                         cells=tuple(rows), heights=tuple(heights), widths=ws, note=note,
                         too_wide=problem)


def total_rows(c: TableComposed) -> int:
    return c.title_rows + sum(c.heights) + len(c.note)


def rows(b: TableBlock, cell, ctx) -> int:
    """The grid lines the table takes at this width (`lines: auto`, the arranger)."""
    room = ctx.grid.rect(cell).w - 2 * (b.box.inset * ctx.grid.zi if b.box else 0.0)
    c = compose_table(b, room, ctx.spec.styles, ctx.faces, ctx.grid.leading, ctx.grid.zi)
    return max(total_rows(c), b.min_lines or 1) + (b.heading.lines if b.heading else 0)


def fits(b: TableBlock, cell, ctx) -> bool:
    """A width where the columns fit (the arranger never gives a table a narrower place)."""
    from .base import heading_fits

    room = ctx.grid.rect(cell).w - 2 * (b.box.inset * ctx.grid.zi if b.box else 0.0)
    return not widths(b, ctx.spec.styles, ctx.faces, room, ctx.grid.zi)[1] and heading_fits(
        b, cell, ctx)


# -- placing -------------------------------------------------------------------------------

def place(c: TableComposed, spot: Spot, ctx: PlaceCtx) -> None:
    b = c.block
    g = ctx.grid
    page = b.cell.page
    inset = c.regions.inset
    x0 = spot.rect.x + inset
    room = spot.rect.w - 2 * inset
    line = spot.line + c.regions.heading_rows
    last = spot.line + spot.rows - 1  # the block's last grid line
    kw = {"page": page, "block": b.id}
    if c.title is not None:
        band = Rect(x0, g.row_y(line), room, c.title_rows * g.leading)
        ctx.sink.extend(Layer.TEXT, display_lines(c.title, band, page, b.id, "table-title"))
        line += c.title_rows
    top = g.row_y(line)
    fracs = _fractions(c)
    placed = over_chars = 0
    for r, (row, h) in enumerate(zip(c.cells, c.heights, strict=True)):
        head = b.header and r == 0
        if placed < r or line + h - 1 > last:  # no room: this row and the rest are over
            over_chars += sum(len(ln.text) for cell in row for ln in cell.lines)
            continue
        if b.zebra and not head and (r - b.header) % 2 == 1:
            ctx.sink.add(Layer.FILL, Box(**kw, role="zebra", rect=Rect(
                x0, g.row_y(line), room, h * g.leading), fill=b.zebra))
        for j, cell in enumerate(row):
            for k, ln in enumerate(cell.lines):
                shift = 0.0
                if cell.numeric:  # on the column's decimal point, flush right
                    shift = c.widths[j] - fracs[j] - (ln.width - _after_point(ln))
                ctx.sink.add(Layer.TEXT, GlyphRun(
                    **kw, role="table-head" if head else "table-cell", font=cell.style.font,
                    size=cell.style.size, color=cell.style.color, x=x0 + cell.x + shift,
                    y=g.baseline(line + k, cell.style.size), glyphs=ln.glyphs, width=ln.width,
                    cell=(r, j)))
        line += h
        placed += 1
        if head:
            y = g.row_y(line)
            ctx.sink.add(Layer.STROKE, Stroke(**kw, role="table-rule", x0=x0, y0=y,
                                              x1=x0 + room, y1=y, width=THIN,
                                              color=cell_color(c)))
    bottom = g.row_y(line)
    rule = cell_color(c)
    ctx.sink.add(Layer.STROKE, Stroke(**kw, role="table-rule", x0=x0, y0=top + THICK / 2,
                                      x1=x0 + room, y1=top + THICK / 2, width=THICK, color=rule))
    ctx.sink.add(Layer.STROKE, Stroke(**kw, role="table-rule", x0=x0, y0=bottom - THICK / 2,
                                      x1=x0 + room, y1=bottom - THICK / 2, width=THICK,
                                      color=rule))
    if b.verticals:
        x = x0
        for w in c.widths[:-1]:
            x += w + GAP * g.zi / 2
            ctx.sink.add(Layer.STROKE, Stroke(**kw, role="table-rule", x0=x, y0=top, x1=x,
                                              y1=bottom, width=THIN, color=rule))
            x += GAP * g.zi / 2
    ns = ctx.spec.styles[NOTE_STYLE]
    note_over = 0
    for k, ln in enumerate(c.note):
        if line + k > last:
            note_over += len(ln.text)
            continue
        ctx.sink.add(Layer.TEXT, GlyphRun(**kw, role="table-note", font=ns.font, size=ns.size,
                                          color=ns.color, x=x0, y=g.baseline(line + k, ns.size),
                                          glyphs=ln.glyphs, width=ln.width))
    _fit(c, spot, placed, over_chars + note_over, ctx)


def cell_color(c: TableComposed) -> CMYK:
    return c.cells[0][0].style.color if c.cells and c.cells[0] else (0, 0, 0, 100)


def _after_point(ln: Line) -> float:
    """The width of a set number from its decimal point on (0 without one)."""
    k = next((i for i, g in enumerate(ln.glyphs) if g.ch == "."), None)
    return 0.0 if k is None else ln.width - ln.glyphs[k].x


def _fractions(c: TableComposed) -> list[float]:
    """Per column, the widest part after a decimal point among its numbers."""
    out = [0.0] * len(c.widths)
    for row in c.cells:
        for j, cell in enumerate(row):
            if cell.numeric:
                for ln in cell.lines:
                    out[j] = max(out[j], _after_point(ln))
    return out


def _fit(c: TableComposed, spot: Spot, placed: int, over_chars: int, ctx: PlaceCtx) -> None:
    b = c.block
    need = total_rows(c) + c.regions.heading_rows
    chars = sum(len(ln.text) for row in c.cells for cell in row for ln in cell.lines)
    if c.too_wide:
        ctx.fits[b.id] = Fit.overflow(b.id, b.KIND, b.src, f"too wide: {c.too_wide}", need,
                                      spot.rows, chars=chars)
    elif placed < len(c.cells) or over_chars:
        rows_over = len(c.cells) - placed
        ctx.fits[b.id] = Fit.overflow(
            b.id, b.KIND, b.src, f"{rows_over} rows ({over_chars} characters) over"
            if rows_over else f"its source note ({over_chars} characters) is over",
            need, spot.rows, over_lines=max(0, need - spot.rows), over_chars=over_chars,
            chars=chars - over_chars)
    else:
        ctx.fits[b.id] = Fit.fits(b.id, b.KIND, b.src, need, spot.rows,
                                  f"{len(c.cells)} rows × {len(c.widths)} columns", chars=chars,
                                  empty=spot.rows - need)


def figures(b: TableBlock, spec, diags) -> int:
    """The figures check reads the table's rows (layout/figcheck.py)."""
    from ..figcheck import check_table

    return check_table(b, spec, diags)


KIND = Kind("table", "a table from CSV or a Markdown pipe table: 表题, header, figures on "
            "their decimal point, newspaper rules", FIELDS, "table", build, compose, place,
            rows=rows, fits=fits, figures=figures)
