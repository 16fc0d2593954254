"""The command line `python -m calculator`: its output, and exit 2 with one Chinese line on every kind of bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "calculator" / "rules.json"


def cli(*arguments: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "calculator", *arguments], cwd=ROOT, capture_output=True, input=stdin, timeout=60
    )


def assert_bad_input(completed: subprocess.CompletedProcess[bytes], *fragments: str) -> str:
    stderr = completed.stderr.decode("utf-8")
    assert completed.returncode == 2, stderr
    assert "Traceback" not in stderr
    assert completed.stdout == b""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("错误：")
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


CHECK = ["check", "--year", "2026", "--public-required", "20", "--public-elective", "5", "--professional", "70"]


def test_check_prints_a_chinese_report_and_exits_0() -> None:
    completed = cli(*CHECK, "--as-of", "2026-11-22")
    assert completed.returncode == 0
    text = completed.stdout.decode("utf-8")
    assert text.startswith("2026 年度继续教育学时核对（依据 桂人社函〔2026〕196号）")
    assert "结论：达标" in text
    assert "还有 39 天" in text


def test_check_exits_0_when_the_person_does_not_pass() -> None:
    completed = cli("check", "--year", "2026", "--public-required", "0", "--professional", "10")
    assert completed.returncode == 0
    assert "结论：未达标" in completed.stdout.decode("utf-8")


def test_check_json_is_one_object_with_the_documented_fields() -> None:
    completed = cli(*CHECK, "--as-of", "2026-11-22", "--json")
    assert completed.returncode == 0
    result: dict[str, Any] = json.loads(completed.stdout.decode("utf-8"))
    assert (result["year"], result["passed"], result["total"]) == (2026, True, 95)
    assert [rule["id"] for rule in result["rules"]] == ["total-minimum", "professional-share", "public-required"]
    assert all({"id", "passed", "shortfall", "source"} <= set(rule) for rule in result["rules"])
    assert all({"id", "date", "description", "passed"} <= set(deadline) for deadline in result["deadlines"])
    assert result["warnings"] == []


def test_check_json_warns_for_a_year_without_a_notice() -> None:
    completed = cli("check", "--year", "2024", "--public-required", "20", "--professional", "70", "--json")
    result = json.loads(completed.stdout.decode("utf-8"))
    assert [warning["id"] for warning in result["warnings"]] == ["notice-missing"]
    assert result["passed"] is True


def test_a_year_without_a_notice_is_never_a_plain_pass_in_the_text_or_the_json() -> None:
    completed = cli("check", "--year", "2024", "--public-required", "20", "--professional", "70")
    text = completed.stdout.decode("utf-8")
    assert "结论：按常设规则核对（未收录年度通知，必修课未核对）" in text
    assert "结论：达标" not in text
    answer = json.loads(
        cli("check", "--year", "2024", "--public-required", "20", "--professional", "70", "--json").stdout
    )
    assert answer["verdict"] == "按常设规则核对（未收录年度通知，必修课未核对）" and answer["passed"] is True
    failed = json.loads(
        cli("check", "--year", "2024", "--public-required", "0", "--professional", "10", "--json").stdout
    )
    assert failed["verdict"] == "未达标"
    full = json.loads(cli(*CHECK, "--json").stdout)
    assert full["verdict"] == "达标"


def test_check_json_gives_exact_decimals() -> None:
    completed = cli(
        "check",
        "--year",
        "2026",
        "--public-required",
        "20",
        "--public-elective",
        "10.55",
        "--professional",
        "61.1",
        "--json",
    )
    result = json.loads(completed.stdout.decode("utf-8"))
    assert result["total"] == 91.65 and result["passed"] is True
    assert b"91.65" in completed.stdout and b"91.6499" not in completed.stdout


def test_as_of_today_is_understood() -> None:
    completed = cli(*CHECK, "--as-of", "today", "--json")
    assert completed.returncode == 0
    assert all("passed" in deadline for deadline in json.loads(completed.stdout)["deadlines"])


def test_hours_prints_24_for_the_issues_example() -> None:
    completed = cli("hours", "--start", "2026-05-12", "--end", "2026-05-14")
    assert (completed.returncode, completed.stdout) == (0, b"24\n")


def test_hours_with_halves_and_verbose_explains_the_count() -> None:
    completed = cli(
        "hours", "--start", "2026-05-12", "--end", "2026-05-14", "--start-half", "pm", "--end-half", "am", "-v"
    )
    lines = completed.stdout.decode("utf-8").splitlines()
    assert lines[0] == "16"
    assert "共 4 个半天，每半天 4 学时" in lines[1] and "桂人社规〔2019〕4号" in lines[1]
    version = json.loads(RULES.read_text(encoding="utf-8"))["version"]  # the hours per half-day come from the rules
    assert lines[2] == f"依据的规则版本 {version['id']}（{version['date']} 编译）"


def test_hours_json() -> None:
    completed = cli("hours", "--start", "2026-05-12", "--end", "2026-05-12", "--json")
    result = json.loads(completed.stdout)
    assert result["hours"] == 8
    assert result["rules_version"] == json.loads(RULES.read_text(encoding="utf-8"))["version"]


@pytest.mark.parametrize(
    ("arguments", "fragments"),
    [
        (["check", "--public-required", "20", "--professional", "70"], ["--year"]),
        (["check", "--year", "2026", "--professional", "70"], ["--public-required"]),
        (["check", "--year", "2026", "--public-required", "20"], ["--professional"]),
        (["check", "--year", "20x6", "--public-required", "20", "--professional", "70"], ["年度"]),
        (["check", "--year", "2027", "--public-required", "20", "--professional", "70"], ["2027", "2023、2025、2026"]),
        (["check", "--year", "2018", "--public-required", "20", "--professional", "70"], ["2018"]),
        (["check", "--year", "2026", "--public-required", "20", "--professional", "-5"], ["专业科目", "负数"]),
        (["check", "--year", "2026", "--public-required", "20", "--professional", "NaN"], ["专业科目", "有限"]),
        (["check", "--year", "2026", "--public-required", "20", "--professional", "inf"], ["有限"]),
        (["check", "--year", "2026", "--public-required", "20", "--professional", "-inf"], ["有限"]),
        (["check", "--year", "2026", "--public-required", "二十", "--professional", "70"], ["公需必修", "不是学时数"]),
        (["check", "--year", "2026", "--public-required", "20"], ["缺少 --professional"]),
        (["check", "--year", "2026", "--public-required", "20", "--professional", "61.111"], ["两位小数"]),
        (["check", "--year", "2026", "--public-required", "20", "--professional", "9000"], ["8760"]),
        (["check", "--year", "2026", "--public-required", "20", "--professional", "1e308"], ["不是学时数"]),
        (
            [
                "check",
                "--year",
                "2026",
                "--public-required",
                "20",
                "--public-elective",
                "4000",
                "--professional",
                "4741",
            ],
            ["三项合计"],
        ),
        (["check", "--year", "2026", "--public-required", "25", "--professional", "70"], ["公需必修", "20 学时"]),
        (["check", "--year", "2023", "--public-required", "16", "--professional", "70"], ["15 学时"]),
        (["check", *CHECK[1:], "--as-of", "2026-02-30"], ["查询日期", "30 日"]),
        (["check", *CHECK[1:], "--as-of", "soon"], ["查询日期"]),
        (["check", *CHECK[1:], "--bogus"], ["无法识别的参数", "--bogus"]),
        (["check", *CHECK[1:], "--year"], ["--year"]),
        (["check", *CHECK[1:], "--rules", "/nonexistent/rules.json"], ["规则文件"]),
        (["frobnicate"], ["frobnicate"]),
        ([], []),
        (["hours", "--end", "2026-05-14"], ["--start"]),
        (["hours", "--start", "2026-05-14"], ["--end"]),
        (["hours", "--start", "2026-05-32", "--end", "2026-06-01"], ["开始日期"]),
        (["hours", "--start", "2025-12-30", "--end", "2026-01-02"], ["跨了", "不能跨年登记"]),
        (["hours", "--start", "2026-05-14", "--end", "2026-05-12"], ["早于"]),
        (["hours", "--start", "2026-05-12", "--end", "2026-05-12", "--start-half", "pm", "--end-half", "am"], ["早于"]),
        (["hours", "--start", "2026-05-12", "--end", "2026-05-12", "--end-half", "evening"], ["结束时段"]),
        (["batch", "--year", "2026"], ["名单文件"]),
        (["batch", "/nonexistent/staff.csv", "--year", "2026"], ["读不到文件"]),
        (["batch", "-", "--year", "20x6"], ["年度"]),
        (["batch", "-", "--year", "2026", "--as-of", "2026-99-01"], ["查询日期"]),
        (["batch", "-", "--year", "2026", "--output-encoding", "latin-1"], ["--output-encoding"]),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_every_kind_of_bad_input_exits_2_with_one_chinese_line_and_no_traceback(
    arguments: list[str], fragments: list[str]
) -> None:
    completed = cli(*arguments, stdin=b"")
    if not arguments:
        assert completed.returncode == 2
        assert "Traceback" not in completed.stderr.decode("utf-8")
        return
    assert_bad_input(completed, *fragments)


# ---- batch ------------------------------------------------------------------------------------

EN = ("--format", "csv-en")
"""The machines' format: English keys, true/false, warning ids."""

STAFF = (
    "姓名,公需必修,公需选修,专业科目,部门\n张三,20,5,70,财务\n李四,abc,0,60,人事\n王五,0,30,60,后勤\n赵六,20,10,60,\n"
)


def batch_rows(completed: subprocess.CompletedProcess[bytes], encoding: str = "utf-8") -> list[dict[str, str]]:
    assert completed.returncode == 0, completed.stderr.decode("utf-8")
    return list(csv.DictReader(io.StringIO(completed.stdout.decode(encoding), newline="")))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_batch_reads_utf8_with_or_without_bom_gb18030_and_utf16(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(STAFF.encode(encoding))
    rows = batch_rows(cli("batch", str(path), "--year", "2026", "--as-of", "2026-11-22", *EN))
    assert [row["姓名"] for row in rows] == ["张三", "李四", "王五", "赵六"]
    assert [row["passed"] for row in rows] == ["true", "", "false", "true"]


def test_a_bad_row_in_the_middle_gets_its_error_and_every_other_row_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF, encoding="utf-8")
    completed = cli("batch", str(path), "--year", "2026", *EN)
    rows = batch_rows(completed)
    assert len(rows) == 4
    assert rows[1]["error"].startswith("公需必修：") and rows[1]["passed"] == ""
    assert rows[2]["public_required_shortfall"] == "20" and rows[2]["add_professional"] == "40"
    assert rows[0]["total"] == "95" and rows[0]["error"] == ""
    assert "共 4 行：达标 2，未达标 1，有错误 1" in completed.stderr.decode("utf-8")


def test_batch_keeps_extra_columns_and_adds_the_result_columns(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF, encoding="utf-8")
    header = next(csv.reader(io.StringIO(cli("batch", str(path), "--year", "2026", *EN).stdout.decode("utf-8"))))
    assert header == [
        "姓名",
        "公需必修",
        "公需选修",
        "专业科目",
        "部门",
        "passed",
        "missing",
        "error",
        "total",
        "public_required_shortfall",
        "total_minimum_shortfall",
        "professional_share_shortfall",
        "add_professional",
        "warnings",
        "basis",
        "rules_version",
    ]


def test_the_default_result_speaks_the_hr_administrators_language(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF + "钱七,20,,60,\n孙八,,,,\n", encoding="utf-8")
    completed = cli("batch", str(path), "--year", "2026")
    text = completed.stdout.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0])[5:] == [
        "结论", "还差什么", "错误", "总学时", "公需必修还差", "总学时还差", "专业比例还差", "还需专业科目", "提醒",
        "依据条款", "规则版本",
    ]  # fmt: skip
    assert [row["结论"] for row in rows] == ["达标", "未核对", "未达标", "达标", "未达标", "未达标"]
    assert rows[0]["还差什么"] == "无"
    assert rows[1]["错误"].startswith("公需必修：") and rows[1]["还差什么"] == ""
    assert rows[2]["还差什么"] == "还差公需必修课 20 学时（学完并通过考试）、专业科目 40 学时"
    # A blank 公需选修 is 0, as in the form: 20 + 0 + 60 = 80, 10 short, any subject.
    assert rows[4]["总学时"] == "80" and rows[4]["还差什么"] == "还差总学时 10 学时（哪一科的都可以）"
    assert rows[5]["还差什么"] == "还差公需必修课 20 学时（学完并通过考试）、总学时 70 学时（其中专业科目至少 60 学时）"
    assert rows[0]["依据条款"] == "桂人社函〔2026〕196号 一、（二）2；桂人社函〔2026〕196号 一、（一）1"
    assert "true" not in text and "false" not in text and "passed" not in text


def test_batch_accepts_english_headers_and_reads_stdin() -> None:
    data = b"name,public_required,public_elective,professional\nA,20,0,70\nB,15,0,60\n"
    rows = batch_rows(cli("batch", "-", "--year", "2024", *EN, stdin=data))
    assert [row["passed"] for row in rows] == ["true", "false"]
    assert rows[0]["warnings"] == "notice-missing"
    assert rows[0]["public_required_shortfall"] == ""


def test_batch_missing_columns_are_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("姓名,公需必修,专业科目\n张三,20,70\n", encoding="utf-8")
    assert_bad_input(cli("batch", str(path), "--year", "2026"), "公需选修", "表头")


def test_batch_a_column_given_twice_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("name,professional,专业科目,public_required,public_elective\n", encoding="utf-8")
    assert_bad_input(cli("batch", str(path), "--year", "2026"), "同一列")


@pytest.mark.parametrize(
    ("content", "fragment"), [(b"", "空"), (b"\xff\xff\xff\xfe\x81", "编码"), (b"\xef\xbb\xbf\xff\xfe", "")]
)
def test_batch_an_empty_or_unreadable_file_is_a_clear_error(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(content)
    completed = cli("batch", str(path), "--year", "2026")
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr.decode("utf-8")
    assert fragment in completed.stderr.decode("utf-8")


def test_batch_short_and_long_rows_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(
        "name,public_required,public_elective,professional\nA,20,0\n\nB,20,0,70,extra\nC,20,0,70\n", encoding="utf-8"
    )
    rows = batch_rows(cli("batch", str(path), "--year", "2026", *EN))
    assert [row["name"] for row in rows] == ["A", "B", "C"]
    assert rows[0]["error"] == "" and rows[0]["passed"] == "false"  # a missing cell is a blank one: 0 hours
    assert "比表头多 1 列" in rows[1]["error"]
    assert rows[2]["passed"] == "true"


def test_batch_a_year_column_overrides_the_year_option(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(
        "姓名,年度,公需必修,公需选修,专业科目\nA,2023,15,0,75\nB,,20,0,70\nC,2027,20,0,70\n", encoding="utf-8"
    )
    rows = batch_rows(cli("batch", str(path), "--year", "2026", *EN))
    assert [row["passed"] for row in rows] == ["true", "true", ""]
    assert "2027" in rows[2]["error"]
    without_year = batch_rows(cli("batch", str(path), *EN))
    assert "--year" in without_year[1]["error"]


def test_batch_output_can_be_reread_and_rechecked(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF, encoding="utf-8")
    first = cli("batch", str(path), "--year", "2026").stdout
    again = tmp_path / "again.csv"
    again.write_bytes(first)
    assert cli("batch", str(again), "--year", "2026").stdout == first


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_batch_can_write_for_excel(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF, encoding="utf-8")
    completed = cli("batch", str(path), "--year", "2026", "--output-encoding", encoding)
    rows = batch_rows(completed, encoding)
    assert rows[0]["姓名"] == "张三"
    if encoding == "utf-8-sig":
        assert completed.stdout.startswith(b"\xef\xbb\xbf")
