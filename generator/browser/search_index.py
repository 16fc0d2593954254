"""The site's search index, written by Pagefind into site/pagefind/ after MkDocs has built every page.

Each record (generator/browser/search_records.py) goes to Pagefind as a small HTML document of its
words (generator/browser/search_tokens.py) in weighted parts: the title and the record's keywords
weigh most, then the text (the context, page › section, is shown but not indexed: it repeats on
every record of a page and would only make the index chunks a query loads larger). Keywords come from the data: an organisation's other
names (钦州学院) on its page, a year's required course on the clause that sets it, 截止 on every
deadline. The readable title, context and text travel as Pagefind metadata, for the results list
(site_config/javascripts/search.js). Only the files a search loads are kept (no Pagefind UI, no
Pagefind worker: the search runs on the page, the index being small).
"""

from __future__ import annotations

import html
import logging
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.browser.search_records import MAX_TEXT, Record, page_records
from generator.browser.search_tokens import index_words
from generator.data.model import Data
from generator.links import anchors, urls

log = logging.getLogger("mkdocs.hooks.gx.search")

OUTPUT = "pagefind"
NOT_INDEXED = ("editors/", "sources/", "404.html")
"""The editors' pages, the source texts (the notices' pages hold the same clauses) and the 404 page."""
KEPT = ("pagefind.js", "pagefind-entry.json")
KEPT_SUFFIXES = (".pf_meta", ".pagefind")
KEPT_FOLDERS = ("index", "fragment")
DEADLINE_WORDS = "截止 截止日期 期限 到期 最后期限"
DEADLINES = "deadlines/"
DEADLINES_TABLE = "all"
"""The deadlines page and its table's section: where 截止 should lead."""

TITLE_WEIGHT = 5.0
ROW_TITLE_WEIGHT = 2.0
"""A row's title is its own cells (an organisation's name in a list): the organisation's page should come first."""
KEYWORD_WEIGHT = 10.0
TEXT_WEIGHT = 1.0
PAGE_WEIGHTS = {"changes/": 0.4, "": 0.3, "calculator/": 0.6, "directories/": 0.6, "organisations/": 0.8}
"""Weight of the text by page: the lists of changes and the home page repeat what the notices say."""
NEWEST_NOTICE_BOOST = 1.3
OLDER_NOTICE_BOOST = 0.6
"""Every part of a notice's records weighs this much more or less: the year's notice answers before earlier
years' for the words they share (专业科目, 补学补考), titles included."""
MAX_WEIGHT = 10.0
"""Pagefind's largest weight."""


class SearchIndexError(Exception):
    """Pagefind could not write the index (message in Chinese)."""


@dataclass
class Document:
    url: str
    title: str
    context: str
    text: str
    keywords: str
    text_weight: float
    title_weight: float = TITLE_WEIGHT
    boost: float = 1.0


def page_url(site_dir: Path, path: Path) -> str:
    relative = path.relative_to(site_dir).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def keywords(data: Data) -> dict[str, list[str]]:
    """Words that should find a record first: organisations' other names, each year's required course, the
    name and occupations of the newest list of each kind (继续教育基地, 数据安全工程技术人员 → the list)."""
    found: dict[str, list[str]] = {}
    newest: dict[str, str] = {}
    for stem, directory in data.directories.items():
        kind = directory["kind"]
        if kind not in newest or urls.directory_year(data, stem) > urls.directory_year(data, newest[kind]):
            newest[kind] = stem
    for stem in newest.values():
        occupations = {row["occupation"] for row in data.directories[stem].get("entries", []) if row.get("occupation")}
        title = re.sub(r"（\d{4}）$", "", urls.directory_title(data, stem))
        found[urls.page_url(urls.directory(data, stem))] = [title, *sorted(occupations)]
    for organisation_id, organisation in data.organisations.items():
        page = urls.page_url(urls.organisation(organisation_id))
        found.setdefault(page, []).extend([organisation["name"], *organisation["aliases"]])
    for year, notice in data.notices.items():
        required = notice["rules"]["public_required"]
        try:
            anchor = anchors.clause_anchor(required["source"])
        except ValueError:
            continue
        found.setdefault(f"{urls.page_url(urls.notice(int(year)))}#{anchor}", []).extend(required["topics"])
    return found


def boost(url: str, newest_notice: str) -> float:
    page = url.split("#")[0]
    if not page.startswith("notices/"):
        return 1.0
    return NEWEST_NOTICE_BOOST if page == newest_notice else OLDER_NOTICE_BOOST


def text_weight(url: str) -> float:
    page = url.split("#")[0]
    if page == "":
        return PAGE_WEIGHTS[""]
    for prefix, weight in PAGE_WEIGHTS.items():
        if prefix and page.startswith(prefix):
            return weight
    return TEXT_WEIGHT


def documents(site_dir: Path, data: Data | None) -> list[Document]:
    extra = keywords(data) if data is not None else {}
    newest = urls.page_url(urls.notice(max(int(year) for year in data.notices))) if data and data.notices else ""
    result = []
    for path in sorted(site_dir.rglob("*.html")):
        url = page_url(site_dir, path)
        if url.startswith(NOT_INDEXED) or url.startswith(f"{OUTPUT}/"):
            continue
        for record in page_records(path.read_text(encoding="utf-8"), url):
            words = list(extra.get(record.url, []))
            if url == DEADLINES and (record.row or record.url == f"{DEADLINES}#{DEADLINES_TABLE}"):
                words.append(DEADLINE_WORDS)
            result.append(_document(record, " ".join(words), newest))
    return result


def _document(record: Record, words: str, newest_notice: str) -> Document:
    title_weight = ROW_TITLE_WEIGHT if record.row else TITLE_WEIGHT
    weight = text_weight(record.url)
    extra = boost(record.url, newest_notice)
    return Document(record.url, record.title, record.context, record.text, words, weight, title_weight, extra)


def record_html(document: Document) -> str:
    """The document Pagefind indexes: the words in weighted parts; the readable parts only to be shown.

    All four are Pagefind metadata, which its fragment carries. Pagefind also cuts metadata into words
    (jieba) and indexes them: words our queries never ask for (they are ASCII words, search_tokens.py),
    in index chunks of their own that a query never loads. (Filter values are not indexed, but Pagefind
    writes filters in hash-map order, so two builds of the same site would differ; base64 in metadata
    was slower still.)
    """

    def part(text: str, weight: float) -> str:
        weight = round(min(MAX_WEIGHT, weight * document.boost), 2)
        return f'<p data-pagefind-weight="{weight}">{" ".join(index_words(text))}</p>' if text else ""

    def shown(kind: str, name: str, value: str) -> str:
        return f'<span data-pagefind-{kind}="{name}">{html.escape(value)}</span>' if value else ""

    text = document.text if len(document.text) <= MAX_TEXT else document.text[:MAX_TEXT] + "…"
    readable = (
        shown("meta", "href", document.url or "./")
        + shown("meta", "title", document.title)
        + shown("meta", "context", document.context)
        + shown("meta", "text", text)
    )
    body = (
        part(document.title, document.title_weight)
        + part(document.keywords, KEYWORD_WEIGHT)
        + part(document.text, document.text_weight)
    )
    return f'<!DOCTYPE html><html lang="zh"><head></head><body>{body}<div data-pagefind-ignore>{readable}</div></body></html>'


def _write(output: Path, docs: list[Document]) -> None:
    """Run Pagefind's command (the extended binary from PyPI) over the records written as files.

    Its Python API answers one call per 0.1 s (it polls), too slow for thousands of records; the command
    indexes a folder in parallel. The record's URL (with its anchor) is its `href` metadata.
    """
    with tempfile.TemporaryDirectory(prefix="gx-search-") as folder:
        for number, document in enumerate(docs):
            (Path(folder) / f"{number:06d}.html").write_text(record_html(document), encoding="utf-8")
        command = [sys.executable, "-m", "pagefind", "--site", folder, "--output-path", str(output)]
        command += ["--force-language", "zh", "--silent"]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise SearchIndexError(
            f"搜索索引未能生成（Pagefind 退出码 {completed.returncode}）：{detail[-1] if detail else ''}"
        )


def prune(output: Path) -> None:
    """Remove what a search never loads: Pagefind's UI, its highlighter, its worker, the playground."""
    for path in list(output.iterdir()):
        if path.is_dir():
            if path.name not in KEPT_FOLDERS:
                shutil.rmtree(path)
        elif path.name not in KEPT and not path.name.endswith(KEPT_SUFFIXES):
            path.unlink()


def write_search_index(site_dir: Path, data: Data | None) -> int:
    """Index the built site into site_dir/pagefind/; returns the number of records."""
    site_dir = Path(site_dir).resolve()
    output = site_dir / OUTPUT
    if output.exists():
        shutil.rmtree(output)
    docs = documents(site_dir, data)
    _write(output, docs)
    count = len(docs)
    if not (output / "pagefind.js").is_file():
        raise SearchIndexError(f"搜索索引未能生成：{output}/pagefind.js 不存在")
    prune(output)
    log.info(f"搜索索引：{count} 条记录（Pagefind）")
    return count
