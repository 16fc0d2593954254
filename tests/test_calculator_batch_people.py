"""The batch's 多年汇总: several years per person summed up as a record (core, command line), and the 结论 of a year
checked on the standing rules."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from calculator import csv_files, people
from calculator.explain import STANDING_ONLY_VERDICT, verdict_cell
from calculator.people import SUMMARY_COLUMNS, SUMMARY_HEADERS, People
from calculator.record import check_record
from calculator.table import SUMMARY_COUNTS, check_rows
from tests.batch_readers import RULES
from tests.conftest import ROOT

STAFF = ROOT / "tests" / "vectors" / "staff_years.csv"
AS_OF = "2026-06-01"


def summary_of(data: bytes, as_of: str = AS_OF, year: int | None = None) -> list[dict[str, str]]:
    collector = People()
    counts = {"passed": 0, "failed": 0, "error": 0}
    rows = csv_files.read_rows(csv_files.stream_lines(io.BytesIO(data)))
    list(check_rows(RULES, rows, year, as_of, counts, people=collector))
    table = collector.summary_rows(RULES, as_of)
    return [dict(zip(SUMMARY_COLUMNS, row, strict=True)) for row in table[1:]]


def by_name() -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in summary_of(STAFF.read_bytes())}


def test_each_person_with_several_years_gets_one_row_and_one_year_people_none() -> None:
    rows = summary_of(STAFF.read_bytes())
    assert [row["name"] for row in rows] == ["张三", "李四", "王五"]
    assert [row["id"] for row in rows] == ["A001", "A002", ""]


def test_2023_public_course_missing_can_be_made_up_until_the_end_of_2026_with_its_clause() -> None:
    row = by_name()["张三"]
    assert row["years"] == "2023–2025"
    # 2024 (no notice on file) passes on the standing rules, as its row in the batch says: 达标 with its course unchecked
    assert (row["passed_years"], row["failed_years"], row["standing_years"]) == ("2", "1", "1")
    assert "2023 年公需必修课可在 2026-12-31 前补学补考" in row["can_fix"]
    assert "桂人社函〔2026〕196号 一、（三）1" in row["basis"]
    # 2024: no notice on file, checked on the standing rules, its required course unknown
    assert "2024 年公需必修课如未完成，可在 2026-12-31 前补学补考" in row["can_fix"]
    assert "桂人社规〔2019〕4号" in row["basis"]
    years = [
        {"year": "2023", "public_required": "0", "public_elective": "30", "professional": "70"},
        {"year": "2024", "public_required": "20", "public_elective": "10", "professional": "60"},
        {"year": "2025", "public_required": "20", "public_elective": "10", "professional": "60"},
    ]
    assert row["summary"] == check_record(RULES, years, AS_OF)["summary"]


def test_a_row_with_an_error_is_reported_in_the_summary_not_dropped() -> None:
    row = by_name()["李四"]
    assert row["years"] == "2023、2026"
    assert row["errors"].startswith("第 6 行（2025 年度）：专业科目：“abc”不是学时数")
    assert row["summary"].endswith("；2025 年度的行有错误，没有计入（见“有错误的行”）")


def test_rows_without_an_id_are_matched_by_name_and_professional_hours_can_still_be_registered() -> None:
    row = by_name()["王五"]
    assert row["failed_years"] == "1"
    assert "2026 年专业科目还需 20 学时，可在 2027-03-31 前登记" in row["can_fix"]


def test_an_id_column_tells_apart_two_people_of_the_same_name() -> None:
    data = "编号,姓名,年度,公需必修,公需选修,专业科目\n1,张伟,2025,20,10,60\n2,张伟,2026,20,10,60\n".encode()
    assert summary_of(data) == []
    same = "姓名,年度,公需必修,公需选修,专业科目\n张伟,2025,20,10,60\n张伟,2026,20,10,60\n".encode()
    assert [row["years"] for row in summary_of(same)] == ["2025、2026"]


def test_the_same_year_twice_is_said_and_counted_once() -> None:
    data = "姓名,年度,公需必修,公需选修,专业科目\n甲,2025,20,10,60\n甲,2025,20,10,60\n甲,2026,20,10,60\n".encode()
    (row,) = summary_of(data)
    assert row["errors"] == "第 3 行（2025 年度）：与第 2 行是同一年度，没有计入汇总"
    assert row["passed_years"] == "2"


def test_without_a_year_column_there_is_no_summary() -> None:
    data = "姓名,公需必修,公需选修,专业科目\n甲,20,10,60\n甲,20,10,60\n".encode()
    assert summary_of(data, year=2026) == []


def test_past_the_limit_the_summary_says_so_in_one_chinese_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(people, "PERSON_YEAR_LIMIT", 3)
    (row,) = summary_of(STAFF.read_bytes())
    assert row["summary"] == people.LIMIT_MESSAGE.format(3, 3)


def test_a_standing_rules_year_is_never_a_plain_pass_in_the_batch() -> None:
    assert verdict_cell(True, False) == "达标（常设规则，必修课未核对）"
    for part in ("常设规则", "必修课未核对"):
        assert part in STANDING_ONLY_VERDICT and part in verdict_cell(True, False)
    assert verdict_cell(True, True) == "达标" and verdict_cell(False, False) == "未达标"
    counts = {"passed": 0, "failed": 0, "error": 0}
    rows = list(csv_files.check_lines(RULES, STAFF.read_text("utf-8").splitlines(True), None, AS_OF, counts))
    verdicts = {(row[1], row[2]): row[6] for row in rows[1:]}
    assert verdicts[("张三", "2024")] == "达标（常设规则，必修课未核对）"
    assert verdicts[("张三", "2025")] == "达标"
    assert counts == {"passed": 6, "failed": 2, "error": 1}


# ---- The command line ---------------------------------------------------------------------------


def cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "calculator", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))


def test_a_csv_result_gets_its_summary_beside_it_and_stderr_says_where(tmp_path: Path) -> None:
    done = cli("batch", str(STAFF), "--as-of", AS_OF, "--output", "结果.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "3 人有几个年度：每人的多年汇总写在 结果-多年汇总.csv"
    table = read_csv(tmp_path / "结果-多年汇总.csv")
    assert table[0] == [SUMMARY_HEADERS[key] for key in SUMMARY_COLUMNS]
    core = summary_of(STAFF.read_bytes())
    assert [dict(zip(SUMMARY_COLUMNS, row, strict=True)) for row in table[1:]] == core


def test_each_summary_row_names_its_as_of_date_and_rules_version_as_the_batch_rows_do(tmp_path: Path) -> None:
    """What can still be made up depends on the date, and every verdict names its rules: the 多年汇总 said neither."""
    done = cli("batch", str(STAFF), "--as-of", AS_OF, "--output", "结果.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = read_csv(tmp_path / "结果.csv")
    versions = {row[result[0].index("规则版本")] for row in result[1:]}
    table = read_csv(tmp_path / "结果-多年汇总.csv")
    assert table[0][-2:] == ["截至日期", "规则版本"]
    assert {(row[-2], row[-1]) for row in table[1:]} == {(AS_OF, versions.pop())} and not versions


def test_summary_option_and_machine_keys(tmp_path: Path) -> None:
    done = cli("batch", str(STAFF), "--as-of", AS_OF, "--format", "csv-en", "--summary", "s.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    table = read_csv(tmp_path / "s.csv")
    assert table[0] == list(SUMMARY_COLUMNS)
    assert len(table) == 4


def test_to_standard_output_stderr_says_how_to_save_the_summary(tmp_path: Path) -> None:
    done = cli("batch", str(STAFF), "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "3 人有几个年度：加 --summary 多年汇总.csv 可把每人的多年汇总另存为文件"
    assert list(tmp_path.iterdir()) == []


def test_an_xlsx_result_has_a_second_sheet_with_the_summary(tmp_path: Path) -> None:
    done = cli("batch", str(STAFF), "--as-of", AS_OF, "--output", "结果.xlsx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    workbook = openpyxl.load_workbook(tmp_path / "结果.xlsx")
    assert workbook.sheetnames == ["核对结果", "多年汇总"]
    sheet = workbook["多年汇总"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    cells = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    cells = [row + [""] * (len(SUMMARY_COLUMNS) - len(row)) for row in cells]
    assert [dict(zip(SUMMARY_COLUMNS, row, strict=True)) for row in cells[1:]] == summary_of(STAFF.read_bytes())
    first = list(next(workbook["核对结果"].iter_rows(min_row=3, max_row=3, values_only=True)))
    assert "达标（常设规则，必修课未核对）" in first
    counts = [SUMMARY_COLUMNS.index(key) + 1 for key in ("passed_years", "failed_years", "standing_years")]
    assert all(isinstance(sheet.cell(row, column).value, int) for row in (2, 3, 4) for column in counts), (
        "the counts of years are numbers in the spreadsheet, not text"
    )


def test_every_count_of_years_in_the_summary_is_a_number_column() -> None:
    for key in ("passed_years", "failed_years", "standing_years"):
        assert SUMMARY_HEADERS[key] in SUMMARY_COUNTS and key in SUMMARY_COUNTS


def test_a_bad_year_is_quoted_short_in_the_summary() -> None:
    data = ("姓名,年度,公需必修,公需选修,专业科目\n甲,2025,20,10,60\n甲," + "9" * 900 + ",20,10,60\n").encode()
    (row,) = summary_of(data)
    assert "9" * 31 not in row["errors"] and "9" * 30 + "……" in row["errors"], row["errors"][:200]


def test_past_the_limit_the_command_line_says_the_summary_was_not_made(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from calculator import cli as command_line

    monkeypatch.setattr(people, "PERSON_YEAR_LIMIT", 3)
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    output = tmp_path / "结果.csv"
    assert command_line.main(["batch", str(STAFF), "--as-of", AS_OF, "--output", str(output)]) == 0
    assert err.getvalue().splitlines()[-1] == people.LIMIT_MESSAGE.format(3, 3)


def test_record_reads_a_workbook_as_it_reads_the_same_csv(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["年度", "公需必修", "公需选修", "专业科目"])
    sheet.append([2023, 0, 30, 70])
    sheet.append([2025, 20, None, 70])
    workbook.save(tmp_path / "记录.xlsx")
    (tmp_path / "记录.csv").write_text("年度,公需必修,公需选修,专业科目\n2023,0,30,70\n2025,20,,70\n", "utf-8")
    answers = []
    for name in ("记录.xlsx", "记录.csv"):
        done = cli("record", name, "--as-of", AS_OF, "--json", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        answers.append(json.loads(done.stdout))
    assert answers[0] == answers[1]
    assert answers[0]["makeup"][0]["until"] == "2026-12-31"


def test_record_refuses_an_old_xls_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "记录.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    done = cli("record", "记录.xls", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().startswith("错误：这是 Excel 97-2003 格式（.xls）")
    assert len(done.stderr.strip().splitlines()) == 1


def test_one_year_written_two_ways_is_a_repeated_row_not_a_person_left_unsummarised() -> None:
    """2025 and 2025年 (or ２０２５) are one year to each row's check: the summary took them for two, then check_record
    refused the person whole (无法汇总：2025 年度填了两次), without the rows' line numbers."""
    data = "姓名,年度,公需必修,公需选修,专业科目\n乙,2025,20,10,60\n乙,2025年,20,10,60\n丁,2025,20,10,60\n丁,２０２５,20,10,60\n"
    rows = {row["name"]: row for row in summary_of(data.encode())}
    assert rows["乙"]["errors"] == "第 3 行（2025年 年度）：与第 2 行是同一年度，没有计入汇总"
    assert rows["丁"]["errors"] == "第 5 行（２０２５ 年度）：与第 4 行是同一年度，没有计入汇总"
    assert rows["乙"]["passed_years"] == rows["丁"]["passed_years"] == "1"


def test_an_id_whose_letter_is_written_in_either_case_is_one_person() -> None:
    """A 身份证号 ending in x in one row and X in the others: the x row was another person, with one year, so the
    summary of 张三 lacked 2025 without a word."""
    data = (
        "身份证号,姓名,年度,公需必修,公需选修,专业科目\n"
        "45010119900101001X,张三,2024,20,0,70\n"
        "45010119900101001x,张三,2025,20,0,70\n"
        "４５０１０１１９９００１０１００１Ｘ ,张三,2026,20,0,70\n"
        "a001,李四,2025,20,0,70\n"
        "A001,李四,2026,20,0,70\n"
    ).encode()
    rows = {row["name"]: row for row in summary_of(data, year=None)}
    assert rows["张三"]["years"] == "2024–2026"
    assert rows["李四"]["years"] == "2025、2026"
    assert len(rows) == 2
