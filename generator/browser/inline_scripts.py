"""Scripts written into a page rather than linked: the calculator's script on the calculator page.

A linked script at the end of a page's content is fetched late (browsers hold back such requests until
the page's stylesheets are in) and runs later still; written into the page, it runs as soon as the
parser reaches it, so that a check in the URL is answered sooner (bench/: the first verdict).
The template writes `<script data-src="…">{{ gx_script_text("javascripts/calculator.js") }}</script>`;
data-src names the file, from which the script finds the site's root as it does when linked.
The inline script is allowed by its hash (generator/browser/csp.py), like the theme's.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.exceptions import Abort

SCRIPT_END = re.compile(r"</script", re.IGNORECASE)


class ScriptCannotBeInlined(Abort):
    """The file would end the <script> element early: it holds "</script" (the build stops with this message)."""


def script_text(folder: Path, path: str) -> Markup:
    """The text of folder/path (site_config/, whose files the site publishes), to write as it is inside <script>."""
    text = (folder / path).read_text(encoding="utf-8")
    if SCRIPT_END.search(text):
        raise ScriptCannotBeInlined(f"{path} 含有“</script”，不能直接写进页面：请改写这一处（如 '<\\/script'）")
    return Markup(text)


SWITCH = "GX_INLINE_SCRIPTS"
"""Set to 0 to link the script instead (gx_script_text gives ""; bench/overrides.py measures what inlining saves)."""


def install(env: Any, folder: Path) -> None:
    """Make gx_script_text(path) available to the theme's templates."""
    if os.environ.get(SWITCH) == "0":
        env.globals["gx_script_text"] = lambda path: Markup("")
    else:
        env.globals["gx_script_text"] = lambda path: script_text(folder, path)
