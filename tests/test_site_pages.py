"""The built site's HTML against the data: every organisation, row, phone, deadline and clause is on its page."""

from __future__ import annotations

import html
import json
import posixpath
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator.data.load import load_data
from generator.data.model import Data
from generator.links import urls
from generator.links.anchors import clause_anchor
from generator.site.deadlines import all_deadlines
from generator.site.rendering import tel_href
from tests.conftest import DATA, ROOT
from tests.site_fixtures import build_site_into
from tests.site_html import Element, article, page

pytestmark = pytest.mark.build


@cache
def data() -> Data:
    return load_data(DATA)


def url_of(src_uri: str) -> str:
    return urls.page_url(src_uri)


def row_cells(row: Element) -> list[str]:
    return [cell.text().strip() for cell in row.find_all("td")]


def test_every_organisation_in_the_data_has_a_page_with_its_name_as_heading(built_site: Path) -> None:
    for organisation_id, organisation in data().organisations.items():
        content = article(built_site, url_of(urls.organisation(organisation_id)))
        assert content.find("h1").text().strip().rstrip("¶") == organisation["name"]


def test_the_organisations_index_links_every_organisation_page(built_site: Path) -> None:
    links = {a.attrs["href"] for a in article(built_site, "organisations/").find_all("a")}
    for organisation_id in data().organisations:
        assert f"{organisation_id}/" in links


def test_every_base_row_is_in_the_bases_table_with_its_phone_as_a_tel_link(built_site: Path) -> None:
    (stem,) = data().bases
    table = article(built_site, "directories/bases/").by_id("bases")
    rows = {row.attrs["id"]: row for row in table.find_all("tr") if "id" in row.attrs}
    entries = data().directories[stem]["entries"]
    assert len(rows) == len(entries)
    for entry in entries:
        row = rows[f"{entry['level']}-{entry['seq']}"]
        cells = row_cells(row)
        assert entry["name"] in cells and str(entry["seq"]) in cells
        assert row.find("a", class_="gx-phone").attrs["href"] == tel_href(entry["phone"])
        assert row.attrs["data-level"] == {"national": "国家级", "regional": "自治区级"}[entry["level"]]
        assert row.attrs["data-batch"] == (entry["batch"] or "—")


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_training_institution_row_is_in_its_table_with_occupation_batch_and_phone(
    built_site: Path, year: int
) -> None:
    stem = f"training-institutions-{year}"
    table = article(built_site, url_of(urls.directory(data(), stem))).by_id("institutions")
    rows = [row for row in table.find_all("tr") if "id" in row.attrs]
    entries = data().directories[stem]["entries"]
    assert len(rows) == len(entries)
    for row, entry in zip(rows, entries, strict=True):
        assert row.attrs["data-occupation"] == entry["occupation"]
        assert row.attrs["data-batch"] == entry["batch"]
        assert row_cells(row)[:3] == [entry["occupation"], entry["name"], entry["batch"]]
        phones = row.find_all("a", class_="gx-phone")
        if entry["phone"]:
            assert [a.attrs["href"] for a in phones] == [tel_href(entry["phone"])]
            assert phones[0].text() == entry["phone"]
        else:
            assert phones == []


def test_the_2025_list_says_it_prints_no_phones(built_site: Path) -> None:
    assert "未列联系电话" in article(built_site, "directories/training-institutions-2025/").text()


def test_every_pilot_unit_and_task_is_on_the_pilot_page(built_site: Path) -> None:
    content = article(built_site, "directories/pilot-units-2026/")
    pilot = data().directories["pilot-units-2026"]
    text = content.text()
    for unit in pilot["units"]:
        assert unit["name"] in text
    for task in pilot["tasks"]:
        row = content.by_id(f"task-{task['id']}")
        assert task["description"] in row.text()
        assert row.find("time").attrs["datetime"] == task["deadline"]


def test_a_phone_is_a_tel_link_with_digits_only() -> None:
    assert tel_href("0771-3237366") == "tel:07713237366"
    assert tel_href("0771—5866234") == "tel:07715866234"
    assert tel_href("15200379783") == "tel:15200379783"


def test_every_deadline_is_on_the_deadlines_page_with_its_date_and_citation(built_site: Path) -> None:
    content = article(built_site, "deadlines/")
    for deadline in all_deadlines(data()):
        row = content.by_id(deadline.key)
        assert deadline.description in row.text()
        assert deadline.citation in row.text()
        assert row.find("time").attrs["datetime"] == deadline.date
        link = row.find("a", class_="gx-cite").attrs["href"]
        assert link.endswith(f"#{deadline.anchor}")


@pytest.mark.parametrize("year", [2023, 2025, 2026])
def test_every_clause_of_a_notice_has_its_anchor_and_every_summary_line_links_to_one(
    built_site: Path, year: int
) -> None:
    notice = data().notices[year]
    content = article(built_site, f"notices/{year}/")
    ids = content.ids()
    for clause in notice["clauses"]:
        assert clause_anchor(clause["id"]) in ids, clause["id"]
    summary = content.find("div", class_="gx-summary")
    lines = summary.find_all("li")
    assert len(lines) >= 7
    for line in lines:
        cites = line.find_all("a", class_="gx-cite")
        assert cites, line.text()
        for cite in cites:
            assert cite.attrs["href"].lstrip("#") in ids
    for deadline in notice["deadlines"]:
        assert f'href="#{clause_anchor(deadline["source"])}"' in (built_site / f"notices/{year}/index.html").read_text()


def test_every_paragraph_of_the_full_text_is_on_the_notice_page(built_site: Path) -> None:
    for year, notice in data().notices.items():
        text = article(built_site, f"notices/{year}/").text()
        for clause in notice["clauses"]:
            for paragraph in clause["paragraphs"]:
                assert paragraph in text, (year, clause["id"])


def test_a_notice_page_shows_number_sign_date_and_its_source_without_internal_file_names(built_site: Path) -> None:
    meta = article(built_site, "notices/2026/").find("div", class_="gx-document-meta")
    text = meta.text()
    assert "桂人社函〔2026〕196号" in text and "2025年5月18日" in text
    assert ".txt" not in text and "sources/" not in text
    links = [link.attrs.get("href") for link in meta.find_all("a", class_="gx-source-link")]
    assert links == ["../../sources/2026-task-plan_gui-ren-she-han-2026-196.html"]


def test_a_questionable_sign_date_has_its_note_beside_it(built_site: Path) -> None:
    meta = article(built_site, "notices/2026/").find("div", class_="gx-document-meta")
    notes = meta.find_all("span", class_="gx-date-note")
    assert len(notes) == 1 and "疑为 2026年5月18日" in notes[0].text()
    assert not article(built_site, "notices/2025/").find_all("span", class_="gx-date-note")


def test_the_data_quality_page_is_one_click_away_folded_under_the_notice(built_site: Path) -> None:
    folded = article(built_site, "notices/2026/").find("details", class_="gx-discrepancy-list")
    assert "落款日期" in folded.text()
    assert [link.attrs.get("href") for link in folded.find_all("a")] == ["../../editors/data-quality/"]


def source_text_in_page(html_text: str) -> str:
    """The text of a source page's <pre> as a browser reads it: unescaped, without the one newline after <pre>.

    Each line is in a <span id="L<n>"> (a link target); the text's own "<" are escaped, so the tags are ours.
    """
    match = re.search(r'<pre class="gx-source-text">\n(.*?)</pre>', html_text, re.DOTALL)
    assert match is not None, "no source text"
    lines = match[1].split("\n")
    assert all(line.startswith(f'<span id="L{n}">') for n, line in enumerate(lines, start=1))
    return html.unescape(re.sub(r"</?span[^>]*>", "", match[1]))


def test_every_notice_and_plan_page_links_its_source_texts_as_yuanwen_to_those_texts_in_the_site(
    built_site: Path,
) -> None:
    documents = [(urls.notice(year), notice) for year, notice in data().notices.items()]
    documents += [(urls.plan(stem), plan) for stem, plan in data().plans.items()]
    for src_uri, document in documents:
        page_url = url_of(src_uri)
        links = (
            article(built_site, page_url).find("div", class_="gx-document-meta").find_all("a", class_="gx-source-link")
        )
        names = document["document"]["source_files"]
        assert len(links) == len(names), page_url
        for link, name in zip(links, names, strict=True):
            rendering = re.search(r"_rendering-([a-z])\.txt$", name)
            assert link.text() == (f"原文（文本{rendering[1].upper()}）" if rendering else "原文"), (page_url, name)
            target = posixpath.normpath(posixpath.join(page_url, link.attrs["href"]))
            built = built_site / target
            assert built.is_file(), (page_url, link.attrs["href"])
            published = built.read_text(encoding="utf-8")
            assert '<meta charset="utf-8">' in published
            assert source_text_in_page(published) == (ROOT / name).read_bytes().decode("utf-8"), (page_url, name)


def test_the_source_text_pages_are_kept_for_offline_use(built_site: Path) -> None:
    build = re.search(r"^const BUILD = (.*);$", (built_site / "sw.js").read_text(encoding="utf-8"), re.MULTILINE)
    assert build is not None
    precached = set(json.loads(build[1])["files"])
    published = {f"sources/{path.name}" for path in (built_site / "sources").iterdir()}
    assert len(published) == len(list((ROOT / "sources").glob("*.txt")))
    assert published <= precached


SUBFOLDER = "http://127.0.0.1:8752/gx/"
"""A deployment in a folder of its host (GX_SITE_URL): a link that climbs one folder too many leaves the site."""


@pytest.fixture(scope="module")
def site_in_a_subfolder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("subfolder") / "site"
    built = build_site_into(target, SUBFOLDER)
    assert built.returncode == 0, built.stdout + built.stderr
    return target


def built_file_of(site: Path, url: str) -> Path | None:
    """The file of the built site that a URL under SUBFOLDER is served from (a folder's index.html), if any."""
    path = urlsplit(url).path
    if not path.startswith(urlsplit(SUBFOLDER).path):
        return None
    local = site / unquote(path.removeprefix(urlsplit(SUBFOLDER).path))
    local = local / "index.html" if path.endswith("/") else local
    return local if local.is_file() else None


def test_every_link_of_a_source_text_page_stays_in_the_site_served_from_a_subfolder(site_in_a_subfolder: Path) -> None:
    pages = sorted((site_in_a_subfolder / "sources").glob("*.html"))
    assert pages
    home = page(site_in_a_subfolder, "")
    (home_icon,) = [link for link in home.find_all("link") if link.attrs.get("rel") == "icon"]
    favicon = built_file_of(site_in_a_subfolder, urljoin(SUBFOLDER, home_icon.attrs["href"]))
    assert favicon is not None
    for path in pages:
        address = urljoin(SUBFOLDER, path.relative_to(site_in_a_subfolder).as_posix())
        parsed = page(site_in_a_subfolder, path.relative_to(site_in_a_subfolder).as_posix())
        hrefs = [element.attrs["href"] for element in [*parsed.find_all("a"), *parsed.find_all("link")]]
        assert any("data-quality" in href for href in hrefs), path.name
        for href in hrefs:
            assert built_file_of(site_in_a_subfolder, urljoin(address, href)) is not None, (path.name, href)
        icons = [link.attrs["href"] for link in parsed.find_all("link") if link.attrs.get("rel") == "icon"]
        assert [built_file_of(site_in_a_subfolder, urljoin(address, icon)) for icon in icons] == [favicon], path.name


def test_citations_read_as_document_number_and_clause_and_2023_as_its_year(built_site: Path) -> None:
    assert "桂人社函〔2026〕196号 一、（三）1" in article(built_site, "notices/2026/").text()
    text_2023 = article(built_site, "notices/2023/").text()
    assert "2023年通知 三、（一）" in text_2023 and "原文未印文号" in text_2023


def test_the_plan_has_a_page_with_its_programmes_and_full_text(built_site: Path) -> None:
    plan = data().plans["gui-ren-she-fa-2022-15"]
    content = article(built_site, "plans/gui-ren-she-fa-2022-15/")
    text = content.text()
    assert "桂人社发〔2022〕15号" in text
    for programme in plan["programmes"]:
        assert programme["name"] in text
    assert {clause_anchor(clause["id"]) for clause in plan["clauses"]} <= content.ids()


def test_the_2026_changes_page_lists_the_new_system_url_topic_and_moved_deadline(built_site: Path) -> None:
    content = article(built_site, "changes/2026/")
    rules = content.find("table", data_gx_changes="")
    rows = {row_cells(row)[0]: row_cells(row) for row in rules.find_all("tr") if row.find_all("td")}
    assert "https://ptce.gx12333.net/" in rows["信息管理系统网址"][1]
    assert "https://gxjxjy.rst.gxzf.gov.cn" in rows["信息管理系统网址"][2]
    assert "新增 《人工智能国家战略与政策通识》" in rows["必修课学习主题"][3]
    assert "新增 生态环境保护" in rows["选修课领域"][3] and "不再列 知识产权保护" in rows["选修课领域"][3]
    text = content.text()
    assert "2025-05-30（5月30日前）" in text and "2026-06-30（6月30日前）" in text
    assert "首次收录这份名单" in text  # the pilot units and the bases list have no earlier list


def test_the_2025_changes_page_compares_with_2023_because_2024_is_not_on_file(built_site: Path) -> None:
    text = article(built_site, "changes/2025/").text()
    assert "2025年与2023年相比" in text and "未收录 2024 年" in text
    assert "15 学时（课程学习 10 + 课程考试 5）" in text and "20 学时" in text


def test_the_home_page_shows_this_years_hours_and_deadlines_as_iso_dates(built_site: Path) -> None:
    home = article(built_site, "")
    text = home.text()
    assert "90" in text and "2/3" in text and "《人工智能国家战略与政策通识》" in text
    box = home.find("div", data_gx_next_deadline="")
    dates = [item.attrs["data-date"] for item in box.find_all("li")]
    assert "2026-12-31" in dates and dates == sorted(dates)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) for date in dates)
    hrefs = {a.attrs["href"] for a in home.find_all("a")}
    assert {"notices/2026/", "directories/", "deadlines/"} <= hrefs


def test_the_organisation_page_lists_every_role_phone_and_phone_discrepancy(built_site: Path) -> None:
    content = article(built_site, "organisations/guilin-university-of-electronic-technology/")
    text = content.text()
    assert "国家级" in text and "自治区级" in text and "第六批" in text
    for occupation in ("大数据工程技术人员", "区块链工程技术人员", "密码工程技术人员"):
        assert occupation in text
    phones = {a.attrs["href"] for a in content.find_all("a", class_="gx-phone")}
    assert {"tel:07732232253", "tel:07732290306", "tel:15200379783", "tel:07732290203", "tel:07712290306"} <= phones
    assert "桂林电子科技大学的电话" in text and "名录中印有 5 个不同的号码" in text
    assert "完成设计、开发政产学研协同创新培训项目" in text
    links = {a.attrs["href"] for a in content.find_all("a")}
    assert "../../directories/bases/" in links and "../../directories/pilot-units-2026/" in links


def test_data_quality_groups_findings_by_kind_with_their_record_and_source_lines(built_site: Path) -> None:
    editors = article(built_site, "editors/data-quality/")
    tables = {table.attrs["data-lint-kind"]: table for table in editors.find_all("table", class_="gx-lints")}
    assert {"area-code", "mobile-in-office-list", "phone-format", "email-format", "sign-date-year"} <= set(tables)
    car = next(row for row in tables["area-code"].find_all("tr") if "0771-3755732" in row.text())
    assert "data/directories/bases-2026.yaml:414:" in car.text() and "已记录" in car.text()
    (link,) = car.find_all("a")
    assert link.attrs["href"].endswith("sources/2026-task-plan_gui-ren-she-han-2026-196.html#L220")
    assert link.text() == "第220行" and link.attrs["title"] == "sources/2026-task-plan_gui-ren-she-han-2026-196.txt"
    source = (built_site / "sources/2026-task-plan_gui-ren-she-han-2026-196.html").read_text(encoding="utf-8")
    assert '<span id="L220">44\t广西汽车集团有限公司\t0771-3755732\t第十一批</span>' in source


def test_data_quality_notes_are_on_the_editors_page_only(built_site: Path) -> None:
    lint_messages = [problem.message for problem in data().warnings]
    assert lint_messages
    editors = article(built_site, "editors/data-quality/").text()
    for message in lint_messages:
        assert message in editors
    assert "落款日期" in editors and "data/notices/2026.yaml" in editors
    for html_file in built_site.rglob("*.html"):
        if "editors" in html_file.parts:
            continue
        text = html_file.read_text(encoding="utf-8")
        assert not any(message in text for message in lint_messages), html_file
    for year, notice in data().notices.items():
        text = article(built_site, f"notices/{year}/").text()
        for discrepancy in notice["discrepancies"]:
            # A doubt about the notice's own date is the one note shown on the notice too, beside the date.
            if not discrepancy["subject"].endswith("日期"):
                assert discrepancy["description"] not in text
            assert discrepancy["description"] in editors


def test_every_table_is_plain_html_that_works_without_javascript(built_site: Path) -> None:
    for url_path in ("directories/bases/", "directories/training-institutions-2026/", "deadlines/", "organisations/"):
        html = (built_site / url_path / "index.html").read_text(encoding="utf-8")
        assert "<table" in html and "hidden" not in re.findall(r"<tr[^>]*>", html)[1]
        assert 'class="gx-filter-bar"' not in html  # filters are added by site.js, not shipped in the HTML


def test_no_page_loads_anything_from_another_origin_or_from_the_server_root(built_site: Path) -> None:
    """Absolute links are fine (a canonical URL, the official system's address); loading is not."""
    tag = re.compile(r"<(script|link|img|iframe|source|video|audio)\b([^>]*)>", re.I)
    source = re.compile(r"\b(?:src|href)=\"([^\"]*)\"")
    for path in built_site.rglob("*.html"):
        for name, attributes in tag.findall(path.read_text(encoding="utf-8")):
            if name.lower() == "link" and re.search(r"rel=\"(canonical|alternate)\"", attributes):
                continue
            for url in source.findall(attributes):
                assert not re.match(r"^(https?:)?//", url), (path, url)
                if path.name != "404.html":  # served at any missing path, so MkDocs links it from site_url's root
                    assert not url.startswith("/"), (path, url)  # relative: the site works from any folder
    for path in [*(built_site / "stylesheets").rglob("*"), *(built_site / "javascripts").rglob("*")]:
        text = path.read_text(encoding="utf-8", errors="replace")  # Material's own bundle is checked in the browser
        assert "fonts.googleapis" not in text and "unpkg.com" not in text and "cdn.jsdelivr" not in text, path


def test_the_json_schemas_and_a_data_snapshot_are_in_the_site(built_site: Path) -> None:
    for schema in (Path(__file__).resolve().parents[1] / "generator" / "schemas").glob("*.json"):
        assert (built_site / "schemas" / schema.name).read_bytes() == schema.read_bytes()
    assert (built_site / "data-snapshot.json").is_file()


def test_page_titles_come_from_the_nav_and_are_escaped_in_the_title_element(built_site: Path) -> None:
    head = page(built_site, "organisations/guangxi-university/").find("title").text()
    assert head.startswith("广西大学 - ")


def test_no_page_credits_the_theme_in_its_footer(built_site: Path) -> None:
    for html_file in built_site.rglob("*.html"):
        assert "Made with" not in html_file.read_text(encoding="utf-8"), html_file


def test_the_404_page_is_in_chinese_with_the_way_home_and_to_the_search(built_site: Path) -> None:
    text = (built_site / "404.html").read_text(encoding="utf-8")
    assert "404 - Not found" not in text
    main = article(built_site, "404.html")
    assert "找不到这个页面" in main.find("h1").text()
    assert any(link.text() == "回到首页" and link.attrs["href"].endswith("/") for link in main.find_all("a"))
    search = main.find("button", class_="gx-search-link")
    assert search.attrs["type"] == "button" and "data-gx-open-search" in search.attrs


def test_a_discrepancy_recorded_in_two_files_is_listed_once_on_the_organisation_page(built_site: Path) -> None:
    notes = article(built_site, "organisations/guangxi-mechanical-and-electrical-technician-college/").find(
        "div", class_="gx-discrepancies"
    )
    items = [item.text() for item in notes.find_all("li")]
    assert items and len(items) == len(set(items))
    assert sum("0772-3811900" in item for item in items) == 1
