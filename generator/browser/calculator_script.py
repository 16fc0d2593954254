"""The calculator's script: site_config/javascripts/calculator/*.js bundled into javascripts/calculator.js at each build.

The sources are small ES modules, one job each (a one-line comment at the top of each says which);
main.js is the entry point. The site gets one classic script, as before: written into the calculator
page (generator/inline_scripts.py, allowed by its hash in generator/csp.py) and linked on every page
(mkdocs.yml extra_javascript). esbuild (npm, pinned in package.json) bundles them: format iife, not
minified, the same output for the same sources; the bundle is written into .build/ (not published as
such, not committed) and the modules themselves are not published. A build never ships an old bundle:
every build makes it again from the modules, and stops if esbuild cannot.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import Abort

from generator.paths import BUILD_FOLDER, PROJECT_DIR

ROOT = PROJECT_DIR
MODULES = "site_config/javascripts/calculator"
"""The modules, relative to the repository (esbuild names each in the bundle by this path)."""
ENTRY = f"{MODULES}/main.js"
PUBLISHED = "javascripts/calculator.js"
"""The bundle's path in the site."""
SCRIPTS_FOLDER = BUILD_FOLDER / "scripts"
"""Where each build writes the bundle, at SCRIPTS_FOLDER / PUBLISHED."""
NODE_MODULES = ROOT / "node_modules"
BANNER = (
    "// Built from site_config/javascripts/calculator/*.js by generator/browser/calculator_script.py (esbuild, iife):"
    " edit those modules, not this file.\n"
    '"use strict";'
)
ESBUILD_OPTIONS = ["--bundle", "--format=iife", "--charset=utf8", "--log-level=warning", f"--banner:js={BANNER}"]


class ScriptNotBundled(Abort):
    """esbuild is missing or refused the modules (the build stops with this message)."""


def esbuild() -> list[str]:
    """The command that runs esbuild: its binary for this machine (the optional npm dependency @esbuild/<os>-<cpu>),
    else npm's launcher (through node, ~0.25 s slower)."""
    machine = platform.machine().lower()
    cpu = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64"}.get(machine, machine)
    package = NODE_MODULES / "@esbuild" / f"{sys.platform}-{cpu}"  # linux, darwin, win32: esbuild's names too
    for binary in (package / "bin" / "esbuild", package / "esbuild.exe"):
        if binary.is_file():
            return [str(binary)]
    launcher = NODE_MODULES / ".bin" / "esbuild"
    if launcher.exists():
        return [str(launcher)]
    raise ScriptNotBundled(
        "找不到 esbuild（npm 依赖，用来生成 javascripts/calculator.js）：请运行 make setup（npm ci）"
    )


def _run_esbuild(entry: str, options: list[str], failure: str) -> str:
    """esbuild's output for entry; ScriptNotBundled with `failure` and esbuild's words when it fails or warns."""
    try:
        done = subprocess.run(
            [*esbuild(), entry, *options],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    except OSError as error:
        raise ScriptNotBundled(f"esbuild 无法运行（{error}）：请运行 make setup（npm ci）") from None
    if done.returncode != 0 or done.stderr.strip():
        raise ScriptNotBundled(f"{failure}：\n{done.stderr.strip()}")
    return done.stdout


def bundle() -> str:
    """The bundle of the modules, as the site publishes it."""
    return _run_esbuild(ENTRY, ESBUILD_OPTIONS, f"esbuild 未能把 {MODULES}/ 打包成 {PUBLISHED}")


XLSX_ENTRY = "site_config/calculator/xlsx.js"
"""The worker's .xlsx module (with fflate), bundled into one ES module: calculator/xlsx.<hash>.js (calculator_assets)."""
XLSX_OPTIONS = [
    "--bundle",
    "--format=esm",
    "--charset=utf8",
    "--log-level=warning",
    "--banner:js=// Built from site_config/calculator/xlsx.js and fflate (npm) by generator/browser/calculator_script.py.",
]


def xlsx_module() -> str:
    """The worker's .xlsx reader and writer with fflate, as one ES module the worker imports when it needs it."""
    return _run_esbuild(XLSX_ENTRY, XLSX_OPTIONS, f"esbuild 未能打包 {XLSX_ENTRY}")


def write_bundle(folder: Path = SCRIPTS_FOLDER) -> Path:
    """The bundle made again and written to folder/PUBLISHED (replaced at once: builds may run side by side)."""
    target = folder / PUBLISHED
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_text(bundle(), encoding="utf-8")
    os.replace(temporary, target)
    return target
