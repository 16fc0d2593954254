"""The page generator's parts, without building: anchors, links, escaping, changes, deadlines, calendars."""

from __future__ import annotations

from functools import cache

import pytest
from icalendar import Calendar

from generator.data.load import load_data
from generator.data.model import Data
from generator.links import urls
from generator.links.anchors import citation, clause_anchor
from generator.site.calendar_files import calendar_files, calendar_of_year
from generator.site.changes import compare_years, compared_years
from generator.site.deadlines import all_deadlines, deadlines_of_year
from generator.site.pages import generate_pages, navigation
from generator.site.rendering import text
from tests.conftest import DATA


@cache
def data() -> Data:
    return load_data(DATA)


@pytest.mark.parametrize(
    ("clause_id", "anchor"),
    [
        ("一", "clause-1"),
        ("一、（三）", "clause-1-3"),
        ("一、（三）1", "clause-1-3-1"),
        ("十一、（十二）3", "clause-11-12-3"),
        ("二十、（一）", "clause-20-1"),
        ("附件1 二、（三）", "annex-1-2-3"),
        ("附件2 一", "annex-2-1"),
    ],
)
def test_a_clause_id_has_a_stable_ascii_anchor(clause_id: str, anchor: str) -> None:
    assert clause_anchor(clause_id) == anchor


def test_a_text_that_is_not_a_clause_id_has_no_anchor() -> None:
    with pytest.raises(ValueError):
        clause_anchor("第一条")


def test_every_clause_in_the_data_has_a_distinct_anchor_in_its_document() -> None:
    for document in [*data().notices.values(), *data().plans.values()]:
        anchors = [clause_anchor(clause["id"]) for clause in document["clauses"]]
        assert len(anchors) == len(set(anchors))


def test_a_citation_is_the_document_number_and_the_clause_or_the_year_without_a_number() -> None:
    assert citation(data().notices[2026], "一、（三）1") == "桂人社函〔2026〕196号 一、（三）1"
    assert citation(data().notices[2023], "三、（一）") == "2023年通知 三、（一）"


@pytest.mark.parametrize(
    ("source", "target", "anchor", "link"),
    [
        (
            "organisations/guangxi-university.md",
            "directories/bases.md",
            "national-1",
            "../../directories/bases/#national-1",
        ),
        ("index.md", "notices/2026.md", "", "notices/2026/"),
        ("notices/2026.md", "deadlines/2026.ics", "", "../../deadlines/2026.ics"),
        ("deadlines/index.md", "deadlines/2026.ics", "", "2026.ics"),
        ("notices/index.md", "notices/2026.md", "", "2026/"),
        ("notices/2026.md", "index.md", "", "../../"),
        ("notices/2026.md", "notices/2026.md", "summary", "./#summary"),
    ],
)
def test_links_between_pages_are_relative(source: str, target: str, anchor: str, link: str) -> None:
    assert urls.relative(source, target, anchor) == link


def test_the_newest_bases_list_is_at_directories_bases() -> None:
    assert urls.directory(data(), "bases-2026") == "directories/bases.md"
    assert urls.directory(data(), "training-institutions-2026") == "directories/training-institutions-2026.md"


def test_data_text_is_inert_in_markdown_and_html() -> None:
    assert str(text("<script>alert(1)</script>")) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "*" not in text("*强调* _斜_ [链接](x) `代码` #标题 | 表") and "_" not in text("_斜_")
    # Quotes as named entities: a numeric one (&#34;) holds a "#", which would be escaped again and shown as &#34;.
    assert str(text('广西"大学"\'s #1')) == "广西&quot;大学&quot;&apos;s &#35;1"


def test_every_page_the_navigation_names_is_generated_or_hand_written() -> None:
    pages = set(generate_pages(data(), DATA)) | {"index.md", "calculator.md"}

    def entries(items: list[object]) -> list[str]:
        found = []
        for item in items:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    found += entries(value) if isinstance(value, list) else [value]
        return found

    assert set(entries(navigation(data(), has_calculator=True))) <= pages


def test_the_navigation_lists_notices_newest_first_then_the_plan() -> None:
    section = next(
        item["年度通知"] for item in navigation(data(), False) if isinstance(item, dict) and "年度通知" in item
    )
    assert [next(iter(entry.values())) for entry in section[1:]] == [
        "notices/2026.md",
        "notices/2025.md",
        "notices/2023.md",
        "plans/gui-ren-she-fa-2022-15.md",
    ]


def test_generation_is_deterministic() -> None:
    assert generate_pages(data(), DATA) == generate_pages(load_data(DATA), DATA)


def test_the_2026_comparison_finds_the_new_system_url_topic_and_the_moved_city_plan_deadline() -> None:
    comparison = compare_years(data(), 2026)
    assert comparison is not None and comparison.previous == 2025
    changed = {change.topic: change for change in comparison.changed}
    assert changed["信息管理系统网址"].after == "https://gxjxjy.rst.gxzf.gov.cn"
    assert changed["必修课学习主题"].note.startswith("新增 《人工智能国家战略与政策通识》")
    assert "总学时下限" in {change.topic for change in comparison.unchanged}
    moved = {change.topic: change for change in comparison.deadlines}
    assert moved["培训计划于6月30日前报自治区人力资源社会保障厅备案"].before.startswith("2025-05-30")
    training = next(item for item in comparison.lists if item.title.startswith("数字技术工程师培训机构"))
    assert training.added == [] and training.removed == [] and len(training.phones_added) == 44


def test_the_first_year_on_file_has_no_comparison_and_2025_is_compared_with_2023() -> None:
    assert compare_years(data(), 2023) is None
    assert compared_years(data()) == [2026, 2025]
    comparison = compare_years(data(), 2025)
    assert comparison is not None and comparison.previous == 2023


def test_every_deadline_of_notices_plans_and_pilot_tasks_is_collected_once() -> None:
    deadlines = all_deadlines(data())
    keys = [deadline.key for deadline in deadlines]
    assert len(keys) == len(set(keys))
    expected = sum(len(notice["deadlines"]) for notice in data().notices.values())
    expected += sum(len(plan["deadlines"]) for plan in data().plans.values())
    expected += sum(len(pilot["tasks"]) for pilot in data().pilot_units.values())
    assert len(deadlines) == expected
    assert [deadline.date for deadline in deadlines] == sorted(deadline.date for deadline in deadlines)


def test_each_years_calendar_has_that_years_deadlines_with_fixed_stamps_and_uids() -> None:
    files = calendar_files(data(), "https://example.org/site/")
    assert sorted(files) == ["deadlines/2023.ics", "deadlines/2025.ics", "deadlines/2026.ics"]
    calendar = Calendar.from_ical(files["deadlines/2026.ics"])
    events = calendar.walk("VEVENT")
    expected = deadlines_of_year(data(), 2026)
    assert [str(event["uid"]) for event in events] == [f"{d.key}@deadlines.gx-jxjy" for d in expected]
    first = events[0]
    assert first.decoded("dtstart").isoformat() == expected[0].date
    assert str(first["url"]).startswith("https://example.org/site/notices/2026/#clause-")
    assert {event.decoded("dtstamp").date().isoformat() for event in events} == {"2025-05-18"}
    assert calendar_of_year(data(), 2026, "https://example.org/site/") == files["deadlines/2026.ics"]


def test_a_deadline_a_plan_sets_for_every_year_is_in_each_years_calendar_on_that_years_day() -> None:
    """每年12月10日前 (the bases' yearly report, 桂人社发〔2022〕15号 三、（四）), first on the deadlines page, was in no
    calendar file: each year's file has it on its own day, with a UID of its own (files can be imported together)."""
    recurring = [deadline for deadline in all_deadlines(data()) if deadline.recurring]
    assert [deadline.printed for deadline in recurring] == ["每年12月10日前"]
    for year in (2023, 2025, 2026):
        events = Calendar.from_ical(calendar_files(data())[f"deadlines/{year}.ics"]).walk("VEVENT")
        yearly = [event for event in events if str(event["uid"]).startswith(recurring[0].key)]
        assert [(str(event["uid"]), event.decoded("dtstart").isoformat()) for event in yearly] == [
            (f"{recurring[0].key}-{year}@deadlines.gx-jxjy", f"{year}-12-10")
        ]
        assert [event.decoded("dtstart") for event in events] == sorted(event.decoded("dtstart") for event in events)
