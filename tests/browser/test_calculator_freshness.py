"""After a publication the calculator never answers on the old rules without saying so.

A visitor's persistent Chromium profile has the old build cached by the service worker; then the
server's folder is swapped for a new build in which the 2026 minimum is 100 hours instead of 90
(20 + 0 + 70 = 90 hours passes on the old rules and fails on the new). Every verdict names the rules
version it used (the `data-rules-id` of its version line, and the text).
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bench.browser import CHROMIUM, CHROMIUM_FLAGS
from generator.browser.calculator_assets import core_bundle_file
from generator.browser.core_bundle import unpack
from tests.browser.calculator_page import fill_and_check, upload, wait_for_verdict
from tests.browser.test_calculator_offline import build_of, wait_until_cached
from tests.conftest import DATA, ROOT
from tests.site_fixtures import free_port
from tests.test_validation import replace_in_source_text

pytestmark = pytest.mark.browser

CHECK = "calculator/#year=2026&public-required=20&public-elective=0&professional=70&as-of=2026-06-01"
"""90 hours in 2026: passes on the old rules (at least 90), fails on the new (at least 100)."""
SLOWER_THAN_THE_SERVICE_WORKER = 6.0
"""Seconds the slow server waits before answering: more than sw.js's NETWORK_TIMEOUT_MS (4 s)."""


class SwitchableSite:
    """A static server whose folder can be swapped (a publication) and which can be made slow."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.delay = 0.0
        self.fast_paths: set[str] = set()
        self.slow_paths: dict[str, float] = {}  # path → seconds it alone waits
        self.files: dict[str, Path] = {}  # path → a file served instead (an older core bundle)
        self.statuses: dict[str, int] = {}  # path → an HTTP error it is answered with (404, 500)
        site = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *arguments: Any, **keywords: Any) -> None:
                super().__init__(*arguments, directory=str(site.folder), **keywords)

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                if site.delay and path not in site.fast_paths:
                    time.sleep(site.delay)
                time.sleep(site.slow_paths.get(path, 0.0))
                if path in site.statuses:
                    self.send_error(site.statuses[path])
                    return
                if path in site.files:
                    body = site.files[path].read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                super().do_GET()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Publication:
    old: Path
    new: Path
    old_rules: dict[str, str]
    new_rules: dict[str, str]
    port: int


def build(target: Path, site_url: str, data_dir: Path) -> None:
    """The site built (strict) from data_dir, a modified copy with rules of its own."""
    environment = {"GX_SITE_URL": site_url, "GX_DATA_DIR": str(data_dir), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def rules_of(site: Path) -> dict[str, str]:
    header, files = unpack(core_bundle_file(site).read_bytes())
    version = json.loads(files["calculator/rules.json"])["version"]
    assert header["rules_version"] == version
    return dict(version)


@pytest.fixture(scope="module")
def publication(tmp_path_factory: pytest.TempPathFactory) -> Publication:
    """Two builds for one origin: the shipped data, and a copy with the 2026 minimum raised from 90 to 100 hours."""
    folder = tmp_path_factory.mktemp("publication")
    port = free_port()
    site_url = f"http://127.0.0.1:{port}/"
    data = folder / "data"
    shutil.copytree(DATA, data)
    build(folder / "old", site_url, data)
    notice = data / "notices" / "2026.yaml"
    text = notice.read_text(encoding="utf-8")
    for old, new in (("minimum: 90\n", "minimum: 100\n"), ("不少于90学时", "不少于100学时")):
        assert old in text
        text = text.replace(old, new)
    notice.write_text(text, encoding="utf-8")
    replace_in_source_text(data, "2026.yaml", "不少于90学时", "不少于100学时")  # the new notice prints it
    build(folder / "new", site_url, data)
    published = Publication(folder / "old", folder / "new", rules_of(folder / "old"), rules_of(folder / "new"), port)
    assert published.old_rules["id"] != published.new_rules["id"]
    return published


@pytest.fixture
def visitor(browser: Any, publication: Publication, tmp_path: Path) -> Iterator[tuple[Any, Any, SwitchableSite]]:
    """A persistent profile that visited the old build's calculator (verdict: passes) until the offline copy was
    made, closed and reopened (a later day). Yields (context, page, server); `publish(server)` swaps the build."""
    server = SwitchableSite(publication.old, publication.port)
    outside: list[str] = []

    def refuse(route: Any) -> None:
        outside.append(route.request.url)
        route.abort()

    def launch() -> Any:
        context = browser.browser_type.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS, locale="zh-CN"
        )
        context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|blob:)"), refuse)
        return context

    context = launch()
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(server.url + CHECK)
        assert wait_for_verdict(page) == "pass"
        assert version_line(page)["id"] == publication.old_rules["id"]
        wait_until_cached(page, build_of(publication.old))
    finally:
        context.close()
    context = launch()
    try:
        yield context, (context.pages[0] if context.pages else context.new_page()), server
    finally:
        context.close()
        server.close()
    assert outside == []


def publish(server: SwitchableSite, publication: Publication) -> None:
    server.folder = publication.new


def version_line(page: Any, selector: str = "#result .gx-rules-version") -> dict[str, str]:
    """The rules version a verdict names: id and date (attributes), freshness and text."""
    line = page.locator(selector)
    return {
        "id": str(line.get_attribute("data-rules-id")),
        "date": str(line.get_attribute("data-rules-date")),
        "freshness": str(line.get_attribute("data-freshness")),
        "text": line.inner_text(),
    }


def test_every_verdict_the_print_view_and_the_batch_summary_name_the_rules_version(
    page: Any, site_url: str, built_site: Path
) -> None:
    rules = json.loads((ROOT / "calculator" / "rules.json").read_text(encoding="utf-8"))["version"]
    page.goto(f"{site_url}{CHECK}")
    assert wait_for_verdict(page) == "pass"
    assert json.loads(str(page.get_attribute("#result", "data-result")))["rules_version"] == rules
    page.wait_for_selector("#result .gx-rules-version[data-freshness='current']", state="attached")
    line = version_line(page)
    assert (line["id"], line["date"]) == (rules["id"], rules["date"])
    assert line["text"] == f"规则版本 {rules['id']}（{rules['date']} 编译）"
    page.emulate_media(media="print")
    assert page.locator("#result .gx-verdict .gx-rules-version").is_visible()
    assert f"规则版本 {rules['id']}" in page.inner_text("#result .gx-print-note")
    page.emulate_media(media="screen")
    upload(page, "a.csv", "姓名,公需必修,公需选修,专业科目\n甲,20,0,70\n".encode())
    batch = version_line(page, "#batch-rules-version .gx-rules-version")
    assert (batch["id"], batch["text"]) == (rules["id"], f"规则版本 {rules['id']}（{rules['date']} 编译）")


def test_after_a_publication_instant_navigation_to_the_calculator_answers_on_the_new_rules(
    visitor: tuple[Any, Any, SwitchableSite], publication: Publication
) -> None:
    _context, page, server = visitor
    page.goto(server.url + CHECK)  # the visitor is on the old calculator page when the new build is published
    assert wait_for_verdict(page) == "pass"
    page.evaluate("window.sameDocument = true")
    publish(server, publication)
    page.click("#result [data-rule='total-minimum'] a.gx-citation")  # instant navigation to the notice page
    page.wait_for_selector("#clause-1-2-2")
    page.locator("a[href$='calculator/']:visible").first.click()  # and back to the calculator
    page.wait_for_selector("#check-form")
    assert fill_and_check(page, 2026, "20", "0", "70", as_of="2026-06-01") == "fail"
    assert page.evaluate("window.sameDocument") is True, "the test meant instant navigation, not a page load"
    assert version_line(page)["id"] == publication.new_rules["id"]
    page.wait_for_selector("#result .gx-rules-version[data-freshness='current']", state="attached")
    assert "离线" not in version_line(page)["text"]


def test_after_a_publication_a_reload_answers_on_the_new_rules_and_the_new_offline_copy_takes_over(
    visitor: tuple[Any, Any, SwitchableSite], publication: Publication
) -> None:
    context, page, server = visitor
    page.goto(server.url + CHECK)
    assert wait_for_verdict(page) == "pass"
    publish(server, publication)
    page.reload()
    assert wait_for_verdict(page) == "fail"
    page.wait_for_selector("#result .gx-rules-version[data-freshness='current']", state="attached")
    assert version_line(page)["id"] == publication.new_rules["id"]
    # The page is of the new build: it lets the new service worker take over, with the new build's cache only.
    page.evaluate("navigator.serviceWorker.getRegistration().then(registration => registration.update())")
    wait_until_cached(page, build_of(publication.new))
    context.set_offline(True)
    page.goto(server.url + CHECK)
    # Offline, the page checks version.json, finds no network and marks the verdict as the offline copy's (the
    # check may be asked again meanwhile): wait for that line, then for the verdict it stands beside.
    page.wait_for_selector("#result .gx-rules-version[data-freshness='offline']", state="attached", timeout=30_000)
    assert wait_for_verdict(page) == "fail"
    assert version_line(page)["id"] == publication.new_rules["id"]


def test_when_the_server_is_slower_than_the_service_worker_waits_the_verdict_says_it_is_the_offline_copy(
    visitor: tuple[Any, Any, SwitchableSite], publication: Publication
) -> None:
    _context, page, server = visitor
    publish(server, publication)
    server.delay = SLOWER_THAN_THE_SERVICE_WORKER
    page.goto(server.url + CHECK, timeout=60_000)
    assert wait_for_verdict(page) == "pass"  # the cached old build answered …
    page.wait_for_selector("#result .gx-rules-version[data-freshness='offline']", state="attached", timeout=30_000)
    line = version_line(page)  # … and says so
    old = publication.old_rules
    assert line["id"] == old["id"]
    assert line["text"] == f"离线副本：按 {old['date']} 编译的规则（版本 {old['id']}）核对，联网后请再核对一次"


def test_offline_the_verdict_says_it_is_the_offline_copy_and_names_its_rules(
    visitor: tuple[Any, Any, SwitchableSite], publication: Publication
) -> None:
    context, page, server = visitor
    publish(server, publication)
    context.set_offline(True)
    page.goto(server.url + CHECK)
    verdict = wait_for_verdict(page)
    page.wait_for_selector("#result .gx-rules-version[data-freshness='offline']", state="attached")
    # The offline copy is the old build, unless the new service worker finished installing before the network went
    # (the old page may have seen the publication): either way the verdict names the rules it was given on.
    used = publication.old_rules if verdict == "pass" else publication.new_rules
    assert version_line(page)["id"] == used["id"]
    assert version_line(page)["text"].startswith(f"离线副本：按 {used['date']} 编译的规则（版本 {used['id']}）")
    upload(page, "a.csv", "姓名,公需必修,公需选修,专业科目\n甲,20,0,70\n".encode())
    assert version_line(page, "#batch-rules-version .gx-rules-version")["freshness"] == "offline"


def test_an_old_page_whose_server_has_new_rules_says_so_and_its_button_loads_them(
    visitor: tuple[Any, Any, SwitchableSite], publication: Publication
) -> None:
    _context, page, server = visitor
    publish(server, publication)
    server.delay = SLOWER_THAN_THE_SERVICE_WORKER  # the page comes from the offline copy …
    server.fast_paths = {"/calculator/version.json"}  # … but the server is asked what it has now
    page.goto(server.url + CHECK, timeout=60_000)
    assert wait_for_verdict(page) == "pass"
    page.wait_for_selector("#calculator-update", timeout=30_000)
    assert page.inner_text("#calculator-update .admonition-title") == "通知数据已更新"
    line = version_line(page)
    assert line["id"] == publication.old_rules["id"] and line["freshness"] == "outdated"
    assert line["text"].startswith(f"按旧规则（版本 {publication.old_rules['id']}")
    assert publication.new_rules["id"] in line["text"]
    server.delay = 0.0
    page.click("#calculator-update-load")
    page.wait_for_selector(f"#gx-calculator[data-rules-id='{publication.new_rules['id']}']", state="attached")
    assert wait_for_verdict(page) == "fail"
    assert version_line(page)["id"] == publication.new_rules["id"]


def test_a_tab_left_open_over_a_publication_says_so_at_its_next_verdict(
    visitor: tuple[Any, Any, SwitchableSite], publication: Publication
) -> None:
    """The page asked the server only when it was shown: a tab left open answered on the old rules, as current."""
    _context, page, server = visitor
    page.goto(server.url + CHECK)
    assert wait_for_verdict(page) == "pass"
    page.wait_for_selector("#result .gx-rules-version[data-freshness='current']", state="attached")
    publish(server, publication)
    assert fill_and_check(page, 2026, "20", "0", "70", as_of="2026-06-01") == "pass"  # still the old page's engine …
    page.wait_for_selector("#calculator-update", timeout=30_000)  # … and it says so
    line = version_line(page)
    assert line["id"] == publication.old_rules["id"] and line["freshness"] == "outdated"
    assert line["text"].startswith(f"按旧规则（版本 {publication.old_rules['id']}")


def test_a_publication_just_after_the_last_question_is_said_at_the_next_verdict(
    visitor: tuple[Any, Any, SwitchableSite], publication: Publication
) -> None:
    """The page did not ask again within 5 s of its last question: a verdict right after a publication stayed labelled
    current (规则版本 …) until another verdict or focus."""
    _context, page, server = visitor
    page.goto(server.url + CHECK)
    assert wait_for_verdict(page) == "pass"
    assert fill_and_check(page, 2026, "20", "0", "71", as_of="2026-06-01") == "pass"  # a question just asked
    publish(server, publication)
    assert fill_and_check(page, 2026, "20", "0", "72", as_of="2026-06-01") == "pass"
    page.wait_for_selector("#calculator-update", timeout=10_000)
    line = version_line(page)
    assert line["id"] == publication.old_rules["id"] and line["freshness"] == "outdated"


def test_a_verdict_is_never_shown_as_current_before_the_server_has_answered(
    browser: Any, publication: Publication
) -> None:
    """A server slow to answer version.json: the verdict said 规则版本 … as if confirmed while it was unknown."""
    server = SwitchableSite(publication.old, publication.port)
    server.slow_paths = {"/calculator/version.json": 8.0}
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.add_init_script(FIRST_VERSION_LINES)
        page.goto(server.url + CHECK)
        assert wait_for_verdict(page) == "pass"
        page.wait_for_selector("#result .gx-rules-version[data-freshness='offline']", state="attached", timeout=30_000)
        first = page.evaluate("window.firstVersionLines")
        old = publication.old_rules
        assert first and first[0] in (
            f"规则版本 {old['id']}（{old['date']} 编译），正在向服务器核对是否有更新的规则……",
            f"离线副本：按 {old['date']} 编译的规则（版本 {old['id']}）核对，联网后请再核对一次",
        ), first
    finally:
        context.close()
        server.close()


FIRST_VERSION_LINES = """
window.firstVersionLines = [];
new MutationObserver(() => {
  const line = document.querySelector("#result .gx-rules-version");
  if (line && line.textContent && !window.firstVersionLines.length) window.firstVersionLines.push(line.textContent);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def test_a_page_whose_worker_got_an_older_core_bundle_never_shows_its_verdict_as_current(
    browser: Any, publication: Publication
) -> None:
    """The new page, the old core bundle (a server or proxy handing out old bytes): the worker's rules were never
    compared with the page's, and the old rules' verdict was shown as current."""
    server = SwitchableSite(publication.new, publication.port)
    new_bundle = core_bundle_file(publication.new)
    server.files = {"/" + new_bundle.relative_to(publication.new).as_posix(): core_bundle_file(publication.old)}
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(server.url + CHECK)
        assert wait_for_verdict(page) == "pass"  # the old rules answered …
        page.wait_for_selector("#result .gx-rules-version[data-freshness='current']", state="attached")
        line = version_line(page)  # … and the verdict says so
        old, new = publication.old_rules, publication.new_rules
        assert line["id"] == old["id"]
        assert line["text"].startswith(
            f"按旧规则（版本 {old['id']}，{old['date']} 编译）核对：本页的规则是版本 {new['id']}"
        )
    finally:
        context.close()
        server.close()


STAFF = "姓名,公需必修,公需选修,专业科目\n甲,20,0,70\n".encode()


def test_a_batch_result_on_rules_the_page_knows_are_old_cannot_be_downloaded(
    visitor: tuple[Any, Any, SwitchableSite], publication: Publication
) -> None:
    """The page said 通知数据已更新, and the downloaded file (CSV or .xlsx) looked current: 达标 on the old rules, its
    规则版本 column naming only the old version, for people who never see the page's notice."""
    _context, page, server = visitor
    page.goto(server.url + CHECK)
    assert wait_for_verdict(page) == "pass"
    page.wait_for_selector("#result .gx-rules-version[data-freshness='current']", state="attached")
    publish(server, publication)
    upload(page, "a.csv", STAFF)
    page.wait_for_selector("#calculator-update", timeout=30_000)
    assert version_line(page, "#batch-rules-version .gx-rules-version")["freshness"] == "outdated"
    page.wait_for_selector("#batch-download-note:not([hidden])", state="attached")
    for button in ("#batch-download", "#batch-download-xlsx", "#batch-people-download"):
        assert page.locator(button).is_disabled(), button
    note = page.inner_text("#batch-download-note")
    assert "按旧规则" in note and "载入新数据" in note and "再核对" in note
    page.click("#calculator-update-load")  # the new data loaded, the list checked again: downloadable
    page.wait_for_selector(f"#gx-calculator[data-rules-id='{publication.new_rules['id']}']", state="attached")
    upload(page, "a.csv", STAFF)
    page.wait_for_selector("#batch-rules-version .gx-rules-version[data-freshness='current']", state="attached")
    assert page.locator("#batch-download").is_enabled() and page.locator("#batch-download-note").is_hidden()
    with page.expect_download() as info:
        page.click("#batch-download")
    assert info.value.suggested_filename == "学时核对结果.csv"


def test_a_batch_result_from_the_offline_copy_says_so_in_its_file_name(
    visitor: tuple[Any, Any, SwitchableSite], publication: Publication
) -> None:
    context, page, server = visitor
    context.set_offline(True)
    page.goto(server.url + "calculator/")
    page.wait_for_selector("#check-form")
    upload(page, "a.csv", STAFF)
    page.wait_for_selector("#batch-rules-version .gx-rules-version[data-freshness='offline']", state="attached")
    old = publication.old_rules["id"]
    for button, name in (
        ("#batch-download", f"学时核对结果（离线副本，规则版本 {old}）.csv"),
        ("#batch-download-xlsx", f"学时核对结果（离线副本，规则版本 {old}）.xlsx"),
    ):
        with page.expect_download() as info:
            page.click(button)
        assert info.value.suggested_filename == name
    with page.expect_download() as info:
        page.click("#batch-download")
    content = Path(info.value.path()).read_bytes().decode("utf-8-sig")  # the table itself is the command line's
    assert content.splitlines()[1].startswith("甲,20,0,70,达标,") and old in content


VERSION_LINES_SEEN = """
window.versionLinesSeen = [];
new MutationObserver(() => {
  const inputs = document.querySelector("#result .gx-verdict__inputs");
  const line = document.querySelector("#result .gx-rules-version");
  if (!inputs || !line) return;
  const seen = [inputs.textContent, line.textContent];
  const last = window.versionLinesSeen[window.versionLinesSeen.length - 1];
  if (!last || last[0] !== seen[0] || last[1] !== seen[1]) window.versionLinesSeen.push(seen);
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
"""


def test_a_verdict_made_while_the_question_is_under_way_is_not_shown_as_current(
    visitor: tuple[Any, Any, SwitchableSite], publication: Publication
) -> None:
    """Within 60 s of the last question the page kept the state current while it asked again: a verdict right after a
    publication was labelled 规则版本 … (current) until version.json answered, up to 3 s later."""
    _context, page, server = visitor
    page.add_init_script(VERSION_LINES_SEEN)
    page.goto(server.url + CHECK)
    assert wait_for_verdict(page) == "pass"
    page.wait_for_selector("#result .gx-rules-version[data-freshness='current']", state="attached")
    publish(server, publication)
    server.slow_paths = {"/calculator/version.json": 2.5}
    assert fill_and_check(page, 2026, "20", "0", "72", as_of="2026-06-01") == "pass"
    page.wait_for_selector("#calculator-update", timeout=10_000)  # relabelled when the answer comes
    old = publication.old_rules
    line = version_line(page)
    assert line["freshness"] == "outdated" and line["text"].startswith(f"按旧规则（版本 {old['id']}")
    seen = [text for inputs, text in page.evaluate("window.versionLinesSeen") if "专业科目 72 " in inputs]
    assert seen, page.evaluate("window.versionLinesSeen")
    assert seen[0] == f"规则版本 {old['id']}（{old['date']} 编译），正在向服务器核对是否有更新的规则……", seen
    assert f"规则版本 {old['id']}（{old['date']} 编译）" not in seen, seen  # never shown as current


def train(page: Any) -> None:
    page.fill("#training-start", "2026-05-12")
    page.fill("#training-end", "2026-05-14")
    page.click("#training-check")
    page.wait_for_selector('#training-result[data-status="ok"]', state="attached")


def test_the_training_hours_ask_the_server_and_name_their_rules_as_every_verdict_does(
    visitor: tuple[Any, Any, SwitchableSite], publication: Publication
) -> None:
    """按培训日期计算学时 (its hours per half-day are rules) never asked version.json and printed a fixed 依据的规则版本:
    current after a publication, and offline."""
    context, page, server = visitor
    page.goto(server.url + "calculator/")
    page.wait_for_selector("#check-form")
    page.wait_for_selector("#calculator-status[data-state='ready']", state="attached")
    publish(server, publication)
    train(page)
    page.wait_for_selector("#calculator-update", timeout=30_000)
    old = publication.old_rules
    line = version_line(page, "#training-result .gx-rules-version")
    assert line["id"] == old["id"] and line["freshness"] == "outdated"
    assert line["text"].startswith(f"按旧规则（版本 {old['id']}")
    context.set_offline(True)
    page.goto(server.url + "calculator/")  # a later visit, offline
    page.wait_for_selector("#check-form")
    train(page)
    page.wait_for_selector("#training-result .gx-rules-version[data-freshness='offline']", state="attached")
    line = version_line(page, "#training-result .gx-rules-version")
    assert line["text"].startswith(f"离线副本：按 {line['date']} 编译的规则（版本 {line['id']}）")


def test_a_tab_that_knows_of_newer_rules_keeps_saying_so_offline(
    visitor: tuple[Any, Any, SwitchableSite], publication: Publication
) -> None:
    """The page had said 通知数据已更新; offline, the next verdict said only 离线副本 and the notice went away."""
    context, page, server = visitor
    page.goto(server.url + CHECK)
    assert wait_for_verdict(page) == "pass"
    publish(server, publication)
    assert fill_and_check(page, 2026, "20", "0", "71", as_of="2026-06-01") == "pass"
    page.wait_for_selector("#calculator-update", timeout=30_000)
    context.set_offline(True)
    assert fill_and_check(page, 2026, "20", "0", "70", as_of="2026-06-01") == "pass"
    page.wait_for_selector("#result .gx-rules-version[data-freshness='offline']", state="attached", timeout=30_000)
    old, new = publication.old_rules, publication.new_rules
    line = version_line(page)
    assert line["text"].startswith(f"离线副本：按旧规则（版本 {old['id']}，{old['date']} 编译）核对"), line
    assert new["id"] in line["text"]
    assert page.locator("#calculator-update").count() == 1


@pytest.mark.parametrize("status", [404, 500])
def test_a_server_that_answers_version_json_with_an_error_is_not_called_the_offline_copy(
    browser: Any, publication: Publication, status: int
) -> None:
    """The page and its worker came from the network, only version.json failed: every verdict said 离线副本."""
    server = SwitchableSite(publication.old, publication.port)
    server.statuses = {"/calculator/version.json": status}
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(server.url + CHECK)
        assert wait_for_verdict(page) == "pass"
        page.wait_for_selector("#result .gx-rules-version[data-freshness='unverified']", state="attached")
        old = publication.old_rules
        assert version_line(page)["text"] == (
            f"规则版本 {old['id']}（{old['date']} 编译）：未能向服务器核实是否有更新的规则"
            f"（服务器回答 HTTP {status}），请稍后再核对一次"
        )
    finally:
        context.close()
        server.close()


SERVICE_WORKER_OUTCOME = """async () => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  let registration;
  for (let tries = 0; tries < 600 && !registration; tries += 1) {
    registration = await navigator.serviceWorker.getRegistration();
    if (!registration) await sleep(100);
  }
  if (!registration) return "never registered";
  const worker = registration.installing || registration.waiting || registration.active;
  if (!worker) return "redundant";
  if (worker.state === "activated" || worker.state === "redundant") return worker.state;
  return new Promise((resolve) => worker.addEventListener("statechange", () =>
    (worker.state === "activated" || worker.state === "redundant") && resolve(worker.state)));
}"""


def test_a_content_hashed_file_whose_bytes_do_not_match_its_name_is_never_cached(
    browser: Any, publication: Publication
) -> None:
    """A server (a stale proxy) handed out the old core bundle under the new bundle's name: the service worker cached
    it and served it for good, and the page's advice (reload) could not help."""
    server = SwitchableSite(publication.new, publication.port)
    new_bundle = core_bundle_file(publication.new)
    bundle_path = "/" + new_bundle.relative_to(publication.new).as_posix()
    server.files = {bundle_path: core_bundle_file(publication.old)}
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(server.url + CHECK)
        assert wait_for_verdict(page) == "pass"  # the old rules, labelled so (the test above)
        assert page.evaluate(SERVICE_WORKER_OUTCOME) == "redundant"  # the install failed: nothing of it is kept
        cached = page.evaluate(f"async () => Boolean(await caches.match({json.dumps(server.url + bundle_path[1:])}))")
        assert cached is False
        server.files = {}  # the server mended
        page.reload()
        assert wait_for_verdict(page) == "fail"
        assert version_line(page)["id"] == publication.new_rules["id"]
        wait_until_cached(page, build_of(publication.new))  # the next visit's install keeps the right bytes
        page.reload()
        assert wait_for_verdict(page) == "fail"
        assert version_line(page)["id"] == publication.new_rules["id"]
    finally:
        context.close()
        server.close()
