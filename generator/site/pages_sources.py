"""The source texts published with the site: one small page per text of sources/, linked as 原文 from its notice.

A .txt file from a static host comes without a charset (python -m http.server sends plain
`text/plain`, as nginx does by default), and Chromium then reads the UTF-8 text as windows-1252:
every Chinese character garbled. A page can say `<meta charset="utf-8">`, so each text is published
as `sources/<name>.html` with the text in a <pre>, escaped and otherwise exactly as in the file.
The service worker keeps these pages for offline use like every other file of the site.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from pathlib import Path
from typing import Any

from generator.data.model import Data
from generator.data.source_texts import source_path
from generator.links import urls
from generator.links.anchors import document_label
from generator.paths import PROJECT_DIR as ROOT

RENDERING = re.compile(r"_rendering-([a-z])\.txt$")
FAVICON = "assets/images/favicon.png"
"""The site's icon: Material's default theme.favicon (mkdocs.yml sets none), as every other page links it."""

STYLE = (
    "body{margin:1rem auto;max-width:52rem;padding:0 1rem;font-family:system-ui,sans-serif;line-height:1.6}"
    "pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.95rem;line-height:1.7}"
    "span:target{background:#fff3a0;outline:2px solid #e0b000}"
)


def page_path(name: str) -> str:
    """The page of a source text in the built site: 'sources/2026-….txt' → 'sources/2026-….html'."""
    return name.removesuffix(".txt") + ".html"


def rendering_label(name: str) -> str | None:
    """'文本B' for '…_rendering-b.txt' (the name the discrepancies use); None for a document's only text."""
    match = RENDERING.search(name)
    return f"文本{match[1].upper()}" if match else None


def link_text(name: str) -> str:
    label = rendering_label(name)
    return f"原文（{label}）" if label else "原文"


def source_links(document: dict[str, Any], from_src_uri: str) -> list[dict[str, str]]:
    """The 原文 links of a notice or plan page, one per source text, the basis of the text first."""
    return [
        {"name": name, "text": link_text(name), "href": urls.relative(from_src_uri, page_path(name))}
        for name in document["document"]["source_files"]
    ]


def documents_by_text(data: Data) -> dict[str, list[tuple[str, dict[str, Any], str]]]:
    """Each source text named in the data, with (label, document, page src_uri) of the documents it is the source of."""
    found: dict[str, list[tuple[str, dict[str, Any], str]]] = {}
    documents = [(document_label(n, year), n, urls.notice(year)) for year, n in sorted(data.notices.items())]
    documents += [(document_label(plan), plan, urls.plan(stem)) for stem, plan in sorted(data.plans.items())]
    for label, document, src_uri in documents:
        for name in document["document"]["source_files"]:
            found.setdefault(name, []).append((label, document, src_uri))
    return found


def verbatim(text: str) -> str:
    """The text as <pre> content: after parsing, exactly `text` (a carriage return would otherwise become a newline)."""
    return html.escape(text, quote=False).replace("\r", "&#13;")


def numbered(text: str) -> str:
    """The text as <pre> content with each line in <span id="L<n>"> (1-based), so a page can link to a line."""
    lines = text.split("\n")
    return "\n".join(f'<span id="L{number}">{verbatim(line)}</span>' for number, line in enumerate(lines, start=1))


def lines_with(text: str, value: str) -> list[int]:
    """The 1-based numbers of the lines of `text` that print `value` (spaces inside a line ignored)."""
    wanted = re.sub(r"\s+", "", value)
    if not wanted:
        return []
    return [number for number, line in enumerate(_lines_without_spaces(text), start=1) if wanted in line]


@functools.lru_cache(maxsize=None)
def _lines_without_spaces(text: str) -> tuple[str, ...]:
    """The lines of `text` with their spaces removed: worked out once per text (the data-quality page asks for every
    finding, each looking through every source text). Unbounded: a site has a fixed set of texts, and with more than
    a bounded cache held (64; 20 years of copies have ~120) every look recomputed them (18 s of a 30 s build)."""
    return tuple(re.sub(r"\s+", "", line) for line in text.split("\n"))


def link_from(here: str, to: str) -> str:
    """A link from the file `here` ('sources/….html') to a page (src_uri) or a built file, relative to the file's
    folder: urls.relative takes its first argument for a page with a directory URL (one folder deeper)."""
    return urls.relative(posixpath.join(posixpath.dirname(here), "index.md"), to)


def source_page(name: str, text: str, documents: list[tuple[str, dict[str, Any], str]]) -> str:
    here = page_path(name)
    label = rendering_label(name)
    title = f"原文：{documents[0][0]}{f'（{label}）' if label else ''}"
    used_by = "、".join(
        f'<a href="{html.escape(link_from(here, src_uri))}">{html.escape(document["document"]["title"])}</a>'
        for _, document, src_uri in documents
    )
    quality = html.escape(link_from(here, urls.DATA_QUALITY))
    return (
        "<!doctype html>\n"
        '<html lang="zh-CN">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f'<link rel="icon" href="{html.escape(link_from(here, FAVICON))}">\n'
        f"<style>{STYLE}</style>\n"
        "</head>\n"
        "<body>\n"
        "<header>\n"
        f"<h1>{html.escape(title)}</h1>\n"
        f"<p>本站据此文本整理：{used_by}。</p>\n"
        f"<p>文本文件 <code>{html.escape(name)}</code>{f'（{label}）' if label else ''}，逐字照录：原文中的错漏和不一致照原样保留，"
        f'记录在<a href="{quality}">数据质量</a>页。</p>\n'
        "</header>\n"
        "<main>\n"
        f'<pre class="gx-source-text">\n{numbered(text)}</pre>\n'
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )


def source_pages(data: Data, root: Path = ROOT) -> dict[str, str]:
    """{path in the built site: page} for every source text the notices and plans name."""
    return {
        page_path(name): source_page(name, source_path(name, data.folder, root).read_bytes().decode("utf-8"), documents)
        for name, documents in documents_by_text(data).items()
    }
