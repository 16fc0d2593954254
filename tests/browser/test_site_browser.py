"""The site in Chromium: filtering and sorting tables, deadlines counted from today (search: test_search.py).

Every test also checks that the page asked nothing of another origin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest

from generator.data.load import load_data
from tests.conftest import DATA

pytestmark = pytest.mark.browser

Page = Any


def visible_rows(page: Page, table: str) -> list[list[str]]:
    rows: list[list[str]] = page.eval_on_selector_all(
        f"#{table} tbody tr:not([hidden])",
        "rows => rows.map(row => Array.from(row.cells, cell => cell.textContent.trim()))",
    )
    return rows


def test_filtering_training_institutions_by_occupation_and_city_leaves_only_those_rows(
    page: Page, site_url: str, third_party_requests: list[str]
) -> None:
    entries = load_data(DATA).directories["training-institutions-2026"]["entries"]
    page.goto(site_url + "directories/training-institutions-2026/")
    page.select_option("select[data-filter-key=occupation]", "数据安全工程技术人员")
    rows = visible_rows(page, "institutions")
    expected = [entry["name"] for entry in entries if entry["occupation"] == "数据安全工程技术人员"]
    assert [row[1] for row in rows] == expected
    assert page.text_content(".gx-filter-count") == f"显示 {len(expected)} / {len(entries)} 行"

    page.select_option("select[data-filter-key=city]", "南宁市")
    rows = visible_rows(page, "institutions")
    assert rows and all(row[0] == "数据安全工程技术人员" and row[3] == "南宁市" for row in rows)
    assert len(rows) < len(expected)

    page.select_option("select[data-filter-key=occupation]", "")
    page.select_option("select[data-filter-key=city]", "")
    assert len(visible_rows(page, "institutions")) == len(entries)
    assert third_party_requests == []


def test_filtering_bases_by_level_and_batch_and_finding_a_phone(
    page: Page, site_url: str, third_party_requests: list[str]
) -> None:
    page.goto(site_url + "directories/bases/")
    page.select_option("select[data-filter-key=level]", "国家级")
    assert {row[0] for row in visible_rows(page, "bases")} == {"国家级"}
    assert len(visible_rows(page, "bases")) == 7
    page.select_option("select[data-filter-key=level]", "自治区级")
    page.select_option("select[data-filter-key=batch]", "第十一批")
    assert {row[3] for row in visible_rows(page, "bases")} == {"第十一批"}

    page.select_option("select[data-filter-key=batch]", "")
    page.select_option("select[data-filter-key=level]", "")
    page.fill("input[data-filter-text]", "0773-2232253")
    assert [row[2] for row in visible_rows(page, "bases")] == ["桂林电子科技大学", "桂林电子科技大学"]
    assert third_party_requests == []


def test_batch_choices_are_in_batch_order_and_clicking_a_header_sorts_the_rows(
    page: Page, site_url: str, third_party_requests: list[str]
) -> None:
    page.goto(site_url + "directories/bases/")
    choices = page.eval_on_selector_all("select[data-filter-key=batch] option", "options => options.map(o => o.value)")
    assert choices[:3] == ["", "—", "第一批"] and choices[-1] == "第十一批"
    page.select_option("select[data-filter-key=level]", "自治区级")
    page.click("#bases th:nth-child(4) button")  # 批次, ascending by batch number, not by text
    batches = [row[3] for row in visible_rows(page, "bases")]
    assert batches[0] == "第一批" and batches[-1] == "第十一批"
    page.click("#bases th:nth-child(4) button")
    assert visible_rows(page, "bases")[0][3] == "第十一批"
    assert page.get_attribute("#bases th:nth-child(4)", "aria-sort") == "descending"
    assert third_party_requests == []


def test_a_filter_given_in_the_address_is_applied_on_arrival(
    page: Page, site_url: str, third_party_requests: list[str]
) -> None:
    page.goto(site_url + "directories/training-institutions-2026/?occupation=" + quote("区块链工程技术人员"))
    assert [row[1] for row in visible_rows(page, "institutions")] == ["桂林电子科技大学"]
    assert third_party_requests == []


def test_tables_are_enhanced_again_after_instant_navigation(
    page: Page, site_url: str, third_party_requests: list[str]
) -> None:
    page.goto(site_url)
    page.click(".gx-home-links a:has-text('名录')")
    page.click("article a:has-text('继续教育基地')")
    page.wait_for_selector("#bases")
    assert page.locator(".gx-filter-bar select").count() == 4
    assert third_party_requests == []


def test_the_home_page_counts_the_days_to_the_next_deadline_from_today(
    page: Page, site_url: str, third_party_requests: list[str]
) -> None:
    page.clock.set_fixed_time("2026-01-15T10:00:00")
    page.goto(site_url)
    assert page.text_content("[data-gx-countdown]") == "还有 75 天"  # to 2026-03-31, the 2025 registration
    visible = page.eval_on_selector_all(
        "[data-gx-next-deadline] li:not([hidden])", "items => items.map(i => i.getAttribute('data-date'))"
    )
    assert visible[0] == "2026-03-31" and "2025-12-31" not in visible
    assert third_party_requests == []


def test_past_deadlines_are_greyed_and_the_next_one_marked(
    page: Page, site_url: str, third_party_requests: list[str]
) -> None:
    page.clock.set_fixed_time("2026-07-01T10:00:00")
    page.goto(site_url + "deadlines/")
    # Past ones are folded below the table (details.gx-past-deadlines), the upcoming ones stay, nearest first.
    past = page.eval_on_selector_all(
        ".gx-past-deadlines tr.gx-past", "rows => rows.map(r => r.getAttribute('data-date'))"
    )
    assert past and all(date < "2026-07-01" for date in past)
    assert page.locator("#deadlines tr.gx-past").count() == 0
    # The next one is the yearly base report (every 10 December), before 2026-12-31.
    assert page.get_attribute("#deadlines tbody tr:first-child", "class") == "gx-next"
    assert page.get_attribute("#deadlines tr.gx-next", "data-every") == "12-10"
    assert third_party_requests == []


PAST_ROW = "2023-professional-registration"
"""A deadline of 2023: folded with the past ones (details.gx-past-deadlines) by site.js."""
ROW_SHOWN = """id => {
  const row = document.getElementById(id);
  if (!row || row.closest('details:not([open])')) return false;
  const box = row.getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.top < innerHeight;
}"""


def arrive_at_past_row(page: Page, site_url: str, way: str) -> None:
    """Make the address name the past row, in one of the ways an address gets a fragment."""
    if way == "a fresh load":
        page.goto(f"{site_url}deadlines/#{PAST_ROW}")
        return
    if way == "instant navigation":
        page.goto(site_url)
        page.evaluate(
            "href => { const a = document.createElement('a'); a.href = href; a.textContent = '期限';"
            " document.querySelector('article').prepend(a); }",
            f"{site_url}deadlines/#{PAST_ROW}",
        )
        page.click(f"article a[href='{site_url}deadlines/#{PAST_ROW}']")
        page.wait_for_selector("details.gx-past-deadlines", state="attached")
        return
    page.goto(site_url + "deadlines/")
    page.wait_for_selector("details.gx-past-deadlines", state="attached")
    if way == "a hashchange":
        page.evaluate(f"location.hash = '{PAST_ROW}'")
    else:  # a link on the page itself
        page.evaluate(
            "id => { const a = document.createElement('a'); a.href = '#' + id; a.textContent = '2023年的登记';"
            " document.querySelector('article').prepend(a); }",
            PAST_ROW,
        )
        page.click(f"article a[href='#{PAST_ROW}']")


@pytest.mark.parametrize("way", ["a fresh load", "instant navigation", "a hashchange", "a link on the same page"])
def test_an_address_naming_a_folded_past_deadline_opens_its_fold_and_shows_the_row(
    page: Page, site_url: str, third_party_requests: list[str], way: str
) -> None:
    page.clock.set_fixed_time("2026-12-02T10:00:00")
    arrive_at_past_row(page, site_url, way)
    page.wait_for_url(f"{site_url}deadlines/#{PAST_ROW}")
    page.wait_for_function(ROW_SHOWN, arg=PAST_ROW, timeout=5_000)
    assert page.get_attribute("details.gx-past-deadlines", "open") is not None
    assert third_party_requests == []


def found_rows(page: Page, table: str, text: str) -> list[str]:
    """The names of the rows the find box leaves for the text."""
    page.fill("input[data-filter-text]", text)
    names: list[str] = page.eval_on_selector_all(
        f"#{table} tbody tr:not([hidden]) .gx-card-title", "cells => cells.map(cell => cell.textContent.trim())"
    )
    return names


def test_the_find_box_reads_full_width_digits_and_phones_without_their_separators(
    page: Page, site_url: str, third_party_requests: list[str]
) -> None:
    page.goto(site_url + "directories/bases/")
    area = found_rows(page, "bases", "0771")
    assert len(area) > 10
    assert found_rows(page, "bases", "０７７１") == area
    university = found_rows(page, "bases", "0771-3237366")
    assert "广西大学" in university
    assert found_rows(page, "bases", "07713237366") == university
    assert found_rows(page, "bases", "0771 3237366") == university
    assert found_rows(page, "bases", "０７７３－２２３２２５３") == ["桂林电子科技大学", "桂林电子科技大学"]
    assert third_party_requests == []


def test_the_find_box_finds_an_organisation_by_its_other_names(
    page: Page, site_url: str, third_party_requests: list[str]
) -> None:
    """北部湾大学's page lists 钦州学院 among its other names; the organisations index found nothing for it."""
    page.goto(site_url + "organisations/")
    assert found_rows(page, "organisations", "钦州学院") == ["北部湾大学"]
    assert third_party_requests == []


def test_a_directory_page_without_javascript_shows_the_whole_table(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "directories/training-institutions-2026/")
    assert page.locator("#institutions tbody tr").count() == 44
    assert page.locator(".gx-filter-bar").count() == 0
    assert page.is_visible(".gx-no-js-hint")
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "notices/2026/",
        "directories/bases/",
        "directories/training-institutions-2026/",
        "organisations/guilin-university-of-electronic-technology/",
        "deadlines/",
        "changes/2026/",
    ],
)
def test_the_page_content_has_no_serious_accessibility_problem(
    serious_accessibility_problems: Callable[..., list[str]], path: str
) -> None:
    assert serious_accessibility_problems(path, fixed_time="2026-07-01T10:00:00") == []  # some deadlines past


def test_printing_shows_the_folded_past_deadlines(page: Any, site_url: str) -> None:
    """The printout left out the 15 past deadlines (folded; the page says they are below the table)."""
    page.goto(site_url + "deadlines/")
    page.wait_for_selector("details.gx-past-deadlines", state="attached")
    assert page.eval_on_selector("details.gx-past-deadlines", "details => details.open") is False
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what Chromium sends before it prints
    assert page.eval_on_selector("details.gx-past-deadlines", "details => details.open") is True
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.eval_on_selector("details.gx-past-deadlines", "details => details.open") is False


def test_the_headers_tabs_have_enough_contrast(browser: Any, site_url: str) -> None:
    """Material's inactive tabs (70 % white on indigo, 4.28:1) failed axe's color-contrast on every page at 1366 px."""
    from tests.conftest import ROOT

    context = browser.new_context(
        locale="zh-CN", bypass_csp=True, service_workers="block", viewport={"width": 1366, "height": 900}
    )
    try:
        page = context.new_page()
        page.goto(site_url + "faq/")
        page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
        violations = page.evaluate(
            """async () => (await axe.run('.md-tabs', {runOnly: ['color-contrast']})).violations
                 .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"""
        )
        assert violations == []
    finally:
        context.close()


def test_the_404_page_passes_axe(browser: Any, site_url: str) -> None:
    """Its 搜索本站 was a <label> given role=button (no role is allowed on a label): now a real button. Material's
    page-loading bar (on every page) had no name; it stands outside the landmarks where Material puts it (axe's
    best-practice "region", left as the theme has it)."""
    from tests.conftest import ROOT

    context = browser.new_context(locale="zh-CN", bypass_csp=True, service_workers="block")
    try:
        page = context.new_page()
        page.goto(site_url + "404.html")
        page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
        violations = page.evaluate(
            """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}))
                 .violations.filter(v => !(v.id === 'region' && v.nodes.every(n => n.target.join(' ') === '.md-progress')))
                 .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"""
        )
        assert violations == []
    finally:
        context.close()
