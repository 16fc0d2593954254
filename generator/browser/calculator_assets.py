"""The in-browser calculator's files in the built site, written after MkDocs has built every page.

`write_calculator_assets(site_dir, data)` (called by generator/mkdocs_hooks.py on_post_build):

- copies MicroPython's WebAssembly port (micropython.mjs + micropython.wasm) from node_modules into
  calculator/runtime/, after checking the package version against package.json and package-lock.json
  and every file against the SHA-256 pinned here: a tampered or different node_modules fails the build;
- writes calculator/core.<hash>.bundle (generator/core_bundle.py): the calculator core's modules
  (calculator.CORE_MODULES, never cli.py or csv_files.py) and the worker's glue
  site_config/calculator/micropython/calculator_browser.py, compiled to MicroPython bytecode; the rules compiled fresh
  from the data (with their version); the links from each cited clause to its notice page; the runtime's memory once
  the core is imported (generator/browser/core_snapshot.py, taken under Node), which the worker writes back;
- names the calculator's own files by their content (core.<hash>.bundle, worker.<hash>.js with the
  bundle's name written into it, calculator.<hash>.css, xlsx.<hash>.js: the worker's .xlsx module with fflate,
  imported only when a workbook is read or written, precached for offline use like the rest), so the service worker serves them from its
  cache without asking the server (a new build has new names), and writes calculator/version.json
  (the rules version and the worker's URL; never cached) by which a page learns that newer rules exist;
- fills the year choices, the worker's URL and the rules version into the calculator page (the form
  is usable before any script runs);
- writes the service worker /sw.js with the list of files to keep offline and a cache name derived
  from their content, so every build that changes anything invalidates the old cache.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from calculator.errors import InputError
from calculator.ruleset import load_rules
from generator.browser.calculator_script import xlsx_module
from generator.browser.core_bundle import CoreBundleError, compile_modules, pack
from generator.browser.core_snapshot import SnapshotError, runtime_options, take
from generator.browser.romfs import write_image
from generator.data.model import Data
from generator.links import anchors, urls
from generator.paths import PROJECT_DIR
from generator.rules.compile_rules import compile_from, dumps, read_previous, with_version

log = logging.getLogger("mkdocs.hooks.gx.calculator")

ROOT = PROJECT_DIR
CALCULATOR_PACKAGE = ROOT / "calculator"
SITE_CONFIG_CALCULATOR = ROOT / "site_config" / "calculator"
RUNTIME_NAME = "@micropython/micropython-webassembly-pyscript"
RUNTIME_VERSION = "1.28.0-6"
RUNTIME_FILES = {
    "micropython.mjs": "8c4067836ce5b71aeddac0315c25f73b642399fdb2e2e94acea612f60747b21a",
    "micropython.wasm": "3f705482c97498cb24c90275b33038d9a2d1868439d8216002d90a75bdd28997",
}
"""The runtime's files and their SHA-256, pinned with RUNTIME_VERSION (update all three together)."""

CALCULATOR_DIR = "calculator"
RUNTIME_DIR = "calculator/runtime"
CORE_BUNDLE = "calculator/core.bundle"
"""The core bundle's name before its content hash is put in: calculator/core.<hash>.bundle (core_bundle_file)."""
WORKER = "calculator/worker.js"
XLSX_MODULE = "calculator/xlsx.js"
"""The worker's .xlsx module (site_config/calculator/xlsx.js with fflate, bundled by esbuild): calculator/xlsx.<hash>.js."""
STYLESHEET = "calculator/calculator.css"
VERSION_FILE = "calculator/version.json"
HASH_LENGTH = 12
GLUE_DIR = "calculator/micropython"
"""Where the worker's glue (calculator_browser.py) is in site_config/; compiled into the core bundle, never published."""
SERVICE_WORKER = "sw.js"
SERVICE_WORKER_SOURCE = "calculator/service-worker.js"
YEAR_OPTIONS_MARKER = "<!-- gx:year-options -->"
BUILD_MARKER = 'data-gx-build=""'
"""Where the calculator page's worker URL and rules version go (the <head> script and #gx-calculator carry it)."""

NOT_IN_BROWSER = ("vectors",)
"""Core modules the page never uses (vectors.py runs the test vectors under Node)."""

NOT_PRECACHED_SUFFIXES = (".map", ".gz")
NOT_PRECACHED_PREFIXES = (GLUE_DIR + "/", "assets/javascripts/lunr/", "assets/javascripts/workers/")
"""Besides the glue's source (inside core.bundle): Material's own search (lunr and its worker), which the theme copies
but no page uses (search is our own, generator/browser/search_index.py: all of search/ is kept, a search loading
only a few of its files but any query may need any of them)."""
NOT_PRECACHED = (SERVICE_WORKER, VERSION_FILE)
"""sw.js itself, and version.json, which only the network may answer (is there newer than what I have?)."""


class CalculatorAssetsError(Exception):
    """The calculator's assets cannot be built (message in Chinese)."""


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def runtime_package_dir(root: Path = ROOT) -> Path:
    return root.joinpath("node_modules", *RUNTIME_NAME.split("/"))


def check_runtime_package(root: Path = ROOT) -> Path:
    """The runtime's folder in node_modules, once its version and files are the ones pinned."""
    fix = "请运行 npm ci（或 make setup）按 package-lock.json 重新安装"
    declared = json.loads((root / "package.json").read_text(encoding="utf-8"))["dependencies"].get(RUNTIME_NAME)
    locked = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    locked_version = locked.get(f"node_modules/{RUNTIME_NAME}", {}).get("version")
    if declared != RUNTIME_VERSION or locked_version != RUNTIME_VERSION:
        raise CalculatorAssetsError(
            f"{RUNTIME_NAME} 的版本：package.json 为 {declared}，package-lock.json 为 {locked_version}，"
            f"generator/calculator_assets.py 固定为 {RUNTIME_VERSION}：三者应一致（升级时一并更新文件的 SHA-256）"
        )
    package = runtime_package_dir(root)
    try:
        installed = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    except OSError:
        raise CalculatorAssetsError(f"node_modules 中没有 {RUNTIME_NAME}：{fix}") from None
    if installed != RUNTIME_VERSION:
        raise CalculatorAssetsError(f"node_modules 中的 {RUNTIME_NAME} 是 {installed}，应为 {RUNTIME_VERSION}：{fix}")
    for name, expected in RUNTIME_FILES.items():
        path = package / name
        if not path.is_file():
            raise CalculatorAssetsError(f"node_modules 中缺少 {RUNTIME_NAME}/{name}：{fix}")
        actual = sha256_of(path)
        if actual != expected:
            raise CalculatorAssetsError(
                f"{RUNTIME_NAME}/{name} 的 SHA-256 是 {actual}，与固定的 {expected} 不符（文件被改动或版本不对）：{fix}"
            )
    return package


def copy_runtime(site_dir: Path, root: Path = ROOT) -> None:
    package = check_runtime_package(root)
    target = site_dir / RUNTIME_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name, expected in RUNTIME_FILES.items():
        shutil.copyfile(package / name, target / name)
        if sha256_of(target / name) != expected:
            raise CalculatorAssetsError(f"复制到网站的 {RUNTIME_DIR}/{name} 与固定的 SHA-256 不符")


def core_module_names() -> list[str]:
    """The calculator modules the browser loads: calculator.CORE_MODULES but those it never uses (never cli)."""
    import calculator

    names = list(getattr(calculator, "CORE_MODULES", ()))
    if not names:
        raise CalculatorAssetsError("calculator/__init__.py 中没有 CORE_MODULES：不知道浏览器要加载哪些模块")
    wanted = [name for name in names if name not in NOT_IN_BROWSER]
    return ["__init__", *wanted]


def compiled_rules(data: Data) -> str:
    """rules.json compiled fresh from the data the site was built from (what the pages show).

    Built from the repository's own data/, the command line's calculator/rules.json should be the same
    rules: a warning says when it is not. A site built from another data folder (GX_DATA_DIR, e.g. a
    test's modified copy) has rules of its own, and the command line's file is not compared.
    """
    shipped = CALCULATOR_PACKAGE / "rules.json"
    previous = read_previous(shipped)
    text = dumps(with_version(compile_from(data.notices, data.standing_rules, (data.faq, data.guides)), previous))
    own_data = Path(os.environ.get("GX_DATA_DIR", ROOT / "data")).resolve() == (ROOT / "data").resolve()
    if own_data and previous is not None and previous != text:
        log.warning("calculator/rules.json 与 data/ 不一致：请运行 python -m generator.rules（网页使用新编译的规则）")
    return text


def clause_links(rules: dict[str, Any], site_dir: Path) -> dict[str, str]:
    """Every citation in the rules → the URL (relative to the site root) of its notice page and clause.

    A citation is "<notice label> <clause>" or a bare label; the standing rules, which have no page,
    link to the first notice clause that cites them. An anchor missing from the built page is left
    out (the link then goes to the top of the notice page).
    """
    pages: dict[str, str] = {}
    for year, notice in rules["years"].items():
        pages[notice["document"]["label"]] = urls.page_url(urls.notice(int(year)))
    citations: set[str] = set()
    _collect_citations(rules, citations)
    links: dict[str, str] = {}
    built_pages: dict[Path, str] = {}
    for text in sorted(citations):
        link = _link(text, pages, site_dir, built_pages)
        if link is not None:
            links[text] = link
    standing = rules["standing_rules"]
    for item in standing["cited_by"]:
        link = links.get(item["citation"])
        if link is not None:
            links.setdefault(standing["document"], link)
    return links


def _collect_citations(value: Any, found: set[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if (key == "citation" or key.endswith("_citation")) and isinstance(item, str):
                found.add(item)
            else:
                _collect_citations(item, found)
    elif isinstance(value, list):
        for item in value:
            _collect_citations(item, found)


def _link(citation: str, pages: dict[str, str], site_dir: Path, built_pages: dict[Path, str]) -> str | None:
    """The citation's notice page and clause anchor; `built_pages` keeps each built page's text once read."""
    for label, page in pages.items():
        if citation == label:
            return page
        if citation.startswith(label + " "):
            clause = citation[len(label) + 1 :]
            try:
                anchor = anchors.clause_anchor(clause)
            except ValueError:
                return page
            built = site_dir / page / "index.html"
            if built not in built_pages:
                built_pages[built] = built.read_text(encoding="utf-8") if built.is_file() else ""
            if built_pages[built] and f'id="{anchor}"' not in built_pages[built]:
                log.warning(f"计算器的出处链接：{page} 中没有条款锚点 #{anchor}（{citation}）")
                return page
            return f"{page}#{anchor}"
    return None


def core_bundle(data: Data, site_dir: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The one file the browser's worker loads besides the runtime: header (version, links, years) and files.

    The files are the core's modules and the worker's glue, compiled to
    MicroPython bytecode (generator/core_bundle.py), and the rules compiled fresh from the data.
    """
    sources: dict[str, str] = {}
    for name in core_module_names():
        path = CALCULATOR_PACKAGE / f"{name}.py"
        if not path.is_file():
            raise CalculatorAssetsError(f"缺少计算器模块 calculator/{name}.py")
        sources[f"calculator/{name}.py"] = path.read_text(encoding="utf-8")
    for glue in sorted((SITE_CONFIG_CALCULATOR / "micropython").glob("*.py")):
        sources[glue.name] = glue.read_text(encoding="utf-8")
    try:
        files = compile_modules(sources, RUNTIME_VERSION.split("-")[0])
    except CoreBundleError as error:
        raise CalculatorAssetsError(str(error)) from None
    rules_text = compiled_rules(data)
    files["calculator/rules.json"] = rules_text.encode("utf-8")
    digest = hashlib.sha256()
    for name, content in sorted(files.items()):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(content).digest())
    try:
        rules = load_rules(rules_text)  # the browser reads them without this check (ruleset.load_built_rules)
    except InputError as error:
        raise CalculatorAssetsError(f"编译出的规则不能被计算器读取：{error.message}") from None
    header = {
        "version": digest.hexdigest()[:16],
        "rules_version": rules["version"],
        "links": clause_links(rules, site_dir),
        "years": year_choices(rules),
        "runtime": runtime_options(),
    }
    return header, files


def start_up_snapshot(site_dir: Path, image: bytes) -> tuple[dict[str, Any], bytes]:
    """The runtime's memory once the core in this ROMFS image is imported (generator/browser/core_snapshot.py), taken
    with the runtime copied into this site."""
    try:
        snapshot = take(site_dir / RUNTIME_DIR, image)
    except SnapshotError as error:
        raise CalculatorAssetsError(str(error)) from None
    if not snapshot[0]:
        log.warning("计算器：导入核心时 MicroPython 的内存增大了，没有启动快照（浏览器中照常导入，首个结论慢一些）")
    return snapshot


def year_choices(rules: dict[str, Any]) -> list[dict[str, Any]]:
    """The years the form offers, newest first: the years with a notice, then those checked by the standing rules."""
    on_file = sorted((int(year) for year in rules["years"]), reverse=True)
    standing = rules["standing_rules"]
    first = standing["year"]
    choices = []
    for year in range(on_file[0], first - 1, -1):
        if year in on_file:
            choices.append({"year": year, "label": f"{year} 年", "notice": True})
        else:
            choices.append({"year": year, "label": f"{year} 年（通知未收录，按常设规则）", "notice": False})
    return choices


def fill_year_options(site_dir: Path, choices: list[dict[str, Any]]) -> None:
    """Put the <option>s of #year into the built calculator page, in place of its marker."""
    page = site_dir / CALCULATOR_DIR / "index.html"
    if not page.is_file():
        raise CalculatorAssetsError("网站中没有计算器页面 calculator/index.html（content/calculator.md）")
    html = page.read_text(encoding="utf-8")
    if YEAR_OPTIONS_MARKER not in html:
        if 'id="year"' in html and "data-notice=" in html:
            return  # already filled (the function ran twice on this site)
        raise CalculatorAssetsError(f"计算器页面中没有年度选项的占位 {YEAR_OPTIONS_MARKER}")
    options = "".join(
        f'<option value="{choice["year"]}" data-notice="{"yes" if choice["notice"] else "no"}">{choice["label"]}</option>'
        for choice in choices
    )
    page.write_text(html.replace(YEAR_OPTIONS_MARKER, options), encoding="utf-8")


def hashed_name(relative: str, content: bytes) -> str:
    """calculator/core.bundle → calculator/core.<first 12 hex of the content's SHA-256>.bundle."""
    stem, _, suffix = relative.rpartition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:HASH_LENGTH]}.{suffix}"


def write_hashed(site_dir: Path, relative: str, content: bytes) -> str:
    """Write content under its hashed name (relative to the site root) and return that name."""
    name = hashed_name(relative, content)
    target = site_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return name


def worker_text(site_dir: Path, bundle: str, xlsx: str = "calculator/xlsx.js") -> bytes:
    """worker.js with the core bundle's file name before its code (`const CORE_BUNDLE = "core.<hash>.bundle";`), and
    that of its .xlsx module (`const XLSX_MODULE = "xlsx.<hash>.js";`, imported only when a workbook is read or made)."""
    source = site_dir / WORKER
    if not source.is_file():
        source = SITE_CONFIG_CALCULATOR / "worker.js"
    header = "// Generated by generator/calculator_assets.py for this build: the core bundle this worker loads.\n"
    header += f"const CORE_BUNDLE = {json.dumps(bundle.rsplit('/', 1)[-1])};\n"
    header += f"const XLSX_MODULE = {json.dumps(xlsx.rsplit('/', 1)[-1])};\n\n"
    return (header + source.read_text(encoding="utf-8")).encode("utf-8")


def core_bundle_file(site_dir: Path) -> Path:
    """The built site's core bundle (its name holds its content hash; calculator/version.json names it)."""
    version = json.loads((Path(site_dir) / VERSION_FILE).read_text(encoding="utf-8"))
    return Path(site_dir) / version["core"]


def fill_build(site_dir: Path, build: dict[str, Any]) -> None:
    """The calculator page's worker URL and rules version, in place of BUILD_MARKER, and its hashed stylesheet.

    Attributes, not script text: the page's inline scripts are allowed by the hash of their text (generator/csp.py).
    """
    page = site_dir / CALCULATOR_DIR / "index.html"
    text = page.read_text(encoding="utf-8")
    if BUILD_MARKER not in text:
        if f'data-worker="{html.escape(build["worker"])}"' in text:
            return  # already filled (the function ran twice on this site)
        raise CalculatorAssetsError(f"计算器页面中没有占位 {BUILD_MARKER}（<head> 的脚本和 #gx-calculator 各一处）")
    rules = build["rules"]
    attributes = (
        f'data-worker="{html.escape(build["worker"])}" data-rules-id="{html.escape(rules["id"])}" '
        f'data-rules-date="{html.escape(rules["date"])}"'
    )
    text = text.replace(BUILD_MARKER, attributes)
    stylesheet = f'href="../{STYLESHEET}"'
    if stylesheet in text:
        text = text.replace(stylesheet, f'href="../{build["stylesheet"]}"')
    page.write_text(text, encoding="utf-8")


def write_hashed_files(site_dir: Path, bundle: bytes, rules_version: dict[str, str]) -> dict[str, Any]:
    """core.<hash>.bundle, worker.<hash>.js and calculator.<hash>.css in place of their plain names; version.json."""
    core = write_hashed(site_dir, CORE_BUNDLE, bundle)
    xlsx = write_hashed(site_dir, XLSX_MODULE, xlsx_module().encode("utf-8"))
    (site_dir / XLSX_MODULE).unlink(missing_ok=True)  # the module's source (its import of fflate is bundled in)
    worker = write_hashed(site_dir, WORKER, worker_text(site_dir, core, xlsx))
    (site_dir / WORKER).unlink(missing_ok=True)
    stylesheet_path = site_dir / STYLESHEET
    if not stylesheet_path.is_file():
        stylesheet_path = SITE_CONFIG_CALCULATOR / "calculator.css"
    stylesheet = write_hashed(site_dir, STYLESHEET, stylesheet_path.read_bytes())
    (site_dir / STYLESHEET).unlink(missing_ok=True)
    build = {"rules": rules_version, "worker": worker, "core": core, "stylesheet": stylesheet, "xlsx": xlsx}
    (site_dir / VERSION_FILE).write_text(json.dumps(build, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return build


def precache_list(site_dir: Path) -> list[str]:
    """The files the service worker keeps for offline use, as URLs relative to the site root.

    Pages are listed by their directory URL ("notices/2026/"), as links and instant navigation ask
    for them. Left out: source maps, gzipped copies, the glue's source (inside core.bundle), the service worker
    itself, and Material's unused search files (lunr, its worker).
    """
    listed = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site_dir).as_posix()
        if relative in NOT_PRECACHED or relative.endswith(NOT_PRECACHED_SUFFIXES):
            continue
        if relative.startswith(NOT_PRECACHED_PREFIXES):
            continue
        if relative == "index.html":
            relative = ""
        elif relative.endswith("/index.html"):
            relative = relative[: -len("index.html")]
        listed.append(relative)
    return listed


def cache_version(site_dir: Path, files: list[str], source: str) -> str:
    """A hash of the service worker's code and every precached file's path and content."""
    digest = hashlib.sha256(source.encode("utf-8"))
    for relative in files:
        path = site_dir / relative
        if relative == "" or relative.endswith("/"):
            path = path / "index.html"
        digest.update(relative.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def essential_files(site_dir: Path, files: list[str]) -> list[str]:
    """The files without which the calculator cannot work offline: its page, worker, core bundle and runtime."""
    essential = [f"{CALCULATOR_DIR}/", *(f"{RUNTIME_DIR}/{name}" for name in RUNTIME_FILES)]
    version = site_dir / VERSION_FILE
    if version.is_file():
        build = json.loads(version.read_text(encoding="utf-8"))
        essential += [build["worker"], build["core"]]
    return [path for path in essential if path in files]


def write_service_worker(site_dir: Path) -> str:
    """/sw.js: the build's file list, cache name and rules version, then the worker's code; returns the cache name."""
    source_path = site_dir / SERVICE_WORKER_SOURCE
    if not source_path.is_file():
        source_path = SITE_CONFIG_CALCULATOR / "service-worker.js"
    source = source_path.read_text(encoding="utf-8")
    (site_dir / SERVICE_WORKER_SOURCE).unlink(missing_ok=True)  # only /sw.js, with its build header, is served
    files = precache_list(site_dir)
    cache_name = f"gx-site-{cache_version(site_dir, files, source)}"
    header = (
        "// Generated by generator/calculator_assets.py for this build: the cache name and the files kept offline.\n"
    )
    build = {"cache": cache_name, "files": files, "essential": essential_files(site_dir, files)}
    header += f"const BUILD = {json.dumps(build, ensure_ascii=False)};\n\n"
    (site_dir / SERVICE_WORKER).write_text(header + source, encoding="utf-8")
    return cache_name


def write_calculator_assets(site_dir: Path, data: Data, root: Path = ROOT) -> None:
    """Everything the calculator page needs in the built site (see the module's docstring)."""
    site_dir = Path(site_dir)
    copy_runtime(site_dir, root)
    header, files = core_bundle(data, site_dir)
    image = write_image(files)  # the snapshot is taken with the very image the bundle carries
    snapshot = start_up_snapshot(site_dir, image)
    build = write_hashed_files(site_dir, pack(header, files, image, snapshot), header["rules_version"])
    fill_year_options(site_dir, header["years"])
    fill_build(site_dir, build)
    cache_name = write_service_worker(site_dir)
    log.info(
        f"计算器：MicroPython {RUNTIME_VERSION}，{len(files)} 个文件（{header['version']}），"
        f"启动快照 {len(snapshot[1]) // 1024} KB，离线缓存 {cache_name}"
    )
