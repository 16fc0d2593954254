"""The calculator page holds Material's scripts until the calculator has answered (javascripts/calculator/theme.js)."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.browser.calculator_page import open_calculator, wait_for_verdict

pytestmark = pytest.mark.browser

CHECK = "#year=2026&public-required=20&public-elective=0&professional=70"

RECORD_THEME_AT_VERDICT = """
(() => {
  // At the moment the first verdict is drawn: had Material's bundle run (window.document$), and was it asked for?
  window.themeAtVerdict = null;
  new MutationObserver((changes, observer) => {
    const result = document.getElementById("result");
    if (!result || !result.dataset.status || result.dataset.status === "pending") return;
    window.themeAtVerdict = {
      bundleRun: typeof window.document$ !== "undefined",
      bundleAsked: performance.getEntriesByType("resource").some((entry) => /bundle\\.[0-9a-f]+\\.min\\.js$/.test(entry.name)),
    };
    observer.disconnect();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-status"] });
})();
"""


def theme_started(page: Any, timeout_s: float) -> bool:
    """Whether Material's bundle has run (window.document$) within timeout_s (polled: no eval under the page's policy)."""
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if page.evaluate("typeof window.document$ !== 'undefined' && typeof window.document$.subscribe === 'function'"):
            return True
        page.wait_for_timeout(50)
    return False


def bundle_asked_at(page: Any) -> float | None:
    """When the page asked for Material's bundle (ms since navigation start), or None."""
    return page.evaluate(
        """performance.getEntriesByType("resource").filter((entry) => /bundle\\.[0-9a-f]+\\.min\\.js$/.test(entry.name))
             .map((entry) => entry.startTime)[0] ?? null"""
    )


def test_the_theme_runs_after_the_first_verdict_and_then_all_of_it_works(
    page: Any, site_url: str, third_party_requests: list[str]
) -> None:
    page.add_init_script(RECORD_THEME_AT_VERDICT)
    page.goto(f"{site_url}calculator/{CHECK}")
    assert wait_for_verdict(page) == "pass"
    assert page.evaluate("window.themeAtVerdict") == {"bundleRun": False, "bundleAsked": False}
    assert theme_started(page, 10), "Material's bundle never ran"
    page.wait_for_selector("html.gx-js", state="attached")  # the site's own script ran too
    # Material's search box, answered by the site's search.js
    page.fill("input.md-search__input", "电子科技")
    page.wait_for_selector(".md-search-result__link", state="attached", timeout=15_000)
    page.keyboard.press("Escape")
    # Instant navigation from this page and back: same document, the calculator follows it with the same worker.
    # (Material intercepts links once it has read the sitemap, as on any page: wait until the page has settled.)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.sameDocument = true")
    first_ready = page.evaluate("window.gxCalculator.timings().readyMs")
    page.click("#result [data-rule='total-minimum'] a.gx-citation")
    page.wait_for_url(re.compile(r"/notices/2026/#clause-1-2-2$"))
    page.go_back()
    page.wait_for_selector("#check-form")
    assert wait_for_verdict(page) == "pass"
    assert page.evaluate("window.sameDocument") is True, "instant navigation fell back to full page loads"
    assert page.evaluate("window.gxCalculator.timings().readyMs") == first_ready, "the worker was started again"
    assert third_party_requests == []


def held_calculator(browser: Any, site_url: str) -> tuple[Any, Any, list[Any]]:
    """A page whose calculator never gets its core (the request is held): it neither answers nor fails."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    held: list[Any] = []
    context.route(re.compile(r"/calculator/core\.[0-9a-f]{12}\.bundle$"), lambda route: held.append(route))
    page = context.new_page()
    open_calculator(page, site_url)
    return context, page, held


def test_a_key_pressed_before_the_calculator_is_ready_starts_the_theme_at_once(browser: Any, site_url: str) -> None:
    context, page, _ = held_calculator(browser, site_url)
    try:
        page.wait_for_timeout(500)
        assert bundle_asked_at(page) is None, "the theme started before the calculator had answered"
        pressed_at = page.evaluate("performance.now()")
        page.keyboard.press("Tab")
        assert theme_started(page, 10)
        asked = bundle_asked_at(page)
        assert asked is not None and pressed_at <= asked < pressed_at + 1000
        assert page.get_attribute("#calculator-status", "data-state") == "loading"
    finally:
        context.close()


def test_without_an_answer_or_a_touch_the_theme_starts_after_three_seconds(browser: Any, site_url: str) -> None:
    context, page, _ = held_calculator(browser, site_url)
    try:
        parsed_at = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
        assert theme_started(page, 15)
        asked = bundle_asked_at(page)
        assert asked is not None and asked >= parsed_at + 2900
        assert page.get_attribute("#calculator-status", "data-state") == "loading"
    finally:
        context.close()


RECORD_FAILURE = """
new MutationObserver((changes, observer) => {
  const status = document.getElementById("calculator-status");
  if (status && status.dataset.state === "failed") {
    window.failedAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
"""


def test_when_the_calculator_fails_the_theme_starts_then(browser: Any, site_url: str) -> None:
    context = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        context.route("**/calculator/runtime/micropython.wasm", lambda route: route.fulfill(status=404, body="gone"))
        page = context.new_page()
        page.add_init_script(RECORD_FAILURE)
        open_calculator(page, site_url)
        page.wait_for_selector("#calculator-status[data-state='failed']", timeout=30_000)
        assert theme_started(page, 10)
        asked = bundle_asked_at(page)
        failed_at = page.evaluate("window.failedAt")
        parsed_at = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
        # at the failure (a frame later), unless the three seconds' hold ran out first
        assert asked is not None and asked <= min(failed_at + 1000, parsed_at + 3100)
    finally:
        context.close()
