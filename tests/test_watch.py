"""banmian watch: what triggers a render, what does not, and what a broken spec leaves behind."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from layout.spec import spec_inputs
from layout.watch import Watcher

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture
def page(tmp_path, monkeypatch):
    """A copy of the tabloid page with the texts it reads."""
    shutil.copytree(ROOT / "data" / "tabloid", tmp_path / "tabloid")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "tabloid" / "page.yaml"


def _watcher(spec: Path, tmp: Path) -> tuple[Watcher, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    w = Watcher(spec, tmp / "out.pdf", 0.01, out, err)
    w._track(set())
    return w, out, err


def test_inputs_are_every_file_the_spec_reads(page):
    from layout.spec import load_spec

    found = {p.name for p in spec_inputs(load_spec(page))}
    assert {"page.yaml", "outlook.txt", "review.txt"} <= found
    sample = {p.name for p in spec_inputs(load_spec(ROOT / "data" / "jiefang" / "spread.yaml"))}
    assert {"figures.csv", "01.jpg", "09.png", "intro.txt"} <= sample


def test_edit_renders_and_nothing_else_does(page, tmp_path):
    w, out, err = _watcher(page, tmp_path)
    first = w.render()
    assert first.ok and (tmp_path / "out.pdf").exists()
    assert "fits" in out.getvalue() and " ms, ok" in out.getvalue()  # the fit table, each time
    assert not w.changed()

    text = tmp_path / "tabloid" / "text" / "review.txt"
    text.touch()  # a new time, the same bytes: no work
    time.sleep(0.01)
    text.write_bytes(text.read_bytes())
    assert not w.changed()

    body = text.read_text(encoding="utf-8")
    text.write_text(body[: len(body) // 2].rstrip("\n") + "。\n", encoding="utf-8")
    assert w.changed()
    second = w.render()
    assert second.ok and second.gen == first.gen + 1
    assert second.pdf != first.pdf
    assert not w.changed()


def test_broken_spec_keeps_the_last_good_pdf(page, tmp_path):
    w, out, err = _watcher(page, tmp_path)
    good = w.render()
    pdf = (tmp_path / "out.pdf").read_bytes()
    page.write_text(page.read_text(encoding="utf-8").replace("span: 3", "span: three", 1),
                    encoding="utf-8")
    assert w.changed()
    bad = w.render()
    assert not bad.ok and bad.pdf is good.pdf
    assert (tmp_path / "out.pdf").read_bytes() == pdf
    assert any("page.yaml:" in e and "span" in e for e in bad.errors)
    assert "last good render" in err.getvalue()


def test_watch_loop_follows_a_save(page, tmp_path):
    """The polling loop itself, in a thread: one save, one render."""
    w, out, err = _watcher(page, tmp_path)
    stop = threading.Event()
    t = threading.Thread(target=w.run, args=(stop,))
    t.start()
    try:
        deadline = time.time() + 30
        while w.renders < 1 and time.time() < deadline:
            time.sleep(0.01)
        assert w.renders == 1
        text = tmp_path / "tabloid" / "text" / "outlook.txt"
        text.write_text(text.read_text(encoding="utf-8")[:200] + "。\n", encoding="utf-8")
        while w.renders < 2 and time.time() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        assert w.renders == 2
    finally:
        stop.set()
        t.join(10)


def test_missing_file_saved_after_the_error_triggers_a_render(page, tmp_path):
    """The error names a text file that does not exist; saving it must bring the page back,
    though the spec itself did not change."""
    w, out, err = _watcher(page, tmp_path)
    assert w.render().ok
    page.write_text(page.read_text(encoding="utf-8").replace(
        "text/review.txt", "notes/new-review.txt", 1), encoding="utf-8")
    assert w.changed()
    bad = w.render()
    assert not bad.ok and any("new-review.txt" in e for e in bad.errors)
    assert not w.changed()  # nothing moved yet
    (tmp_path / "tabloid" / "notes").mkdir()
    assert w.changed()  # a new folder beside the spec
    assert not w.render().ok
    (tmp_path / "tabloid" / "notes" / "new-review.txt").write_text(
        "新的回顾文字，写在这里。\n", encoding="utf-8")
    assert w.changed()
    assert w.render().ok
    assert w.folders == {}  # a good spec is watched by its inputs alone


def test_says_which_file_changed(page, tmp_path):
    w, out, err = _watcher(page, tmp_path)
    w.render()
    text = tmp_path / "tabloid" / "text" / "outlook.txt"
    text.write_text(text.read_text(encoding="utf-8")[:300] + "。\n", encoding="utf-8")
    assert w.changed()
    w.render()
    assert "banmian: tabloid/text/outlook.txt changed" in out.getvalue()


def test_sigterm_stops_watch_with_exit_0(page, tmp_path):
    """A service manager's stop is Ctrl-C's: exit 0, the last PDF in place."""
    log = tmp_path / "watch.log"
    with open(log, "w+", encoding="utf-8") as f:
        proc = subprocess.Popen(
            [sys.executable, "-m", "layout", "watch", str(page), "-o", str(tmp_path / "o.pdf")],
            cwd=tmp_path, stdout=f, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            deadline = time.time() + 60
            while time.time() < deadline and " ms, ok" not in log.read_text(encoding="utf-8"):
                time.sleep(0.05)
            assert " ms, ok" in log.read_text(encoding="utf-8")  # watching, first render done
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(10) == 0, log.read_text(encoding="utf-8")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert (tmp_path / "o.pdf").read_bytes().startswith(b"%PDF")


# ── the preview server, spoken to in raw HTTP ────────────────────────────────


def _raw(port: int, request: bytes, timeout: float = 10) -> bytes:
    """Send one request and read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(request)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _get(port: int, path: str, host: str | None) -> tuple[int, bytes, bytes]:
    head = f"GET {path} HTTP/1.1\r\n" + (f"Host: {host}\r\n" if host is not None else "")
    reply = _raw(port, (head + "Connection: close\r\n\r\n").encode())
    headers, _, body = reply.partition(b"\r\n\r\n")
    return int(headers.split()[1]), headers, body


@pytest.fixture
def preview(page, tmp_path):
    """Start a Preview on the tabloid page (options from the test); stop it afterwards."""
    from layout.serve import Preview

    started = []

    def start(render: bool = False, **options) -> Preview:
        w, _, _ = _watcher(page, tmp_path)
        server = Preview(w, 0, **options)
        if render:
            server.published(w.render())
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def test_preview_answers_only_requests_addressed_to_it(preview):
    server = preview(render=True)
    port = server.httpd.server_address[1]
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1:{port + 1}", None):
        for path in ("/", "/state", "/page/0.jpg?dpi=72", "/events"):
            code, headers, body = _get(port, path, host)
            assert code == 403, (host, path)
            assert body == (f"banmian preview: this server answers only 127.0.0.1:{port} "
                            f"and localhost:{port}\n").encode()
    for host in (f"127.0.0.1:{port}", f"LOCALHOST:{port}"):
        code, headers, body = _get(port, "/state", host)
        assert code == 200 and json.loads(body)["ok"] is True
    code, headers, body = _get(port, "/page/0.jpg?dpi=36", f"localhost:{port}")
    assert code == 200 and b"image/jpeg" in headers and body.startswith(b"\xff\xd8")


def test_idle_connections_are_closed(preview):
    server = preview(timeout=0.3)
    port = server.httpd.server_address[1]
    t0 = time.perf_counter()
    assert _raw(port, b"", timeout=10) == b""  # said nothing: the server hangs up
    assert time.perf_counter() - t0 < 5
    t0 = time.perf_counter()
    reply = _raw(port, b"GET /state HTTP/1.1\r\nHost: ")  # a request that never ends
    assert reply == b"" and time.perf_counter() - t0 < 5


def test_connections_and_event_streams_are_bounded(preview):
    server = preview(max_connections=2, max_streams=1, keepalive=0.2)
    port = server.httpd.server_address[1]
    host = f"127.0.0.1:{port}".encode()
    stream = socket.create_connection(("127.0.0.1", port), timeout=10)
    idle = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        stream.sendall(b"GET /events HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
        assert stream.recv(4096).startswith(b"HTTP/1.1 200")
        time.sleep(0.2)  # the idle connection has its thread too
        reply = _raw(port, b"")  # a third connection while two are open
        assert reply.startswith(b"HTTP/1.1 503") and reply.endswith(b"too many connections\n")
        idle.close()
        deadline = time.time() + 10
        while time.time() < deadline:  # its slot comes free once the server sees it closed
            reply = _raw(port, b"GET /events HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
            if b"too many connections" not in reply:
                break
            time.sleep(0.05)
        assert reply.startswith(b"HTTP/1.1 503") and reply.endswith(b"too many event streams\n")
        assert b": alive" in stream.recv(4096) or b": alive" in stream.recv(4096)
    finally:
        stream.close()
        idle.close()
