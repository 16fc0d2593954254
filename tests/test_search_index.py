"""The search index's words and records: part-words, dates in any form and phones find what holds them.

The browser cuts queries with site_config/javascripts/search.js; these tests run its queryWords under
Node on the same queries and require the very words generator/browser/search_tokens.py gives.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.browser.search_index import (
    BUILT_INDEX,
    KEYWORD_WEIGHT,
    SCRIPT,
    TITLE_WEIGHT,
    Document,
    SearchIndexError,
    shown,
    weighted_words,
    write_manifest_into_script,
)
from generator.browser.search_records import page_records, tree_records, whole_page_record
from generator.browser.search_tokens import han_word, index_counts, index_words, query_words
from tests.search_index_files import manifest, node, postings, records

QUERIES = [
    "电子科技",
    "续教",
    "技术人员",
    "学",
    "截止",
    "2026年12月31日",
    "2026-12-31",
    "2026/12/31",
    "２０２６年１２月３１日",
    "12月31日",
    "3月31日前",
    "0773-2232253",
    "0771—966111",
    "3237366",
    "90学时",
    "Excel 表格",
    "年度考核 优秀",
    "13月40日",
    "桂人社函〔2026〕196号",
    "",
    "！？",
]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("桂林电子科技大学", "电子科技"),
        ("继续教育", "续教"),
        ("专业技术人员", "技术人员"),
        ("专业技术人员", "技"),
        ("截止日期", "截止"),
        ("应于2026年12月31日前完成", "2026-12-31"),
        ("应于2026年12月31日前完成", "12月31日"),
        ("截止日期：2026-12-31", "2026年12月31日"),
        ("原文：12月31日前", "12月31日"),
        ("联系电话：0773-2232253", "0773-2232253"),
        ("联系电话：0773-2232253", "2232253"),
        ("电话 0771—966111", "0771-966111"),
        ("每年累计不少于90学时", "90学时"),
        ("每年累计不少于９０学时", "90学时"),
    ],
)
def test_a_query_finds_a_text_that_contains_it(text: str, query: str) -> None:
    held = index_words(text)
    wanted = query_words(query)
    assert wanted and all(any(word.startswith(part) for word in held) for part in wanted), (wanted, held)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("桂林理工大学", "电子科技"),
        ("应于2026年12月31日前完成", "2025-12-31"),
        ("应于2026年12月31日前完成", "3月31日"),
        ("联系电话：0773-2232253", "0773-5895107"),
    ],
)
def test_a_query_does_not_find_a_text_without_it(text: str, query: str) -> None:
    held = index_words(text)
    assert not all(any(word.startswith(part) for word in held) for part in query_words(query))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="桂林电子科技大学年月日0123456789-/ 电话Ab．１", max_size=60))
def test_the_counted_words_are_the_index_words_and_the_length_leaves_out_lone_characters(text: str) -> None:
    words = index_words(text)
    counts, length = index_counts(text)
    assert counts == Counter(words)
    assert length == len(words) - sum(1 for word in words if word.startswith("z") and len(word) == 4)


def test_chinese_is_written_as_ascii_words_that_no_word_cutter_splits() -> None:
    assert han_word("电子") == "zcvp7rk"
    assert all(word.isascii() and word.isalnum() for word in index_words("桂林电子科技大学，2026年12月31日"))


def test_the_browser_cuts_queries_exactly_as_the_index_does() -> None:
    found = node(
        "console.log(JSON.stringify(JSON.parse(process.argv[2]).map((query) => window.gxSearch.queryWords(query))));",
        ".",
        json.dumps(QUERIES, ensure_ascii=False),
    )
    assert found == [query_words(query) for query in QUERIES]


def test_a_record_is_indexed_by_title_keywords_and_text_not_by_its_context() -> None:
    document = Document("organisations/x/", "广西大学<script>", "单位", "电话 0771-3237366", "钦州学院", 1.0)
    counts, length = weighted_words(document)
    assert counts[han_word("广西")] == TITLE_WEIGHT and counts[han_word("钦州")] == KEYWORD_WEIGHT
    assert counts["07713237366"] == counts["3237366"] == 1.0 and "script" in counts
    assert han_word("单位") not in counts  # the context is shown, not indexed
    assert counts[han_word("大")] == TITLE_WEIGHT  # every character alone too, for one-character queries
    assert length == 4 + 3 + 4  # 广西 西大 大学 script; 钦州 州学 学院; 电话 0771 3237366 07713237366
    assert shown(document) == [
        "organisations/x/",
        "广西大学<script>",
        "单位",
        "电话 0771-3237366",
    ]  # search.js escapes it


def test_a_table_row_with_an_id_is_a_record_of_its_own_labelled_by_the_header() -> None:
    html = (
        '<article class="md-content__inner md-typeset"><h1 id="t">期限</h1>'
        '<h2 id="all">全部期限<a class="headerlink" href="#all">¶</a></h2><p>按日期排列。</p>'
        "<table><thead><tr><th>截止日期</th><th>事项</th></tr></thead><tbody>"
        '<tr id="d1"><td>2026年12月31日<br><small>原文：12月31日前</small></td><td>完成学习</td></tr>'
        "</tbody></table></article>"
    )
    found = {record.url: record for record in page_records(html, "deadlines/")}
    assert set(found) == {"deadlines/#all", "deadlines/#d1"}
    assert found["deadlines/#all"].text == "按日期排列。" and found["deadlines/#all"].context == "期限"
    row = found["deadlines/#d1"]
    assert row.title == "2026年12月31日 · 完成学习" and row.context == "期限 › 全部期限"
    assert row.text == "截止日期：2026年12月31日 原文：12月31日前；事项：完成学习" and row.row


def test_a_heading_or_row_hidden_when_the_page_opens_is_not_a_result_of_its_own() -> None:
    """The calculator's 多年汇总 shows only once a batch has run: a result there would open on nothing. Its text
    still answers for the section around it, which the visitor sees."""
    html = (
        '<article class="md-content__inner md-typeset"><h1 id="t">计算器</h1>'
        '<h2 id="batch">批量核对</h2><p>上传表格。</p>'
        '<div id="people" hidden><h3 id="people-heading">多年汇总</h3><p>每人一行。</p>'
        '<table><thead><tr><th>姓名</th></tr></thead><tbody><tr id="p1"><td>张三</td></tr></tbody></table></div>'
        '<h2 id="after">之后</h2><p>其他。</p></article>'
    )
    found = {record.url: record for record in page_records(html, "calculator/")}
    assert set(found) == {"calculator/#batch", "calculator/#after"}
    assert found["calculator/#batch"].text == "上传表格。 多年汇总 每人一行。 张三"
    assert found["calculator/#after"].context == "计算器"  # the hidden heading is no section of what follows


@pytest.mark.build
def test_no_result_of_the_built_index_points_into_what_is_hidden_when_its_page_opens(built_site: Path) -> None:
    found = {record["href"]: record for record in records(built_site)}
    assert "calculator/#batch-people-heading" not in found
    batch = [
        record for href, record in found.items() if href.startswith("calculator/#") and "多年汇总" in record["text"]
    ]
    assert batch, "the hidden section's text answers for the section around it"


@pytest.mark.build
def test_the_built_index_has_one_record_per_organisation_clause_and_row(built_site: Path) -> None:
    found = {record["href"]: record for record in records(built_site)}
    organisation = [href for href in found if href.startswith("organisations/guangxi-university/")]
    assert organisation == ["organisations/guangxi-university/"]
    assert found["organisations/beibu-gulf-university/"]["title"] == "北部湾大学"
    assert "钦州学院" in found["organisations/beibu-gulf-university/"]["text"]
    clause = found["notices/2026/#clause-1-1-1"]
    assert clause["title"] == "一、（一）1 学习内容及学时要求" and "人工智能国家战略与政策通识" in clause["text"]
    assert clause["context"].startswith("2026年度继续教育通知 › ") and clause["context"].endswith(
        " › 一、（一） 公需科目"
    )
    assert "directories/bases/#national-1" in found and "deadlines/#2026-public-required" in found
    assert not any(href.startswith(("editors/", "sources/")) for href in found)
    hrefs = [record["href"] for record in records(built_site)]
    beibu = hrefs.index("organisations/beibu-gulf-university/")
    assert beibu in [record for record, _ in postings(built_site, han_word("钦州"))]  # its former name, a keyword
    script = (built_site / "javascripts" / "search.js").read_text(encoding="utf-8")
    assert f"var BUILT_INDEX = {json.dumps(manifest(built_site), sort_keys=True, separators=(',', ':'))};" in script


@pytest.mark.build
def test_an_organisations_page_read_fast_gives_the_same_record_as_its_element_tree(built_site: Path) -> None:
    pages = sorted((built_site / "organisations").glob("*/index.html"))
    assert len(pages) > 50
    for path in pages:
        url = path.relative_to(built_site).as_posix().removesuffix("index.html")
        html = path.read_text(encoding="utf-8")
        fast, (tree,) = whole_page_record(html, url), tree_records(html, url)
        assert fast is not None and (fast.title, fast.text) == (tree.title, tree.text), url


def test_text_inside_links_and_emphasis_stays_joined_to_its_neighbours() -> None:
    html = '<article class="md-content__inner"><h1>通知</h1><p>2026年<a href="#">公需科目</a>必修课</p></article>'
    (record,) = page_records(html, "notices/x/")
    assert record.text == "2026年公需科目必修课"
    assert set(query_words("公需科目必修课")) <= set(index_words(record.text))


def test_the_manifest_goes_into_search_js_once_and_a_script_without_its_line_is_refused(tmp_path: Path) -> None:
    script = tmp_path / SCRIPT
    script.parent.mkdir(parents=True)
    script.write_text(f"{BUILT_INDEX}\nvar other = 1;\n", encoding="utf-8")
    write_manifest_into_script(tmp_path, {"d": "0123456789ab", "n": 3, "s": 1, "v": 1})
    assert script.read_text(encoding="utf-8").startswith('var BUILT_INDEX = {"d":"0123456789ab","n":3,"s":1,"v":1};\n')
    write_manifest_into_script(tmp_path, {"d": "ba9876543210", "n": 4, "s": 1, "v": 1})  # indexed again
    assert (
        script.read_text(encoding="utf-8")
        == 'var BUILT_INDEX = {"d":"ba9876543210","n":4,"s":1,"v":1};\nvar other = 1;\n'
    )
    script.write_text("var other = 1;\n", encoding="utf-8")
    with pytest.raises(SearchIndexError, match="应有且只有一行"):
        write_manifest_into_script(tmp_path, {"d": "0123456789ab", "n": 3, "s": 1, "v": 1})
