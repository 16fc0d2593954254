"""The search view of a generated page (generator/site/search_view.py) gives the search index the same sections and text."""

from __future__ import annotations

import re

import pytest
from material.plugins.search.plugin import Parser

from generator.site.html_blocks import put_back, set_aside
from generator.site.search_view import as_search_leaves_it, search_view
from tests.site_markdown import convert, generated_pages


def sections(html: str) -> list[tuple[str | None, str, str]]:
    """What Material's search parser makes of the HTML: each section's id, title and text (runs of whitespace as one)."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [
        (section.id, "".join(section.title).strip(), re.sub(r"\s+", " ", "".join(section.text)).strip())
        for section in parser.data
        if not section.is_excluded()
    ]


@pytest.mark.parametrize("path", sorted(generated_pages()))
def test_the_search_view_of_every_generated_page_has_the_same_sections_titles_and_texts(path: str) -> None:
    aside = set_aside(generated_pages()[path])
    html = convert(aside.markdown)
    page = put_back(html, aside.blocks)
    view = put_back(html, [search_view(block) for block in aside.blocks])
    assert sections(view) == sections(page)
    if aside.blocks:
        assert len(view) < len(page)


def test_the_view_keeps_text_and_the_tags_search_keeps_without_their_attributes() -> None:
    block = (
        '<table id="t"><tr data-level="国家级"><td><a href="x/">广西大学</a></td>'
        '<td><span class="gx-none" title="原文未列">—</span></td></tr></table>\n'
        '<ul class="gx-list"><li><strong>注意</strong>：<code>x&lt;y</code> H<sub>2</sub>O</li></ul>\n'
        '<pre class="p"><code>a\n  b</code></pre>\n<p class="gx-note">完</p>'
    )
    assert (
        search_view(block)
        == "广西大学—\n<ul><li>注意：<code>x&lt;y</code> H<sub>2</sub>O</li></ul>\n<pre><code>a\n  b</code></pre>\n<p>完</p>"
    )


@pytest.mark.parametrize(
    "block",
    [
        '<div><h3 id="x">标题</h3><p>文字</p></div>',
        "<div data-search-exclude><p>不进索引</p></div>",
        "<div><script>var x = 1;</script></div>",
        '<table class="linenodiv"><tr><td>1</td></tr></table>',
    ],
)
def test_a_block_with_anything_the_search_parser_treats_specially_is_left_whole(block: str) -> None:
    assert search_view(block) == block


def test_the_page_put_back_loses_the_data_search_attributes_as_the_search_plugin_would_remove_them() -> None:
    assert as_search_leaves_it('<div data-search-exclude="yes" id="a">x</div>') == '<div id="a">x</div>'
    assert as_search_leaves_it('<div id="a">x</div>') == '<div id="a">x</div>'
