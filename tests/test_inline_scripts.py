"""Scripts written into a page (generator/browser/inline_scripts.py): the calculator's script on the calculator page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.browser.calculator_script import bundle, write_bundle
from generator.browser.csp import inline_script_hashes
from generator.browser.inline_scripts import ScriptCannotBeInlined, script_text


def test_a_script_is_written_into_the_page_exactly_as_in_its_file(tmp_path: Path) -> None:
    # The calculator's script as a build writes it (generator/calculator_script.py), then reads it for the page.
    written = write_bundle(tmp_path)
    assert script_text(tmp_path, "javascripts/calculator.js") == written.read_text(encoding="utf-8")


@pytest.mark.parametrize("end", ["</script>", "</SCRIPT >", "x = '</script';"])
def test_a_script_that_would_end_its_element_early_is_refused_with_a_message(tmp_path: Path, end: str) -> None:
    (tmp_path / "page.js").write_text(f"const a = 1;\n{end}\n", encoding="utf-8")
    with pytest.raises(ScriptCannotBeInlined) as refused:
        script_text(tmp_path, "page.js")
    assert "page.js 含有“</script”" in str(refused.value)


def test_the_calculator_page_carries_the_calculator_script_allowed_by_its_hash(built_site: Path) -> None:
    html = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")
    written = re.search(r'<script data-src="\.\./javascripts/calculator\.js">(.*?)</script>', html, re.S)
    assert written is not None, "the calculator's script right after its markup"
    assert written.group(1) == bundle()
    assert html.index('id="gx-calculator"') < written.start()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert policy is not None
    script_sources = re.search(r"script-src ([^;]*)", policy.group(1))
    assert script_sources is not None
    assert inline_script_hashes("<script>" + written.group(1) + "</script>")[0] in script_sources.group(1).split()
    # Not linked again: the copy in the page follows Material's instant navigation once the bundle has run.
    assert 'javascripts/calculator.js"></script>' not in html
    assert html.index("assets/javascripts/bundle.") > written.end()
    # Every other page links it (extra_javascript), after Material's bundle.
    other = (built_site / "faq" / "index.html").read_text(encoding="utf-8")
    assert other.count('<script src="../javascripts/calculator.js"></script>') == 1


def test_only_a_script_without_a_src_attribute_needs_a_hash() -> None:
    assert inline_script_hashes('<script src="a.js"></script><script SRC = "b.js"></script>') == []
    assert len(inline_script_hashes('<script data-src="a.js">run()</script>')) == 1
