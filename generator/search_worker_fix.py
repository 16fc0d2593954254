"""Fix one comparison in Material's search worker so a Chinese query that is a whole indexed word is searched whole.

Material 9.8.1 segments a Chinese query against the words of the index, but only tries substrings
that end before the query's last character (`o<t.length`): 专业科目 is searched as 专业*, and
桂林电子科技大学 as 桂林*. Changing that comparison to `<=` in the built copy of the worker lets
the jieba words of our user dictionary match whole. The theme itself is not changed.
"""

from __future__ import annotations

from pathlib import Path

BUGGY = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"
FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"
WORKERS = Path("assets") / "javascripts" / "workers"


class SearchWorkerChanged(Exception):
    """Material's worker no longer has the code we fix: check the fix against the new version."""


def fix_search_worker(site_dir: Path) -> list[Path]:
    """Patch every search worker in the built site; raise SearchWorkerChanged if the code is not found."""
    fixed = []
    for worker in sorted((site_dir / WORKERS).glob("search.*.min.js")):
        text = worker.read_text(encoding="utf-8")
        if FIXED not in text:
            if BUGGY not in text:
                raise SearchWorkerChanged(
                    f"{worker} 中找不到要修正的分词代码（Material 升级了？）：请检查 generator/search_worker_fix.py"
                )
            worker.write_text(text.replace(BUGGY, FIXED, 1), encoding="utf-8")
        fixed.append(worker)
    if not fixed:
        raise SearchWorkerChanged(f"{site_dir / WORKERS} 中没有 Material 的搜索 worker")
    return fixed
