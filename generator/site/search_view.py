"""What the search plugin reads of a generated page: its HTML blocks without the tags search ignores.

Material's search plugin parses each page's HTML in Python and keeps only the text, the headings
and a few tags (p, li, ol, ul, code, pre, sub, sup). Our tables and lists make that parse cost
twice the whole rest of a large build: each row's tr, td, a and span tags go through the parser
one by one to be dropped. The search view drops them beforehand, with one regular expression per
block, so the plugin reads runs of text. The index holds the same sections, titles and texts
(tests/test_search_view.py parses every generated page both ways; only runs of whitespace may differ).

Only blocks set aside from Markdown (generator/site/html_blocks.py) are viewed this way, and only those
without headings or anything the plugin treats specially (`data-search-exclude`, scripts, styles,
objects, line-number tables): the page around them, headings included, is what Markdown wrote.
"""

from __future__ import annotations

import re

KEPT_BY_SEARCH = ("p", "li", "ol", "ul", "code", "pre", "sub", "sup")
"""The tags Material's search parser writes into the index text (material/plugins/search/plugin.py, Parser.keep)."""

_DROPPED_TAG = re.compile(r"</?(?!(?:" + "|".join(KEPT_BY_SEARCH) + r")[\s>/])[a-zA-Z][^>]*>")
_KEPT_TAG_ATTRIBUTES = re.compile(r"<(" + "|".join(KEPT_BY_SEARCH) + r")\s[^>]*>")
_SPECIAL = re.compile(r"<(?:h[1-6]|script|style|object)[\s>]|data-search-|linenodiv")
_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
"""The attributes the search plugin removes from every page after reading it (Material's on_page_context)."""


def search_view(block: str) -> str:
    """The block as the search plugin needs it: text and kept tags only; the block itself when it has anything special."""
    if _SPECIAL.search(block):
        return block
    return _KEPT_TAG_ATTRIBUTES.sub(r"<\1>", _DROPPED_TAG.sub("", block))


def as_search_leaves_it(html: str) -> str:
    """The page as Material's search plugin leaves page.content after indexing it (its data-search-* attributes gone)."""
    return _SEARCH_ATTRIBUTE.sub("", html) if "data-search-" in html else html
