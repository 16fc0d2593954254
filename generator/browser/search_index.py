"""The site's search index: the built pages' records, weighted, written as small files into site/search/.

Each record (generator/browser/search_records.py) is indexed by its words (generator/browser/search_tokens.py)
in weighted parts: the title and the record's keywords weigh most, then the text (the context, page ›
section, is shown but not indexed: it repeats on every record of a page). Keywords come from the data: an
organisation's other names (钦州学院) on its page, a year's required course on the clause that sets it, 截止
on every deadline. generator/browser/search_shards.py writes the postings and the records as shown (title,
context, text) for site_config/javascripts/search.js.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from generator.browser.search_records import MAX_TEXT, Record, page_records
from generator.browser.search_shards import OUTPUT, Postings, write_index
from generator.browser.search_tokens import index_counts
from generator.data.model import Data
from generator.links import anchors, urls

log = logging.getLogger("mkdocs.hooks.gx.search")

NOT_INDEXED = ("editors/", "sources/", "404.html")
"""The editors' pages, the source texts (the notices' pages hold the same clauses) and the 404 page."""
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
"""The largest weight of a word."""


class SearchIndexError(Exception):
    """The index could not be written (message in Chinese)."""


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


def weighted_words(document: Document) -> tuple[dict[str, float], int]:
    """The record's words with their weighted counts (title, keywords, text), and its length in words (pairs,
    letters and digits, dates: its lone characters not counted)."""
    counts: dict[str, float] = {}
    length = 0
    for text, weight in (
        (document.title, document.title_weight),
        (document.keywords, KEYWORD_WEIGHT),
        (document.text, document.text_weight),
    ):
        weight = min(MAX_WEIGHT, weight * document.boost)
        words, words_length = index_counts(text)
        for word, count in words.items():
            counts[word] = counts.get(word, 0.0) + count * weight
        length += words_length
    return counts, length


def shown(document: Document) -> list[str]:
    """What the results list shows of a record: URL (with its anchor), title, context, text (cut to MAX_TEXT)."""
    text = document.text if len(document.text) <= MAX_TEXT else document.text[:MAX_TEXT] + "…"
    return [document.url or "./", document.title, document.context, text]


SCRIPT = "javascripts/search.js"
BUILT_INDEX = "var BUILT_INDEX = null;"
"""The line of search.js that gets the manifest of the index built with it (a query then needs no request for it)."""
_BUILT_INDEX = re.compile(r"var BUILT_INDEX = (?:null|\{[^;\n]*\});")
"""The line as in site_config/, or with a manifest already written (the site indexed again)."""


def write_manifest_into_script(site_dir: Path, manifest: dict[str, int | str]) -> None:
    script = site_dir / SCRIPT
    if not script.is_file():
        return  # a site without our search box (the benchmarks' bare floor has none)
    text = script.read_text(encoding="utf-8")
    if len(_BUILT_INDEX.findall(text)) != 1:
        raise SearchIndexError(f"{SCRIPT} 中应有且只有一行 `{BUILT_INDEX}`（生成时在此写入搜索索引的清单）")
    line = f"var BUILT_INDEX = {json.dumps(manifest, sort_keys=True, separators=(',', ':'))};"
    script.write_text(_BUILT_INDEX.sub(lambda _: line, text), encoding="utf-8")


def index_documents(site_dir: Path, docs: list[Document]) -> dict[str, int | str]:
    """Write site_dir/search/ for these records (search_shards.write_index); returns its manifest."""
    postings = Postings()
    for document in docs:
        postings.add(*weighted_words(document))
    return write_index(site_dir, postings, (shown(document) for document in docs))


def write_search_index(site_dir: Path, data: Data | None) -> int:
    """Index the built site into site_dir/search/ and its manifest into javascripts/search.js; the number of records."""
    site_dir = Path(site_dir).resolve()
    docs = documents(site_dir, data)
    try:
        manifest = index_documents(site_dir, docs)
    except OSError as error:
        raise SearchIndexError(f"搜索索引未能写入 {site_dir / OUTPUT}：{error.strerror or error}") from None
    write_manifest_into_script(site_dir, manifest)
    log.info(f"搜索索引：{len(docs)} 条记录，{manifest['s']} 个分片")
    return len(docs)
