"""Bytes on a cold load of the calculator page, split by file, from a plain server and from nginx with gzip_static.

Each run: a fresh browser context (empty cache) opens /calculator/ with a check in the URL fragment,
waits for the verdict, then for the service worker to finish its offline copy of the site. The
server's log gives every response's size (headers included); the responses are split into

- page: what the page itself asked for (HTML, theme, search index, our scripts, the runtime, core.bundle);
  the budget applies to these;
- offline copy: sw.js and the service worker's precaching of the whole site, in the background after
  the page's load event (requests made with cache: "reload").

With nginx (bench/servers.py: precompressed .gz copies made by the benchmark, gzip_static on), the same
load is measured again. Where nginx is not installed, the compressed figures are computed instead:
each file of the plain run's page group at its gzip -9 size (what gzip_static would send, headers not
counted), and the result says `"computed": true`.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bench.browser import fresh_context
from bench.pageload import is_offline_copy, load
from bench.servers import LoggedServer, NginxServer, PlainServer, Response, gzip_size, nginx_available
from bench.startup import wait_for_offline_copy
from bench.stats import summary


def one_run(browser: Any, server: LoggedServer, third_party: list[str], offline_copy: bool = True) -> dict[str, Any]:
    context = fresh_context(browser, third_party)
    try:
        page = context.new_page()
        since = server.mark()
        figures = load(page, server, "calculator")
        if offline_copy:
            wait_for_offline_copy(page)
            page.wait_for_timeout(200)
        responses = server.responses(since)
    finally:
        context.close()
    page_responses = [response for response in responses if not is_offline_copy(response)]
    offline = [response for response in responses if is_offline_copy(response)]
    return {
        "status": figures.status,
        "verdict_ms": figures.verdict_ms,
        "page": by_file(page_responses),
        "offline_copy": by_file(offline),
    }


def by_file(responses: list[Response]) -> dict[str, Any]:
    files: dict[str, dict[str, int]] = defaultdict(lambda: {"bytes": 0, "body": 0, "requests": 0})
    for response in responses:
        path = urlsplit(response.path).path
        entry = files[path]
        entry["bytes"] += response.total
        entry["body"] += response.body
        entry["requests"] += 1
        if response.encoding:
            entry["encoding"] = response.encoding  # type: ignore[assignment]
    ordered = dict(sorted(files.items(), key=lambda item: -item[1]["bytes"]))
    return {
        "bytes": sum(entry["bytes"] for entry in files.values()),
        "requests": len(responses),
        "files": ordered,
    }


def computed_gzip(site_dir: Path, page: dict[str, Any]) -> dict[str, Any]:
    """The page group's files at their gzip -9 size (what gzip_static would send), when nginx is missing."""
    files = {}
    for path, entry in page["files"].items():
        local = site_dir / unquote(path).lstrip("/")
        if local.is_dir():
            local = local / "index.html"
        size = gzip_size(local) if local.is_file() else entry["body"]
        files[path] = {
            "bytes": size * entry["requests"],
            "body": size * entry["requests"],
            "requests": entry["requests"],
        }
    ordered = dict(sorted(files.items(), key=lambda item: -item[1]["bytes"]))
    return {"bytes": sum(entry["bytes"] for entry in files.values()), "requests": page["requests"], "files": ordered}


def measure(browser: Any, server: LoggedServer, runs: int, log: Any, third_party: list[str]) -> dict[str, Any]:
    results = []
    for index in range(runs):
        result = one_run(browser, server, third_party)
        results.append(result)
        log(
            f"  {server.kind} {index + 1}/{runs}: page {result['page']['bytes'] / 1e6:.3f} MB, "
            f"offline copy {result['offline_copy']['bytes'] / 1e6:.3f} MB, verdict at {result['verdict_ms']:.0f} ms"
        )
    return {
        "page_bytes": summary([result["page"]["bytes"] for result in results], 0),
        "offline_copy_bytes": summary([result["offline_copy"]["bytes"] for result in results], 0),
        "verdict_ms": summary([result["verdict_ms"] for result in results], 1),
        "statuses": [result["status"] for result in results],
        "page": results[-1]["page"],
        "offline_copy": {key: value for key, value in results[-1]["offline_copy"].items() if key != "files"},
        "offline_copy_largest": dict(list(results[-1]["offline_copy"]["files"].items())[:10]),
    }


def run(browser: Any, site_dir: Path, runs: int = 5, log: Any = print) -> dict[str, Any]:
    third_party: list[str] = []
    result: dict[str, Any] = {}
    with PlainServer(site_dir) as plain:
        result["plain"] = measure(browser, plain, runs, log, third_party)
    if nginx_available():
        with NginxServer(site_dir) as nginx:
            result["gzip_static"] = measure(browser, nginx, runs, log, third_party)
            result["gzip_static"]["server"] = "nginx gzip_static"
            result["gzip_static"]["precompressed"] = nginx.made
    else:
        computed = computed_gzip(site_dir, result["plain"]["page"])
        result["gzip_static"] = {
            "computed": True,
            "server": "none (nginx not installed): gzip -9 sizes of the plain run's page files, headers not counted",
            "page_bytes": summary([computed["bytes"]], 0),
            "page": computed,
        }
        log("  nginx not installed: compressed sizes computed with gzip -9")
    result["third_party_requests"] = third_party
    return result
