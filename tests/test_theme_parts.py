"""Material's navigation and tabs shared between pages outside the navigation (generator/site/theme_parts.py)."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.site.theme_parts import SharedParts
from tests.site_fixtures import build_site_into


def page(url: str) -> SimpleNamespace:
    return SimpleNamespace(url=url)


NAV = SimpleNamespace(pages=[page(""), page("notices/2026/"), page("directories/bases/"), page("organisations/")])


def test_pages_outside_the_navigation_in_one_folder_share_a_part_and_other_folders_do_not() -> None:
    parts = SharedParts()
    first = parts.key("nav", page("organisations/guangxi-university/"), NAV)
    assert first == parts.key("nav", page("organisations/beibu-gulf-university/"), NAV) == "nav:organisations/"
    assert parts.key("nav", page("guides/public-course/"), NAV) != first
    assert parts.key("tabs", page("organisations/guangxi-university/"), NAV) != first


def test_a_page_in_the_navigation_or_above_one_renders_its_own_part() -> None:
    parts = SharedParts()
    assert parts.key("nav", page("notices/2026/"), NAV) is None
    assert parts.key("nav", page("directories/"), NAV) is None  # directories/bases/ lies under it
    assert parts.key("nav", None, NAV) is None
    assert parts.key("nav", page("organisations/x/"), None) is None


def test_a_remembered_part_is_given_back_for_its_key_only() -> None:
    parts = SharedParts()
    assert parts.remember("nav:organisations/", "<nav>…</nav>") == "<nav>…</nav>"
    assert parts.get("nav:organisations/") == "<nav>…</nav>"
    assert parts.get("nav:guides/") is None and parts.get(None) is None


def test_the_site_is_the_same_with_every_part_rendered_for_every_page(
    built_site: Path, site_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(os.environ, "GX_SHARE_THEME_PARTS", "0")
    fresh = tmp_path / "site"
    result = build_site_into(fresh, f"http://127.0.0.1:{site_port}/")
    assert result.returncode == 0, result.stdout + result.stderr
    pages = sorted(path.relative_to(built_site) for path in built_site.rglob("*.html"))
    assert len(pages) > 70
    assert pages == sorted(path.relative_to(fresh) for path in fresh.rglob("*.html"))
    different = [str(path) for path in pages if (built_site / path).read_bytes() != (fresh / path).read_bytes()]
    assert different == []
