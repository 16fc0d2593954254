"""`python -m calculator record FILE`: a person's record of several years, its JSON, and one Chinese line for bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.test_calculator_cli import assert_bad_input, cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "site_config" / "calculator" / "record-example.csv"


def record(text: str, *options: str, encoding: str = "utf-8") -> subprocess.CompletedProcess[bytes]:
    return cli("record", "-", *options, stdin=text.encode(encoding))


def test_the_example_record_prints_a_summary_and_each_year_with_its_clauses() -> None:
    completed = cli("record", str(EXAMPLE), "--as-of", "2026-06-01")
    assert completed.returncode == 0, completed.stderr.decode("utf-8")
    lines = completed.stdout.decode("utf-8").splitlines()
    assert lines[0] == "继续教育学时多年记录（截至 2026-06-01）"
    assert lines[1].startswith(
        "2022–2026：3 年达标，2 年未达标，其中 2 年按常设规则核对（通知未收录，公需必修课未核对）"
    )
    assert "2023 年公需必修课可在 2026-12-31 前补学补考" in lines[1]
    text = "\n".join(lines)
    assert "[未达标] 2023 年度" in text
    assert "计入 2023 年度（桂人社函〔2026〕196号 一、（三）1）" in text
    # a year with no notice on file: the verdict of check and batch (达标, its required course not checked)
    assert "[达标（常设规则，必修课未核对）] 2022 年度（依据 桂人社规〔2019〕4号）" in text


def test_json_has_years_with_the_verdict_of_check_makeup_with_until_and_the_rules_version() -> None:
    completed = cli("record", str(EXAMPLE), "--as-of", "2026-06-01", "--json")
    assert completed.returncode == 0
    result: dict[str, Any] = json.loads(completed.stdout.decode("utf-8"))
    standing = "达标（常设规则，必修课未核对）"
    assert [(item["year"], item["passed"], item["verdict"], item["notice_on_file"]) for item in result["years"]] == [
        (2022, True, standing, False),
        (2023, False, "未达标", True),
        (2024, False, "未达标", False),
        (2025, True, "达标", True),
        (2026, True, "达标", True),
    ]
    # each year's passed is what `check` says of it (2022 and 2024 were null and false here, true in check and batch)
    for item, row in zip(result["years"], EXAMPLE.read_text(encoding="utf-8").splitlines()[1:], strict=True):
        year, required, elective, professional = row.split(",")
        arguments = ["--public-required", required, "--public-elective", elective, "--professional", professional]
        checked = json.loads(cli("check", "--year", year, *arguments, "--as-of", "2026-06-01", "--json").stdout)
        assert checked["passed"] == item["passed"], year
    assert {"year": 2023, "missing": "public-required", "until": "2026-12-31"}.items() <= result["makeup"][1].items()
    assert set(result["rules_version"]) == {"id", "date"}
    assert result["as_of"] == "2026-06-01"


def test_a_professional_shortfall_past_its_registration_deadline_is_listed_as_lost() -> None:
    completed = record("年度,公需必修,公需选修,专业科目\n2025,20,,40\n", "--as-of", "2026-04-01", "--json")
    result = json.loads(completed.stdout.decode("utf-8"))
    assert result["makeup"] == []
    assert [(entry["year"], entry["missing"], entry["source"]) for entry in result["lost"]] == [
        (2025, "professional", "桂人社函〔2025〕80号 一、（三）1")
    ]


def test_the_batch_header_variants_and_a_gb18030_file_are_read() -> None:
    text = "年份,公需科目必修课（学时）,公需选修课,专业科目学时\r\n2026年,20,0,70\r\n"
    completed = record(text, "--as-of", "2026-06-01", "--json", encoding="gb18030")
    assert completed.returncode == 0, completed.stderr.decode("utf-8")
    assert json.loads(completed.stdout.decode("utf-8"))["years"][0]["passed"] is True


def test_without_as_of_the_record_is_checked_as_of_today() -> None:
    completed = record("year,public_required,public_elective,professional\n2026,20,0,70\n", "--json")
    assert completed.returncode == 0
    assert json.loads(completed.stdout.decode("utf-8"))["as_of"] >= "2026-01-01"


def test_bad_records_are_one_chinese_line_and_exit_2() -> None:
    assert_bad_input(record("公需必修,公需选修,专业科目\n20,0,70\n"), "表头缺少“年度”列")
    assert_bad_input(record("年度,公需必修,专业科目\n2026,20,70\n"), "公需选修", "年度,公需必修,公需选修,专业科目")
    assert_bad_input(record(""), "文件是空的")
    assert_bad_input(record("年度,公需必修,公需选修,专业科目\n"), "没有年度")
    assert_bad_input(
        record("年度,公需必修,公需选修,专业科目\n2025,20,0,70\n2025,20,0,70\n", "--as-of", "2026-06-01"),
        "第 3 行：2025 年度填了两次",
    )
    assert_bad_input(
        record("年度,公需必修,公需选修,专业科目\n2026,20,0,70\n2025,20,0,七十\n", "--as-of", "2026-06-01"),
        "第 3 行：2025 年度：专业科目",
    )
    assert_bad_input(
        record("年度,公需必修,公需选修,专业科目\n2017,20,0,70\n", "--as-of", "2026-06-01"), "第 2 行", "未收录"
    )
    assert_bad_input(
        record("姓名,年度,公需必修,公需选修,专业科目\n张三,2025,20,0,70\n李四,2026,20,0,70\n"),
        "一个记录文件只能是一个人的",
    )
    assert_bad_input(
        record("年度,公需必修,公需选修,专业科目\n2026,20,0,70\n", "--as-of", "2026-02-30"), "2 月没有 30 日"
    )
    assert_bad_input(  # 59,5 for 59.5: the batch refuses the row, so must the record (it read 59 and dropped the 5)
        record("年度,公需必修,公需选修,专业科目\n2025,20,10,59,5\n", "--as-of", "2026-06-01"),
        "第 2 行有 5 列，比表头多 1 列：请检查是否多了逗号",
    )
    for separator in ("，", ";"):  # the header read as one cell: say how it was separated, not only what is missing
        header = separator.join(["年度", "公需必修", "公需选修", "专业科目"])
        assert_bad_input(
            record(f"{header}\n2025{separator}20{separator}0{separator}70\n"), f"像是用“{separator}”分隔的"
        )
        assert_bad_input(cli("batch", "-", stdin=f"{header}\n".encode()), f"像是用“{separator}”分隔的")
    assert_bad_input(cli("record", "/nonexistent/记录.csv"), "读不到文件", "文件不存在")
    assert_bad_input(cli("record"), "缺少 CSV 或 .xlsx 文件名")
    rows = "".join(f"{year},20,0,70\n" for year in range(2000, 2062))
    assert_bad_input(record("年度,公需必修,公需选修,专业科目\n" + rows), "最多 60 个年度")


def test_record_help_is_chinese_and_says_the_sources_are_silent_on_the_years_a_title_application_looks_at() -> None:
    completed = cli("record", "--help")
    text = completed.stdout.decode("utf-8")
    assert completed.returncode == 0
    assert "用法：" in text
    assert "通知没有写明职称申报要看哪几个年度" in text


def test_a_workbook_of_several_sheets_says_which_sheet_was_read(tmp_path: Path) -> None:
    """As the batch says it: the years on the other sheets were not read (the record was silent about them)."""
    from openpyxl import Workbook

    book = Workbook()
    earlier = book.active
    earlier.title = "2022-2024"
    earlier.append(["年度", "公需必修", "公需选修", "专业科目"])
    for year in (2022, 2023, 2024):
        earlier.append([year, 20, 0, 70])
    later = book.create_sheet("2025-2026")
    later.append(["年度", "公需必修", "公需选修", "专业科目"])
    later.append([2025, 20, 0, 70])
    book.active = 1
    path = tmp_path / "记录.xlsx"
    book.save(path)
    done = cli("record", str(path), "--as-of", "2026-06-01", "--json")
    assert done.returncode == 0, done.stderr.decode()
    assert [year["year"] for year in json.loads(done.stdout)["years"]] == [2025]
    assert done.stderr.decode().strip() == "工作簿有 2 个工作表，读的是“2025-2026”"
