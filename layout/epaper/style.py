"""The e-paper's one stylesheet: system fonts by name (no font is fetched), the page image with
its article regions, reading pages, and a print stylesheet."""

CSS = """\
:root {
  --ink: #1a1a1a; --muted: #5f5f5f; --rule: #d9d2c3; --paper: #fbf8f1; --red: #b3121b;
  --hi: #0b57d0; --hi-fill: rgba(11, 87, 208, .14);
  --song: "Noto Serif CJK SC", "Noto Serif SC", "Source Han Serif SC", "Source Han Serif CN",
          "Songti SC", "STSong", "SimSun", serif;
  --hei: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
         "Microsoft YaHei", "Heiti SC", sans-serif;
  --kai: "LXGW WenKai", "Kaiti SC", "STKaiti", "KaiTi", var(--song);
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: var(--paper); font: 1rem/1.8 var(--song); }
a { color: inherit; }
a:focus-visible { outline: 3px solid var(--hi); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; }
.skip:focus { left: .5rem; z-index: 10; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
      white-space: nowrap; }
.bar { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem 1.5rem;
       padding: .5rem 1rem; border-bottom: 3px double var(--red); background: #fff;
       font-family: var(--hei); }
.bar .paper { margin: 0; font-size: 1.25rem; font-weight: 700; color: var(--red); }
.bar .paper a { text-decoration: none; }
.bar time { font-size: .9rem; color: var(--muted); font-weight: 400; margin-left: .5rem; }
.bar nav ol { display: flex; flex-wrap: wrap; gap: .25rem .75rem; margin: 0; padding: 0;
              list-style: none; font-size: .95rem; }
.bar nav a { text-decoration: none; padding: .1rem .3rem; }
.bar nav a[aria-current] { background: var(--red); color: #fff; border-radius: 2px; }
main { padding: .75rem 1rem 2rem; }
h1, h2, h3 { font-family: var(--hei); line-height: 1.35; }
.ban h1 { font-size: 1.2rem; margin: 0 0 .75rem; }
.ban h1 .titles { font-weight: 400; color: var(--muted); margin-left: .5rem; }
.sheet { display: grid; gap: 1rem; }
.page { position: relative; margin: 0 auto; width: 100%; background: #fff;
        box-shadow: 0 1px 4px rgba(0, 0, 0, .25); }
.page img { display: block; width: 100%; height: auto; }
.region { position: absolute; inset: 0; pointer-events: none; text-decoration: none; }
.region:focus-visible { outline: none; }
.region .box { position: absolute; pointer-events: auto; border-radius: 2px;
               transition: background-color .12s; }
.region:hover .box, .region:focus-visible .box {
  background: var(--hi-fill); outline: 2px solid var(--hi); }
.region .tip { display: none; position: absolute; left: 0; bottom: 100%; max-width: 20em;
               padding: .15rem .5rem; background: var(--hi); color: #fff;
               font: .85rem/1.4 var(--hei); white-space: nowrap; overflow: hidden;
               text-overflow: ellipsis; }
.region:hover .tip, .region:focus-visible .tip { display: block; }
.toc h2 { font-size: 1rem; margin: 0 0 .5rem; border-bottom: 2px solid var(--red); }
.toc ol { margin: 0; padding: 0; list-style: none; }
.toc li { border-bottom: 1px dotted var(--rule); }
.toc a { display: block; padding: .4rem .25rem; text-decoration: none; font-family: var(--hei);
         line-height: 1.4; }
.toc a:hover, .toc a:focus-visible { color: var(--hi); background: var(--hi-fill); }
.toc .kicker, .toc .kind { display: block; font-size: .8rem; color: var(--muted); }
.pager { display: flex; justify-content: space-between; gap: 1rem; margin-top: 1rem;
         font-family: var(--hei); }
.pager a { text-decoration: none; color: var(--hi); }
@media (max-width: 40rem) {
  .pager { flex-direction: column; }
  .pager .next { text-align: left; margin-left: 0; }
}
@media (min-width: 900px) {
  .sheet { grid-template-columns: auto minmax(14rem, 22rem); justify-content: center;
           align-items: start; }
  .page { width: auto; height: calc(100vh - 7.5rem); aspect-ratio: var(--ratio); }
  .page img { height: 100%; width: 100%; }
  .toc { max-height: calc(100vh - 7.5rem); overflow: auto; }
}
/* the edition */
.edition h1 { font-size: 1.5rem; margin: .25rem 0 1rem; }
.bans { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 1.5rem;
        margin: 0; padding: 0; list-style: none; }
.bans > li { background: #fff; padding: .75rem; box-shadow: 0 1px 3px rgba(0, 0, 0, .2); }
.bans h2 { font-size: 1.05rem; margin: .5rem 0; }
.bans h2 a { text-decoration: none; }
.bans h2 .titles { font-weight: 400; color: var(--muted); }
.bans img { display: block; width: 100%; height: auto; border: 1px solid var(--rule); }
.bans ul { margin: 0; padding-left: 1.1rem; font-size: .9rem; line-height: 1.6; }
/* an article */
.reading { max-width: 42rem; margin: 0 auto; }
.reading header { margin: 1rem 0 1.5rem; text-align: center; }
.reading .kicker, .reading .subtitle { margin: .25rem 0; font-family: var(--hei);
                                       color: var(--muted); }
.reading h1 { margin: .25rem 0; font-size: 1.9rem; color: var(--ink); }
.reading .where { margin: .5rem 0 0; font-size: .85rem; color: var(--muted);
                  font-family: var(--hei); }
.reading p { margin: 0 0 .9rem; text-indent: 2em; text-align: justify; }
.reading header p { text-indent: 0; text-align: center; }
.reading h2 { font-size: 1.15rem; margin: 1.5rem 0 .75rem; }
.reading b { font-family: var(--hei); }
.reading em { font-style: normal; text-emphasis: dot; text-emphasis-position: under right;
              -webkit-text-emphasis: dot; -webkit-text-emphasis-position: under right; }
.reading blockquote { margin: 0 0 .9rem; font-family: var(--kai); }
.reading ul.items { margin: 0 0 .9rem; padding: 0 0 0 2em; list-style: none; }
.reading ul.items li { margin: 0 0 .4rem; }
figure.table table { width: 100%; border-collapse: collapse; border-top: 2px solid var(--ink);
                     border-bottom: 2px solid var(--ink); font-size: .95rem; }
figure.table caption { font-family: var(--hei); font-weight: 700; margin-bottom: .4rem; }
figure.table th { font-family: var(--hei); text-align: left; border-bottom: 1px solid var(--ink); }
figure.table th, figure.table td { padding: .2rem .4rem; }
figure.table .num { text-align: right; font-variant-numeric: tabular-nums; }
figure.table .note { text-indent: 0; font: .85rem/1.5 var(--kai); margin-top: .3rem; }
figure { margin: 1.5rem 0; }
figure img, figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figure.chart svg { width: 100%; max-width: 32rem; }
figcaption, .reading p.caption { margin-top: .4rem; font: .95rem/1.6 var(--kai); text-align: center;
                                 text-indent: 0; color: #333; }
.reading nav.pager { border-top: 1px solid var(--rule); padding-top: 1rem; margin-top: 2rem; }
.pager .next { text-align: right; margin-left: auto; }
footer { padding: 1rem; font: .8rem/1.5 var(--hei); color: var(--muted); text-align: center; }
@media (prefers-reduced-motion: reduce) { .region .box { transition: none; } }
@media print {
  body { background: #fff; font-size: 11pt; }
  .bar nav, .skip, .toc, .pager, .region, footer { display: none; }
  .bar { border-bottom: 1pt solid #000; padding: 0 0 4pt; }
  main { padding: 0; }
  .sheet { display: block; }
  .page { box-shadow: none; height: auto; width: 100%; }
  .page img { height: auto; }
  .reading { max-width: none; }
  figure, h1, h2 { break-inside: avoid; break-after: avoid-page; }
  a { text-decoration: none; }
}
"""
