"""The site the browser benchmarks load: built from the shipped data into a temporary folder, plus /_bench/.

/_bench/ holds the baseline pages (bench/baselines/) and copies of the two runtimes from node_modules:
MicroPython's WebAssembly port (the same files the calculator ships) and Pyodide (pyodide.mjs,
pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip, pyodide-lock.json). /_bench-theme/ is the built
calculator page without the calculator (write_theme_page). Everything is served by the benchmark's own server on
127.0.0.1: no CDN.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bench.browser import MEASURE_FIRST_PAINT

ROOT = Path(__file__).resolve().parent.parent
BASELINES = Path(__file__).resolve().parent / "baselines"
SITE_WORKER = ROOT / "site_config" / "calculator" / "worker.js"
CORE_BUNDLE_MARKER = "// CORE BUNDLE SECTION\n"
"""The line of bench/baselines/worker.js that the site worker's "Core bundle" section replaces (write_baseline_worker)."""
MICROPYTHON = ROOT / "node_modules" / "@micropython" / "micropython-webassembly-pyscript"
PYODIDE = ROOT / "node_modules" / "pyodide"
MICROPYTHON_FILES = ("micropython.mjs", "micropython.wasm")
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
BENCH_DIR = "_bench"
THEME_DIR = "_bench-theme"
"""The calculator page without the calculator: as deep as /calculator/, so that its relative addresses still hold."""
CALCULATOR_SCRIPTS = (
    # overrides/partials/calculator-start.html: starts the worker from <head>
    re.compile(r"<script data-root=\"[^\"]*\" data-worker=[^>]*>.*?</script>", re.S),
    # overrides/main.html: javascripts/calculator.js, written into the page (or linked, twice, GX_INLINE_SCRIPTS=0)
    re.compile(r"<script (?:data-src|src)=\"[^\"]*javascripts/calculator\.js\">.*?</script>", re.S),
)
DATA_DIR = ROOT / "data"

CHECK_FRAGMENT = "#year=2026&public-required=20&public-elective=0&professional=70&as-of=2026-06-01"
"""The check every start-up measurement asks for (a pass on the 2026 rules), as the calculator's URL fragment."""


class SiteError(Exception):
    pass


def missing_runtimes() -> list[str]:
    missing = [f"node_modules/@micropython/micropython-webassembly-pyscript/{name}" for name in MICROPYTHON_FILES]
    missing = [path for path in missing if not (ROOT / path).is_file()]
    missing += [f"node_modules/pyodide/{name}" for name in PYODIDE_FILES if not (PYODIDE / name).is_file()]
    return missing


def build_site(
    target: Path, site_url: str = "http://127.0.0.1:8000/", data_dir: Path | None = None, strict: bool = True
) -> Path:
    """`mkdocs build --strict` of the repository (data from data_dir when given) into target.

    strict=False for data whose rules differ from calculator/rules.json on purpose (bench/update.py): a warning.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GX_SITE_URL": site_url}
    if data_dir is not None:
        env["GX_DATA_DIR"] = str(data_dir)
    else:
        env.pop("GX_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict", "--site-dir", str(target)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SiteError(f"the site did not build:\n{(done.stdout + done.stderr)[-3000:]}")
    return target


def write_core_sources(site_dir: Path, target: Path) -> None:
    """The calculator's modules as Python sources, and the site's rules, for the Pyodide baseline.

    The same modules as calculator/core.bundle (which holds them compiled for MicroPython), read from
    the repository; the rules are those of the built bundle.
    """
    from generator.browser.calculator_assets import SITE_CONFIG_CALCULATOR, core_bundle_file
    from generator.browser.core_bundle import unpack

    _, compiled = unpack(core_bundle_file(site_dir).read_bytes())
    files: dict[str, str] = {}
    for path, content in compiled.items():
        if path.endswith(".json"):
            files[path] = content.decode("utf-8")
            continue
        source = path[: -len(".mpy")] + ".py"
        origin = ROOT / source if source.startswith("calculator/") else SITE_CONFIG_CALCULATOR / "micropython" / source
        files[source] = origin.read_text(encoding="utf-8")
    target.write_text(json.dumps({"files": files}, ensure_ascii=False), encoding="utf-8")


def write_baseline_worker(target: Path) -> None:
    """bench/baselines/worker.js with the "Core bundle" section of the site's worker in place of its marker line."""
    worker = SITE_WORKER.read_text(encoding="utf-8")
    begin, end = worker.find("// ==== Core bundle: begin"), worker.find("// ==== Core bundle: end")
    baseline = (BASELINES / "worker.js").read_text(encoding="utf-8")
    if begin < 0 or end < 0 or CORE_BUNDLE_MARKER not in baseline:
        raise SiteError(
            "the core bundle section of site_config/calculator/worker.js or its marker in the baseline is missing"
        )
    target.write_text(baseline.replace(CORE_BUNDLE_MARKER, worker[begin:end]), encoding="utf-8")


def write_theme_page(site_dir: Path) -> None:
    """/_bench-theme/: the built calculator page with neither of its two scripts (no worker, no form bound).

    The theme, the page's markup and stylesheets, Material's and the site's other scripts, as on /calculator/: how
    soon that page can be drawn at all, whatever the calculator does. Its first paint is what the benchmark measures.
    """
    page = (site_dir / "calculator" / "index.html").read_text(encoding="utf-8")
    for pattern in CALCULATOR_SCRIPTS:
        page, found = pattern.subn("", page)
        if not found:
            raise SiteError(f"the calculator page has no script matching {pattern.pattern[:60]}…")
    if "</head>" not in page:
        raise SiteError("the calculator page has no </head>")
    (site_dir / THEME_DIR).mkdir(exist_ok=True)
    (site_dir / THEME_DIR / "index.html").write_text(
        page.replace("</head>", MEASURE_FIRST_PAINT + "</head>", 1), encoding="utf-8"
    )


def add_baselines(site_dir: Path) -> Path:
    """Write /_bench/ into the built site: the baseline pages, both runtimes and the core's sources for Pyodide;
    and /_bench-theme/."""
    missing = missing_runtimes()
    if missing:
        raise SiteError(f"missing runtime files (npm ci): {', '.join(missing)}")
    bench = site_dir / BENCH_DIR
    shutil.copytree(BASELINES, bench, dirs_exist_ok=True)
    write_baseline_worker(bench / "worker.js")
    (bench / "micropython").mkdir(exist_ok=True)
    for name in MICROPYTHON_FILES:
        shutil.copy2(MICROPYTHON / name, bench / "micropython" / name)
    (bench / "pyodide").mkdir(exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(PYODIDE / name, bench / "pyodide" / name)
    write_core_sources(site_dir, bench / "core-sources.json")
    from generator.browser.calculator_assets import core_bundle_file

    shutil.copy2(core_bundle_file(site_dir), bench / "core.bundle")
    write_theme_page(site_dir)
    return site_dir


def prepare(target: Path) -> Path:
    """The built site with /_bench/, in target."""
    return add_baselines(build_site(target))
