"""The site's search in Chromium: the golden queries reach their rank, results look and behave like Material's.

tests/search_golden.yaml holds the queries (chosen as a person would type them) with the result each
should bring and the rank it must reach. Search must load nothing until a visitor turns to it, work with
the keyboard and on a phone, and work offline after one visit.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
import yaml

from generator.browser.search_shards import fnv1a
from generator.browser.search_tokens import query_words
from generator.data.load import load_data
from generator.links import urls
from tests.browser.conftest import QuietHandler
from tests.browser.test_calculator_offline import build_of, wait_until_cached
from tests.conftest import DATA
from tests.search_index_files import manifest, records
from tests.site_fixtures import build_site_into, free_port
from tests.test_validation import replace_once

pytestmark = pytest.mark.browser

GOLDEN = Path(__file__).resolve().parents[1] / "search_golden.yaml"
FIRST_RESULTS = 5
"""'Among the first results': what a phone shows without scrolling the results."""
BOX = "input.md-search__input"


def golden() -> list[dict[str, Any]]:
    queries: list[dict[str, Any]] = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
    return queries


def results(page: Any, query: str) -> list[str]:
    """Type the query into the search box; the results' targets ('notices/2026/#clause-1-1-1'), in order."""
    page.fill(BOX, query)
    page.wait_for_selector(
        f".md-search-result__list[data-gx-query={json_string(query)}]", state="attached", timeout=15_000
    )
    hrefs: list[str] = page.eval_on_selector_all(".md-search-result__link", "links => links.map(link => link.href)")
    site = urlparse(page.url)
    found = []
    for href in hrefs:
        parsed = urlparse(href)
        assert parsed.netloc == site.netloc, href
        found.append(unquote(parsed.path.lstrip("/")) + (f"#{unquote(parsed.fragment)}" if parsed.fragment else ""))
    return found


def json_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rank_of(found: list[str], want: str) -> int | None:
    """The place (from 1) of the first result that is the wanted page (any anchor) or page#anchor."""
    for place, target in enumerate(found, start=1):
        if target == want or ("#" not in want and target.split("#")[0] == want):
            return place
    return None


def test_the_golden_file_has_at_least_forty_queries_each_with_a_target_and_rank() -> None:
    queries = golden()
    assert len(queries) >= 40
    for entry in queries:
        assert set(entry) == {"query", "want", "rank"} and entry["query"] and entry["rank"] >= 1, entry


def test_every_golden_query_brings_its_result_within_its_rank(
    page: Any, site_url: str, third_party_requests: list[str]
) -> None:
    page.goto(site_url)
    missed = []
    for entry in golden():
        found = results(page, str(entry["query"]))
        place = rank_of(found, entry["want"])
        if place is None or place > entry["rank"]:
            missed.append(
                f"{entry['query']}: {entry['want']} at {place} (≤ {entry['rank']} wanted); first: {found[:5]}"
            )
    assert not missed, "\n".join(missed)
    assert third_party_requests == []


def test_each_faq_questions_first_keyword_lists_the_faq_among_the_first_results(page: Any, site_url: str) -> None:
    keywords = sorted({question["keywords"][0] for question in load_data(DATA).faq["questions"]})
    faq = urls.page_url(urls.FAQ)
    page.goto(site_url)
    missed = []
    for keyword in keywords:
        first = [target.split("#")[0] for target in results(page, keyword)[:FIRST_RESULTS]]
        if faq not in first:
            missed.append(f"{keyword}: {first}")
    assert not missed, "\n".join(missed)


def test_nothing_of_the_index_is_loaded_until_a_query_then_only_its_shards_and_results(
    page: Any, site_url: str, built_site: Path
) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(site_url)
    page.click(BOX)
    page.wait_for_load_state("networkidle")
    assert not [url for url in asked if "/search/" in url or "/workers/" in url or "search_index.json" in url]
    found = results(page, "钦州学院")
    index = manifest(built_site)  # written into search.js: not asked for
    shards = {f"{site_url}search/{index['d']}/p/{fnv1a(word) % index['s']}.json" for word in query_words("钦州学院")}
    shown = {f"{site_url}search/{index['d']}/r/{number}.json" for number in record_numbers(built_site, found)}
    assert set(url for url in asked if "/search/" in url) == shards | shown and len(shown) == len(found) <= 10


def record_numbers(site: Path, found: list[str]) -> list[int]:
    hrefs = [record["href"] for record in records(site)]
    return [hrefs.index(target) for target in found]


def test_a_result_shows_title_context_and_the_matching_words_marked(page: Any, site_url: str) -> None:
    page.goto(site_url)
    found = results(page, "电子科技")
    assert found[0] == "organisations/guilin-university-of-electronic-technology/"
    first = page.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text() == "桂林电子科技大学"
    assert first.locator("h1 mark").inner_text() == "电子科技"
    results(page, "2026-12-31")
    row = page.locator(".md-search-result__item", has=page.locator('a[href$="#2026-public-required"]'))
    assert row.locator(".gx-search-context").inner_text() == "期限 › 全部期限"
    assert "2026年12月31日" in row.locator("p mark").all_inner_texts()  # the date found in another form
    assert page.inner_text(".md-search-result__meta").startswith("找到") or "个" in page.inner_text(
        ".md-search-result__meta"
    )


def test_a_query_with_no_answer_says_so(page: Any, site_url: str) -> None:
    page.goto(site_url)
    assert results(page, "量子引力波") == []
    assert page.inner_text(".md-search-result__meta") == "没有找到符合条件的结果"


def test_the_keyboard_opens_moves_through_and_follows_results(page: Any, site_url: str) -> None:
    page.goto(site_url + "faq/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    assert page.is_checked("#__search")
    page.keyboard.type("钦州学院")
    page.wait_for_selector('.md-search-result__list[data-gx-query="钦州学院"] .md-search-result__link')
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/organisations/beibu-gulf-university/")
    assert page.inner_text("article h1") == "北部湾大学"
    assert not page.is_checked("#__search")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("s")
    assert page.is_checked("#__search")
    page.keyboard.press("Escape")
    assert not page.is_checked("#__search")


def test_the_404_pages_search_button_opens_the_search_from_the_keyboard_and_by_a_click(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + "404.html")
    button = page.locator("article button.gx-search-link")
    button.focus()
    page.keyboard.press("Enter")
    assert page.is_checked("#__search")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.press("Escape")
    assert not page.is_checked("#__search")
    button.focus()
    page.keyboard.press(" ")
    assert page.is_checked("#__search")
    page.keyboard.press("Escape")
    button.click()
    assert page.is_checked("#__search")
    page.keyboard.type("截止")
    page.wait_for_selector('.md-search-result__list[data-gx-query="截止"] .md-search-result__link')


def test_on_a_phone_the_search_opens_from_the_header_and_lists_results(browser: Any, site_url: str) -> None:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(site_url)
        assert not page.is_checked("#__search")
        page.click('.md-header label[for="__search"]')
        assert page.is_checked("#__search")
        assert page.evaluate("document.activeElement.matches('input.md-search__input')")
        found = results(page, "截止")
        assert found[0].startswith("deadlines/")
        page.wait_for_timeout(600)  # Material's dialog slides in (a CSS transition)
        box = page.locator(".md-search-result__item").first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["y"] < 667
    finally:
        context.close()


def test_search_works_offline_after_one_visit(page: Any, site_url: str, built_site: Path) -> None:
    page.goto(site_url)
    wait_until_cached(page, build_of(built_site))
    page.context.set_offline(True)
    try:
        page.reload()
        assert results(page, "钦州学院")[0] == "organisations/beibu-gulf-university/"
        assert results(page, "2026年12月31日")[0].startswith("deadlines/")
    finally:
        page.context.set_offline(False)


def test_an_address_with_q_opens_the_search_with_that_query(page: Any, site_url: str) -> None:
    page.goto(site_url + "faq/?q=" + "钦州学院")
    page.wait_for_selector('.md-search-result__list[data-gx-query="钦州学院"]', state="attached", timeout=15_000)
    assert page.is_checked("#__search") and page.input_value(BOX) == "钦州学院"
    assert page.get_attribute(".md-search-result__link", "href", timeout=5_000).endswith(
        "/organisations/beibu-gulf-university/"
    )


def test_a_query_no_record_has_whole_lists_the_records_with_most_of_its_words(page: Any, site_url: str) -> None:
    page.goto(site_url)
    found = results(page, "合格证书打印时间")  # no text says 书打
    assert page.inner_text(".md-search-result__meta").startswith("没有完全符合的结果；")
    assert "faq/#certificates" in found[:3] and "notices/2023/#clause-3-4" in found[:3]


def test_names_with_html_are_shown_as_text_in_the_results_and_never_run(
    browser: Any, data_copy: Path, tmp_path: Path
) -> None:
    hostile = "<img src=x onerror=window.gxRan=1><script>window.gxRan=2</script>"
    organisations = data_copy / "organisations.yaml"
    replace_once(
        organisations, "name: 广西大学\n    aliases: []", f"name: '广西大学{hostile}'\n    aliases: [广西大学]"
    )
    port = free_port()
    built = build_site_into(tmp_path / "site", f"http://127.0.0.1:{port}/", data_copy)
    assert built.returncode == 0, built.stdout + built.stderr
    handler = functools.partial(QuietHandler, directory=str(tmp_path / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        dialogs: list[str] = []

        def seen(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", seen)
        page.goto(f"http://127.0.0.1:{port}/")
        assert results(page, "广西大学")[0] == "organisations/guangxi-university/"
        first = page.locator(".md-search-result__item").first
        assert first.locator("h1").inner_text() == f"广西大学{hostile}"
        assert first.locator("h1 img, h1 script, p img, p script").count() == 0
        assert page.evaluate("window.gxRan") is None and dialogs == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
SHOWN = """id => {
  const target = document.getElementById(id);
  if (!target || target.closest('details:not([open])')) return false;
  const box = target.getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.top < innerHeight;
}"""
"""Whether the element is on screen: every <details> around it open, its top inside the window."""


def open_search(page: Any) -> None:
    if page.is_visible('.md-header label[for="__search"]'):  # a phone: the header has a search button
        page.click('.md-header label[for="__search"]')
    else:
        page.click(BOX)


@pytest.mark.parametrize("size", ["390", "1366"])
@pytest.mark.parametrize(
    ("start", "query", "target"),
    [
        ("faq/#paper-hours", "公需科目必修课能获得多少学时", "faq/#public-required-hours"),
        ("notices/2026/", "联系人及联系方式", "notices/2026/#clause-5"),
    ],
)
def test_a_result_on_the_page_already_open_scrolls_to_its_target_and_focuses_it(
    browser: Any, site_url: str, size: str, start: str, query: str, target: str
) -> None:
    """On a phone the search is a full-screen dialog that locks the page's scrolling while it is open (Material):
    the jump to a result on the same page used to happen under the lock and be undone when it was lifted."""
    context = browser.new_context(locale="zh-CN", **(PHONE if size == "390" else DESKTOP))
    try:
        page = context.new_page()
        page.goto(site_url + start)
        page.wait_for_load_state("networkidle")
        anchor = target.split("#")[1]
        assert not page.evaluate(SHOWN, anchor)
        open_search(page)
        page.wait_for_timeout(600)  # the dialog is open and the page locked (400 ms after opening, on a phone)
        assert target in results(page, query)
        page.click(f'.md-search-result__link[href="{site_url}{target}"]')
        page.wait_for_url(site_url + target)
        page.wait_for_function(SHOWN, arg=anchor, timeout=5_000)
        page.wait_for_timeout(300)  # nothing scrolls it away afterwards
        assert page.evaluate(SHOWN, anchor), target
        assert page.evaluate("document.activeElement.id") == anchor
        assert not page.is_checked("#__search")
    finally:
        context.close()


def test_a_result_for_a_past_deadline_opens_its_fold_and_shows_the_row(page: Any, site_url: str) -> None:
    """Past deadlines are folded in <details> by site.js: after instant navigation, the row's fold opens."""
    page.clock.set_fixed_time("2026-12-02T10:00:00")
    page.goto(site_url)
    target = "deadlines/#2023-professional-registration"
    assert target in results(page, "登陆系统完成本年度专业科目学时登记")
    page.click(f'.md-search-result__link[href="{site_url}{target}"]')
    page.wait_for_url(site_url + target)
    page.wait_for_function(SHOWN, arg="2023-professional-registration", timeout=5_000)
    assert page.get_attribute("details.gx-past-deadlines", "open") is not None


def meta_after(page: Any, query: str) -> str:
    """The line above the results once the query is answered (or refused)."""
    before = page.inner_text(".md-search-result__meta")
    page.fill(BOX, query)
    page.wait_for_function(
        "before => document.querySelector('.md-search-result__list').getAttribute('aria-busy') === null"
        " && document.querySelector('.md-search-result__meta').textContent !== before",
        arg=before,
        timeout=15_000,
    )
    text: str = page.inner_text(".md-search-result__meta")
    return text


def test_without_network_and_without_an_offline_copy_the_search_says_so_in_chinese(browser: Any, site_url: str) -> None:
    context = browser.new_context(locale="zh-CN", service_workers="block")  # no offline copy
    try:
        page = context.new_page()
        page.goto(site_url)
        page.wait_for_load_state("networkidle")
        context.set_offline(True)
        page.click(BOX)
        said = meta_after(page, "钦州学院")
        assert "网络" in said and "索引" in said, said
        assert not re.search(r"[A-Za-z]", said), said  # no exception text (Failed to fetch)
        context.set_offline(False)
        assert results(page, "北部湾大学")[0] == "organisations/beibu-gulf-university/"  # and it recovers
    finally:
        context.close()


def test_a_file_of_the_index_that_cannot_be_read_is_said_in_chinese_without_the_error_text(
    page: Any, site_url: str
) -> None:
    page.route("**/search/*/p/*.json", lambda route: route.fulfill(status=200, body="<html>", content_type="text/html"))
    page.goto(site_url)
    page.click(BOX)
    said = meta_after(page, "钦州学院")
    assert said.startswith("搜索暂时不可用") and not re.search(r"[A-Za-z]", said), said


@pytest.mark.parametrize("query", ["!!!", "😀", "！？……"])
def test_a_query_without_any_searchable_character_says_so(page: Any, site_url: str, query: str) -> None:
    page.goto(site_url)
    page.click(BOX)
    said = meta_after(page, query)
    assert "汉字、字母或数字" in said and page.locator(".md-search-result__item").count() == 0
    page.fill(BOX, "")
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent === '键入以开始搜索'")
