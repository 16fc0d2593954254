"""The search index of the built site: Chinese cut into the words people search for, editors' page left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.browser.search_worker_fix import FIXED

pytestmark = pytest.mark.build

ZERO_WIDTH_SPACE = "\u200b"


def index(site: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return result


def words(site: Path) -> set[str]:
    """Every word of every title and text, split as the browser splits them (jieba's cuts are U+200B)."""
    found: set[str] = set()
    for doc in index(site)["docs"]:
        for field in (doc["title"], doc["text"]):
            for chunk in field.replace(ZERO_WIDTH_SPACE, " ").split():
                found.add(chunk)
    return found


@pytest.mark.parametrize(
    "word",
    [
        "专业科目",
        "公需科目",
        "补学补考",
        "必修课",
        "信息管理系统",
        "双基地",
        "数据安全工程技术人员",
        "桂林电子科技大学",
    ],
)
def test_domain_terms_occupations_and_names_are_whole_words_in_the_index(built_site: Path, word: str) -> None:
    assert word in words(built_site)


def test_the_index_separates_words_with_zero_width_spaces_as_the_config_says(built_site: Path) -> None:
    config = index(built_site)["config"]
    assert config["lang"] == ["zh"] and "\\u200b" in config["separator"]


def test_the_editors_page_is_not_searchable(built_site: Path) -> None:
    locations = {doc["location"] for doc in index(built_site)["docs"]}
    assert not any(location.startswith("editors/") for location in locations)
    assert any(location.startswith("organisations/") for location in locations)


def test_the_built_search_worker_searches_a_whole_word_query_whole(built_site: Path) -> None:
    (worker,) = (built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    assert FIXED in worker.read_text(encoding="utf-8")


def test_the_newest_notice_and_lists_are_boosted_and_aliases_are_tags(built_site: Path) -> None:
    docs = index(built_site)["docs"]
    boosts = {doc["location"].split("#")[0]: doc.get("boost") for doc in docs}
    assert boosts["notices/2026/"] == 2 and boosts["notices/2025/"] is None
    assert boosts["directories/training-institutions-2026/"] == 2
    tags = {doc["location"]: doc.get("tags") for doc in docs}
    assert "广西师范学院" in tags["organisations/nanning-normal-university/"]
