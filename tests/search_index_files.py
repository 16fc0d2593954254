"""Read the built site's search index in tests: each record as javascripts/search.js shows it, each token's postings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.browser.search_shards import MANIFEST, OUTPUT, decode, fnv1a


def manifest(site: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((site / OUTPUT / MANIFEST).read_text(encoding="utf-8"))
    return found


def folder(site: Path) -> Path:
    return site / OUTPUT / manifest(site)["d"]


def records(site: Path) -> list[dict[str, Any]]:
    """Every record, by id: href, title, context and text (what the results list shows)."""
    index = manifest(site)
    found = []
    for number in range(index["n"]):
        url, title, context, text = json.loads((folder(site) / "r" / f"{number}.json").read_text(encoding="utf-8"))
        found.append({"href": url, "title": title, "context": context, "text": text})
    return found


def postings(site: Path, token: str) -> list[tuple[int, int]]:
    """The (record id, level) pairs of a token, read as search.js reads them: its own file if the manifest lists it,
    else its shard."""
    index = manifest(site)
    if token in index["b"].split():
        text: str = json.loads((folder(site) / "t" / f"{token}.json").read_text(encoding="utf-8"))
        return decode(text)
    shard = json.loads((folder(site) / "p" / f"{fnv1a(token) % index['s']}.json").read_text(encoding="utf-8"))
    return decode(shard.get(token, ""))
