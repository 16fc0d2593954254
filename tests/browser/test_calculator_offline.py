"""Offline: after one visit the service worker serves the calculator and every page; a new build replaces its cache."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.browser.calculator_assets import write_service_worker
from tests.browser.calculator_page import open_calculator, page_result, upload, wait_for_verdict
from tests.site_fixtures import free_port

pytestmark = pytest.mark.browser

CACHED_EVERYTHING = """async () => {
    const names = (await caches.keys()).filter(name => name.startsWith('gx-site-'));
    if (names.length !== 1) return null;
    const cache = await caches.open(names[0]);
    return {name: names[0], entries: (await cache.keys()).length};
}"""


def build_of(site: Path) -> dict[str, Any]:
    match = re.search(r"^const BUILD = (.*);$", (site / "sw.js").read_text(encoding="utf-8"), re.MULTILINE)
    assert match is not None
    return dict(json.loads(match.group(1)))


def wait_until(page: Any, async_function: str, timeout: float = 60.0) -> None:
    """Poll an async page function until it resolves truthy.

    Not wait_for_function: it does not await promises, and the site's Content-Security-Policy forbids its eval.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(async_function):
        assert time.monotonic() < deadline, f"timed out waiting for {async_function}"
        time.sleep(0.2)


def wait_until_cached(page: Any, build: dict[str, Any]) -> None:
    """The service worker controls the page and the only cache holds every file of the build."""
    wait_until(page, "async () => navigator.serviceWorker.controller !== null")
    wait_until(
        page,
        f"""async () => {{
            const cached = await ({CACHED_EVERYTHING})();
            return cached !== null && cached.name === {json.dumps(build["cache"])} && cached.entries === {len(build["files"])};
        }}""",
    )


def test_after_one_visit_the_calculator_and_the_pages_work_offline(
    page: Any, site_url: str, built_site: Path, third_party_requests: list[str]
) -> None:
    open_calculator(page, site_url, "#year=2025&public-required=20&public-elective=10&professional=50")
    assert wait_for_verdict(page) == "fail"
    wait_until_cached(page, build_of(built_site))
    page.context.set_offline(True)
    try:
        page.reload()
        assert wait_for_verdict(page) == "fail"
        assert page_result(page)["to_pass"]["professional"] == 10
        page.click("#result [data-rule='total-minimum'] a.gx-citation")  # instant navigation, offline
        page.wait_for_selector("#clause-1-2-2")
        for path in ("", "deadlines/", "organisations/", "notices/2023/"):
            response = page.goto(f"{site_url}{path}")
            assert response is not None and response.ok, path
            assert page.locator("h1").count() >= 1, path
        page.goto(f"{site_url}calculator/")
        upload(page, "a.csv", "姓名,公需必修,公需选修,专业科目\n甲,20,0,70\n".encode())
        assert page.get_attribute("#batch-status", "data-state") == "done"
        assert page.inner_text("#batch-summary") == "共 1 行：达标 1，未达标 0，有错误 0"
    finally:
        page.context.set_offline(False)
    assert third_party_requests == []


SOURCES = """() => Object.fromEntries(performance.getEntriesByType('resource').map(entry => [
    new URL(entry.name).pathname, entry.workerFinalSourceType]))"""


def test_a_return_visit_takes_the_fixed_files_from_the_cache_before_the_service_worker_has_started(
    page: Any, site_url: str, built_site: Path
) -> None:
    """Static routes (sw.js addRoutes): the hashed files from the build's cache, version.json from the network."""
    open_calculator(page, site_url, "#year=2026&public-required=20&professional=70")
    wait_until_cached(page, build_of(built_site))
    page.reload()
    assert wait_for_verdict(page) == "pass"
    sources = page.evaluate(SOURCES)
    hashed = {
        path: source for path, source in sources.items() if re.search(r"\.[0-9a-f]{8,12}(\.min)?\.(js|css)$", path)
    }
    assert any("/calculator/worker." in path for path in hashed), sources
    assert any("/assets/stylesheets/main." in path for path in hashed), sources
    assert set(hashed.values()) == {"cache"}, hashed
    version = [source for path, source in sources.items() if path.endswith("/calculator/version.json")]
    assert version == ["network"], sources


class SwitchableSite:
    """A static server whose folder can be swapped, as when a new build is deployed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        site = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *arguments: Any, **keywords: Any) -> None:
                super().__init__(*arguments, directory=str(site.folder), **keywords)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def two_builds(built_site: Path, tmp_path: Path) -> Iterator[tuple[SwitchableSite, Path, Path]]:
    """The built site, and a second build of it in which one notice page changed."""
    first = tmp_path / "first"
    second = tmp_path / "second"
    shutil.copytree(built_site, first)
    shutil.copytree(built_site, second)
    notice = second / "notices" / "2026" / "index.html"
    notice.write_text(
        notice.read_text(encoding="utf-8").replace("</h1>", '</h1><p id="second-build">第二次发布</p>', 1),
        encoding="utf-8",
    )
    write_service_worker(second)
    server = SwitchableSite(first)
    yield server, first, second
    server.close()


def test_a_new_build_replaces_the_old_cache(browser: Any, two_builds: tuple[SwitchableSite, Path, Path]) -> None:
    server, first, second = two_builds
    old, new = build_of(first), build_of(second)
    assert old["cache"] != new["cache"]
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{server.url}calculator/")
        wait_until_cached(page, old)

        server.folder = second
        page.goto(f"{server.url}notices/2026/")  # online: the page comes from the network, the new worker installs
        page.wait_for_selector("#second-build")
        page.evaluate("navigator.serviceWorker.getRegistration().then(registration => registration.update())")
        # The new worker waits until no page uses the old one, or until a calculator page of the server's build
        # (its rules those of calculator/version.json) lets it take over.
        page.goto(f"{server.url}calculator/")
        wait_until_cached(page, new)

        context.set_offline(True)
        page.goto(f"{server.url}notices/2026/")
        page.wait_for_selector("#second-build")
        page.goto(f"{server.url}calculator/#year=2026&public-required=20&professional=70")
        assert wait_for_verdict(page) == "pass"
    finally:
        context.close()


def test_an_address_without_its_final_slash_opens_its_page_online_and_offline(
    page: Any, site_url: str, built_site: Path
) -> None:
    """Once the service worker was installed, /calculator, /faq … failed (ERR_FAILED): it handed the navigation the page
    the server's redirect led to, which Chromium refuses. Now the redirect itself, online and from the offline copy."""
    page.goto(site_url)
    wait_until_cached(page, build_of(built_site))
    for path, heading in (("calculator", "学时自查"), ("faq", "常见问题"), ("notices/2026", None)):
        response = page.goto(site_url + path)
        assert response is not None and response.ok, path
        assert page.url == f"{site_url}{path}/", page.url
        if heading:
            assert heading in page.inner_text("h1"), path
    page.context.set_offline(True)
    try:
        for path in ("faq", "deadlines"):
            response = page.goto(site_url + path)
            assert response is not None and response.ok, path
            assert page.url == f"{site_url}{path}/", page.url
            assert page.locator("h1").count() >= 1, path
    finally:
        page.context.set_offline(False)
