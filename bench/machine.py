"""What the figures were measured on: machine, load, versions, git commit."""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _run(command: list[str]) -> str:
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout or done.stderr).strip()


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_mb() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def load_average() -> list[float]:
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return []


def busy_processes(limit: int = 8) -> list[str]:
    """The processes using the most CPU besides this benchmark's (what else was running)."""
    text = _run(["ps", "-eo", "pcpu,comm", "--sort=-pcpu", "--no-headers"])
    rows = []
    for line in text.splitlines():
        parts = line.split(None, 1)
        if len(parts) == 2 and float(parts[0] or 0) >= 5:
            rows.append(f"{parts[1]} {parts[0]}%")
    return rows[:limit]


def chinese_fonts() -> list[str] | None:
    """The font families fontconfig offers for Chinese (what Chromium draws the pages' text with); None: unknown.

    Without one, every Chinese character goes through Chromium's font fallback and finds nothing: the
    calculator page then lays out ~30 ms slower (9 interleaved cold loads on 2 cores: 352 vs 322 ms,
    longest task 133 vs 92 ms), so figures measured with and without one do not compare.
    """
    if not shutil.which("fc-list"):
        return None
    families = set()
    for line in _run(["fc-list", ":lang=zh", "family"]).splitlines():
        names = [name.strip() for name in line.split(",") if name.strip()]
        if names:
            families.add(names[0])
    return sorted(families)


def git_state() -> dict[str, Any]:
    commit = _run(["git", "rev-parse", "HEAD"])
    changed = _run(["git", "status", "--porcelain", "--untracked-files=no"])
    return {"commit": commit, "dirty": bool(changed), "changed_files": changed.splitlines()[:50]}


def versions() -> dict[str, str]:
    from bench.browser import CHROMIUM
    from bench.servers import nginx_binary

    found = {"python": sys.version.split()[0]}
    if Path(CHROMIUM).exists():
        lines = _run([CHROMIUM, "--version"]).splitlines()
        found["chromium"] = lines[-1] if lines else ""
    binary = nginx_binary()
    if binary:
        found["nginx"] = _run([binary, "-v"]).replace("nginx version: ", "")
    if shutil.which("node"):
        found["node"] = _run(["node", "--version"])
    for package in ("mkdocs", "mkdocs-material", "playwright"):
        try:
            from importlib.metadata import version

            found[package] = version(package)
        except Exception:
            pass
    lock = ROOT / "package-lock.json"
    if lock.is_file():
        text = lock.read_text(encoding="utf-8")
        for name, key in (("@micropython/micropython-webassembly-pyscript", "micropython"), ("pyodide", "pyodide")):
            match = re.search(rf'"node_modules/{re.escape(name)}":\s*{{\s*"version":\s*"([^"]+)"', text)
            if match:
                found[key] = match.group(1)
    return found


def describe() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "memory_mb": memory_mb(),
        "system": f"{platform.system()} {platform.release()}",
        "load_average_at_start": load_average(),
        "busy_processes_at_start": busy_processes(),
        "chinese_fonts": chinese_fonts(),
        "versions": versions(),
    }
