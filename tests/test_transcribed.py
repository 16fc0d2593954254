"""Validation finds what a careful reader finds: words quoted from a notice that the notice does not print, and rule
numbers that contradict the words quoted beside them (a number printed elsewhere in the clause is not enough)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_validation import errors_of, line_of, only_error, replace_once


@pytest.mark.parametrize(
    ("old", "new", "where", "said"),
    [
        (
            'text: "每年累计不少于90学时"',
            'text: "每年累计不少于100学时"',
            'text: "每年累计不少于100学时"',
            "规则 total_hours 的原文“每年累计不少于100学时”在原文文本",
        ),
        (
            "用人单位应当建立本单位继续教育",
            "专业技术人员未完成继续教育的不得申请评定上一级专业技术资格，用人单位应当建立本单位继续教育",
            "不得申请评定上一级专业技术资格",
            "后果 evaluation-and-appointment“专业技术人员未完成继续教育的不得申请",
        ),
        (
            'printed: "2027年3月31日前"',
            'printed: "2027年4月30日前"',
            'printed: "2027年4月30日前"',
            "期限 professional-registration 的原文写法“2027年4月30日前”在原文文本",
        ),
        ("《人工智能", "《人工智能与", "《人工智能与", "公需科目必修课的题目"),
    ],
    ids=["a rule's text", "a consequence", "a deadline as printed", "the course's topic"],
)
def test_words_quoted_from_the_notice_that_it_does_not_print_are_refused_where_they_are(
    data_copy: Path, old: str, new: str, where: str, said: str
) -> None:
    """validate and build passed these (only a test of the shipped data compared them with the source texts)."""
    path = data_copy / "notices" / "2026.yaml"
    replace_once(path, old, new)
    error = only_error(data_copy)
    assert (error.path, error.line) == (path, line_of(path, where)), error.format()
    assert (
        said in error.message
        and "在原文文本 sources/2026-task-plan_gui-ren-she-han-2026-196.txt 中找不到" in error.message
    )


def test_the_information_systems_address_must_be_the_notices(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("system_url:")
    url_line = next(line for line in text[start:].splitlines() if "url:" in line and "system_url" not in line)
    replace_once(path, url_line, url_line.split("url:")[0] + 'url: "https://evil.example.com"')
    error = only_error(data_copy)
    assert error.message.startswith("信息管理系统的网址“https://evil.example.com”在原文文本")


def test_a_source_text_edited_so_that_it_no_longer_prints_the_data_is_refused(data_copy: Path) -> None:
    """The copy's own sources/ beside it is read first (source_texts.source_path): here an edited 2026 text."""
    from tests.conftest import ROOT

    name = "sources/2026-task-plan_gui-ren-she-han-2026-196.txt"
    (data_copy.parent / "sources").mkdir(exist_ok=True)
    edited = (ROOT / name).read_text(encoding="utf-8").replace("每年累计不少于90学时", "每年累计不少于80学时")
    (data_copy.parent / name).write_text(edited, encoding="utf-8")
    errors = [error.message for error in errors_of(data_copy)]
    assert any(message.startswith("规则 total_hours 的原文“每年累计不少于90学时”在原文文本") for message in errors)
    assert any("条款 一、（二）2 的第 1 段" in message for message in errors), errors
    shutil.rmtree(data_copy.parent / "sources")


def test_a_part_of_the_course_must_be_printed_beside_its_name(data_copy: Path) -> None:
    """15 → 10 hours and 课程学习 10 → 5: each number is printed in the clause (课程学习计10个学时，课程考试计5个学时)."""
    path = data_copy / "notices" / "2023.yaml"
    replace_once(path, "    hours: 15\n", "    hours: 10\n")
    replace_once(path, '      - name: "课程学习"\n        hours: 10\n', '      - name: "课程学习"\n        hours: 5\n')
    error = only_error(data_copy)
    assert error.line == line_of(path, "        hours: 5")
    assert error.message.startswith("规则 public_required 的部分“课程学习”写的是 5 学时，但它摘录的原文")
    assert "中没有“课程学习……5个学时”" in error.message


def test_the_make_up_years_must_be_the_range_the_text_prints(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    replace_once(path, "  from_year: 2022\n", "  from_year: 2025\n")
    error = only_error(data_copy)
    assert error.line == line_of(path, "  from_year: 2025")
    assert error.message.startswith("补学补考的年度是 2025年，但它摘录的原文（text）“2022年至2025年")


def test_a_deadline_date_printed_elsewhere_in_its_clause_is_not_its_date(data_copy: Path) -> None:
    """2027-03-31 is in 一、（三）1 (another deadline's): the deadline's own words say 2026年12月31日前."""
    path = data_copy / "notices" / "2026.yaml"
    line = line_of(path, 'date: "2026-12-31"')
    replace_once(path, 'date: "2026-12-31"', 'date: "2027-03-31"')
    error = only_error(data_copy)
    assert error.line == line
    assert error.message.startswith(
        "期限 public-required 的日期是 2027-03-31，但期限的原文写法（printed）“2026年12月31日前”中没有“2027年3月31日”"
    )


def test_exam_attempts_are_a_number_of_times_not_the_12_of_a_date(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    replace_once(path, "    attempts: 3\n", "    attempts: 12\n")
    error = only_error(data_copy)
    assert error.line == line_of(path, "    attempts: 12")
    assert error.message.startswith("规则 exam.attempts 写的是 12 次，但它引用的条款 一、（三）1 中没有“12”")


def test_the_documents_date_must_be_its_printed_date(data_copy: Path) -> None:
    path = data_copy / "notices" / "2025.yaml"
    replace_once(path, 'date: "2025-04-17"', 'date: "2025-04-18"')
    error = only_error(data_copy)
    assert error.line == line_of(path, 'date: "2025-04-18"')
    assert error.message.startswith("文件日期是 2025-04-18，但落款日期（date_printed）")


# ---- nothing of the body left out (generator/data/omissions.py) ----------------------------------


def _paragraph_line(path: Path, starts: str) -> str:
    """The line of the clause paragraph that starts with these words."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return next(line for line in lines if line.startswith(f'      - "{starts}'))


def test_a_paragraph_deleted_from_a_clause_is_refused_naming_the_words_left_out(data_copy: Path) -> None:
    """Every remaining string is still in the source (transcribed.py passed it): the site showed 一、（二）4 without its
    second paragraph and nothing said so."""
    path = data_copy / "notices" / "2026.yaml"
    deleted = _paragraph_line(path, "自治区人力资源社会保障厅将适时组织开展全区专业科目学时登记审核情况质量评估")
    replace_once(path, deleted, "")
    error = only_error(data_copy)
    assert (error.path, error.line) == (path, line_of(path, 'id: "一、（三）"') + 1), error.format()
    assert error.message.startswith(
        "原文中条款 一、（二）4 的第 1 段与条款 一、（三） 的标题之间还有“自治区人力资源社会保障厅将适时组织开展"
    ), error.message
    assert "请照原文补上漏抄的段落" in error.message


def test_a_clause_whose_paragraphs_were_all_deleted_is_refused(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    paragraph = _paragraph_line(path, "已制定继续教育学时管理制度的行业")
    replace_once(path, "    paragraphs:\n" + paragraph, "    paragraphs: []\n")
    error = only_error(data_copy)
    assert (error.path, error.line) == (path, line_of(path, 'id: "一、（二）4"') + 1), error.format()
    assert error.message.startswith(
        "原文中条款 一、（二）3 的标题与条款 一、（二）4 的标题之间还有“已制定继续教育学时管理制度"
    )


def test_paragraphs_swapped_are_refused_as_out_of_order(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    second = _paragraph_line(path, "自治区人力资源社会保障厅将适时组织开展全区专业科目学时登记审核情况质量评估")
    first = _paragraph_line(path, "专业技术人员依托信息管理系统进行专业科目学时登记")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(first + second, second + first, 1), encoding="utf-8")
    messages = [error.message for error in errors_of(data_copy)]
    assert any(
        message.startswith("原文中条款 一、（二）4 的第 2 段不紧接在条款 一、（二）4 的第 1 段之后")
        for message in messages
    ), messages
