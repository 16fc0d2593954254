"""Read the built site's search index in tests: each record as javascripts/search.js shows it, each token's postings;
run search.js itself under Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from generator.browser.search_shards import MANIFEST, OUTPUT, decode, fnv1a
from tests.conftest import ROOT

SEARCH_JS = ROOT / "site_config" / "javascripts" / "search.js"


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


def node(script: str, *arguments: str) -> Any:
    """Run search.js under Node (no page: fetch reads the site folder given first), then the script; its JSON output."""
    executable = shutil.which("node")
    assert executable is not None, "Node.js is needed to run site_config/javascripts/search.js"
    prelude = f"""
        const fs = require("fs"), path = require("path");
        globalThis.document = {{ currentScript: null, addEventListener() {{}}, readyState: "complete" }};
        globalThis.location = {{ href: "http://127.0.0.1/", search: "" }};
        globalThis.window = globalThis;
        const site = process.argv[1];
        const asked = [];
        globalThis.fetch = async (url) => {{
          const file = path.join(site, decodeURIComponent(new URL(url).pathname));
          asked.push(new URL(url).pathname);
          if (!fs.existsSync(file)) return {{ ok: false, status: 404 }};
          const text = fs.readFileSync(file, "utf8");
          return {{ ok: true, status: 200, json: async () => JSON.parse(text) }};
        }};
        require({json.dumps(str(SEARCH_JS))});
    """
    done = subprocess.run([executable, "-e", prelude + script, *arguments], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
