"""Hostile or broken YAML is refused by validation before it can reach a page."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.data.load import validate_data
from tests.conftest import ROOT
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


def make_folder(data: Path) -> Path:
    (data / "notices" / "2027.yaml").mkdir()
    return data / "notices" / "2027.yaml"


def make_self_link(data: Path) -> Path:
    (data / "notices" / "2027.yaml").symlink_to("2027.yaml")
    return data / "notices" / "2027.yaml"


def make_link_loop(data: Path) -> Path:
    (data / "notices" / "2027.yaml").symlink_to("2028.yaml")
    (data / "notices" / "2028.yaml").symlink_to("2027.yaml")
    return data / "notices" / "2027.yaml"


def make_dangling_link(data: Path) -> Path:
    (data / "notices" / "2027.yaml").symlink_to("nowhere.yaml")
    return data / "notices" / "2027.yaml"


def make_faq_a_folder(data: Path) -> Path:
    (data / "faq.yaml").unlink()
    (data / "faq.yaml").mkdir()
    return data / "faq.yaml"


def make_pipe(data: Path) -> Path:
    os.mkfifo(data / "notices" / "2027.yaml")
    return data / "notices" / "2027.yaml"


def make_upper_case(data: Path) -> Path:
    shutil.copy(data / "notices" / "2026.yaml", data / "notices" / "2027.YAML")
    return data / "notices" / "2027.YAML"


def make_linked_folder(data: Path) -> Path:
    shutil.move(data / "directories", data.parent / "elsewhere")
    (data / "directories").symlink_to(data.parent / "elsewhere")
    return data / "directories"


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (make_folder, "2027.yaml 不是文件而是文件夹"),
        (make_self_link, "2027.yaml 是一个链接，链接循环"),
        (make_dangling_link, "2027.yaml 是一个链接，链接指向不存在的文件 nowhere.yaml"),
        (make_faq_a_folder, "faq.yaml 不是文件而是文件夹"),
        (make_pipe, "2027.yaml 不是普通文件"),
        (make_linked_folder, "directories 是指向文件夹"),
        (make_upper_case, "2027.YAML 的扩展名是大写的 .YAML：检查和网站只读 .yaml 文件，请改名为 2027.yaml"),
    ],
    ids=["folder", "self-link", "dangling-link", "faq-folder", "pipe", "linked-folder", "upper-case"],
)
def test_a_data_path_that_cannot_be_read_fails_validation_in_one_chinese_line(
    data_copy: Path, make: Callable[[Path], Path], says: str
) -> None:
    where = make(data_copy).relative_to(data_copy.parent)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--data", "data"],
        cwd=data_copy.parent,
        env={**os.environ, "PYTHONPATH": str(ROOT), "GX_PROJECT_DIR": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if "错误：" in line]
    assert len(errors) == 1 and errors[0].startswith(f"{where}:1:1: 错误：{says}"), result.stderr
    assert "数据检查通过" not in result.stdout


def test_a_link_loop_between_two_files_names_both(data_copy: Path) -> None:
    make_link_loop(data_copy)
    errors = [problem for problem in validate_data(data_copy)[1] if problem.is_error]
    assert [(error.path.name, "链接循环" in error.message) for error in errors] == [
        ("2027.yaml", True),
        ("2028.yaml", True),
    ]


def test_an_editors_lock_link_next_to_a_file_being_edited_is_not_data(data_copy: Path) -> None:
    """Emacs links .#2026.yaml to user@host.pid while 2026.yaml is being edited: validating meanwhile still passes."""
    (data_copy / "notices" / ".#2026.yaml").symlink_to("editor@host.1234:1700000000")
    data, problems = validate_data(data_copy)
    assert data is not None, [problem.format() for problem in problems if problem.is_error]


def test_a_folder_that_cannot_be_opened_is_an_error_not_skipped(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Path.rglob passed over a folder it could not open (chmod 000): its files vanished from the site silently.
    (Tests may run as root, who opens any folder: the refusal is injected where os.walk opens folders.)"""
    closed = data_copy / "directories"
    scandir = os.scandir

    def refusing(path: Any) -> Any:
        if Path(path) == closed:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    data, problems = validate_data(data_copy)
    errors = [problem for problem in problems if problem.is_error]
    assert data is None and len(errors) == 1, [problem.format() for problem in errors]
    assert errors[0].path == closed and errors[0].message.startswith("directories 是文件夹，但没有打开它的权限")
