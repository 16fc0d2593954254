"""Raw HTML blocks of generated pages kept out of Python-Markdown, which would only copy them unchanged.

The generated pages are HTML blocks (tables, lists, definition lists) between Markdown headings.
Markdown reads every raw HTML block with two HTML parsers (md_in_html's, and MkDocs' collector of
anchor ids) only to write it out as it came: at 100 times the organisations that was the largest
part of the build. `set_aside` swaps each top-level block for a placeholder paragraph before Markdown
runs; `put_back` swaps the placeholders' paragraphs for the blocks afterwards, which is what
Markdown itself does with a raw HTML block. The page is byte for byte the same
(tests/test_html_blocks.py converts every generated page both ways and compares).

A block is set aside only when it is certainly raw HTML to Markdown: a paragraph (lines between
blank lines) made of block-level elements, each starting at the margin and ending with its end tag
at the end of a line, outside any other open HTML block and any fenced code block, and without a
`markdown` attribute (md_in_html would read it). Anything else is left to Markdown; a placeholder that does not come
back as a paragraph of its own stops the build (BlockNotPutBack) rather than lose a block.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from html import unescape

SWITCH = "GX_SET_ASIDE_HTML"
"""Set to 0 to give every block to Markdown (bench/overrides.py measures what setting aside saves)."""


def wanted() -> bool:
    """Whether blocks are set aside in this build (yes unless GX_SET_ASIDE_HTML=0)."""
    return os.environ.get(SWITCH) != "0"


BLOCK_TAGS = ("div", "table", "ul", "ol", "dl", "p", "details", "section", "form", "figure", "nav", "blockquote")
"""Block-level tags that Python-Markdown copies as a raw HTML block when a paragraph starts with one."""

_OPEN = re.compile(r"<(?:" + "|".join(BLOCK_TAGS) + r")[\s>]")
_CLOSE = re.compile(r"</(?:" + "|".join(BLOCK_TAGS) + r")>")
_CLOSE_AT_END = re.compile(r"</(?:" + "|".join(BLOCK_TAGS) + r")>$")
_FENCE = re.compile(r"^[ \t]*(?:```|~~~)", re.MULTILINE)
"""A line that opens or closes a fenced code block: nothing inside one is set aside."""
_ANCHOR_ID = re.compile(r"""<[a-zA-Z][^>]*?\sid="([^"]*)\"""")
_ANCHOR_NAME = re.compile(r"""<a\s[^>]*?\bname="([^"]*)\"""")
PLACEHOLDER = "GXHTMLBLOCK{}X"
"""A paragraph Markdown leaves as it is: `<p>GXHTMLBLOCK3X</p>` in the output."""


class BlockNotPutBack(Exception):
    """A placeholder did not come out of Markdown as a paragraph of its own."""


@dataclass
class SetAside:
    markdown: str
    """The page with each set-aside block replaced by its placeholder."""
    blocks: list[str] = field(default_factory=list)

    def anchor_ids(self) -> set[str]:
        """The blocks' anchors, as MkDocs collects them: every id, and the name of an `<a>`.

        MkDocs checks links to anchors against these.
        """
        found = [name for block in self.blocks for name in (*_ANCHOR_ID.findall(block), *_ANCHOR_NAME.findall(block))]
        return {unescape(name) for name in found}


def set_aside(markdown: str) -> SetAside:
    """Replace every top-level raw HTML block of the page by a placeholder paragraph."""
    paragraphs = markdown.split("\n\n")
    result = SetAside(markdown)
    open_tags = 0
    in_fence = False
    for index, paragraph in enumerate(paragraphs):
        if len(_FENCE.findall(paragraph)) % 2:
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        block = paragraph.rstrip("\n")
        if open_tags == 0 and _is_html_only(block):
            paragraphs[index] = PLACEHOLDER.format(len(result.blocks)) + paragraph[len(block) :]
            result.blocks.append(block)
            continue
        open_tags = max(0, open_tags + _opened_minus_closed(paragraph))
    result.markdown = "\n\n".join(paragraphs)
    return result


def put_back(html: str, blocks: list[str]) -> str:
    """Markdown's output with each placeholder paragraph replaced by its block (`SetAside.blocks`, or a view of them).

    Markdown writes a raw HTML block followed by an empty line, and strips the end of its output.
    """
    if not blocks:
        return html
    pieces = re.split(r"<p>GXHTMLBLOCK([0-9]+)X</p>", html)
    if len(pieces) != 2 * len(blocks) + 1:
        raise BlockNotPutBack(f"{(len(pieces) - 1) // 2} of {len(blocks)} HTML blocks came back")
    for index in range(1, len(pieces), 2):
        pieces[index] = blocks[int(pieces[index])] + "\n"
    return "".join(pieces).rstrip("\n")


def _is_html_only(block: str) -> bool:
    """The block is block-level elements one after the other, each starting at the margin on a line of its own.

    Every element ends with its end tag at the end of a line, no text between them, none asks for Markdown.
    """
    depth = 0
    for line in block.split("\n"):
        starts_element = depth == 0
        if starts_element and (not _OPEN.match(line) or "markdown=" in line[: line.find(">")]):
            return False
        depth += _opened_minus_closed(line)
        if depth < 0 or (depth == 0 and not _CLOSE_AT_END.search(line)):
            return False
    return depth == 0


def _opened_minus_closed(paragraph: str) -> int:
    """How many more block-level elements the paragraph opens than it closes."""
    if "<" not in paragraph:
        return 0
    return len(_OPEN.findall(paragraph)) - len(_CLOSE.findall(paragraph))
