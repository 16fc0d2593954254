"""The first search query's latency on a built site: what a visitor waits for when searching right after arriving.

Each run: a fresh browser context (empty cache) opens the home page; as soon as it has loaded, the query
is typed into Material's search box; the figure is the time from typing until the first result is
shown (so it includes fetching search/search_index.json and building the index in Material's search
worker, whatever of that had not finished yet). Served by the plain static server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.browser import fresh_context
from bench.servers import PlainServer
from bench.stats import summary

QUERY = "广西大学"

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


def first_query(browser: Any, site_dir: Path, runs: int = 5, timeout_ms: float = 180_000) -> dict[str, Any]:
    latencies: list[float] = []
    failures: list[str] = []
    third_party: list[str] = []
    with PlainServer(site_dir) as server:
        for _ in range(runs):
            context = fresh_context(browser, third_party)
            try:
                page = context.new_page()
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
            finally:
                context.close()
    return {"query": QUERY, "ms": summary(latencies, 1), "failures": failures, "third_party_requests": third_party}
