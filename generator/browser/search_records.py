"""The search results a built page offers: one per organisation page, per titled section or clause, per table row.

Read from the built HTML (what a visitor sees), not from the data: a clause heading (h2–h6 with an
id) starts a record that runs to the next heading; a table row with an id (a directory's row, a
deadline) is a record of its own, its cells labelled by the table's header (截止日期：2026年12月31日；
事项：…), and left out of its section's text, so a table never comes back as one wall of names; an
organisation's page is one record. Each record has the page's URL with the anchor, a title, the
context (page › section) and the text shown under it.

A heading or row inside an element hidden when the page opens (the `hidden` attribute: the calculator's
多年汇总, shown once a batch has run) is no record of its own: a result there would open on nothing. Its
text stays in the record of the section around it, which the visitor sees and where it appears.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

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
        return squash("".join(self.text_parts))


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
_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|([^<]+)|<", re.DOTALL)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def _attributes(text: str) -> dict[str, str]:
    return {
        match[1].lower(): html.unescape(match[2] or match[3] or match[4] or "") for match in _ATTRIBUTE.finditer(text)
    }


def parse(markup: str) -> Node:
    """The element tree of generated HTML (well-formed, as MkDocs and our templates write it).

    A regular-expression scanner, not html.parser: several times faster on pages of thousands of rows.
    An end tag closes the nearest open element of its name; text is unescaped.
    """
    root = Node("root", {})
    stack = [root]
    for match in _TOKEN.finditer(markup):
        closing, tag, attributes, text = match.group(1), match.group(2), match.group(3), match.group(4)
        if text is not None:
            stack[-1].children.append(html.unescape(text) if "&" in text else text)
        elif tag is None:
            if match.group(0) == "<":
                stack[-1].children.append("<")
            continue
        elif closing:
            tag = tag.lower()
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].tag == tag:
                    del stack[depth:]
                    break
        else:
            node = Node(tag.lower(), _attributes(attributes) if attributes.strip() else {})
            stack[-1].children.append(node)
            if node.tag not in VOID_TAGS and not attributes.rstrip().endswith("/"):
                stack.append(node)
    return root


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
        self.hidden = 0
        """How many elements hidden when the page opens the walk is inside."""

    def context(self) -> str:
        return " › ".join([self.page_title, *(title for _, title in self.headings)])

    def walk(self, node: Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                self.current.text_parts.append(child)
                continue
            if _skipped(child):
                continue
            if "hidden" in child.attributes:
                self.hidden += 1
                self.current.text_parts.append(" ")
                self.walk(child)
                self.current.text_parts.append(" ")
                self.hidden -= 1
            elif HEADING.fullmatch(child.tag) and child.tag != "h1" and self.hidden:
                self.current.text_parts.append(f" {child.text()} ")
            elif HEADING.fullmatch(child.tag) and child.tag != "h1" and not self.whole:
                self.heading(child)
            elif HEADING.fullmatch(child.tag) and child.tag == "h1":
                continue
            elif child.tag == "table":
                saved = self.header
                self.header = _header_cells(child)
                self.current.text_parts.append(" ")
                self.walk(child)
                self.header = saved
            elif child.tag == "tr" and child.attributes.get("id") and not self.whole and not self.hidden:
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


_SKIPPED_ELEMENT = re.compile(
    r"<(script|style|template|svg|button|select|textarea)\b.*?</\1>"
    r'|<thead\b.*?</thead>|<a class="headerlink"[^>]*>.*?</a>|<p class="gx-back">.*?</p>|<p class="gx-no-js-hint">.*?</p>',
    re.DOTALL,
)
_BLOCK_TAG = re.compile(
    r"</?(?:" + "|".join(sorted(BLOCK_TAGS | {"td", "th", "h1", "h2", "h3", "h4", "h5", "h6"})) + r")\b[^>]*>"
)
_ANY_TAG = re.compile(r"<[^>]*>")
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)


def _plain(markup: str) -> str:
    return squash(html.unescape(_ANY_TAG.sub("", _BLOCK_TAG.sub(" ", markup))))


def whole_page_record(page_html: str, page_url: str) -> Record | None:
    """A page that is one record (an organisation's), read without building its tree: the same text, faster
    (a hundred times the organisations are thousands of such pages; tests compare both readings)."""
    start = page_html.find('<article class="md-content__inner')
    end = page_html.rfind("</article>")
    if start < 0 or end < start:
        return None
    content = _SKIPPED_ELEMENT.sub(" ", page_html[start:end])
    h1 = _H1.search(content)
    title = _plain(h1.group(1)) if h1 else page_url
    text = _plain(content[: h1.start()] + " " + content[h1.end() :]) if h1 else _plain(content)
    return Record(page_url, title, "", [text])


def page_records(html: str, page_url: str) -> list[Record]:
    """The records of one built page (page_url relative to the site root, e.g. 'notices/2026/')."""
    if WHOLE_PAGE.match(page_url):
        record = whole_page_record(html, page_url)
        return [record] if record is not None and record.title else []
    return tree_records(html, page_url)


def tree_records(html: str, page_url: str) -> list[Record]:
    """The records of a page read as an element tree (an organisation's page too: one record)."""
    content = article(html)
    if content is None:
        return []
    h1 = _descendants(content, "h1")
    page_title = h1[0].text() if h1 else page_url
    splitter = _Splitter(page_url, page_title, bool(WHOLE_PAGE.match(page_url)))
    splitter.walk(content)
    return [record for record in splitter.records if record.title and (record.text or record.url != page_url)]
