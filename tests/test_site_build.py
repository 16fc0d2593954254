"""Building the site: deterministic, escaping data, refusing broken data, keeping the last good data while serving."""

from __future__ import annotations

import hashlib
import html
import subprocess
import sys
from pathlib import Path

import pytest

from generator.data.load import load_data
from generator.site import mkdocs_hooks
from tests.conftest import DATA, ROOT
from tests.search_index_files import records
from tests.site_fixtures import build_site_into
from tests.site_html import article, page
from tests.test_validation import replace_in_source_text, replace_once

pytestmark = pytest.mark.build

SCRIPT = "<script>alert(1)</script>"


def tree_hashes(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def run_build(site_dir: Path, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(site_dir), "--data", str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_two_builds_of_the_same_data_give_identical_files(tmp_path: Path) -> None:
    """Two builds back to back (not against the session's build: others may edit site_config/ meanwhile)."""
    for name in ("first", "second"):
        result = build_site_into(tmp_path / name, "http://127.0.0.1:8000/")
        assert result.returncode == 0, result.stderr
    first, second = tree_hashes(tmp_path / "first"), tree_hashes(tmp_path / "second")
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def test_the_sitemap_dates_come_from_the_data_not_the_clock(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    newest = max(notice["document"]["date"] for notice in load_data(DATA).notices.values())
    assert f"<lastmod>{newest}</lastmod>" in sitemap


def test_names_and_text_containing_html_or_markdown_render_as_text(data_copy: Path, tmp_path: Path) -> None:
    organisations = data_copy / "organisations.yaml"
    replace_once(
        organisations, "name: 广西大学\n    aliases: []", f"name: '广西大学{SCRIPT}\"引\"'\n    aliases: [广西大学]"
    )
    replace_once(  # the printed name must be a known name (a lint), so the hostile one is made an alias
        organisations,
        "name: 广西医科大学\n    aliases: []",
        'name: 广西医科大学\n    aliases: ["广西医科大学<img src=x onerror=alert(2)>"]',
    )
    bases = data_copy / "directories" / "bases-2026.yaml"
    replace_once(bases, "name: 广西医科大学\n", 'name: "广西医科大学<img src=x onerror=alert(2)>"\n')
    notice = data_copy / "notices" / "2026.yaml"
    replace_once(notice, '"专业科目学习方案由', '"*强调* [链接](http://x) <b>粗</b> 专业科目学习方案由')
    # the notice's text must print it too (validation: generator/data/transcribed.py): a copy beside the data
    replace_in_source_text(
        data_copy, "2026.yaml", "专业科目学习方案由", "*强调* [链接](http://x) <b>粗</b> 专业科目学习方案由"
    )
    site = tmp_path / "site"
    result = build_site_into(site, "http://127.0.0.1:8000/", data_copy)
    assert result.returncode == 0, result.stdout + result.stderr

    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert SCRIPT not in text and "<img src=x" not in text and "<b>粗</b>" not in text, path
    organisation = page(site, "organisations/guangxi-university/")
    assert organisation.find("h1").text().startswith(f'广西大学{SCRIPT}"引"')
    assert organisation.find("title").text().startswith(f'广西大学{SCRIPT}"引"')
    assert f"广西大学{html.escape(SCRIPT)}" in (site / "organisations/guangxi-university/index.html").read_text()
    assert "广西医科大学<img src=x onerror=alert(2)>" in article(site, "directories/bases/").text()
    clause = article(site, "notices/2026/").text()
    assert "*强调* [链接](http://x) <b>粗</b>" in clause
    titles = {record["title"] for record in records(site)}
    assert f'广西大学{SCRIPT}"引"' in titles  # plain text in the index; javascripts/search.js escapes what it shows


def test_the_build_command_refuses_broken_data_and_keeps_the_previous_site(data_copy: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    replace_once(data_copy / "notices" / "2026.yaml", "minimum: 90", "minimum: 九十")
    result = run_build(site, data_copy)
    assert result.returncode == 1
    assert "notices/2026.yaml:" in result.stderr and "网站未生成" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"
    assert not list(tmp_path.glob(".site-build-*"))


def test_the_build_command_swaps_the_site_in_and_summarises_what_changed(data_copy: Path, tmp_path: Path) -> None:
    site = tmp_path / "out" / "site"
    first = run_build(site, data_copy)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "首次生成" in first.stdout and (site / "index.html").is_file()

    bases = data_copy / "directories" / "bases-2026.yaml"
    replace_once(bases, 'phone: "0771-5358966"', 'phone: "0771-5358967"')
    with bases.open("a", encoding="utf-8") as handle:  # two numbers for one unit: a lint, recorded as printed
        handle.write(
            "  - subject: 广西医科大学的电话\n    description: 两处印 0771-5358966 和 0771-5358967。\n"
            '    sources: ["sources/2026-task-plan_gui-ren-she-han-2026-196.txt"]\n    lints: [phones-differ]\n'
        )
    organisations = data_copy / "organisations.yaml"
    replace_once(
        organisations,
        "name: 广西大学\n    aliases: []\n    city: 南宁市",
        "name: 广西大学\n    aliases: []\n    city: 崇左市",
    )
    second = run_build(site, data_copy)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "单位 广西医科大学 的 phones：0771-5358966 → 0771-5358966、0771-5358967" in second.stdout
    assert "单位 广西大学 的 city：南宁市 → 崇左市" in second.stdout
    assert sorted(path.name for path in site.parent.iterdir()) == ["site"]  # no temporary folder left


def test_while_serving_broken_data_keeps_the_last_good_data_on_screen(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = load_data(DATA)
    state = mkdocs_hooks.State()
    state.serving, state.data = True, good
    monkeypatch.setattr(mkdocs_hooks, "STATE", state)
    monkeypatch.setenv("GX_DATA_DIR", str(data_copy))
    replace_once(data_copy / "notices" / "2026.yaml", "minimum: 90", "minimum: 九十")
    assert mkdocs_hooks.current_data() is good and state.stale
    assert mkdocs_hooks.STALE_BANNER in mkdocs_hooks.on_page_markdown("正文", _FakePage(), _FakeConfig(), None)  # type: ignore[arg-type]

    state.serving = False
    with pytest.raises(Exception, match="数据有错误"):
        mkdocs_hooks.current_data()


class _FakeFile:
    src_uri = "notices/2026.md"


class _FakePage:
    file = _FakeFile()
    update_date = ""


class _FakeConfig:
    docs_dir = str(ROOT / "content")
