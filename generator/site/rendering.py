"""The Jinja2 environment for generated pages: every data string is escaped for HTML and Markdown."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator.links.anchors import clause_anchor
from generator.paths import BUILD_FOLDER

TEMPLATES = Path(__file__).parent / "templates"
COMPILED_TEMPLATES = BUILD_FOLDER / "jinja"
"""Jinja's compiled templates, kept between builds (gitignored); a template whose source changed is compiled again."""

MARKDOWN_SPECIALS = {
    "\\": "&#92;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "#": "&#35;",
    "|": "&#124;",
    "~": "&#126;",
}
"""Characters that Markdown or its extensions could read as syntax; written as entities they are just text."""
HTML_SPECIALS = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"}
"""What HTML reads as markup (as markupsafe escapes it, but with named entities: a numeric one such as &#34; holds a
"#", which MARKDOWN_SPECIALS would turn into &#35; and the page would show "&#34;")."""
INERT_TABLE = str.maketrans({**HTML_SPECIALS, **MARKDOWN_SPECIALS, "\n": " "})
"""HTML_SPECIALS and MARKDOWN_SPECIALS for str.translate: each character replaced by its entity in one pass (an entity
written here is never escaped again), a line break by a space."""


def text(value: Any) -> Markup:
    """Data as inert text in Markdown and HTML: '<script>' → '&lt;script&gt;', '*' → '&#42;'."""
    if isinstance(value, Markup):
        return value
    return inert_text(str(value))


@lru_cache(maxsize=1 << 16)
def inert_text(value: str) -> Markup:
    """text() of a string; remembered, since the same names, cities and levels fill page after page."""
    return Markup(value.translate(INERT_TABLE))


def finalize(value: Any) -> Any:
    """Applied to every `{{ … }}`: None prints as nothing, everything else as escaped text."""
    if value is None:
        return ""
    return text(value)


_NOT_IN_TEL = re.compile(r"[^0-9+]")


def tel_href(phone: str) -> str:
    """A phone number as a tel: URL: '0771—5866234' → 'tel:07715866234'."""
    return "tel:" + _NOT_IN_TEL.sub("", phone)


def phone_link(phone: str | None) -> Markup:
    """A phone number as a tel: link showing the number as printed; '—' when the source lists none."""
    if not phone:
        return Markup('<span class="gx-none" title="原文未列联系电话">—</span>')
    # tel_href keeps only digits and "+", which need no escaping; text() escapes the number as printed.
    return Markup(f'<a class="gx-phone" href="{tel_href(phone)}">{text(phone)}</a>')


def url(value: str) -> Markup:
    """A URL for an href inside an HTML block: HTML-escaped only (Markdown does not read HTML blocks)."""
    return Markup(escape(value))


def chinese_date(iso: str) -> str:
    """'2026-12-31' → '2026年12月31日'."""
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


def compiled_template_cache() -> jinja2.BytecodeCache | None:
    """Jinja's own cache of compiled templates in .build/jinja/: compiling the templates was a fixed part of each build.

    Used for our templates and for the theme's (generator/site/mkdocs_hooks.py, on_env). None when the
    folder cannot be made (a read-only checkout): templates are then compiled as usual.
    """
    try:
        COMPILED_TEMPLATES.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(COMPILED_TEMPLATES))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=compiled_template_cache(),
        autoescape=True,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        anchor=clause_anchor,
        phone=phone_link,
        tel=tel_href,
        cn_date=chinese_date,
        url=url,
    )
    return env


def render(template: str, **context: Any) -> str:
    """Render one template of generator/site/templates/ with the given context."""
    return environment().get_template(template).render(**context)
