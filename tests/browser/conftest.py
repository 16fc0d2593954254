"""Browser tests: serve the built site (tests/site_fixtures.py) on 127.0.0.1, drive Debian's Chromium with Playwright.

Every page gets a guard that records and aborts any request to another origin; tests assert the
list stays empty (`third_party_requests`).
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.browser import CHROMIUM, CHROMIUM_FLAGS
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path, site_port: int) -> Iterator[str]:
    """The built site served by a plain static server (like any static host)."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def third_party_requests() -> list[str]:
    """Requests to any origin but the test server; filled by the `page` fixture."""
    return []


@pytest.fixture
def page(browser: object, site_url: str, third_party_requests: list[str]) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN")  # type: ignore[attr-defined]

    def refuse(route: Any) -> None:
        third_party_requests.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|blob:)"), refuse)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def serious_accessibility_problems(browser: Any, site_url: str) -> Callable[..., list[str]]:
    """axe-core's serious and critical findings on a page (and any request to another origin, as a finding).

    axe is a test tool injected as an inline script, which the site's Content-Security-Policy rightly
    refuses: this context bypasses the policy (the pages themselves are tested under it elsewhere).
    """

    def check(path: str, scope: str = "article", fixed_time: str | None = None) -> list[str]:
        context = browser.new_context(locale="zh-CN", bypass_csp=True)
        outside: list[str] = []

        def refuse(route: Any) -> None:
            outside.append(route.request.url)
            route.abort()

        context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|blob:)"), refuse)
        page = context.new_page()
        if fixed_time:
            page.clock.set_fixed_time(fixed_time)
        page.goto(site_url + path)
        page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
        found = page.evaluate(
            """async scope => (await axe.run(scope)).violations
                 .filter(v => ['serious', 'critical'].includes(v.impact))
                 .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""",
            scope,
        )
        context.close()
        return [*found, *(f"request to another origin: {url}" for url in outside)]

    return check
