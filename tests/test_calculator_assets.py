"""The calculator's files in the built site (generator/browser/calculator_assets.py): pinned runtime, core bundle, service worker."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.browser import calculator_assets
from generator.browser.calculator_assets import (
    RUNTIME_FILES,
    RUNTIME_VERSION,
    CalculatorAssetsError,
    cache_version,
    check_runtime_package,
    core_bundle_file,
    precache_list,
    runtime_package_dir,
)
from generator.browser.core_bundle import compile_modules, unpack
from tests.conftest import ROOT


def copy_of_project_files(target: Path) -> Path:
    """package.json, package-lock.json and the runtime's package, copied so a test may break them."""
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(ROOT / name, target / name)
    shutil.copytree(runtime_package_dir(ROOT), runtime_package_dir(target))
    return target


def test_the_installed_runtime_is_the_pinned_one() -> None:
    assert check_runtime_package(ROOT) == runtime_package_dir(ROOT)


def test_a_tampered_runtime_fails_the_build(tmp_path: Path) -> None:
    root = copy_of_project_files(tmp_path)
    wasm = runtime_package_dir(root) / "micropython.wasm"
    wasm.write_bytes(wasm.read_bytes() + b"\0")
    with pytest.raises(CalculatorAssetsError, match="SHA-256"):
        check_runtime_package(root)
    with pytest.raises(CalculatorAssetsError):
        calculator_assets.copy_runtime(tmp_path / "site", root)
    assert not (tmp_path / "site" / "calculator" / "runtime" / "micropython.mjs").exists()


def test_another_version_in_node_modules_fails_the_build(tmp_path: Path) -> None:
    root = copy_of_project_files(tmp_path)
    manifest = runtime_package_dir(root) / "package.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("1.28.0-6", "1.27.0"), encoding="utf-8")
    with pytest.raises(CalculatorAssetsError, match=r"1\.27\.0"):
        check_runtime_package(root)


def test_a_lock_file_for_another_version_fails_the_build(tmp_path: Path) -> None:
    root = copy_of_project_files(tmp_path)
    lock = root / "package-lock.json"
    lock.write_text(lock.read_text(encoding="utf-8").replace('"version": "1.28.0-6"', '"version": "1.28.0-7"'), "utf-8")
    with pytest.raises(CalculatorAssetsError, match=r"package-lock\.json"):
        check_runtime_package(root)


def test_a_missing_runtime_says_how_to_install_it(tmp_path: Path) -> None:
    root = copy_of_project_files(tmp_path)
    shutil.rmtree(runtime_package_dir(root))
    with pytest.raises(CalculatorAssetsError, match="npm ci"):
        check_runtime_package(root)


def fake_site(site: Path) -> Path:
    files = {
        "index.html": "home",
        "404.html": "missing",
        "notices/2026/index.html": "notice",
        "assets/javascripts/bundle.js": "bundle",
        "assets/javascripts/bundle.js.map": "map",
        "assets/javascripts/lunr/min/lunr.zh.min.js": "zh",
        "assets/javascripts/workers/search.a7633da7.min.js": "Material's search worker",
        "search/manifest.json": "{}",
        "search/0123456789ab/p/0.json": "{}",
        "sitemap.xml": "<urlset/>",
        "sitemap.xml.gz": "gz",
        "calculator/micropython/calculator_browser.py": "glue",
        "sw.js": "old worker",
    }
    for relative, text in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return site


def test_precache_lists_pages_by_folder_and_leaves_out_what_is_never_fetched(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site")
    assert precache_list(site) == [
        "404.html",
        "assets/javascripts/bundle.js",
        "",
        "notices/2026/",
        "search/0123456789ab/p/0.json",
        "search/manifest.json",
        "sitemap.xml",
    ]


def test_the_cache_name_changes_with_any_file_and_only_then(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site")
    files = precache_list(site)
    first = cache_version(site, files, "worker code")
    assert cache_version(site, files, "worker code") == first
    (site / "notices" / "2026" / "index.html").write_text("notice, corrected", encoding="utf-8")
    assert cache_version(site, files, "worker code") != first
    assert cache_version(site, files, "worker code, changed") != cache_version(site, files, "worker code")


@pytest.mark.build
def test_the_built_site_has_the_runtime_core_and_service_worker(built_site: Path) -> None:
    for name, digest in RUNTIME_FILES.items():
        assert calculator_assets.sha256_of(built_site / "calculator" / "runtime" / name) == digest
    _, files = unpack(core_bundle_file(built_site).read_bytes())
    assert "calculator/check.mpy" in files and "calculator/table.mpy" in files and "calculator_browser.mpy" in files
    assert not {"csv.mpy", "typing.mpy", "__future__.mpy", "calculator/csv_files.mpy"} & set(files), "no stand-ins"
    assert "calculator/cli.mpy" not in files and "calculator/__main__.mpy" not in files
    assert not any(path.endswith(".py") for path in files), "the browser gets bytecode, not sources"
    source = (ROOT / "calculator" / "check.py").read_text(encoding="utf-8")
    fresh = compile_modules({"calculator/check.py": source}, RUNTIME_VERSION.split("-")[0])
    assert files["calculator/check.mpy"] == fresh["calculator/check.mpy"], "the bundle is not compiled from calculator/"
    assert json.loads(files["calculator/rules.json"]) == json.loads(
        (ROOT / "calculator" / "rules.json").read_text(encoding="utf-8")
    ), "the site ships other rules than the command line uses: run python -m generator.rules"

    worker = (built_site / "sw.js").read_text(encoding="utf-8")
    build = json.loads(re.search(r"^const BUILD = (.*);$", worker, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert build["cache"].startswith("gx-site-")
    version = json.loads((built_site / "calculator" / "version.json").read_text(encoding="utf-8"))
    essential = ["calculator/", "calculator/runtime/micropython.mjs", "calculator/runtime/micropython.wasm"]
    assert build["essential"] == [*essential, version["worker"], version["core"]]
    for needed in (*build["essential"], "sitemap.xml", ""):
        assert needed in build["files"]
    for listed in build["files"]:
        path = built_site / listed / "index.html" if listed == "" or listed.endswith("/") else built_site / listed
        assert path.is_file(), listed
    assert not (built_site / "calculator" / "service-worker.js").exists()


@pytest.mark.build
def test_every_cited_clause_links_to_an_anchor_on_its_notice_page(built_site: Path) -> None:
    header, files = unpack(core_bundle_file(built_site).read_bytes())
    rules = json.loads(files["calculator/rules.json"])
    cited: set[str] = set()
    calculator_assets._collect_citations(rules, cited)
    assert cited <= set(header["links"]), sorted(cited - set(header["links"]))
    for citation, link in header["links"].items():
        page, _, anchor = link.partition("#")
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert anchor, f"{citation} links to the top of {page} only"
        assert f'id="{anchor}"' in html, f"{citation}: no #{anchor} on {page}"


@pytest.mark.build
def test_the_year_choices_are_in_the_page_before_any_script_runs(built_site: Path) -> None:
    html = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")
    assert calculator_assets.YEAR_OPTIONS_MARKER not in html
    rules = json.loads((ROOT / "calculator" / "rules.json").read_text(encoding="utf-8"))
    select = re.search(r'<select id="year"[^>]*>(.*?)</select>', html, re.DOTALL)
    assert select is not None
    offered = re.findall(r'<option value="([0-9]{4})" data-notice="yes"', select.group(1))
    assert sorted(offered) == sorted(rules["years"])


def test_a_calculator_that_cannot_be_built_stops_the_build_with_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # e.g. rules the calculator cannot read (a deadline in 2101): MkDocs prints the Abort's message, not a traceback.
    from mkdocs.exceptions import Abort

    from generator.site import mkdocs_hooks

    def refuse(site_dir: Path, data: object) -> None:
        raise calculator_assets.CalculatorAssetsError("编译出的规则不能被计算器读取：2101 年不在 2000–2100 年之间")

    monkeypatch.setattr(mkdocs_hooks, "write_search_index", lambda site_dir, data: 0)
    monkeypatch.setattr(mkdocs_hooks, "apply_content_security_policy", lambda site_dir, pages: None)
    monkeypatch.setattr(mkdocs_hooks, "has_calculator", lambda config: True)
    monkeypatch.setattr(mkdocs_hooks.STATE, "data", object())
    monkeypatch.setattr(calculator_assets, "write_calculator_assets", refuse)
    config = type("Config", (), {"site_dir": str(tmp_path)})()
    with pytest.raises(Abort) as stopped:
        mkdocs_hooks.on_post_build(config)
    assert str(stopped.value) == "计算器未能生成：编译出的规则不能被计算器读取：2101 年不在 2000–2100 年之间"
