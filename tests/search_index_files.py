"""Read the built site's Pagefind index in tests: each record's metadata, as search.js receives it."""

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
    """Every record's fragment (meta: href, title, context, text)."""
    return [
        json.loads(read_pagefind_file(path)) for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    ]
