"""What each kept change to Material's ordinary behaviour saves: the same build with it and without it, alternating.

- html_blocks (generator/site/html_blocks.py; off: GX_SET_ASIDE_HTML=0): generated pages' HTML blocks kept
  out of Python-Markdown. Measured: build time of the shipped data and of 10× the organisations.
- theme_parts (generator/site/theme_parts.py; off: GX_SHARE_THEME_PARTS=0): Material's navigation and tabs
  rendered once per folder for pages outside the navigation. Measured: the same builds.
- inline_scripts (generator/browser/inline_scripts.py; off: GX_INLINE_SCRIPTS=0): the calculator's script
  written into its page rather than linked. Measured: the calculator page's first verdict, cold, in Chromium.

Each figure is the median of runs in which "with" and "without" alternate, in the same session.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any
from unittest.mock import patch

from bench import build_scaling
from bench.stats import summary
from bench.synthetic_data import write_synthetic_data

BUILD_SWITCHES = {"html_blocks": "GX_SET_ASIDE_HTML", "theme_parts": "GX_SHARE_THEME_PARTS"}
SIZES = ((1, "shipped data"), (10, "organisations ×10"))


def build_seconds(data_dir: Path, site_dir: Path, switch: str | None) -> float:
    """One `python -m generator build` of data_dir, with the override named by switch turned off."""
    env = build_scaling.environment(GX_SITE_URL="http://127.0.0.1:8000/", **({switch: "0"} if switch else {}))
    build = ["-m", "generator", "build", "--no-strict", "--data", str(data_dir), "--site-dir", str(site_dir)]
    commands = [[build_scaling.PYTHON, *build]]
    shutil.rmtree(site_dir, ignore_errors=True)
    figures = build_scaling.measured(commands, env, build_scaling.ROOT, timeout=1800)
    if not figures["ok"]:
        raise RuntimeError(f"build failed ({switch}=0): {figures['error'][-500:]}")
    return float(figures["seconds"])


def builds(runs: int, sizes: tuple[tuple[int, str], ...] = SIZES, log: Any = print) -> dict[str, Any]:
    out: dict[str, Any] = {}
    scratch = Path(tempfile.mkdtemp(prefix="gx-bench-overrides-"))
    try:
        for factor, name in sizes:
            data_dir = scratch / f"data-x{factor}"
            write_synthetic_data(data_dir, factor, 1)
            for override, switch in BUILD_SWITCHES.items():
                with_it: list[float] = []
                without: list[float] = []
                for index in range(runs):
                    order = ((with_it, None), (without, switch))  # which goes first alternates from run to run
                    for figures, off in order if index % 2 == 0 else reversed(order):
                        figures.append(build_seconds(data_dir, scratch / "site", off))
                    log(
                        f"  {override}, {name} {index + 1}/{runs}: {with_it[-1]:.1f} s with, {without[-1]:.1f} s without"
                    )
                entry = {"with": summary(with_it), "without": summary(without)}
                entry["saved"] = round(1 - entry["with"]["median"] / entry["without"]["median"], 3)
                out.setdefault(override, {})[name] = entry
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return out


def inline_script(browser: Any, runs: int, log: Any = print) -> dict[str, Any]:
    """The calculator page's first verdict, cold: its script written into the page, and linked."""
    from bench.browser import fresh_context
    from bench.pageload import load
    from bench.served_site import add_baselines, build_site
    from bench.servers import PlainServer

    scratch = Path(tempfile.mkdtemp(prefix="gx-bench-inline-"))
    try:
        sites = {"with": add_baselines(build_site(scratch / "with"))}
        with patch.dict(os.environ, {"GX_INLINE_SCRIPTS": "0"}):
            sites["without"] = add_baselines(build_site(scratch / "without"))
        verdicts: dict[str, list[float]] = {"with": [], "without": []}
        third_party: list[str] = []
        servers = {label: PlainServer(site) for label, site in sites.items()}
        for server in servers.values():
            server.__enter__()
        try:
            for index in range(runs):
                labels = ["with", "without"] if index % 2 == 0 else ["without", "with"]
                for label in labels:
                    server = servers[label]
                    context = fresh_context(browser, third_party)
                    try:
                        figures = load(context.new_page(), server, "calculator")
                    finally:
                        context.close()
                    if figures.verdict_ms is None or figures.status != "pass":
                        raise RuntimeError(f"calculator page ({label} inline script): no verdict ({figures.status})")
                    verdicts[label].append(figures.verdict_ms)
                log(
                    f"  inline script {index + 1}/{runs}: {verdicts['with'][-1]:.0f} ms with, "
                    f"{verdicts['without'][-1]:.0f} ms without"
                )
        finally:
            for server in servers.values():
                server.__exit__(None, None, None)
        entry: dict[str, Any] = {"with": summary(verdicts["with"], 1), "without": summary(verdicts["without"], 1)}
        entry["saved_ms"] = round(entry["without"]["median"] - entry["with"]["median"], 1)
        return {"first_verdict_ms": entry, "third_party_requests": third_party}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(browser: Any, runs: int = 5, build_runs: int = 3, quick: bool = False, log: Any = print) -> dict[str, Any]:
    result: dict[str, Any] = {"builds": builds(build_runs, SIZES[:1] if quick else SIZES, log)}
    if browser is not None:
        result["inline_scripts"] = inline_script(browser, runs, log)
    return result
