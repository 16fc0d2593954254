"""Material's scripts on the calculator page, held as data until the calculator has answered.

On a cold load of the calculator page Material's bundle and the site's scripts ran while the calculator's
worker was starting, and its first answer waited for them (bench/: ~40 ms of the first verdict). On that page
the template writes them as a JSON data block instead of <script> elements:

    <script type="application/json" id="gx-theme-scripts">[{"src": "../assets/javascripts/bundle….js"}, …]</script>

and javascripts/calculator/theme.js starts them, in the same order, once the calculator is ready or has failed,
at the person's first touch or key, or after a few seconds at the latest. A data block is not run, so the
Content-Security-Policy (generator/browser/csp.py) needs no hash for it; the scripts themselves are files of
this site, allowed by 'self' as before.
"""

from __future__ import annotations

import os
import re
from typing import Any

from mkdocs.exceptions import Abort

SCRIPT_TAG = re.compile(
    r'<script src="(?P<src>[^"<>]+)"(?: type="(?P<type>[^"<>]+)")?(?P<defer> defer)?(?P<async> async)?></script>'
)
"""A script as Material's base.html (its bundle) and MkDocs' script_tag filter (extra_javascript) write it."""

ELEMENT_ID = "gx-theme-scripts"
"""The data block's id; javascripts/calculator/theme.js reads it."""

SWITCH = "GX_HOLD_THEME_SCRIPTS"
"""Set to 0 to link the scripts as Material does (gx_held_scripts gives None; bench/overrides.py measures both)."""


class UnexpectedScriptsBlock(Abort):
    """The theme's scripts block holds something other than script tags (the build stops with this message)."""


def held_scripts(block: str) -> list[dict[str, Any]]:
    """The scripts of the theme's rendered scripts block, in order: src, and type, defer, async where set.

    Anything else in the block stops the build: a script silently left out would leave the page without it."""
    scripts: list[dict[str, Any]] = []
    position = 0
    for match in SCRIPT_TAG.finditer(block):
        _refuse_text_between(block[position : match.start()])
        script: dict[str, Any] = {"src": match.group("src")}
        if match.group("type"):
            script["type"] = match.group("type")
        if match.group("defer"):
            script["defer"] = True
        if match.group("async"):
            script["async"] = True
        scripts.append(script)
        position = match.end()
    _refuse_text_between(block[position:])
    if not scripts:
        raise UnexpectedScriptsBlock("计算器页面：主题的 scripts 块中没有找到脚本（main.html 的 scripts 块需要更新）")
    return scripts


def _refuse_text_between(text: str) -> None:
    if text.strip():
        raise UnexpectedScriptsBlock(
            f"计算器页面：主题的 scripts 块中有无法推迟运行的内容“{text.strip()[:60]}”（main.html 的 scripts 块需要更新）"
        )


def install(env: Any) -> None:
    """Make gx_held_scripts(block) available to the theme's templates (None when switched off)."""
    if os.environ.get(SWITCH) == "0":
        env.globals["gx_held_scripts"] = lambda block: None
    else:
        env.globals["gx_held_scripts"] = lambda block: held_scripts(str(block))
