"""The search results a built page offers: one per organisation page, per titled section or clause, per table row.

Read from the built HTML (what a visitor sees), not from the data: a clause heading (h2–h6 with an
id) starts a record that runs to the next heading; a table row with an id (a directory's row, a
deadline) is a record of its own, its cells labelled by the table's header (截止日期：2026年12月31日；
事项：…), and left out of its section's text, so a table never comes back as one wall of names; an
organisation's page is one record. Each record has the page's URL with the anchor, a title, the
context (page › section) and the text shown under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

HEADING = re.compile(r"h[1-6]")
SKIPPED_TAGS = {"script", "style", "template", "svg", "button", "select", "input", "textarea"}
SKIPPED_CLASSES = {"headerlink", "gx-no-js-hint", "gx-back"}
BLOCK_TAGS = {"p", "li", "dt", "dd", "div", "tr", "br", "table", "ul", "ol", "dl", "pre", "blockquote", "small"}
WHOLE_PAGE = re.compile(r"^organisations/[^/]+/$")
"""Pages that are one record each: an organisation's page answers for its name."""
MAX_TEXT = 1500
"""Characters of a record's text kept for display (the index holds all of it)."""


@dataclass
class Node:
    tag: str
    attributes: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set(self.attributes.get("class", "").split())

    def text(self) -> str:
        parts: list[str] = []
        _collect_text(self, parts)
        return squash("".join(parts))


@dataclass
class Record:
    url: str
    title: str
    context: str
    text_parts: list[str] = field(default_factory=list)
    row: bool = False
    """A table row's record (a directory entry, a deadline)."""

    @property
    def text(self) -> str:
        return squash(" ".join(self.text_parts))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _skipped(node: Node) -> bool:
    return node.tag in SKIPPED_TAGS or bool(node.classes() & SKIPPED_CLASSES)


def _collect_text(node: Node, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif not _skipped(child):
            if child.tag in BLOCK_TAGS:
                parts.append(" ")
            _collect_text(child, parts)
            if child.tag in BLOCK_TAGS or child.tag in ("td", "th"):
                parts.append(" ")


VOID_TAGS = frozenset(
    {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "col", "area", "base", "embed", "track"}
)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def article(html: str) -> Node | None:
    """The page's content: Material's <article class="md-content__inner">."""
    start = html.find('<article class="md-content__inner')
    end = html.rfind("</article>")
    if start < 0 or end < start:
        return None
    return parse(html[start : end + len("</article>")])


def _cell_title(cell: Node) -> str:
    """A cell's text without its <small> notes (原文：…)."""
    return Node(
        cell.tag, {}, [child for child in cell.children if not (isinstance(child, Node) and child.tag == "small")]
    ).text()


def _header_cells(table: Node) -> list[str]:
    for row in _descendants(table, "tr"):
        cells = [cell for cell in row.children if isinstance(cell, Node) and cell.tag in ("th", "td")]
        if cells and all(cell.tag == "th" for cell in cells):
            return [cell.text() for cell in cells]
    return []


def _descendants(node: Node, tag: str) -> list[Node]:
    found: list[Node] = []
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                found.append(child)
            found.extend(_descendants(child, tag))
    return found


class _Splitter:
    def __init__(self, page_url: str, page_title: str, whole: bool) -> None:
        self.page_url = page_url
        self.page_title = page_title
        self.whole = whole
        self.headings: list[tuple[int, str]] = []
        self.records: list[Record] = []
        self.current = Record(page_url, page_title, "")
        self.records.append(self.current)
        self.header: list[str] = []

    def context(self) -> str:
        return " › ".join([self.page_title, *(title for _, title in self.headings)])

    def walk(self, node: Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                self.current.text_parts.append(child)
                continue
            if _skipped(child):
                continue
            if HEADING.fullmatch(child.tag) and child.tag != "h1" and not self.whole:
                self.heading(child)
            elif HEADING.fullmatch(child.tag) and child.tag == "h1":
                continue
            elif child.tag == "table":
                saved = self.header
                self.header = _header_cells(child)
                self.current.text_parts.append(" ")
                self.walk(child)
                self.header = saved
            elif child.tag == "tr" and child.attributes.get("id") and not self.whole:
                self.row(child)
            elif child.tag == "thead":
                continue
            else:
                block = child.tag in BLOCK_TAGS or child.tag in ("td", "th")
                if block:
                    self.current.text_parts.append(" ")
                self.walk(child)
                if block:
                    self.current.text_parts.append(" ")

    def heading(self, node: Node) -> None:
        level = int(node.tag[1])
        title = node.text()
        self.headings = [(lvl, text) for lvl, text in self.headings if lvl < level]
        anchor = node.attributes.get("id")
        context = self.context()
        self.headings.append((level, title))
        if anchor:
            self.current = Record(f"{self.page_url}#{anchor}", title, context)
            self.records.append(self.current)
        else:
            self.current.text_parts.append(f" {title} ")

    def row(self, node: Node) -> None:
        cells = [cell for cell in node.children if isinstance(cell, Node) and cell.tag in ("td", "th")]
        texts = [cell.text() for cell in cells]
        labelled = [
            f"{self.header[i]}：{text}" if i < len(self.header) and self.header[i] else text
            for i, text in enumerate(texts)
            if text
        ]
        short = [_cell_title(cell) for cell in cells]
        names = [i for i, label in enumerate(self.header[: len(short)]) if "名称" in label and short[i]]
        if names:
            first = short[0] if names[0] != 0 else ""
            title = " · ".join(text for text in (short[names[0]], first) if text)
        else:
            title = " · ".join(text for text in short[:2] if text) or self.page_title
        record = Record(
            f"{self.page_url}#{node.attributes['id']}", title, self.context(), ["；".join(labelled)], row=True
        )
        self.records.append(record)


def page_records(html: str, page_url: str) -> list[Record]:
    """The records of one built page (page_url relative to the site root, e.g. 'notices/2026/')."""
    content = article(html)
    if content is None:
        return []
    h1 = _descendants(content, "h1")
    page_title = h1[0].text() if h1 else page_url
    splitter = _Splitter(page_url, page_title, bool(WHOLE_PAGE.match(page_url)))
    splitter.walk(content)
    return [record for record in splitter.records if record.title and (record.text or record.url != page_url)]
