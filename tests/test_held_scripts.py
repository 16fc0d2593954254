"""The theme's scripts held on the calculator page (generator/browser/held_scripts.py), started by theme.js."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.browser.csp import inline_script_hashes
from generator.browser.held_scripts import UnexpectedScriptsBlock, held_scripts


def test_the_scripts_block_becomes_a_list_of_its_scripts_in_order() -> None:
    block = """
      <script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>
        <script src="../javascripts/site.js"></script>
        <script src="../javascripts/extra.mjs" type="module"></script>
        <script src="../javascripts/late.js" defer async></script>
    """
    assert held_scripts(block) == [
        {"src": "../assets/javascripts/bundle.a5f9d56c.min.js"},
        {"src": "../javascripts/site.js"},
        {"src": "../javascripts/extra.mjs", "type": "module"},
        {"src": "../javascripts/late.js", "defer": True, "async": True},
    ]


@pytest.mark.parametrize(
    "block",
    [
        '<script src="a.js"></script><script>inline()</script>',
        '<script src="a.js" integrity="sha384-x"></script>',
        "<!-- nothing -->",
        "",
    ],
)
def test_anything_but_plain_script_tags_stops_the_build_with_a_message(block: str) -> None:
    # A script the page could not start later would be lost from the page without a word.
    with pytest.raises(UnexpectedScriptsBlock) as refused:
        held_scripts(block)
    assert "main.html 的 scripts 块需要更新" in str(refused.value)


def test_the_calculator_page_holds_the_theme_scripts_and_other_pages_link_them(built_site: Path) -> None:
    html = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="gx-theme-scripts">(.*?)</script>', html, re.S)
    assert block is not None
    sources = [script["src"] for script in json.loads(block.group(1))]
    other = (built_site / "faq" / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r'<script src="([^"]+)"></script>', other)
    # The same scripts in the same order as on every other page, but for calculator.js (written into the page).
    assert sources == [source for source in linked if not source.endswith("javascripts/calculator.js")]
    assert sources[0].startswith("../assets/javascripts/bundle.")
    assert not re.search(r"<script[^>]*\ssrc=", html), "no script of the calculator page is linked"
    # A data block is not run: the policy has no hash for it.
    assert inline_script_hashes(block.group(0)) == []
