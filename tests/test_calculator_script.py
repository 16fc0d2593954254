"""The calculator's script (generator/browser/calculator_script.py): ES modules, one job each, bundled at every build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.browser import calculator_script
from generator.browser.calculator_script import PUBLISHED, ScriptNotBundled, bundle, write_bundle
from tests.conftest import ROOT

MODULES = sorted((ROOT / calculator_script.MODULES).glob("*.js"))


def test_the_site_ships_a_bundle_made_from_the_modules_as_they_are_now(built_site: Path) -> None:
    assert (built_site / PUBLISHED).read_text(encoding="utf-8") == bundle()
    # The modules themselves are not published, and no hand-made calculator.js sits beside them.
    assert not (built_site / "javascripts" / "calculator").exists()
    assert not (ROOT / "site_config" / PUBLISHED).exists()


def test_a_stale_bundle_is_replaced_by_a_fresh_one(tmp_path: Path) -> None:
    stale = tmp_path / PUBLISHED
    stale.parent.mkdir(parents=True)
    stale.write_text("window.gxCalculator = {}; // an old build\n", encoding="utf-8")
    assert write_bundle(tmp_path) == stale
    assert stale.read_text(encoding="utf-8") == bundle()
    assert [path.name for path in stale.parent.iterdir()] == ["calculator.js"]


def test_the_bundle_is_the_same_for_the_same_modules_and_holds_every_module() -> None:
    text = bundle()
    assert text == bundle()
    assert text.startswith("// Built from site_config/javascripts/calculator/*.js")
    assert '"use strict";\n(() => {\n' in text, "one strict classic script: an immediately invoked function"
    bundled = re.findall(r"^  // (site_config/javascripts/calculator/\w+\.js)$", text, re.M)
    assert sorted(bundled) == [path.relative_to(ROOT).as_posix() for path in MODULES]
    assert bundled[-1].endswith("/main.js"), "the entry point runs last, after the others have only declared"
    assert not re.search(r"^\s*(import|export)\b", text, re.M)


@pytest.mark.parametrize("module", MODULES, ids=[path.name for path in MODULES])
def test_each_module_says_its_job_in_a_comment_on_its_first_line(module: Path) -> None:
    lines = module.read_text(encoding="utf-8").splitlines()
    assert re.fullmatch(r"// \S.{20,}", lines[0]), f"{module.name}: a one-line comment saying its job"
    assert lines[1] in ("", "//"), f"{module.name}: the job in one line"


def test_the_modules_set_no_global_but_the_documented_ones() -> None:
    # window.gxCalculator: the API that tests and bench/ use; window.gxCalculatorWorker: the worker started in <head>
    # (overrides/partials/calculator-start.html), taken over by the engine.
    assigned = {name for path in MODULES for name in re.findall(r"window\.(\w+)\s*=[^=]", path.read_text("utf-8"))}
    assert assigned == {"gxCalculator", "gxCalculatorWorker"}


def test_modules_esbuild_cannot_bundle_stop_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calculator_script, "ENTRY", f"{calculator_script.MODULES}/no-such-module.js")
    with pytest.raises(ScriptNotBundled) as refused:
        bundle()
    assert "esbuild 未能把 site_config/javascripts/calculator/ 打包成 javascripts/calculator.js" in str(refused.value)
