"""Read the built site's Pagefind index in tests: each record as javascripts/search.js shows it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


def read_pagefind_file(path: Path) -> bytes:
    """A Pagefind file's content: gzip, then a 12-byte signature."""
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE), path
    return data[len(SIGNATURE) :]


def records(site: Path) -> list[dict[str, Any]]:
    """Every record: href and title (Pagefind metadata), context and text (metadata too)."""
    found = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        meta = json.loads(read_pagefind_file(path))["meta"]
        found.append(
            {
                "href": meta["href"],
                "title": meta["title"],
                "context": meta.get("context", ""),
                "text": meta.get("text", ""),
            }
        )
    return found
