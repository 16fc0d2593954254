"""Where each generated page lives (its src_uri under content/) and relative links between pages."""

from __future__ import annotations

import posixpath
from typing import Any

from generator.data.model import Data

HOME = "index.md"
CALCULATOR = "calculator.md"
NOTICES_INDEX = "notices/index.md"
DIRECTORIES_INDEX = "directories/index.md"
ORGANISATIONS_INDEX = "organisations/index.md"
DEADLINES = "deadlines/index.md"
CHANGES_INDEX = "changes/index.md"
DATA_QUALITY = "editors/data-quality.md"
EDITOR_GUIDE = "editors/guide.md"
FAQ = "faq/index.md"
GUIDES_INDEX = "guides/index.md"
TRUTHFUL_REGISTRATION = "guides/registering-truthfully.md"


def notice(year: int) -> str:
    return f"notices/{year}.md"


def plan(stem: str) -> str:
    return f"plans/{stem}.md"


def guide(stem: str) -> str:
    return f"guides/{stem}.md"


def organisation(organisation_id: str) -> str:
    return f"organisations/{organisation_id}.md"


def changes(year: int) -> str:
    return f"changes/{year}.md"


def calendar_file(year: int) -> str:
    """The .ics file of a year's deadlines, a path in the built site."""
    return f"deadlines/{year}.ics"


def directory_year(data: Data, stem: str) -> int:
    """The year of a directory: its own `year`, else the year of the notice it is annexed to."""
    directory = data.directories[stem]
    if "year" in directory:
        return int(directory["year"])
    notice = data.notice_by_document(directory["source"]["document"])
    return int(notice.get("year") or notice["document"]["date"][:4]) if notice else 0


def directory(data: Data, stem: str) -> str:
    """A directory page: the newest bases list is /directories/bases/, every other list keeps its file name."""
    kind = data.directories[stem]["kind"]
    if kind == "bases":
        newest = max(data.bases, key=lambda name: (directory_year(data, name), name))
        if stem == newest:
            return "directories/bases.md"
    return f"directories/{stem}.md"


def page_url(src_uri: str) -> str:
    """The URL path of a page relative to the site root, with directory URLs: 'notices/2026.md' → 'notices/2026/'."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_path(target: str, base: str) -> str:
    """posixpath.relpath(target or ".", base or ".") for paths under the site root, without the file system.

    relpath makes both paths absolute against the working folder first; for site paths (relative, no
    '.' or '..' parts) comparing their parts gives the same answer much faster (thousands of links a build).
    """
    target_parts = [part for part in target.split("/") if part]
    base_parts = [part for part in base.split("/") if part]
    if target.startswith("/") or base.startswith("/") or {".", ".."} & {*target_parts, *base_parts}:
        return posixpath.relpath(target or ".", base or ".")
    common = 0
    for target_part, base_part in zip(target_parts, base_parts, strict=False):
        if target_part != base_part:
            break
        common += 1
    parts = [".."] * (len(base_parts) - common) + target_parts[common:]
    return "/".join(parts) if parts else "."


def relative(from_src_uri: str, to: str, anchor: str = "") -> str:
    """A link from one page to a page (src_uri) or a built file, relative so the site works from any folder."""
    base = page_url(from_src_uri)
    target = page_url(to)
    path = relative_path(target, base)
    if target.endswith("/") or target == "":
        path = "./" if path == "." else path + "/"
    return path + (f"#{anchor}" if anchor else "")


def directory_title(data: Data, stem: str) -> str:
    """The short title of a directory page, as in the navigation."""
    directory_data: dict[str, Any] = data.directories[stem]
    kind = directory_data["kind"]
    year = directory_year(data, stem)
    if kind == "bases":
        return f"继续教育基地（{year}）"
    if kind == "training-institutions":
        return f"数字技术工程师培训机构（{year}）"
    return f"基地制度改革试点单位（{year}）"
