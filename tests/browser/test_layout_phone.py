"""Every page kind at 390×844 (a phone, device scale 2) and 1366×900 (an office PC): nothing wider than the screen
except inside a box the person scrolls, directory phones on screen, filters reachable and kept in the address.

Screenshots of each page at both sizes (the whole page) are written to .build/artifacts/layout/ (or the folder
in GX_ARTIFACTS) for people to look at; they are not compared pixel by pixel.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}, "device_scale_factor": 1}
SIZES = {"390": PHONE, "1366": DESKTOP}
TODAY = "2026-12-02T10:00:00+08:00"

CALCULATOR_RESULT = "calculator/#year=2026&public-required=20&public-elective=0&professional=50&as-of=2026-12-02"
PAGES = {
    "home": "",
    "notice": "notices/2026/",
    "changes": "changes/2026/",
    "deadlines": "deadlines/",
    "directories": "directories/",
    "bases": "directories/bases/",
    "training-2026": "directories/training-institutions-2026/",
    "training-2025": "directories/training-institutions-2025/",
    "pilot-units": "directories/pilot-units-2026/",
    "organisations": "organisations/",
    "organisation": "organisations/guangxi-mechanical-and-electrical-technician-college/",
    "faq": "faq/",
    "guide": "guides/employer-administrator/",
    "calculator-result": CALCULATOR_RESULT,
    "404": "404.html",
    "data-quality": "editors/data-quality/",
    "editor-guide": "editors/guide/",
    "source-text": "sources/2026-task-plan_gui-ren-she-han-2026-196.html",
}
# Pages a phone reads top to bottom: not even a table there may need sideways scrolling.
READ_WHOLE = {
    "changes",
    "deadlines",
    "bases",
    "training-2026",
    "training-2025",
    "pilot-units",
    "organisations",
    "organisation",
    "calculator-result",
    "home",
}
DIRECTORIES = {
    "bases": "directories/bases/",
    "training-2026": "directories/training-institutions-2026/",
    "organisations": "organisations/",
    "pilot-units": "directories/pilot-units-2026/",
}

# Elements that reach past the viewport's left or right edge, outside any box that scrolls sideways (a box
# with overflow-x auto or scroll is one the person scrolls). Material's closed search and off-canvas drawer
# (entirely outside the viewport) are not on screen.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  const scrolls = (element) => {
    for (let box = element.parentElement; box; box = box.parentElement) {
      const overflow = getComputedStyle(box).overflowX;
      if (overflow === "auto" || overflow === "scroll") return true;
    }
    return false;
  };
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || element.closest(".md-search")) continue;
    // Its own box, or its text (a long unbreakable word reaches past a box that ends on screen).
    const textRight = getComputedStyle(element).overflowX === "visible" ? box.left + element.scrollWidth : box.right;
    if (Math.max(box.right, textRight) <= width + 1 && box.left >= -1) continue;
    if (box.right <= 0 || box.left >= width) continue;
    if (getComputedStyle(element).visibility === "hidden" || scrolls(element)) continue;
    found.push(`<${element.tagName.toLowerCase()} class="${element.className}"> ${Math.round(box.left)}–${Math.round(box.right)}: ${element.textContent.trim().slice(0, 40)}`);
  }
  return {pageWidth: document.documentElement.scrollWidth, width, found};
}"""

# Boxes in the article that do scroll sideways now (content wider than the box).
SCROLLED_BOXES = """() => [...document.querySelectorAll("article *")].filter((box) => {
  const overflow = getComputedStyle(box).overflowX;
  return (overflow === "auto" || overflow === "scroll") && box.scrollWidth > box.clientWidth + 1 && box.offsetParent !== null;
}).map((box) => `<${box.tagName.toLowerCase()} class="${box.className}"> ${box.scrollWidth} > ${box.clientWidth}: ${box.textContent.trim().slice(0, 40)}`)"""

# Table cells with a few characters of text squeezed to about one character a line.
SQUEEZED_CELLS = """() => [...document.querySelectorAll("article td, article th")].filter((cell) => {
  const text = cell.textContent.trim();
  const style = getComputedStyle(cell);
  const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return text.length >= 4 && cell.clientWidth > 0 && inner < 2.5 * parseFloat(style.fontSize);
}).map((cell) => cell.textContent.trim().slice(0, 20))"""

# Whether an element sits in a box that scrolls sideways (content wider than the box).
IN_SCROLLED_BOX = """(element) => {
  for (let box = element.parentElement; box; box = box.parentElement) {
    const overflow = getComputedStyle(box).overflowX;
    if ((overflow === "auto" || overflow === "scroll") && box.scrollWidth > box.clientWidth + 1) return true;
  }
  return false;
}"""


def artifacts() -> Path:
    folder = Path(os.environ.get("GX_ARTIFACTS") or ROOT / ".build" / "artifacts") / "layout"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module", params=sorted(SIZES), ids=lambda size: f"{size}px")
def sized(request: Any, browser: Any) -> Iterator[tuple[str, Any]]:
    """A browser context of one size, its clock fixed on 2 December 2026 (Beijing time); no service worker."""
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", service_workers="block", **SIZES[request.param]
    )
    context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|blob:)"), lambda route: route.abort())
    yield request.param, context
    context.close()


@pytest.fixture
def view(sized: tuple[str, Any]) -> Iterator[tuple[str, Any]]:
    size, context = sized
    page = context.new_page()
    page.clock.set_fixed_time(TODAY)
    yield size, page
    page.close()


def open_page(page: Any, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    page.wait_for_load_state("load")
    if path.startswith("calculator/"):
        page.wait_for_selector(
            '#result:is([data-status="pass"], [data-status="fail"])', state="attached", timeout=30_000
        )
    elif path != "404.html" and not path.startswith("sources/"):
        page.wait_for_selector("html.gx-js", state="attached")


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_nothing_is_wider_than_the_screen_but_what_the_person_scrolls(
    view: tuple[str, Any], site_url: str, kind: str
) -> None:
    size, page = view
    open_page(page, site_url, PAGES[kind])
    page.screenshot(path=str(artifacts() / f"{kind}-{size}.png"), full_page=True)
    layout = page.evaluate(OVERFLOWING)
    assert layout["pageWidth"] <= layout["width"], (kind, size, layout)
    assert not layout["found"], (kind, size, layout["found"][:10])
    assert not page.evaluate(SQUEEZED_CELLS), (kind, size)
    if kind in READ_WHOLE:
        assert not page.evaluate(SCROLLED_BOXES), (kind, size)


def test_the_deadlines_pages_sources_are_not_clipped_at_1366(browser: Any, site_url: str) -> None:
    context = browser.new_context(locale="zh-CN", **DESKTOP)
    page = context.new_page()
    page.clock.set_fixed_time(TODAY)
    open_page(page, site_url, "deadlines/")
    width = page.evaluate("document.documentElement.clientWidth")
    cites = page.locator("#deadlines a.gx-cite")
    assert cites.count() > 0
    for index in range(cites.count()):
        cite = cites.nth(index)
        box = cite.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width, cite.inner_text()
        assert not cite.evaluate(IN_SCROLLED_BOX), cite.inner_text()
    context.close()


@pytest.mark.parametrize("kind", ["bases", "training-2026", "organisation"])
def test_every_phone_link_on_a_directory_page_is_on_screen_and_large(
    view: tuple[str, Any], site_url: str, kind: str
) -> None:
    size, page = view
    open_page(page, site_url, PAGES[kind])
    links = page.locator('article a[href^="tel:"]')
    assert links.count() > 0
    width = page.evaluate("document.documentElement.clientWidth")
    for index in range(links.count()):
        link = links.nth(index)
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (kind, size, link.inner_text())
        assert not link.evaluate(IN_SCROLLED_BOX), (kind, size, link.inner_text())
        if size == "390" and kind != "organisation":
            assert box["height"] >= 44, (kind, link.inner_text(), box)  # a thumb-sized tap target


def test_a_directory_row_on_a_phone_is_a_card_with_name_occupation_batch_city_and_phone(
    browser: Any, site_url: str
) -> None:
    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    open_page(page, site_url, PAGES["training-2026"])
    card = page.locator("#institutions tbody tr").first
    # Each cell as shown: its label (the ::before content, from data-label) and its text.
    cells = card.locator("td").evaluate_all(
        """cells => cells.filter((cell) => cell.offsetParent !== null).map((cell) =>
             getComputedStyle(cell, "::before").content.replace(/^"|"$/g, "") + cell.innerText.trim())"""
    )
    for label in ("培训职业：", "批次：", "所在市：", "联系电话："):
        assert any(cell.startswith(label) and len(cell) > len(label) for cell in cells), cells
    box = card.bounding_box()
    assert box is not None and box["width"] <= 390
    name = card.locator("td.gx-card-title")
    assert name.bounding_box()["y"] <= box["y"] + 20  # the name heads the card
    context.close()


@pytest.mark.parametrize("kind", sorted(DIRECTORIES))
def test_filters_sit_above_the_list_reachable_and_outside_any_sideways_scroll(
    view: tuple[str, Any], site_url: str, kind: str
) -> None:
    size, page = view
    open_page(page, site_url, DIRECTORIES[kind])
    controls = page.locator("article .gx-filter-bar :is(select, input)")
    assert controls.count() > 0
    width, height = page.evaluate("[document.documentElement.clientWidth, window.innerHeight]")
    for index in range(controls.count()):
        control = controls.nth(index)
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert box is not None
        assert (
            box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] >= 0 and box["y"] + box["height"] <= height
        )
        assert not control.evaluate(IN_SCROLLED_BOX), (kind, size)
        assert control.evaluate("(c) => !c.closest('table, .md-typeset__scrollwrap')"), (kind, size)


def test_the_chosen_filter_is_kept_in_the_address_and_restored_from_it(view: tuple[str, Any], site_url: str) -> None:
    _size, page = view
    open_page(page, site_url, PAGES["bases"])
    counter = page.locator(".gx-filter-count")
    page.select_option('select[data-filter-key="city"]', "柳州市")
    page.fill("input[data-filter-text]", "学院")
    shown = counter.inner_text()
    assert shown.startswith("显示 ")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"city": ["柳州市"], "find": ["学院"]}
    rows = page.locator("#bases tbody tr:not([hidden])").all_inner_texts()
    shared = page.context.new_page()
    shared.goto(page.url)
    shared.wait_for_selector("html.gx-js", state="attached")
    assert shared.input_value('select[data-filter-key="city"]') == "柳州市"
    assert shared.input_value("input[data-filter-text]") == "学院"
    assert shared.locator("#bases tbody tr:not([hidden])").all_inner_texts() == rows
    assert shared.locator(".gx-filter-count").first.inner_text() == shown
    shared.select_option('select[data-filter-key="city"]', "")
    shared.fill("input[data-filter-text]", "")
    assert urlsplit(shared.url).query == ""
    shared.close()


def test_a_hostile_filter_in_the_address_is_refused_with_a_note_that_does_not_echo_it(
    view: tuple[str, Any], site_url: str
) -> None:
    _size, page = view
    hostile = "<img src=x onerror=alert(1)>" + "长" * 300
    page.goto(f"{site_url}directories/bases/?city={hostile}&level=国家级&find={'x' * 500}")
    page.wait_for_selector("html.gx-js", state="attached")
    note = page.locator(".gx-filter-refused")
    assert note.is_visible()
    text = note.inner_text()
    assert "所在市" in text and "查找" in text and "已忽略" in text
    assert hostile not in text and "长" * 30 not in text and "x" * 30 not in text
    assert page.locator("article img").count() == 0
    assert page.input_value('select[data-filter-key="city"]') == ""
    assert (
        page.input_value('select[data-filter-key="level"]') == "国家级"
    )  # a good value beside a bad one still applies
    assert page.input_value("input[data-filter-text]") == ""


def test_deadlines_put_the_upcoming_first_under_today_and_fold_the_past(view: tuple[str, Any], site_url: str) -> None:
    _size, page = view
    open_page(page, site_url, "deadlines/")
    assert "今天是 2026年12月2日" in page.inner_text(".gx-today")
    dates = page.locator("#deadlines tbody tr").evaluate_all(
        "rows => rows.map(row => row.querySelector('time').getAttribute('datetime'))"
    )
    days = page.locator("#deadlines tbody tr .gx-days-left").all_inner_texts()
    assert len(days) == len(dates) > 0
    first = page.locator("#deadlines tbody tr").first.inner_text()
    assert "还有 8 天" in first and "12月10日" in first  # the yearly base report, every 10 December
    assert "还有 29 天" in page.locator('#deadlines tr[id="2026-public-required"]').inner_text()
    past = page.locator("details.gx-past-deadlines")
    assert past.get_attribute("open") is None
    assert "已过的期限" in past.locator("summary").inner_text()
    past_dates = past.locator("tbody tr time").evaluate_all("times => times.map(t => t.getAttribute('datetime'))")
    assert past_dates and all(date < "2026-12-02" for date in past_dates)
    assert past_dates == sorted(past_dates, reverse=True)  # the most recent first


def test_without_javascript_the_deadlines_read_in_date_order(browser: Any, site_url: str) -> None:
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(site_url + "deadlines/")
    assert page.locator(".gx-no-js-hint").is_visible()
    dates = page.locator("#deadlines tbody td:first-child").evaluate_all(
        "cells => cells.map(cell => cell.getAttribute('data-sort'))"
    )
    assert dates == sorted(dates)
    context.close()


def test_the_first_phone_screen_of_the_home_page_has_the_calculator_and_the_next_deadline(
    browser: Any, site_url: str
) -> None:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **PHONE)
    page = context.new_page()
    page.clock.set_fixed_time(TODAY)
    open_page(page, site_url, "")
    for selector in (".gx-home-calculator", "[data-gx-countdown]", ".gx-next-deadline li.gx-next"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844, selector
    assert page.inner_text("[data-gx-countdown]") == "还有 29 天"
    assert page.get_attribute(".gx-home-calculator", "href").endswith("calculator/")
    context.close()


def test_a_direction_override_in_a_filter_is_quoted_as_an_escape_not_obeyed(
    view: tuple[str, Any], site_url: str
) -> None:
    """?city=%E2%80%AE柳州 evil turned the note around on screen: “。部全示显，略忽已，中表本在不”live 州柳."""
    _size, page = view
    page.goto(f"{site_url}directories/bases/?city=%E2%80%AE%E6%9F%B3%E5%B7%9E%20evil")
    page.wait_for_selector("html.gx-js", state="attached")
    text = page.locator(".gx-filter-refused").inner_text()
    assert "\\u202e柳州 evil" in text and "\u202e" not in text, text


def tab_stops_to(page: Any, selector: str, most: int = 120) -> int | None:
    """How many Tab presses from the top of the page reach `selector` (None: not within `most`)."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return presses
    return None


def test_on_a_phone_the_keyboard_skips_the_closed_drawer_and_its_menu_button_opens_it(
    browser: Any, site_url: str
) -> None:
    """The closed drawer's ~90 links were Tab stops, each focused unseen (92 presses to the calculator's first field);
    Material's ☰ is a <label>, which the keyboard cannot reach."""
    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, service_workers="block", bypass_csp=True
    )
    try:
        page = phone.new_page()
        page.goto(site_url + "calculator/")
        page.wait_for_selector(".gx-drawer-button", state="attached")
        presses = tab_stops_to(page, "#year")
        assert presses is not None and presses < 25, presses
        page.focus(".gx-drawer-button")
        assert page.get_attribute(".gx-drawer-button", "aria-expanded") == "false"
        page.keyboard.press("Enter")
        assert page.is_checked("#__drawer")
        assert page.get_attribute(".gx-drawer-button", "aria-expanded") == "true"
        assert not page.evaluate("document.querySelector('.md-sidebar--primary').inert")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.md-sidebar--primary, .md-header') !== null")
        page.click(".md-overlay", position={"x": 380, "y": 400})
        assert not page.is_checked("#__drawer")
        assert page.evaluate("document.querySelector('.md-sidebar--primary').inert")
        page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
        violations = page.evaluate(
            "async () => (await axe.run('.md-header', {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']}))"
            ".violations.map(v => v.id)"
        )
        assert violations == []
    finally:
        phone.close()
    desk = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}, service_workers="block")
    try:
        page = desk.new_page()
        page.goto(site_url + "calculator/")
        page.wait_for_selector("html.gx-js", state="attached")
        assert not page.evaluate("document.querySelector('.md-sidebar--primary').inert")
        assert page.locator(".gx-drawer-button").is_hidden()
        assert tab_stops_to(page, ".md-sidebar--primary a") is not None  # the side navigation is on screen there
    finally:
        desk.close()


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("city=柳州市&city=桂林市", "所在市（写了 2 次）"),
        ("find=%E4%B8", "查找（编码不完整）"),
    ],
)
def test_a_filter_named_twice_or_half_a_character_is_said_not_applied(
    view: tuple[str, Any], site_url: str, query: str, said: str
) -> None:
    """Only the first city was applied, without a word; %E4%B8 put � into the find box (0 of 44 rows shown)."""
    _size, page = view
    page.goto(f"{site_url}directories/bases/?{query}")
    page.wait_for_selector("html.gx-js", state="attached")
    text = page.locator(".gx-filter-refused").inner_text()
    assert f"网址中的筛选条件{said}无法读取" in text, text
    assert page.input_value('select[data-filter-key="city"]') == ""
    assert page.input_value("input[data-filter-text]") == ""
    assert page.locator("#bases tbody tr:not([hidden])").count() == page.locator("#bases tbody tr").count()
