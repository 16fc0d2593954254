"""Hostile or broken YAML is refused by validation before it can reach a page."""

from __future__ import annotations

from pathlib import Path

from generator.data.load import validate_data
from tests.test_validation import line_of, only_error, replace_once

BILLION_LAUGHS = """\
a: &a ["哈","哈","哈","哈","哈","哈","哈","哈","哈"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""


def test_a_javascript_url_as_the_system_address_is_refused(data_copy: Path) -> None:
    path = data_copy / "notices" / "2026.yaml"
    line = line_of(path, "https://gxjxjy.rst.gxzf.gov.cn")
    replace_once(path, '"https://gxjxjy.rst.gxzf.gov.cn"', '"javascript:alert(1)"')
    error = only_error(data_copy)
    assert error.line == line and "格式不对" in error.message


def test_an_extremely_long_string_is_refused(data_copy: Path) -> None:
    path = data_copy / "organisations.yaml"
    line = line_of(path, "name: 广西大学")
    replace_once(path, "name: 广西大学\n", f"name: {'广' * 100_000}\n")
    error = only_error(data_copy)
    assert error.line == line and "太长" in error.message


def test_billion_laughs_aliases_are_refused_at_once(data_copy: Path) -> None:
    (data_copy / "directories" / "laughs.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    error = only_error(data_copy)  # refused at the first anchor, before anything is expanded
    assert error.path.name == "laughs.yaml" and "锚点和别名" in error.message


def test_a_python_object_tag_is_never_constructed(data_copy: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = data_copy / "organisations.yaml"
    replace_once(path, "name: 广西大学\n", f"name: !!python/object/apply:os.system ['touch {marker}']\n")
    error = only_error(data_copy)
    assert "不支持 YAML 标签" in error.message
    assert not marker.exists()


def test_a_file_that_is_not_utf8_is_refused_with_a_hint(data_copy: Path) -> None:
    path = data_copy / "organisations.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    error = only_error(data_copy)
    assert "UTF-8" in error.message


def test_html_in_a_name_passes_validation_as_plain_text(data_copy: Path) -> None:
    """Names are text: the site escapes them (see the site tests); validation does not need to refuse them."""
    path = data_copy / "organisations.yaml"
    replace_once(
        path, "name: 广西大学\n    aliases: []", 'name: "广西大学<script>alert(1)</script>"\n    aliases: [广西大学]'
    )
    data, problems = validate_data(data_copy)
    assert data is not None, [p.format() for p in problems if p.is_error]
