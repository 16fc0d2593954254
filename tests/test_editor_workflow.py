"""An editor's afternoon: the preview follows YAML edits, and a new year reaches the site and the calculator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.browser.calculator_assets import core_bundle_file
from generator.browser.core_bundle import unpack
from generator.site import mkdocs_hooks
from generator.site.pages import generate_pages
from tests.conftest import ROOT
from tests.test_new_year import as_next_year, fill_todos_with, run_new_year

pytestmark = pytest.mark.build


class RecordingServer:
    """Stands in for MkDocs' live-reload server: records what the hook asks it to watch."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_the_preview_watches_the_data_and_regenerates_a_page_after_a_yaml_change(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mkdocs_hooks, "STATE", mkdocs_hooks.State())
    monkeypatch.setenv("GX_DATA_DIR", str(data_copy))
    server = RecordingServer()
    mkdocs_hooks.on_serve(server, None, None)  # type: ignore[arg-type]
    assert str(data_copy) in server.watched

    before = generate_pages(mkdocs_hooks.current_data(), data_copy)["notices/2026.md"]
    assert "人工智能国家战略与政策通识" in before
    notice = data_copy / "notices" / "2026.yaml"
    text = notice.read_text(encoding="utf-8")  # the site's own note on a discrepancy (the notice's words must stay)
    notice.write_text(text.replace("本站照原文记录落款日期", "本站照原文（已再次核对）记录落款日期"), encoding="utf-8")
    after = generate_pages(mkdocs_hooks.current_data(), data_copy)["notices/2026.md"]
    assert "已再次核对" in after and "已再次核对" not in before


def add_year_2027(data_dir: Path) -> None:
    """new-year 2027, then fill every TODO the way an editor would for a notice that repeats 2026."""
    assert run_new_year(data_dir, 2027).returncode == 0
    path = data_dir / "notices" / "2027.yaml"
    draft = yaml.safe_load(path.read_text(encoding="utf-8"))
    previous: dict[str, Any] = yaml.safe_load((data_dir / "notices" / "2026.yaml").read_text(encoding="utf-8"))
    filled = fill_todos_with(previous, draft)
    for deadline in filled["deadlines"]:
        deadline["date"] = f"{int(deadline['date'][:4]) + 1}{deadline['date'][4:]}"
    filled["document"].update(number="桂人社函〔2027〕1号", date="2027-01-20", date_printed="2027年1月20日")
    filled["discrepancies"] = [  # the preamble repeats 2026's title of the plan, which the lints find
        {
            "subject": "引用桂人社发〔2022〕15号的标题",
            "description": "桂人社函〔2027〕1号 与 2026 年一样，引用 桂人社发〔2022〕15号 时方案名称少了“壮族自治区”。",
            "sources": ["一"],
            "lints": ["cited-title"],
        }
    ]
    filled["rules"]["public_required"]["topics"] = ["《二〇二七年测试主题》"]
    filled["makeup"].update(from_year=2023, to_year=2026)
    as_next_year(data_dir, filled, previous, "2023年至2026年", ("2027年1月20日", "《二〇二七年测试主题》"))
    filled["document"]["date_printed"] = "2027年1月20日"
    path.write_text(yaml.safe_dump(filled, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_full_build_with_an_added_year_shows_it_on_the_site_and_in_the_calculator(
    data_copy: Path, tmp_path: Path
) -> None:
    add_year_2027(data_copy)
    site = tmp_path / "site"
    environment = {**os.environ, "GX_DATA_DIR": str(data_copy), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Built from another data folder, the site has rules of its own; the repository's calculator/rules.json (the
    # command line's, published with `python -m generator build` of data/) is neither compared nor touched.
    assert "compile_rules" not in result.stderr
    assert "2027" not in json.loads((ROOT / "calculator" / "rules.json").read_text(encoding="utf-8"))["years"]
    notice_page = (site / "notices" / "2027" / "index.html").read_text(encoding="utf-8")
    assert "桂人社函〔2027〕1号" in notice_page and "《二〇二七年测试主题》" in notice_page
    header, files = unpack(core_bundle_file(site).read_bytes())
    assert "桂人社函〔2027〕1号" in files["calculator/rules.json"].decode("utf-8")
    assert any(choice["year"] == 2027 for choice in header["years"])
    calculator_page = (site / "calculator" / "index.html").read_text(encoding="utf-8")
    assert 'value="2027"' in calculator_page
