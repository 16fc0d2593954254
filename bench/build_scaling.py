"""Build time and peak memory against data size, beside a bare MkDocs build of as many plain pages.

For each size (the shipped data, then synthetic data from bench/synthetic_data.py):

- ours: `python -m generator build --no-strict --data DIR --site-dir SITE`, the editors' command
  (validation and the MkDocs build in one process, the swap into SITE). Not strict only because
  synthetic years make the rules compiled for the site differ from the shipped calculator/rules.json,
  which the build reports as a warning;
- bare: a temporary MkDocs project with the same number of pages, each holding the same text as
  plain Markdown (headings and paragraphs, no HTML, no tables), the same navigation, theme, features
  and Markdown extensions, and no hooks, with Material's own search plugin (Chinese, jieba): the floor
  our generator's overhead is measured against, with search as the site had it before its own index
  (issue #17), so that the bare site also stands for "today's Material search" beside ours.

Each build runs in a wrapper process (`python -m bench.build_scaling measure`) that reports the wall
time and the peak resident memory of its children (getrusage RUSAGE_CHILDREN ru_maxrss), so each
figure is that build's own. Our runs and the bare runs are interleaved. Also recorded: the page
count, the size of the search index (raw and gzip; ours: all of search/, the bare site's: Material's
search_index.json) and, when a browser is given, the first query's latency and bytes on both
(bench/search_latency.py).
"""

from __future__ import annotations

import gzip
import html
import itertools
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.stats import summary
from bench.synthetic_data import write_synthetic_data

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass(frozen=True)
class Size:
    name: str
    organisations: int
    years: int
    runs: int

    @property
    def key(self) -> str:
        return f"organisations-x{self.organisations}-years-x{self.years}"


FULL_SIZES = (
    Size("shipped data", 1, 1, 7),
    Size("organisations ×10", 10, 1, 7),
    Size("organisations ×100", 100, 1, 1),
    Size("organisations ×1000", 1000, 1, 1),
    Size("years ×10", 1, 10, 7),
    Size("years ×20", 1, 20, 7),
)
"""The sizes measured, each with its number of runs (ours and bare alternating): 7 for the builds of a few
seconds, whose time varies by ±25 % from run to run on a 2-core machine (3 runs gave medians as far apart as
1.21× and 1.36× bare for the same code); 1 for the builds of minutes."""
SEARCH_INDEX_LIMIT = 64_000_000
"""Above this Material's first query (on the bare floor) is not timed: it would have to download and index it all."""
QUICK_SIZES = (Size("shipped data", 1, 1, 1), Size("organisations ×2", 2, 1, 1))
MATERIAL_SEARCH = [{"search": {"lang": "zh"}}]
"""The bare project's search: Material's plugin as the site had it until issue #17 (jieba installed: Chinese cut)."""


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}


# ---- One measured build.


def measured(commands: list[list[str]], env: dict[str, str], cwd: Path, timeout: float) -> dict[str, Any]:
    """Run the commands one after the other in a wrapper; its wall time, its children's peak RSS, success."""
    spec = json.dumps({"commands": commands, "timeout": timeout, "cwd": str(cwd)})
    wrapper = [PYTHON, "-m", "bench.build_scaling", "measure", spec]
    done = subprocess.run(wrapper, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout + 60)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"measure wrapper failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def measure_main(spec: str) -> int:
    """The wrapper: run each command, stop at the first failure; print one JSON line."""
    parsed = json.loads(spec)
    started = time.monotonic()
    outcome = {"ok": True, "error": ""}
    for command in parsed["commands"]:
        remaining = max(1.0, parsed["timeout"] - (time.monotonic() - started))
        try:
            done = subprocess.run(command, cwd=parsed["cwd"], capture_output=True, text=True, timeout=remaining)
        except subprocess.TimeoutExpired:
            outcome = {"ok": False, "error": f"timed out after {parsed['timeout']:.0f} s"}
            break
        if done.returncode != 0:
            outcome = {"ok": False, "error": (done.stdout + done.stderr)[-3000:]}
            break
    seconds = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_kb / 1024, **outcome}))
    return 0


def our_build(data_dir: Path, site_dir: Path, timeout: float) -> dict[str, Any]:
    commands = [
        [PYTHON, "-m", "generator", "build", "--no-strict", "--data", str(data_dir), "--site-dir", str(site_dir)]
    ]
    env = environment(GX_SITE_URL="http://127.0.0.1:8000/")
    return measured(commands, env, ROOT, timeout)


def bare_build(project: Path, site_dir: Path, timeout: float) -> dict[str, Any]:
    commands = [
        [PYTHON, "-m", "mkdocs", "build", "--no-strict", "-f", str(project / "mkdocs.yml"), "--site-dir", str(site_dir)]
    ]
    return measured(commands, environment(), project, timeout)


# ---- The bare project: the same pages as plain Markdown, the same navigation and theme.

_TAG = re.compile(r"<[^>]+>")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def plain_markdown(markdown: str) -> str:
    """The page's text as plain Markdown: headings kept, every other line's visible text as paragraphs."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            markdown = markdown[end + 5 :]
    out: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(" ".join(paragraph))
            out.append("")
            paragraph.clear()

    for line in markdown.splitlines():
        heading = _HEADING.match(line)
        if heading:
            flush()
            out.extend([f"{heading.group(1)} {_TAG.sub('', heading.group(2))}", ""])
            continue
        text = _LINK.sub(r"\1", _TAG.sub(" ", line)).replace("|", " ")
        text = re.sub(r"^[!?=]{3}\+?\s*\S*\s*", "", text.strip())  # admonition markers
        text = re.sub(r"\s+", " ", text).strip()
        if re.match(r"^([#>*+-]|[0-9]+[.)])( |$)", text):
            text = "\\" + text  # plain text, never a list or a quote
        if text and not set(text) <= set("-: "):
            paragraph.append(text)
        elif not line.strip():
            flush()
    flush()
    return "\n".join(out).strip() + "\n"


def bare_project_main(data_dir: str, target: str) -> int:
    """Write the bare project for data_dir into target (run in a subprocess: it loads the data)."""
    sys.path.insert(0, str(ROOT))
    from generator.data.load import load_data
    from generator.site.pages import generate_pages, navigation

    data = load_data(Path(data_dir))
    pages = generate_pages(data, Path(data_dir))
    for path in sorted((ROOT / "content").rglob("*.md")):
        pages[path.relative_to(ROOT / "content").as_posix()] = path.read_text(encoding="utf-8")
    project = Path(target)
    docs = project / "docs"
    for src_uri, markdown in pages.items():
        path = docs / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(plain_markdown(markdown), encoding="utf-8")
    config = yaml.safe_load(_without_python_tags((ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    bare = {
        "site_name": config["site_name"],
        "site_url": "http://127.0.0.1:8000/",
        "docs_dir": "docs",
        "use_directory_urls": True,
        "theme": {key: value for key, value in config["theme"].items() if key != "custom_dir"},
        "markdown_extensions": config["markdown_extensions"],
        "plugins": MATERIAL_SEARCH,
        "nav": _unescaped(navigation(data, True)),
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(bare, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(json.dumps({"pages": len(pages)}))
    return 0


def _without_python_tags(text: str) -> str:
    """mkdocs.yml with its !!python/… slugify and !ENV tags made plain (the bare project keeps the default slugify)."""
    text = re.sub(r"slugify: !!python/object/apply:[^\n]*", "permalink: true", text)
    return re.sub(r"!ENV \[[A-Z_]+, ([^\]]+)\]", r"\1", text)


def _unescaped(nav: Any) -> Any:
    if isinstance(nav, dict):
        return {html.unescape(key): _unescaped(value) for key, value in nav.items()}
    if isinstance(nav, list):
        return [_unescaped(item) for item in nav]
    return nav


def make_bare_project(data_dir: Path, target: Path) -> int:
    done = subprocess.run(
        [PYTHON, "-m", "bench.build_scaling", "bare-project", str(data_dir), str(target)],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bare project: {done.stderr[-2000:]}")
    return int(json.loads(done.stdout.strip().splitlines()[-1])["pages"])


# ---- What a build made.


def built_pages(site_dir: Path) -> int:
    return sum(1 for _ in site_dir.rglob("*.html"))


def search_index_size(site_dir: Path) -> dict[str, int]:
    """Ours: every file of search/ (manifest, shards, records); Material's: search/search_index.json alone."""
    material = site_dir / "search" / "search_index.json"
    paths = [material] if material.is_file() else [path for path in (site_dir / "search").rglob("*") if path.is_file()]
    raw = gzipped = 0
    for path in paths:
        data = path.read_bytes()
        raw += len(data)
        gzipped += min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))
    return {"bytes": raw, "gzip_bytes": gzipped, "files": len(paths)}


def site_size(site_dir: Path) -> int:
    return sum(path.stat().st_size for path in site_dir.rglob("*") if path.is_file())


# ---- The benchmark.


def run(
    sizes: tuple[Size, ...] = FULL_SIZES,
    scratch: Path | None = None,
    timeout: float = 3600.0,
    search_query: Any = None,
    log: Any = print,
) -> dict[str, Any]:
    """Every size: our builds and bare builds interleaved; figures per size. search_query(site_dir) → latency dict."""
    own_scratch = scratch is None
    base = Path(tempfile.mkdtemp(prefix="gx-bench-build-")) if scratch is None else Path(scratch)
    results: list[dict[str, Any]] = []
    try:
        for size in sizes:
            folder = base / size.key
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            started = time.monotonic()
            data_dir = folder / "data"
            counts = write_synthetic_data(data_dir, size.organisations, size.years)
            pages = make_bare_project(data_dir, folder / "bare")
            log(f"  {size.name}: {counts}, {pages} pages; data and bare project in {time.monotonic() - started:.0f} s")
            ours: list[dict[str, Any]] = []
            bare: list[dict[str, Any]] = []
            for index in range(size.runs):
                for label, build, runs in (("ours", our_build, ours), ("bare", bare_build, bare)):
                    target = folder / f"site-{label}"
                    shutil.rmtree(target, ignore_errors=True)
                    source = data_dir if label == "ours" else folder / "bare"
                    figures = build(source, target, timeout)
                    runs.append(figures)
                    state = "" if figures["ok"] else f" FAILED: {figures['error'][-300:]}"
                    log(
                        f"  {size.name} {label} run {index + 1}/{size.runs}: {figures['seconds']:.1f} s, "
                        f"{figures['peak_rss_mb']:.0f} MB{state}"
                    )
            entry: dict[str, Any] = {
                "size": size.name,
                "organisations_factor": size.organisations,
                "years_factor": size.years,
                **counts,
                "pages": pages,
                "ours": _figures(ours),
                "bare": _figures(bare),
            }
            site = folder / "site-ours"
            if ours and ours[-1]["ok"]:
                entry["built_pages"] = built_pages(site)
                entry["site_bytes"] = site_size(site)
                entry["search_index"] = search_index_size(site)
                if search_query is not None:  # a query loads a few files of it, whatever its size
                    entry["search_index"]["first_query"] = search_query(site)
            bare_site = folder / "site-bare"
            if bare and bare[-1]["ok"] and (bare_site / "search" / "search_index.json").is_file():
                material: dict[str, Any] = dict(search_index_size(bare_site))
                if search_query is not None and material["bytes"] > SEARCH_INDEX_LIMIT:
                    material["first_query"] = {
                        "skipped": f"index of {material['bytes'] / 1e6:.0f} MB: beyond what a browser "
                        "should be asked to download and index (the limit is SEARCH_INDEX_LIMIT)"
                    }
                elif search_query is not None:
                    material["first_query"] = search_query(bare_site)
                entry["material_search"] = material
            if entry["ours"]["ok"] and entry["bare"]["ok"]:
                entry["ratio"] = entry["ours"]["seconds"]["median"] / entry["bare"]["seconds"]["median"]
            results.append(entry)
            for label in ("site-ours", "site-bare", "bare"):
                shutil.rmtree(folder / label, ignore_errors=True)
            shutil.rmtree(data_dir, ignore_errors=True)
    finally:
        if own_scratch:
            shutil.rmtree(base, ignore_errors=True)
    return {"sizes": results, "linearity": linearity(results)}


def _figures(runs: list[dict[str, Any]]) -> dict[str, Any]:
    good = [run for run in runs if run["ok"]]
    figures: dict[str, Any] = {"ok": bool(good) and len(good) == len(runs), "runs": len(runs)}
    if good:
        figures["seconds"] = summary([run["seconds"] for run in good])
        figures["peak_rss_mb"] = summary([run["peak_rss_mb"] for run in good])
    if len(good) != len(runs):
        figures["error"] = next(run["error"] for run in runs if not run["ok"])[-1000:]
    return figures


def linearity(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Marginal build seconds per page between successive sizes of each series (organisations, years).

    Linear means the cost of one more page stays the same as the data grows: the budget compares the
    marginal cost of the last step of a series with that of its first step (≤ 1.25×).
    """
    series: dict[str, list[dict[str, Any]]] = {"organisations": [], "years": []}
    for entry in results:
        if not entry["ours"]["ok"]:
            continue
        if entry["years_factor"] == 1:
            series["organisations"].append(entry)
        if entry["organisations_factor"] == 1:
            series["years"].append(entry)
    out: dict[str, Any] = {}
    for name, entries in series.items():
        entries.sort(key=lambda entry: entry["pages"])
        steps = []
        for smaller, larger in itertools.pairwise(entries):
            pages = larger["pages"] - smaller["pages"]
            if pages <= 0:
                continue
            seconds = larger["ours"]["seconds"]["median"] - smaller["ours"]["seconds"]["median"]
            steps.append(
                {
                    "from": smaller["size"],
                    "to": larger["size"],
                    "ms_per_page": 1000 * seconds / pages,
                }
            )
        if len(steps) >= 2:
            out[name] = {"steps": steps, "last_over_first": steps[-1]["ms_per_page"] / steps[0]["ms_per_page"]}
        elif steps:
            out[name] = {"steps": steps}
    return out


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "measure":
        return measure_main(argv[1])
    if len(argv) == 3 and argv[0] == "bare-project":
        return bare_project_main(argv[1], argv[2])
    print("usage: python -m bench.build_scaling measure JSON | bare-project DATA TARGET", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
