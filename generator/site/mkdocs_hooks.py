"""MkDocs hooks (mkdocs.yml `hooks:`): generate pages, navigation, calendars and the search index from data/.

Pages are virtual files (nothing is written into content/). During `mkdocs serve` a change in data/,
site_config/ or the templates rebuilds and reloads; data with errors keeps the last good data on
screen (with a banner) instead of stopping the server. `mkdocs build` refuses data with errors.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import sys
from pathlib import Path
from typing import Any

CHECKOUT = Path(__file__).resolve().parents[2]
"""The folder holding the generator package this file belongs to (and, in a source checkout, calculator/)."""


def put_repository_on_path() -> None:
    """`import generator` and `import calculator` from the mkdocs script in .venv/bin.

    MkDocs restores sys.path after loading this file, so it is done again at each build.
    """
    if str(CHECKOUT) not in sys.path:
        sys.path.insert(0, str(CHECKOUT))


put_repository_on_path()

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.livereload import LiveReloadServer  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from generator.browser.calculator_script import MODULES as CALCULATOR_MODULES  # noqa: E402
from generator.browser.calculator_script import PUBLISHED as CALCULATOR_SCRIPT  # noqa: E402
from generator.browser.calculator_script import SCRIPTS_FOLDER, write_bundle  # noqa: E402
from generator.browser.csp import add_to_page_output  # noqa: E402
from generator.browser.csp import apply_to_site as apply_content_security_policy  # noqa: E402
from generator.browser.inline_scripts import install as inline_scripts  # noqa: E402
from generator.browser.search_index import SearchIndexError, write_search_index  # noqa: E402
from generator.data import validated  # noqa: E402
from generator.data.load import load_data  # noqa: E402
from generator.data.model import Data  # noqa: E402
from generator.data.problems import DataError, Problem  # noqa: E402
from generator.links import urls  # noqa: E402
from generator.paths import DATA_DIR, PROJECT_DIR, SCHEMAS_DIR, SITE_CONFIG_DIR, SOURCES_DIR  # noqa: E402
from generator.site.calendar_files import calendar_files  # noqa: E402
from generator.site import html_blocks  # noqa: E402
from generator.site.html_blocks import BlockNotPutBack, SetAside, put_back, set_aside  # noqa: E402
from generator.site.pages import generate_pages, navigation  # noqa: E402
from generator.site.pages_home import fill_home  # noqa: E402
from generator.site.pages_sources import source_pages  # noqa: E402
from generator.site.rendering import TEMPLATES, compiled_template_cache  # noqa: E402
from generator.site.search_box import install as show_search_box  # noqa: E402
from generator.site.snapshot import SNAPSHOT_FILE, snapshot_text  # noqa: E402
from generator.site.theme_parts import install as share_theme_parts  # noqa: E402

log = logging.getLogger("mkdocs.hooks.gx")

SITE_CONFIG = SITE_CONFIG_DIR
COMPILED_INTO_CORE_BUNDLE = "calculator/micropython/"
"""site_config/ files the browser gets inside calculator/core.bundle, compiled, not as files of their own."""
SCHEMAS = SCHEMAS_DIR
SOURCES = SOURCES_DIR
STALE_BANNER = (
    '!!! danger "数据有错误：这是上次正确的数据"\n'
    "    data/ 中的数据有错误（见运行 mkdocs serve 的终端，每条都有 文件:行:列）。改正后页面会自动刷新。\n\n"
)


class State:
    """What survives between rebuilds of `mkdocs serve` (MkDocs loads this module once)."""

    def __init__(self) -> None:
        self.serving = False
        self.data: Data | None = None
        self.stale = False
        self.pages: dict[str, str] = {}
        self.pages_with_policy: set[str] = set()
        """Built pages (dest paths) that got the Content-Security-Policy before MkDocs wrote them."""
        self.set_aside: dict[str, SetAside] = {}
        """Generated pages' HTML blocks, kept out of Markdown between on_page_markdown and on_page_content."""


STATE = State()


def data_dir() -> Path:
    """data/ of the repository, or the folder named by GX_DATA_DIR (tests build from a modified copy)."""
    return Path(os.environ.get("GX_DATA_DIR", DATA_DIR)).resolve()


def report(problems: list[Problem]) -> str:
    return "\n".join(problem.format(Path.cwd()) for problem in problems if problem.is_error)


def current_data() -> Data:
    """The validated data; while serving, the last good data when the files now have errors.

    `python -m generator build` validated the data just before and handed it over (generator/data/validated.py).
    """
    handed_over = validated.take(data_dir())
    if handed_over is not None:
        STATE.data, STATE.stale = handed_over, False
        return handed_over
    try:
        data = load_data(data_dir())
    except DataError as error:
        errors = report(error.problems)
        if STATE.serving and STATE.data is not None:
            print(f"数据有错误，继续显示上次正确的数据：\n{errors}", file=sys.stderr)
            STATE.stale = True
            return STATE.data
        raise Abort(f"数据有错误，网站未生成：\n{errors}") from None
    STATE.data, STATE.stale = data, False
    return data


def has_calculator(config: MkDocsConfig) -> bool:
    return (Path(config.docs_dir) / urls.CALCULATOR).is_file()


def on_startup(command: str, dirty: bool) -> None:
    put_repository_on_path()
    STATE.serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    put_repository_on_path()
    STATE.pages_with_policy = set()
    STATE.set_aside = {}
    data = current_data()
    STATE.pages = generate_pages(data, data_dir())
    config.nav = navigation(data, has_calculator(config))
    if not show_search_box(config):
        raise Abort(
            "mkdocs.yml 配置了 Material 的 search 插件：网站的搜索由本站自己的索引提供（generator/browser/search_index.py），请删除该插件"
        )
    log.info(f"数据：{len(data.notices)} 个年度通知、{len(data.organisations)} 个单位；生成 {len(STATE.pages)} 个页面")
    return config


def static_files(config: MkDocsConfig) -> list[File]:
    """site_config/ copied to the site: stylesheets, javascripts, calculator assets.

    Not copied: the theme overrides, the worker's MicroPython glue, which reaches the browser
    compiled inside calculator/core.bundle (generator/browser/calculator_assets.py), and the calculator script's
    modules, which reach it bundled into javascripts/calculator.js (generator/browser/calculator_script.py).
    """
    paths = sorted(
        path
        for path in SITE_CONFIG.rglob("*")
        if path.is_file()
        and "overrides" not in path.relative_to(SITE_CONFIG).parts[:1]
        and not path.relative_to(SITE_CONFIG).as_posix().startswith(COMPILED_INTO_CORE_BUNDLE)
        and not path.relative_to(PROJECT_DIR).as_posix().startswith(f"{CALCULATOR_MODULES}/")
    )
    return [File.generated(config, path.relative_to(SITE_CONFIG).as_posix(), abs_src_path=str(path)) for path in paths]


def built_files(config: MkDocsConfig, data: Data) -> list[File]:
    """Calendars, JSON Schemas, the data snapshot, the source texts (sources/, generator/site/pages_sources.py) and
    the calculator's script, bundled from its modules (generator/browser/calculator_script.py)."""
    result = [
        File.generated(config, path, content=content)
        for path, content in calendar_files(data, config.site_url or "").items()
    ]
    result += [
        File.generated(config, f"schemas/{path.name}", abs_src_path=str(path))
        for path in sorted(SCHEMAS.glob("*.json"))
    ]
    result.append(File.generated(config, SNAPSHOT_FILE, content=snapshot_text(data)))
    result.append(File.generated(config, CALCULATOR_SCRIPT, abs_src_path=str(write_bundle())))
    result += [File.generated(config, path, content=page) for path, page in source_pages(data).items()]
    return result


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert STATE.data is not None
    for src_uri, markdown in STATE.pages.items():
        if files.get_file_from_path(src_uri) is not None:
            raise Abort(f"content/{src_uri} 与生成的页面同名：生成的页面不要写进 content/")
        files.append(File.generated(config, src_uri, content=markdown))
    for file in [*static_files(config), *built_files(config, STATE.data)]:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(file)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert STATE.data is not None
    page.update_date = data_date(STATE.data)  # the sitemap's lastmod: from the data, not the clock
    if page.file.src_uri == urls.HOME:
        markdown = fill_home(markdown, STATE.data, has_calculator(config))
    if STATE.stale:
        markdown = STALE_BANNER + markdown
    if page.file.src_uri in STATE.pages and html_blocks.wanted():
        aside = set_aside(markdown)
        STATE.set_aside[page.file.src_uri] = aside
        markdown = aside.markdown
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The HTML blocks set aside in on_page_markdown back in their places (generator/site/html_blocks.py)."""
    aside = STATE.set_aside.pop(page.file.src_uri, None)
    if aside is None:
        return html
    try:
        content = put_back(html, aside.blocks)
    except BlockNotPutBack as error:
        raise Abort(f"生成的页面 {page.file.src_uri}：{error}") from None
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= aside.anchor_ids()
    return content


def data_date(data: Data) -> str:
    """The newest date of any document on file: what the site is "as of", the same in every build."""
    dates = [document["document"]["date"] for document in [*data.notices.values(), *data.plans.values()]]
    return max(dates)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The Content-Security-Policy added to each page before it is written (post-build need not read it back)."""
    STATE.pages_with_policy.add(page.file.dest_uri)
    return add_to_page_output(output)


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """The theme's templates compiled once and kept (.build/jinja/); Material's navigation and tabs
    rendered once per folder for pages outside the navigation; gx_script_text for scripts written into a page
    (the calculator's script as this build bundled it in on_files)."""
    if env.bytecode_cache is None:
        env.bytecode_cache = compiled_template_cache()
    share_theme_parts(env)
    inline_scripts(env, SCRIPTS_FOLDER)
    return env


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    STATE.serving = True
    for path in (data_dir(), SITE_CONFIG, TEMPLATES, SOURCES):
        if path.exists():
            server.watch(str(path))
    return server


def on_post_build(config: MkDocsConfig) -> None:
    """The search index (search/); the CSP in every page; the calculator's assets (with the offline list)."""
    try:
        write_search_index(Path(config.site_dir), STATE.data)
    except SearchIndexError as error:
        raise Abort(str(error)) from None
    apply_content_security_policy(Path(config.site_dir), STATE.pages_with_policy)
    if STATE.data is None or not has_calculator(config):
        return
    if importlib.util.find_spec("generator.browser.calculator_assets") is not None:
        module = importlib.import_module("generator.browser.calculator_assets")
        try:
            module.write_calculator_assets(Path(config.site_dir), STATE.data)
        except module.CalculatorAssetsError as error:
            raise Abort(f"计算器未能生成：{error}") from None
