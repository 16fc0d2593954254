"""Static servers for the browser benchmarks, on 127.0.0.1 only, each logging every response's bytes.

- `PlainServer`: Python's SimpleHTTPRequestHandler on a ThreadingHTTPServer, i.e. exactly what
  `python -m http.server` runs (no compression, no Cache-Control), in a subprocess of its own so
  that it never competes with the benchmark for the GIL. The only addition is a log line per
  response: path, status, bytes of the body and of the whole response (headers included).
- `NginxServer`: nginx with `gzip_static on` serving a copy of the same folder in which every
  compressible file has a `.gz` sibling made here (gzip -9), as a host would precompress at deploy
  time. Nothing is compressed on the fly. Started with a configuration of its own in a temporary
  folder (`nginx -p <tmp> -c nginx.conf`, `daemon off`); when nginx is not installed,
  `nginx_available()` says so and the transfer benchmark computes the gzip sizes itself.
- `PhoneLineServer`: the plain server behind a simulated phone line (`PHONE_LINE`): every response
  waits one round trip before its first byte, every new connection one more (its handshake), and all
  responses share one downlink of the line's speed. A first visit over it pays for its bytes, as a
  person's first visit does; on 127.0.0.1 bytes cost nothing, so only this line shows what a return
  visit served from the offline copy saves.

Run one by hand: `python -m bench.servers plain FOLDER PORT LOG [RTT_MS KBIT_PER_S]` (the subprocess the
benchmark starts; the last two for a phone line).
"""

from __future__ import annotations

import abc
import gzip
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

ROOT = Path(__file__).resolve().parent.parent

COMPRESSIBLE = (".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".xml", ".txt", ".ics", ".csv", ".py", ".map")
"""Files that get a precompressed .gz copy (when it is smaller) for nginx's gzip_static."""

MIME_TYPES = {
    "html": "text/html",
    "css": "text/css",
    "js": "text/javascript",
    "mjs": "text/javascript",
    "json": "application/json",
    "wasm": "application/wasm",
    "svg": "image/svg+xml",
    "png": "image/png",
    "ico": "image/x-icon",
    "xml": "application/xml",
    "txt": "text/plain",
    "ics": "text/calendar",
    "csv": "text/csv",
    "zip": "application/zip",
    "gz": "application/gzip",
    "map": "application/json",
}


PROBE = "__bench_probe__"
"""The path asked for to see whether a server is up (a 404, left out of the logs)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Response:
    """One response as the server logged it."""

    path: str
    status: int
    body: int
    total: int
    encoding: str
    headers: dict[str, str]
    start: float = 0.0
    """When the request arrived and when the response was sent (seconds since the epoch; end only for nginx)."""
    end: float = 0.0


class LoggedServer(abc.ABC):
    """A server subprocess with a log of responses; use as a context manager."""

    kind = "server"

    def __init__(self, root: Path, port: int | None = None) -> None:
        self.root = Path(root)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.scratch = Path(tempfile.mkdtemp(prefix=f"gx-bench-{self.kind}-"))
        self.log_path = self.scratch / "responses.log"
        self.process: subprocess.Popen[bytes] | None = None

    @abc.abstractmethod
    def command(self) -> list[str]:
        """The server's command line."""

    def start(self) -> Self:
        self.log_path.write_text("")
        self.process = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_until_serving(self.url, self.process)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def mark(self) -> int:
        """A position in the log: responses() after it are those of what happened since."""
        time.sleep(0.05)  # the server writes its line after the response: let the last one land
        return len(self.read_log())

    def responses(self, since: int = 0) -> list[Response]:
        return [response for response in self.read_log()[since:] if PROBE not in response.path]

    @abc.abstractmethod
    def read_log(self) -> list[Response]:
        """Every response the server has logged so far."""


def complete_lines(path: Path) -> list[str]:
    """The log's lines that the server has finished writing (a line being written as the log is read is left for
    the next read), blank ones left out."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    finished = text[: text.rfind("\n") + 1]
    return [line for line in finished.splitlines() if line.strip()]


def wait_until_serving(url: str, process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
            raise RuntimeError(f"the server exited at start: {error.strip()}")
        try:
            with urllib.request.urlopen(url + PROBE, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # 404: serving
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"no server at {url} after {timeout} s")


# ---- The plain server: python -m http.server with a response log.


class PlainServer(LoggedServer):
    kind = "plain"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "bench.servers", "plain", str(self.root), str(self.port), str(self.log_path)]

    def read_log(self) -> list[Response]:
        return [Response(**json.loads(line)) for line in complete_lines(self.log_path)]


@dataclass(frozen=True)
class Line:
    """A network line: its round-trip time and its downlink speed."""

    name: str
    rtt_ms: int
    kbit_per_s: int

    @property
    def bytes_per_second(self) -> float:
        return self.kbit_per_s * 1000 / 8


PHONE_LINE = Line("手机网络（模拟：下行 10 Mbit/s，往返 50 ms）", rtt_ms=50, kbit_per_s=10_000)
"""The line a first visit and a return visit are compared on (bench/startup.py phone_run)."""


class Downlink:
    """One downlink shared by every connection: each slice of bytes waits for its turn at the line's speed."""

    SLICE = 16 * 1024

    def __init__(self, line: Line) -> None:
        self.line = line
        self.lock = threading.Lock()
        self.free_at = 0.0

    def book(self, size: int) -> float:
        """Reserve the line for size bytes after what is already booked; when they will have arrived (monotonic s)."""
        with self.lock:
            start = max(time.monotonic(), self.free_at)
            self.free_at = start + size / self.line.bytes_per_second
            return self.free_at

    def send(self, size: int) -> None:
        delay = self.book(size) - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def round_trip(self) -> None:
        time.sleep(self.line.rtt_ms / 1000)


class _CountingWriter:
    def __init__(self, raw: Any, downlink: Downlink | None = None) -> None:
        self.raw = raw
        self.count = 0
        self.downlink = downlink

    def write(self, data: bytes) -> int:
        self.count += len(data)
        if self.downlink is None:
            return int(self.raw.write(data))
        view = memoryview(data)
        for start in range(0, len(view), Downlink.SLICE):
            piece = view[start : start + Downlink.SLICE]
            self.downlink.send(len(piece))
            self.raw.write(piece)
        return len(data)

    def flush(self) -> None:
        self.raw.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


LOGGED_REQUEST_HEADERS = ("cache-control", "pragma", "sec-fetch-dest", "sec-fetch-mode", "service-worker", "referer")


def plain_handler(
    root: str, log_file: Any, downlink: Downlink | None = None
) -> type[http.server.SimpleHTTPRequestHandler]:
    log_lock = threading.Lock()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *arguments: Any, **keywords: Any) -> None:
            super().__init__(*arguments, directory=root, **keywords)

        def setup(self) -> None:
            super().setup()
            self.wfile = _CountingWriter(self.wfile, downlink)  # type: ignore[assignment]
            if downlink is not None:
                downlink.round_trip()  # the connection's handshake

        def parse_request(self) -> bool:
            parsed = super().parse_request()
            if downlink is not None:
                downlink.round_trip()  # the request going up and the first byte coming down
            return parsed

        def handle_one_request(self) -> None:
            counter = self.wfile
            assert isinstance(counter, _CountingWriter)
            counter.count = 0
            started = time.time()
            self._status = 0
            self._headers_bytes = 0
            super().handle_one_request()
            if not getattr(self, "requestline", "") or self._status == 0:
                return
            headers = {name: self.headers.get(name, "") for name in LOGGED_REQUEST_HEADERS if self.headers.get(name)}
            line = {
                "path": self.path,
                "status": self._status,
                "body": counter.count - self._headers_bytes,
                "total": counter.count,
                "encoding": "",
                "headers": headers,
                "start": started,
                "end": time.time(),
            }
            with log_lock:  # the server answers in threads: one whole line at a time
                log_file.write(json.dumps(line, ensure_ascii=False) + "\n")
                log_file.flush()

        def send_response(self, code: int, message: str | None = None) -> None:
            self._status = code
            super().send_response(code, message)

        def end_headers(self) -> None:
            self._headers_bytes = sum(len(part) for part in getattr(self, "_headers_buffer", [])) + 2
            super().end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def serve_plain(root: str, port: int, log_path: str, line: Line | None = None) -> None:
    downlink = None if line is None else Downlink(line)
    with open(log_path, "a", encoding="utf-8") as log_file:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), plain_handler(root, log_file, downlink))
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


class PhoneLineServer(PlainServer):
    """The plain server behind PHONE_LINE (or another line)."""

    kind = "phone"

    def __init__(self, root: Path, port: int | None = None, line: Line = PHONE_LINE) -> None:
        super().__init__(root, port)
        self.line = line

    def command(self) -> list[str]:
        return [*super().command(), str(self.line.rtt_ms), str(self.line.kbit_per_s)]


# ---- nginx with gzip_static and precompressed copies.


def nginx_binary() -> str | None:
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def nginx_available() -> bool:
    return nginx_binary() is not None


def precompress(source: Path, target: Path) -> dict[str, int]:
    """Copy source into target and write a gzip -9 sibling `<file>.gz` for each compressible file it shrinks."""
    shutil.copytree(source, target, dirs_exist_ok=True)
    made = {"files": 0, "gz": 0}
    for path in sorted(target.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        made["files"] += 1
        data = path.read_bytes()
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        if len(packed) < len(data):
            path.with_name(path.name + ".gz").write_bytes(packed)
            made["gz"] += 1
    return made


def gzip_size(path: Path) -> int:
    """What gzip_static would send for this file: the gzip -9 size when smaller, else the file itself."""
    data = path.read_bytes()
    if path.suffix not in COMPRESSIBLE:
        return len(data)
    return min(len(data), len(gzip.compress(data, compresslevel=9, mtime=0)))


NGINX_CONF = """\
daemon off;
master_process on;
worker_processes 1;
pid {scratch}/nginx.pid;
error_log {scratch}/error.log warn;
{user}
events {{ worker_connections 256; }}
http {{
    types {{
{types}
    }}
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    client_body_temp_path {scratch}/client_body;
    proxy_temp_path {scratch}/proxy;
    fastcgi_temp_path {scratch}/fastcgi;
    uwsgi_temp_path {scratch}/uwsgi;
    scgi_temp_path {scratch}/scgi;
    log_format bench escape=json '{{"path":"$request_uri","status":$status,"body":$body_bytes_sent,"total":$bytes_sent,"encoding":"$sent_http_content_encoding","headers":{{"cache-control":"$http_cache_control","sec-fetch-dest":"$http_sec_fetch_dest","service-worker":"$http_service_worker"}},"end":$msec,"start":$request_time}}';
    access_log {scratch}/responses.log bench;
    gzip off;
    gzip_static on;
    gzip_vary on;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
        etag on;
    }}
}}
"""


class NginxServer(LoggedServer):
    """nginx serving a precompressed copy of root (made in its own temporary folder)."""

    kind = "nginx"

    def __init__(self, root: Path, port: int | None = None) -> None:
        super().__init__(root, port)
        self.served = self.scratch / "root"
        self.made: dict[str, int] = {}

    def start(self) -> Self:
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed (apt-get install nginx-light)")
        self.made = precompress(self.root, self.served)
        for folder in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.scratch / folder).mkdir(exist_ok=True)
        # The workers run as nobody when started by root: let them read the copy.
        for path in [self.scratch, *self.scratch.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        types = "\n".join(f"        {mime} {extension};" for extension, mime in MIME_TYPES.items() if extension != "gz")
        user = "user nobody nogroup;" if os.geteuid() == 0 else ""
        conf = NGINX_CONF.format(scratch=self.scratch, port=self.port, root=self.served, types=types, user=user)
        (self.scratch / "nginx.conf").write_text(conf)
        self.command_line = [
            binary,
            "-p",
            str(self.scratch),
            "-c",
            str(self.scratch / "nginx.conf"),
            "-e",
            str(self.scratch / "error.log"),
        ]
        return super().start()

    def command(self) -> list[str]:
        return self.command_line

    def read_log(self) -> list[Response]:
        responses = []
        for line in complete_lines(self.log_path):
            item = json.loads(line)
            item["headers"] = {name: value for name, value in item["headers"].items() if value}
            item["start"] = item["end"] - item["start"]  # $request_time is the duration
            responses.append(Response(**item))
        return responses


def server_kinds() -> Iterator[str]:
    yield "plain"
    if nginx_available():
        yield "nginx"


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[0] == "plain":
        serve_plain(argv[1], int(argv[2]), argv[3])
        return 0
    if len(argv) == 6 and argv[0] == "plain":
        serve_plain(argv[1], int(argv[2]), argv[3], Line("line", int(argv[4]), int(argv[5])))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
