"""A stand-in for Material's search plugin, so that the theme still draws its search box in the header.

Material's header shows the search box only when a plugin named material/search is configured and
enabled. Ours is answered by our own index (generator/browser/search_index.py, site_config/javascripts/search.js),
so Material's plugin (its index, its worker) is not configured; this object, registered under that name
by the hooks, has no events: it only says "enabled".
"""

from __future__ import annotations

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

NAME = "material/search"


class SearchBoxConfig(Config):
    enabled = config_options.Type(bool, default=True)


class SearchBox(BasePlugin[SearchBoxConfig]):
    """Says to the theme that search is on; does nothing at build time."""


def install(config: MkDocsConfig) -> bool:
    """Register the stand-in; False (nothing done) when mkdocs.yml configures Material's own search plugin."""
    if NAME in config.plugins or "search" in config.plugins:
        return False
    plugin = SearchBox()
    plugin.load_config({})
    config.plugins[NAME] = plugin
    return True
