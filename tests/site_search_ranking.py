"""Search the built site as its search box does: Material's own worker under Node (tests/material_search.mjs).

`search_pages(site, queries)` gives, per query, the pages in the order the search box lists them
(each page once, as a URL path such as 'faq/' or 'notices/2026/').
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "material_search.mjs"


def search_pages(site: Path, queries: list[str]) -> dict[str, list[str]]:
    node = shutil.which("node")
    assert node is not None, "Node.js is needed to run Material's search worker"
    completed = subprocess.run(
        [node, str(SCRIPT), str(site), json.dumps(queries, ensure_ascii=False)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    locations: dict[str, list[str]] = json.loads(completed.stdout)
    result: dict[str, list[str]] = {}
    for query, found in locations.items():
        pages: list[str] = []
        for location in found:
            page = location.split("#")[0]
            if page not in pages:
                pages.append(page)
        result[query] = pages
    return result
