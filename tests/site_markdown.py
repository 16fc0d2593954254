"""The site's own Markdown conversion and generated pages, for the tests that compare a build step both ways."""

from __future__ import annotations

from functools import cache
from typing import Any

import markdown
from mkdocs.config import load_config

from generator.data.load import load_data
from generator.site.pages import generate_pages
from tests.conftest import DATA, ROOT


@cache
def markdown_options() -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions and their settings from mkdocs.yml, as MkDocs passes them."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return config["markdown_extensions"], config["mdx_configs"]


def convert(text: str) -> str:
    """Markdown text to HTML as MkDocs converts a page (same extensions and settings)."""
    extensions, configs = markdown_options()
    return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)


@cache
def generated_pages() -> dict[str, str]:
    """Every page the generator writes from the shipped data, by path."""
    return generate_pages(load_data(DATA), DATA)
