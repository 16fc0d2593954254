"""HTML blocks kept out of Markdown (generator/site/html_blocks.py): the same page, byte for byte, for less work."""

from __future__ import annotations

import pytest

from generator.site.html_blocks import BlockNotPutBack, put_back, set_aside
from tests.site_markdown import convert, generated_pages


def through_set_aside(text: str) -> str:
    aside = set_aside(text)
    return put_back(convert(aside.markdown), aside.blocks)


@pytest.mark.parametrize("path", sorted(generated_pages()))
def test_every_generated_page_converts_to_the_same_html_with_its_blocks_set_aside(path: str) -> None:
    text = generated_pages()[path]
    assert through_set_aside(text) == convert(text)


def test_the_tables_and_lists_of_generated_pages_are_set_aside() -> None:
    """Nearly all of a generated page is HTML: if the blocks stopped being found, the build would slow down."""
    for path, text in generated_pages().items():
        aside = set_aside(text)
        assert text.count("<table") == sum(block.count("<table") for block in aside.blocks), path
    pages = generated_pages()
    set_aside_characters = sum(len(block) for text in pages.values() for block in set_aside(text).blocks)
    assert set_aside_characters > 0.8 * sum(map(len, pages.values()))


@pytest.mark.parametrize(
    "text",
    [
        "# T\n\n<p>a</p>\n\n## H { #h }\n\n<table>\n<tr><td>x</td></tr>\n</table>\n\n<p>b</p>\n",
        "<p>first</p>\n\n<p>last</p>",
        'text\n\n<div class="x">\n<ul>\n<li>a</li>\n</ul>\n</div>\n\ntext2\n\n\n<ol><li>z</li></ol>\n',
    ],
)
def test_small_pages_convert_to_the_same_html(text: str) -> None:
    assert through_set_aside(text) == convert(text)


def test_a_block_inside_an_html_block_left_open_across_blank_lines_stays_with_markdown() -> None:
    text = '<div class="outer">\n\n<table><tr><td>x</td></tr></table>\n\n</div>\n\n<p>after</p>\n'
    aside = set_aside(text)
    assert aside.blocks == ["<p>after</p>"]
    assert through_set_aside(text) == convert(text)


def test_a_block_inside_a_fenced_code_block_stays_code() -> None:
    text = "```html\n<p>first</p>\n\n<table><tr><td>x</td></tr></table>\n```\n\n<p>after</p>\n"
    aside = set_aside(text)
    assert aside.blocks == ["<p>after</p>"]
    assert through_set_aside(text) == convert(text)


def test_a_block_that_asks_for_markdown_inside_it_stays_with_markdown() -> None:
    text = '<div markdown="1">\n**bold**\n</div>\n\n<p>after</p>\n'
    assert set_aside(text).blocks == ["<p>after</p>"]
    assert through_set_aside(text) == convert(text)


def test_indented_html_and_text_led_paragraphs_are_not_set_aside() -> None:
    text = '!!! note "N"\n\n    <p>in the note</p>\n\nsome text\n<p>joined</p>\n\n- item\n\n    <p>in the item</p>\n'
    assert set_aside(text).blocks == []
    assert through_set_aside(text) == convert(text)


def test_the_anchors_of_set_aside_blocks_are_every_id_and_the_names_of_links() -> None:
    aside = set_aside('<table id="bases"><tr id="row-1"><td><a name="old">x</a><input name="q"></td></tr></table>\n')
    assert aside.anchor_ids() == {"bases", "row-1", "old"}


def test_a_placeholder_that_does_not_come_back_as_a_paragraph_stops_the_build() -> None:
    aside = set_aside("<p>a</p>\n\n<p>b</p>\n")
    with pytest.raises(BlockNotPutBack, match="1 of 2"):
        put_back("<p>GXHTMLBLOCK0X</p>\n<pre>GXHTMLBLOCK1X</pre>", aside.blocks)
