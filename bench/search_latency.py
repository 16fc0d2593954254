"""The first search query on a built site: how long a visitor waits, and how many bytes it costs.

Each run: a fresh browser context (empty cache) opens the home page; as soon as it has loaded, the query
is typed into the search box; the figure is the time from typing until the first result is shown (so it
includes fetching whatever the search needs and had not loaded yet). Served by the plain static server
(no compression, as `python -m http.server`: the bytes counted are those sent uncompressed), whose log gives
the bytes: every response for a search file (ours: search/manifest.json, the query's shards and the records
shown; or Material's search/search_index.json, its worker and lunr) from opening the page to the first
results, with the last run's files one by one ("files", for the README).

The same function measures our site (search/, javascripts/search.js) and the bare MkDocs site of the
build benchmark, which has Material's own search plugin (lunr, Chinese cut by jieba): today's Material
search, side by side in the same run. Material's search fetches its index when the page loads, ours when
the search box is used; both are counted.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from bench.browser import fresh_context
from bench.servers import PlainServer
from bench.stats import summary

QUERY = "广西大学"
SEARCH_FILES = re.compile(r"^/(search/|assets/javascripts/workers/|assets/javascripts/lunr/)")

OBSERVE = """
() => {
  window.__search = { typed: null, shown: null, count: 0 };
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver(() => {
    const items = list.querySelectorAll(".md-search-result__item").length;
    if (items && window.__search.typed !== null && window.__search.shown === null) {
      window.__search.shown = performance.now();
      window.__search.count = items;
    }
  }).observe(list, { childList: true, subtree: true });
}
"""


def engine_of(site_dir: Path) -> str:
    return "ours" if (Path(site_dir) / "search" / "manifest.json").is_file() else "material"


def first_query(browser: Any, site_dir: Path, runs: int = 5, timeout_ms: float = 180_000) -> dict[str, Any]:
    latencies: list[float] = []
    transferred: list[float] = []
    files: dict[str, int] = {}
    failures: list[str] = []
    third_party: list[str] = []
    with PlainServer(site_dir) as server:
        for _ in range(runs):
            context = fresh_context(browser, third_party)
            try:
                page = context.new_page()
                start = server.mark()
                page.goto(server.url, wait_until="load")
                page.evaluate(OBSERVE)
                page.evaluate("window.__search.typed = performance.now()")
                page.fill(".md-search__input", QUERY)
                page.press(".md-search__input", "End")
                try:
                    page.wait_for_function("() => window.__search.shown !== null", timeout=timeout_ms, polling=50)
                except Exception as error:
                    failures.append(f"no result within {timeout_ms / 1000:.0f} s: {type(error).__name__}")
                    break
                figures = page.evaluate("window.__search")
                latencies.append(figures["shown"] - figures["typed"])
                time.sleep(0.1)  # the server logs a response after sending it: let the last lines land
                searched = [response for response in server.responses(start) if SEARCH_FILES.match(response.path)]
                transferred.append(sum(response.total for response in searched))
                files = {}
                for response in searched:  # the last run's files, for the README's breakdown
                    path = response.path.split("?")[0]
                    files[path] = files.get(path, 0) + response.total
            finally:
                context.close()
    return {
        "query": QUERY,
        "engine": engine_of(site_dir),
        "ms": summary(latencies, 1),
        "bytes": summary(transferred, 0),
        "files": files,
        "failures": failures,
        "third_party_requests": third_party,
    }
