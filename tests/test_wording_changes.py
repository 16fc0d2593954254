"""The changes pages show changed wording: old and new text with the differing characters marked."""

from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from generator.data.load import load_data
from generator.site.changes import compare_years
from generator.site.pages_changes import changes_page
from generator.site.wording import marked, years_moved
from tests.conftest import DATA
from tests.site_html import article

DATA_ON_FILE = load_data(DATA)


def joined(segments: list[tuple[str, str]], dropped: str) -> str:
    return "".join(text for kind, text in segments if kind != dropped)


@given(
    st.text(alphabet="专业技术人员必备重要条件的，。<&>", max_size=40),
    st.text(alphabet="专业技术人员必备重要条件的，。<&>", max_size=40),
)
def test_the_marked_texts_give_back_both_texts(old: str, new: str) -> None:
    before, after = marked(old, new)
    assert joined(before, "ins") == old and joined(after, "del") == new
    assert all(kind in ("same", "del") for kind, _ in before) and all(kind in ("same", "ins") for kind, _ in after)


def test_a_changed_word_is_marked_in_both_texts() -> None:
    before, after = marked("申请评定上一级资格的必备条件。", "申请评定上一级资格的重要条件。")
    assert ("del", "必备") in before and ("ins", "重要") in after


def test_a_text_that_only_moved_on_by_the_years_between_notices_is_no_change() -> None:
    assert years_moved("完成2025年公需科目必修课学习考试", "完成2026年公需科目必修课学习考试", 1)
    assert not years_moved("2022年至2024年未完成", "2022年至2025年未完成", 1)


def test_2026_shows_the_new_scope_of_the_annual_review_bar_and_important_instead_of_required() -> None:
    comparison = compare_years(DATA_ON_FILE, 2026)
    assert comparison is not None
    items = {(item.group, item.topic): item for item in comparison.wording}
    title = items[("结果使用", "职称评定")]
    assert ("del", "必备") in title.old and any(kind == "ins" and "重要" in text for kind, text in title.new)
    review = items[("结果使用", "年度考核")]
    assert "国家机关、事业单位和社会团体的" in joined(review.old, "ins")
    assert (review.old_source, review.new_source) == ("一、（三）2", "一、（三）2")
    assert ("期限", "完成2026年公需科目必修课学习考试") not in items


def test_wording_from_the_data_is_escaped_in_the_page() -> None:
    data = copy.deepcopy(DATA_ON_FILE)
    for item in data.notices[2026]["consequences"]:
        if item["id"] == "professional-title":
            item["text"] = item["text"].replace("重要", "<script>alert(1)</script>&")
    page = changes_page(data, 2026)
    assert "<script>alert(1)" not in page
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt;&amp;</ins>" in page


def test_the_built_changes_page_has_old_and_new_side_by_side_with_marks(built_site: Path) -> None:
    content = article(built_site, "changes/2026/")
    blocks = content.find_all("div", class_="gx-wording")
    assert blocks
    title = next(block for block in blocks if "职称评定" in block.text())
    assert [d.text() for d in title.find("div", class_="gx-wording-old").find_all("del")]
    assert "重要" in "".join(i.text() for i in title.find("div", class_="gx-wording-new").find_all("ins"))
    cites = {a.text() for a in title.find_all("a", class_="gx-cite")}
    assert {"桂人社函〔2025〕80号 一、（三）2", "桂人社函〔2026〕196号 一、（三）2"} <= cites
