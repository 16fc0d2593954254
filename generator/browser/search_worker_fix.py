"""Fix two things in Material's search worker so Chinese queries are searched the way the index was cut.

1. Material 9.8.1 segments a Chinese query against the words of the index, but only tries substrings
   that end before the query's last character (`o<t.length`): 专业科目 is searched as 专业*, and
   桂林电子科技大学 as 桂林*. Changing that comparison to `<=` in the built copy of the worker lets
   the jieba words of our user dictionary match whole.
2. The index cuts every run of Chinese characters off from the digits and letters around it (jieba
   sees only the Chinese runs), but the worker puts the segmented run back in place: 90学时 is
   searched as the one term 90学时*, which no word of the index starts with. The fix puts spaces
   around the segmented run, so 90学时 is searched as 90* 学时*, like the index holds it.

Only the built copy of the worker is changed; the theme itself is not.
"""

from __future__ import annotations

import re
from pathlib import Path

BUGGY = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"
FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"

HAN_RUN_IN_PLACE = re.compile(r'(\w+)=>\[\.\.\.(\w+)\(\1,this\.index\.invertedIndex\)\]\.join\("\* "\)')
"""The worker's replacement of a Chinese run by its segments (`s=>[...fe(s,this.index.invertedIndex)].join("* ")`)."""
HAN_RUN_SPACED = '{0}=>" "+[...{1}({0},this.index.invertedIndex)].join("* ")+" "'
"""The same, with a space on either side: the run becomes words of its own."""
HAN_RUN_SPACED_PATTERN = re.compile(r'(\w+)=>" "\+\[\.\.\.(\w+)\(\1,this\.index\.invertedIndex\)\]\.join\("\* "\)\+" "')

WORKERS = Path("assets") / "javascripts" / "workers"


class SearchWorkerChanged(Exception):
    """Material's worker no longer has the code we fix: check the fix against the new version."""


def fixed_worker_text(text: str, name: str = "search worker") -> str:
    """The worker's code with both fixes applied (unchanged if already fixed); SearchWorkerChanged if not found."""
    if FIXED not in text:
        if BUGGY not in text:
            raise SearchWorkerChanged(
                f"{name} 中找不到要修正的分词代码（Material 升级了？）：请检查 generator/browser/search_worker_fix.py"
            )
        text = text.replace(BUGGY, FIXED, 1)
    if HAN_RUN_SPACED_PATTERN.search(text) is None:
        text, count = HAN_RUN_IN_PLACE.subn(lambda match: HAN_RUN_SPACED.format(match[1], match[2]), text, count=1)
        if count != 1:
            raise SearchWorkerChanged(
                f"{name} 中找不到替换中文查询分词的代码（Material 升级了？）：请检查 generator/browser/search_worker_fix.py"
            )
    return text


def fix_search_worker(site_dir: Path) -> list[Path]:
    """Patch every search worker in the built site; raise SearchWorkerChanged if the code is not found."""
    fixed = []
    for worker in sorted((site_dir / WORKERS).glob("search.*.min.js")):
        text = worker.read_text(encoding="utf-8")
        new_text = fixed_worker_text(text, str(worker))
        if new_text != text:
            worker.write_text(new_text, encoding="utf-8")
        fixed.append(worker)
    if not fixed:
        raise SearchWorkerChanged(f"{site_dir / WORKERS} 中没有 Material 的搜索 worker")
    return fixed
