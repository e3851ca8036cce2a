"""The live preview: a page on 127.0.0.1 that shows the watched spread and updates itself.

Standard library only: a threading HTTP server, server-sent events to say "rendered again",
page images drawn from the last good PDF with pdfium on demand (and kept per render and
resolution), and the proof overlay drawn by the browser from the layout as JSON, so toggling it
costs no render.

It listens on the loopback address only, and answers only requests addressed to it
(`Host: 127.0.0.1:PORT` or `localhost:PORT`): a web page whose name an attacker points at
127.0.0.1 (DNS rebinding) gets a 403, not the spread. Each connection has an idle timeout and
the number of connections and of event streams is bounded, so idle or slow clients cannot
hold the process.
"""

from __future__ import annotations

import io
import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import parse_qs, urlparse

from .diag import UserError
from .place.underset import summary
from .raster import Pages
from .watch import Snapshot, Watcher

DPI_STEPS = (36, 54, 72, 96, 120, 150, 200)
IDLE_TIMEOUT = 30.0  # seconds a connection may stay silent (event streams speak every 15)
MAX_CONNECTIONS = 64  # open at once; more are answered 503 and closed
MAX_STREAMS = 16  # event streams at once (one per open preview tab)
KEEPALIVE = 15.0  # seconds between an event stream's keep-alive comments


def _plain(status: int, text: str) -> bytes:
    """A whole response with a short text body that closes the connection."""
    body = text.encode()
    reason = HTTPStatus(status).phrase
    return (f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body


class _Server(ThreadingHTTPServer):
    """A thread per connection, at most `slots` of them: past that a connection is told 503
    at once and closed, without a thread."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type, slots: int) -> None:
        self.slots = threading.BoundedSemaphore(slots)
        super().__init__(address, handler)

    def process_request(self, request, client_address) -> None:  # type: ignore[override]
        if not self.slots.acquire(blocking=False):
            try:
                request.settimeout(1.0)
                request.sendall(_plain(503, "banmian preview: too many connections\n"))
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def _state(snap: Snapshot) -> dict:
    """What the page needs besides the images, in pt on each page's trim (y down)."""
    state: dict = {"gen": snap.gen, "ok": snap.ok, "errors": list(snap.errors),
                   "ms": round(snap.ms), "pages": [], "blocks": [], "fits": [],
                   "warnings": [], "grid": None}
    built = snap.built
    if built is None:
        return state
    lay, spec, rep = built.layout, built.spec, built.report
    g = lay.grid
    state["pages"] = [{"w": g.trim_w, "h": g.trim_h} for _ in range(g.pages)]
    state["grid"] = {
        "columns": [[[g.col_x(p, c) - p * g.trim_w, g.column_w] for c in range(1, g.columns + 1)]
                    for p in range(g.pages)],
        "top": g.y0, "leading": g.leading, "lines": g.lines}
    src = {b.id: b.src for b in spec.blocks}
    for b in lay.blocks:
        pages = range(g.pages) if b.page < 0 else (b.page,)
        s = src.get(b.id)
        where = f"{s.file}:{s.line}:{s.col}" if s else ""
        for p in pages:
            x = b.rect.x - p * g.trim_w
            if x + b.rect.w <= 0 or x >= g.trim_w:
                continue
            state["blocks"].append({"id": b.id, "page": p, "x": x, "y": b.rect.y,
                                    "w": b.rect.w, "h": b.rect.h, "status": b.status,
                                    "where": where})
    for f in rep.fits:
        state["fits"].append({
            "block": f.block, "kind": f.kind, "status": f.status, "used": f.used,
            "capacity": f.capacity, "empty": f.empty,
            "over": f"{f.over_lines}L {f.over_chars}字" if f.over_lines or f.over_chars else "",
            "under": summary(f)[0], "loose": summary(f)[1],
            "where": f"{f.src.file}:{f.src.line}:{f.src.col}", "detail": f.detail})
    state["warnings"] = [w.line() for w in rep.warnings]
    return state


class Preview:
    """The server; `published` is the watcher's callback after each attempt."""

    def __init__(self, watcher: Watcher, port: int = 0, *, timeout: float = IDLE_TIMEOUT,
                 max_connections: int = MAX_CONNECTIONS, max_streams: int = MAX_STREAMS,
                 keepalive: float = KEEPALIVE) -> None:
        self.watcher = watcher
        self.timeout = timeout
        self.keepalive = keepalive
        self.streams = threading.BoundedSemaphore(max_streams)
        self.cond = threading.Condition()
        self.snap = watcher.snapshot
        self.images: dict[tuple[int, int, int], bytes] = {}
        self.closing = False
        self.screen: bytes | None = None  # what the page shows: the last good render, light
        self.small: dict[bytes, bytes] = {}  # photo → its screen copy
        self.pdf_lock = threading.Lock()  # pdfium is not thread-safe
        self.httpd = _Server(("127.0.0.1", port), self._handler(), max_connections)
        port = self.httpd.server_address[1]
        # the names the browser may use for this server; anything else is someone else's page
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        if port == 80:
            self.hosts |= {"127.0.0.1", "localhost"}
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        with self.cond:
            self.closing = True
            self.cond.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()

    def published(self, snap: Snapshot) -> None:
        """Called by the watcher after each attempt, in its thread: the screen's copy of a new
        render is drawn here, before the browser is told, and never beside a render."""
        if snap.ok and snap.built is not None:
            self.screen = self._screen_pdf(snap)
        with self.cond:
            if snap.pdf is not self.snap.pdf:
                self.images.clear()
            self.snap = snap
            self.cond.notify_all()

    def _screen_pdf(self, snap: Snapshot) -> bytes:
        """The render again with its photos at 100 ppi and no finishing: pdfium draws a page
        of the print PDF in about half a second, most of it decoding 300 ppi CMYK photos;
        this copy takes about 90 ms."""
        from .pipeline import draft_photos, render_built

        if len(self.small) > 64:
            self.small.clear()
        try:
            pdf, _ = render_built(draft_photos(snap.built, 50, self.small), snap.faces or {},
                                  standard="none")
            return pdf
        except Exception:  # noqa: BLE001 - the print PDF is the fallback, never an error page
            return snap.pdf or b""

    def page_image(self, page: int, dpi: int) -> bytes | None:
        """A page as JPEG (4:4:4, quality 92): text stays sharp, and it encodes ten times
        faster than PNG at these sizes."""
        snap = self.snap
        pdf = self.screen or snap.pdf
        if pdf is None:
            return None
        dpi = min(DPI_STEPS, key=lambda d: abs(d - dpi))
        key = (snap.gen, page, dpi)
        with self.pdf_lock:
            if key in self.images:
                return self.images[key]
            with Pages(pdf, "the preview") as doc:
                if not 0 <= page < len(doc):
                    return None
                img = doc.render(page, dpi)
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=92, subsampling=0)
            self.images[key] = buf.getvalue()
            return self.images[key]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        preview = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = preview.timeout  # the socket's: an idle or stalled connection ends

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def _send(self, body: bytes, ctype: str, status: int = 200) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def _addressed_to_us(self) -> bool:
                host = (self.headers.get("Host") or "").strip().lower()
                if host in preview.hosts:
                    return True
                self.close_connection = True
                self.wfile.write(_plain(403, "banmian preview: this server answers only "
                                             f"{' and '.join(sorted(preview.hosts))}\n"))
                return False

            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                if not self._addressed_to_us():
                    return
                url = urlparse(self.path)
                q = parse_qs(url.query)
                if url.path == "/":
                    page = resources.files("layout").joinpath("static/preview.html").read_bytes()
                    self._send(page, "text/html; charset=utf-8")
                elif url.path == "/state":
                    body = json.dumps(_state(preview.snap), ensure_ascii=False).encode()
                    self._send(body, "application/json; charset=utf-8")
                elif url.path.startswith("/page/") and url.path.endswith(".jpg"):
                    try:
                        n = int(url.path[len("/page/"):-len(".jpg")])
                        dpi = int(q.get("dpi", ["72"])[0])
                    except ValueError:
                        self._send(b"bad page", "text/plain", HTTPStatus.BAD_REQUEST)
                        return
                    try:
                        jpg = preview.page_image(n, dpi)
                    except UserError as e:  # the render's PDF would not draw: say so, briefly
                        self._send(f"{e}\n".encode(), "text/plain; charset=utf-8",
                                   HTTPStatus.INTERNAL_SERVER_ERROR)
                        return
                    if jpg is None:
                        self._send(b"no such page", "text/plain", HTTPStatus.NOT_FOUND)
                    else:
                        self._send(jpg, "image/jpeg")
                elif url.path == "/events":
                    self._events()
                else:
                    self._send(b"not found", "text/plain", HTTPStatus.NOT_FOUND)

            def _events(self) -> None:
                """Server-sent events: one `render` event per attempt, a comment as keep-alive.
                A bounded number at once; a reader that stops reading times out."""
                if not preview.streams.acquire(blocking=False):
                    self.close_connection = True
                    self.wfile.write(_plain(503, "banmian preview: too many event streams\n"))
                    return
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Cache-Control", "no-store")
                    self.end_headers()
                    seen = -1
                    while not preview.closing:
                        with preview.cond:
                            if preview.snap.gen == seen:
                                preview.cond.wait(preview.keepalive)
                            gen = preview.snap.gen
                        msg = (f"event: render\ndata: {gen}\n\n" if gen != seen
                               else ": alive\n\n")
                        seen = gen
                        self.wfile.write(msg.encode())
                        self.wfile.flush()
                except OSError:  # the reader went away or stopped reading (timeout)
                    pass
                finally:
                    self.close_connection = True
                    preview.streams.release()

        return Handler
