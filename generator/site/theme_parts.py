"""Material's navigation and tabs rendered once per folder for the pages outside the navigation.

Every page carries the whole navigation (and the tabs) with links relative to the page. A page that is
not in the navigation (an organisation's page, say) marks nothing in it as active, so all such pages
in one folder get the same HTML: rendering it once per folder saves about a third of the theme's work
on a site of many organisations. The overrides partials/nav.html and partials/tabs.html include
partials/gx-shared-part.html, which asks `gx_shared_parts` for the part and otherwise includes
Material's own template, reachable as "material/…".
The site is byte for byte the same: tests/test_theme_parts.py builds it again with GX_SHARE_THEME_PARTS=0
(every part rendered for every page) and compares.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2
import material

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


class SharedParts:
    """The parts rendered so far in this build, by part and folder."""

    def __init__(self, enabled: bool = True) -> None:
        self.parts: dict[str, str] = {}
        self.enabled = enabled

    def key(self, name: str, page: Any, nav: Any) -> str | None:
        """The part's key for this page; None when the page is in the navigation (or is no page).

        Also None when a navigation page lies under this page's URL: its link would not be the same
        from this page as from the page's neighbours.
        """
        if not self.enabled or page is None or nav is None or not getattr(page, "url", None):
            return None
        url = page.url
        if any(item.url.startswith(url) for item in nav.pages):
            return None
        folder = url.rstrip("/").rpartition("/")[0]
        return f"{name}:{folder}/"

    def get(self, key: str | None) -> str | None:
        return self.parts.get(key) if key else None

    def remember(self, key: str | None, html: str) -> str:
        if key:
            self.parts[key] = html
        return html


def install(env: jinja2.Environment) -> None:
    """Give the theme's templates Material's own templates as "material/…" and a fresh SharedParts.

    MkDocs makes a new environment for each build (and each rebuild of `mkdocs serve`), so this runs once per environment.
    """
    assert env.loader is not None
    material_loader = jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(str(MATERIAL_TEMPLATES))})
    env.loader = jinja2.ChoiceLoader([env.loader, material_loader])
    env.globals["gx_shared_parts"] = SharedParts(enabled=os.environ.get("GX_SHARE_THEME_PARTS") != "0")
