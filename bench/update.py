"""After a publication: how long until a returning visitor's calculator answers on the new rules.

Two builds for one origin: the shipped data (old), and a copy in which the 2026 minimum is 100 hours
instead of 90 (new; the bench's check, 90 hours, passes on the old rules and fails on the new). The
server's root is a symbolic link swapped from the old build to the new one: the publication.

Each run: a persistent profile visits the old calculator page until its service worker has cached the
site, is closed and reopened (a later day), the new build is published, then the visitor's next
navigation is timed to a verdict on the new rules (status fail, its version line naming the new rules):

- return: a page load of /calculator/#check (from navigation start, as start-up's figures);
- instant: the visitor is on the old calculator page, then Material's instant navigation to the
  calculator (location$.next), from that moment.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from bench.browser import persistent_context
from bench.served_site import CHECK_FRAGMENT, DATA_DIR, build_site
from bench.servers import PlainServer, free_port
from bench.stats import summary
from generator.browser.calculator_assets import core_bundle_file
from generator.browser.core_bundle import unpack

CHECK = f"calculator/{CHECK_FRAGMENT}"
ROOT = Path(__file__).resolve().parent.parent

NEW_VERDICT = """async ({rulesId, timeout}) => {
  // performance.now() when #result shows a verdict naming the rules rulesId (null after timeout ms).
  const done = () => {
    const line = document.querySelector("#result .gx-rules-version");
    return line && line.dataset.rulesId === rulesId && document.querySelector("#result").dataset.status !== "pending";
  };
  if (done()) return performance.now();
  return await new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (done()) { observer.disconnect(); resolve(performance.now()); }
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true });
    setTimeout(() => { observer.disconnect(); resolve(null); }, timeout);
  });
}"""


def rules_id(site: Path) -> str:
    _, files = unpack(core_bundle_file(site).read_bytes())
    return str(json.loads(files["calculator/rules.json"])["version"]["id"])


def new_rules_data(target: Path) -> Path:
    shutil.copytree(DATA_DIR, target)
    notice = target / "notices" / "2026.yaml"
    text = notice.read_text(encoding="utf-8")
    for old, new in (("minimum: 90\n", "minimum: 100\n"), ("不少于90学时", "不少于100学时")):
        if old not in text:
            raise RuntimeError(f"data/notices/2026.yaml no longer holds {old!r}: update bench/update.py")
        text = text.replace(old, new)
    notice.write_text(text, encoding="utf-8")
    # The new notice prints its 100 hours too (validation finds the data's words in its source text): a copy of the
    # text beside the data folder, read before the repository's (generator/data/source_texts.source_path).
    for name in _source_files(text):
        original = (ROOT / name).read_text(encoding="utf-8")
        changed = re.sub(r"不\s*少\s*于\s*90\s*学\s*时", "不少于100学时", original)
        if changed == original:
            raise RuntimeError(f"{name} no longer prints 不少于90学时: update bench/update.py")
        (target.parent / "sources").mkdir(exist_ok=True)
        (target.parent / name).write_text(changed, encoding="utf-8")
    return target


def _source_files(notice_text: str) -> list[str]:
    return [str(name) for name in yaml.safe_load(notice_text)["document"]["source_files"]]


def point(link: Path, target: Path) -> None:
    """Repoint the served root at target in one step (a publication)."""
    fresh = link.with_name(link.name + ".new")
    fresh.unlink(missing_ok=True)
    fresh.symlink_to(target)
    os.replace(fresh, link)


def one_visit(
    browser: Any,
    server: PlainServer,
    link: Path,
    old: Path,
    new: Path,
    new_id: str,
    how: str,
    scratch: Path,
    third_party: list[str],
) -> float | None:
    point(link, old)
    profile = Path(tempfile.mkdtemp(prefix="profile-update-", dir=scratch))
    try:
        context = persistent_context(browser, profile, third_party)
        try:
            page = context.new_page()
            page.goto(server.url + CHECK)
            page.wait_for_selector('#result[data-status="pass"]', state="attached", timeout=60_000)
            page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=120_000)
        finally:
            context.close()
        context = persistent_context(browser, profile, third_party)
        try:
            page = context.new_page()
            if how == "instant":
                page.goto(server.url + CHECK)
                page.wait_for_selector('#result[data-status="pass"]', state="attached", timeout=60_000)
                point(link, new)
                started = page.evaluate(
                    f"() => {{ const t = performance.now(); location$.next(new URL({json.dumps(server.url + CHECK)})); return t; }}"
                )
                finished = page.evaluate(NEW_VERDICT, {"rulesId": new_id, "timeout": 60_000})
                return None if finished is None else float(finished) - float(started)
            point(link, new)
            page.goto(server.url + CHECK, wait_until="commit")
            finished = page.evaluate(NEW_VERDICT, {"rulesId": new_id, "timeout": 60_000})
            return None if finished is None else float(finished)
        finally:
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def run(browser: Any, runs: int = 5, log: Any = print) -> dict[str, Any]:
    scratch = Path(tempfile.mkdtemp(prefix="gx-bench-update-"))
    third_party: list[str] = []
    try:
        port = free_port()
        site_url = f"http://127.0.0.1:{port}/"
        old = build_site(scratch / "old", site_url)
        new = build_site(scratch / "new", site_url, new_rules_data(scratch / "data"), strict=False)
        new_id = rules_id(new)
        link = scratch / "served"
        point(link, old)
        figures: dict[str, list[float | None]] = {"return": [], "instant": []}
        with PlainServer(link, port=port) as server:
            for round_index in range(runs):
                for how in ("return", "instant") if round_index % 2 == 0 else ("instant", "return"):
                    ms = one_visit(browser, server, link, old, new, new_id, how, scratch, third_party)
                    figures[how].append(ms)
                    log(
                        f"  update {how} {round_index + 1}/{runs}: {'no new verdict' if ms is None else f'{ms:.0f} ms'}"
                    )
        return {
            "new_rules_verdict_ms": {
                how: summary([ms for ms in values if ms is not None], 1) for how, values in figures.items()
            },
            "missed": {how: sum(ms is None for ms in values) for how, values in figures.items()},
            "third_party_requests": third_party,
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
