"""The validator accepts the shipped data and rejects each kind of mistake with file:line and a fix."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.data.load import load_data, validate_data
from generator.data.problems import DataError, Problem
from tests.conftest import DATA, ROOT


def line_of(path: Path, text: str) -> int:
    """1-based number of the first line containing `text`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def replace_once(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path}"
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


def replace_in_source_text(data_dir: Path, notice: str, old: str, new: str) -> None:
    """The same change in the notice's source text, as a copy of it beside the data folder (read before the
    repository's: generator/data/source_texts.source_path), so that the data still transcribes its source."""

    from tests.conftest import ROOT

    document = yaml.safe_load((data_dir / "notices" / notice).read_text(encoding="utf-8"))["document"]
    for name in document["source_files"]:
        original = (ROOT / name).read_text(encoding="utf-8")
        pattern = r"\s*".join(re.escape(character) for character in old)  # the texts space their digits: 2026 年
        (data_dir.parent / "sources").mkdir(exist_ok=True)
        (data_dir.parent / name).write_text(re.sub(pattern, new, original), encoding="utf-8")


def errors_of(data_dir: Path) -> list[Problem]:
    data, problems = validate_data(data_dir)
    errors = [problem for problem in problems if problem.is_error]
    assert data is None and errors, "the broken copy was accepted"
    return errors


def only_error(data_dir: Path) -> Problem:
    errors = errors_of(data_dir)
    assert len(errors) == 1, [error.format() for error in errors]
    return errors[0]


def test_the_shipped_data_has_no_errors() -> None:
    data, problems = validate_data(DATA)
    assert data is not None, "\n".join(p.format(ROOT) for p in problems if p.is_error)
    assert set(data.notices) == {2023, 2025, 2026}
    assert "gui-ren-she-fa-2022-15" in data.plans
    assert data.standing_rules["minimum_total_hours"] == 90


def test_every_shipped_yaml_file_is_loaded() -> None:
    data = load_data(DATA)
    on_disk = {path.relative_to(DATA).as_posix() for path in DATA.rglob("*.yaml")}
    assert on_disk == set(data.sources)


def test_every_data_file_points_editors_at_its_schema() -> None:
    for path in DATA.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = load_data(DATA).sources[path.relative_to(DATA).as_posix()].data["kind"]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert schema == ROOT / "generator" / "schemas" / f"{kind}.schema.json", path
        assert schema.exists()


def test_a_duplicate_key_is_refused_at_its_line(data_copy: Path) -> None:
    path = data_copy / "standing-rules.yaml"
    line = line_of(path, "hours_per_half_day:")
    replace_once(path, "hours_per_half_day:", "minimum_total_hours: 90\nhours_per_half_day:")
    error = only_error(data_copy)
    assert error.path == path and error.line == line
    assert "重复的键「minimum_total_hours」" in error.message


def test_an_unknown_key_is_refused_with_a_suggestion(data_copy: Path) -> None:
    path = data_copy / "standing-rules.yaml"
    line = line_of(path, "hours_per_half_day:")
    replace_once(path, "hours_per_half_day:", "hours_per_halfday:")
    errors = errors_of(data_copy)
    unknown = [e for e in errors if "未知字段「hours_per_halfday」" in e.message]
    assert unknown and unknown[0].line == line
    assert "是不是「hours_per_half_day」" in unknown[0].message
    assert any("缺少字段「hours_per_half_day」" in e.message for e in errors)


def test_a_wrong_type_is_refused(data_copy: Path) -> None:
    path = data_copy / "standing-rules.yaml"
    line = line_of(path, "minimum_total_hours:")
    replace_once(path, "minimum_total_hours: 90", "minimum_total_hours: 九十")
    error = only_error(data_copy)
    assert error.line == line and "应为整数" in error.message and "九十" in error.message


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("1:30", "1:30 会被 YAML 读成 90（六十进制）：整数请直接写 90"),
        ("9_0", "9_0 会被 YAML 读成 90（数字中的下划线会被忽略）：整数请直接写 90"),
        ("0x5A", "0x5A 会被 YAML 读成 90（十六进制）：整数请直接写 90"),
        ("0b1011010", "0b1011010 会被 YAML 读成 90（二进制）：整数请直接写 90"),
        ("0132", "0132 会被 YAML 读成 90（以 0 开头的是八进制）：整数请直接写 90"),
        ("+90", "+90 会被 YAML 读成 90（带加号）：整数请直接写 90"),
        ("90.0", "90.0 会被 YAML 读成 90.0（小数）：整数请直接写 90"),
        ("1:30.0", "1:30.0 会被 YAML 读成 90.0（六十进制）：整数请直接写 90"),
    ],
    ids=lambda value: value if " " not in value else "",
)
def test_an_integer_in_another_yaml_notation_is_refused_saying_how_to_write_it(
    data_copy: Path, written: str, says: str
) -> None:
    path = data_copy / "notices" / "2026.yaml"
    line = line_of(path, "    minimum: 90")
    replace_once(path, "    minimum: 90\n", f"    minimum: {written}\n")
    error = only_error(data_copy)
    assert (error.path, error.line, error.column) == (path, line, 14)
    assert error.message.startswith(says), error.message


def test_an_octal_year_is_refused_not_read_as_2026(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    line = line_of(path, "year: 2026")
    replace_once(path, "\nyear: 2026\n", "\nyear: 03752\n")
    error = only_error(data_copy)
    assert (error.path, error.line, error.column) == (path, line, 7)
    assert error.message.startswith("03752 会被 YAML 读成 2026（以 0 开头的是八进制）：整数请直接写 2026"), (
        error.message
    )


def test_a_whole_number_written_as_a_decimal_is_refused(data_copy: Path) -> None:
    path = data_copy / "standing-rules.yaml"
    line = line_of(path, "hours_per_half_day:")
    replace_once(path, "hours_per_half_day: 4\n", "hours_per_half_day: 4.0\n")
    error = only_error(data_copy)
    assert (error.path, error.line) == (path, line)
    assert error.message.startswith("4.0 会被 YAML 读成 4.0（小数）：整数请直接写 4"), error.message


def test_yes_and_off_are_refused_where_true_or_false_is_wanted(data_copy: Path) -> None:
    bases = data_copy / "directories" / "bases-2026.yaml"
    notice = data_copy / "notices" / "2026.yaml"
    replace_once(bases, "dual: true", "dual: yes")
    replace_once(notice, "allowed: false", "allowed: off")
    messages = {(error.path, error.line): error.message for error in errors_of(data_copy)}
    assert messages[(bases, line_of(bases, "dual: yes"))].startswith(
        "yes 会被 YAML 读成 true（yes/no/on/off 是布尔值的旧写法）：请直接写 true"
    )
    assert messages[(notice, line_of(notice, "allowed: off"))].startswith("off 会被 YAML 读成 false")
    assert len(messages) == 2, messages


def test_an_impossible_date_is_refused(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    line = line_of(path, "2026-12-31")
    replace_once(path, "2026-12-31", "2026-02-30")
    error = only_error(data_copy)
    assert error.path == path and error.line == line
    assert "日期 2026-02-30 不存在" in error.message


def test_a_phone_number_that_yaml_would_turn_into_a_number_is_refused(data_copy: Path) -> None:
    path = data_copy / "directories" / "bases-2026.yaml"
    line = line_of(path, '"13768981690"')
    replace_once(path, '"13768981690"', "13768981690")
    error = only_error(data_copy)
    assert error.path == path and error.line == line
    assert "电话号码必须加引号" in error.message


def test_a_reference_to_an_unknown_organisation_is_refused(data_copy: Path) -> None:
    path = data_copy / "directories" / "bases-2026.yaml"
    line = line_of(path, "organisation: guangxi-university")
    replace_once(path, "organisation: guangxi-university\n", "organisation: guangxi-univresity\n")
    error = only_error(data_copy)
    assert error.path == path and error.line == line
    assert "guangxi-univresity" in error.message and "organisations.yaml" in error.message


def test_a_citation_of_a_clause_that_does_not_exist_is_refused(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    marker = next(m for m in ('source: "一、（二）2"', "source: 一、（二）2") if m in path.read_text(encoding="utf-8"))
    line = line_of(path, marker)
    replace_once(path, marker, marker.replace("（二）2", "（二）9"))
    error = only_error(data_copy)
    assert error.path == path and error.line == line
    assert "一、（二）9" in error.message and "找不到" in error.message


def test_a_yaml_syntax_error_names_its_line(data_copy: Path) -> None:
    path = data_copy / "standing-rules.yaml"
    line = line_of(path, "minimum_total_hours:")
    replace_once(path, "minimum_total_hours: 90", "minimum_total_hours: [90")
    error = only_error(data_copy)
    assert error.path == path and error.line >= line
    assert "YAML 语法错误" in error.message


def test_anchors_and_aliases_are_refused(data_copy: Path) -> None:
    path = data_copy / "standing-rules.yaml"
    line = line_of(path, "minimum_total_hours:")
    replace_once(path, "minimum_total_hours: 90", "minimum_total_hours: &n 90")
    error = only_error(data_copy)
    assert error.line == line and "锚点和别名" in error.message


def test_python_object_tags_are_refused(data_copy: Path) -> None:
    path = data_copy / "standing-rules.yaml"
    line = line_of(path, "minimum_total_hours:")
    replace_once(path, "minimum_total_hours: 90", "minimum_total_hours: !!python/object/apply:os.system ['true']")
    error = only_error(data_copy)
    assert error.line == line and "不支持 YAML 标签" in error.message


def test_a_notice_whose_file_name_is_not_its_year_is_refused(data_copy: Path) -> None:
    (data_copy / "notices" / "2026.yaml").rename(data_copy / "notices" / "2027.yaml")
    errors = errors_of(data_copy)
    assert any("文件应命名为 2026.yaml" in e.message for e in errors)


def test_load_data_raises_with_every_error(data_copy: Path) -> None:
    replace_once(data_copy / "standing-rules.yaml", "minimum_total_hours: 90", "minimum_total_hours: -1")
    with pytest.raises(DataError) as raised:
        load_data(data_copy)
    assert "standing-rules.yaml:" in str(raised.value) and "应不小于 1" in str(raised.value)


def test_the_validate_command_exits_non_zero_with_file_and_line(data_copy: Path) -> None:
    path = data_copy / "standing-rules.yaml"
    line = line_of(path, "minimum_total_hours:")
    replace_once(path, "minimum_total_hours: 90", "minimum_total_hours: '90'")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--data", str(data_copy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"standing-rules.yaml:{line}:" in result.stderr and "应为整数" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_validate_command_passes_on_the_shipped_data() -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "validate"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "数据检查通过" in result.stdout


def test_the_published_json_schemas_match_the_model() -> None:
    from generator.data.schema_files import SCHEMA_DIR, schema_file_texts

    for name, text in schema_file_texts().items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == text, f"run python -m generator schemas ({name})"


def test_a_huge_number_is_quoted_by_its_first_digits_not_echoed_whole(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    replace_once(path, "    minimum: 90\n", "    minimum: 9" + "0" * 400 + "\n")
    error = only_error(data_copy)
    assert error.line == line_of(path, "    minimum: 9000")
    assert "这里是 900000000000……（共 401 位）" in error.message, error.message
    assert "0" * 40 not in error.message


def test_a_date_written_with_slashes_is_one_error_not_two(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    replace_once(path, 'date: "2026-12-31"', 'date: "2026/12/31"')
    error = only_error(data_copy)
    assert error.message.startswith("文字「2026/12/31」 格式不对。"), error.message
