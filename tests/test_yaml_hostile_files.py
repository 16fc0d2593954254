"""Whatever bytes are in a data file, validation and build end in file:line:column and plain Chinese, never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.data.yaml_source import MAX_BYTES, MAX_DEPTH, MAX_LINE, YamlProblem, nesting_bound, read_yaml
from tests.conftest import DATA, ROOT


@dataclass(frozen=True)
class Case:
    name: str
    content: bytes
    line: int
    column: int
    says: str
    """A piece of the Chinese message."""


def deep_block(levels: int) -> str:
    return "".join(f"{'  ' * level}k{level}:\n" for level in range(levels)) + f"{'  ' * levels}v\n"


CASES = [
    Case("nul", "kind: bases\nname: 广西\x00大学\n".encode(), 2, 9, "U+0000（空字符 NUL）"),
    Case("escape-character", "kind: bases\nname: \x1b[31m红\n".encode(), 2, 7, "U+001B（ESC）"),
    Case("c1-control", "kind: bases\n\nname: 大学\x9f\n".encode(), 3, 9, "U+009F（控制字符）"),
    Case("next-line", "kind: bases\n\nname: 大\x85学\x9f\n".encode(), 3, 8, "不可见的 U+0085（控制字符 NEL"),
    Case("quoted-next-line", 'kind: bases\nname: "大\x85学"\n'.encode(), 2, 9, "不可见的 U+0085（控制字符 NEL"),
    Case("escaped-next-line", b'kind: bases\nname: "a\\Nb"\n', 2, 7, "转义写出了不可见的 U+0085"),
    Case("line-separator", "kind: bases\nname: 甲\u2028乙\n".encode(), 2, 8, "不可见的 U+2028（行分隔符"),
    Case("paragraph-separator", "kind: bases\nname: 甲\u2029乙\n".encode(), 2, 8, "不可见的 U+2029（段分隔符"),
    Case("right-to-left-override", "kind: bases\nname: 甲\u202e乙\n".encode(), 2, 8, "不可见的 U+202E（从右到左覆盖"),
    Case("left-to-right-embedding", "kind: bases\nname: 甲\u202a乙\n".encode(), 2, 8, "不可见的 U+202A（从左到右嵌入"),
    Case("direction-isolate", "kind: bases\nname: 甲\u2066乙\u2069\n".encode(), 2, 8, "不可见的 U+2066（从左到右隔离"),
    Case("pop-isolate", "kind: bases\nname: 甲乙\u2069\n".encode(), 2, 9, "不可见的 U+2069（方向隔离结束"),
    Case("escaped-override", b'kind: bases\nname: "a\\u202Eb"\n', 2, 7, "转义写出了不可见的 U+202E"),
    Case("zero-width-space", "kind: bases\nname: 广西\u200b大学\n".encode(), 2, 9, "不可见的 U+200B（零宽空格）"),
    Case("right-to-left-mark", "kind: bases\nname: 广西\u200f\n".encode(), 2, 9, "不可见的 U+200F（从右到左标记"),
    Case("bom-in-a-comment", "kind: bases # \ufeff\n".encode(), 1, 15, "文件中间有 U+FEFF"),
    Case("tag-character", "kind: bases\nname: 广西\U000e0041\n".encode(), 2, 9, "不可见的 U+E0041（标签字符）"),
    Case("tag-cancel", "kind: bases\nname: 广西\U000e007f\n".encode(), 2, 9, "不可见的 U+E007F（标签字符）"),
    Case("delete", b"kind: bases\nname: a\x7f\n", 2, 8, "U+007F（删除符 DEL）"),
    Case("bom-in-the-middle", "\ufeffkind: bases\nname: 甲\ufeff乙\n".encode(), 2, 8, "文件中间有 U+FEFF"),
    Case("gb18030", "kind: bases\nname: 广西大学\n".encode("gb18030"), 2, 7, "GB18030"),
    Case("invalid-utf8", b"kind: bases\nname: ab\xff\n", 2, 9, "不是 UTF-8"),
    Case("deep-flow", ("a: " + "[" * 5000 + "]" * 5000 + "\n").encode(), 1, 3 + MAX_DEPTH, "嵌套超过 100 层"),
    Case("deep-block", deep_block(5000).encode(), MAX_DEPTH + 1, 2 * MAX_DEPTH + 1, "嵌套超过 100 层"),
    Case("deep-sequences-on-one-line", ("- " * 3000 + "x\n").encode(), 1, 2 * MAX_DEPTH + 1, "嵌套超过 100 层"),
    Case("huge-file", b"# " + b"x" * MAX_BYTES + b"\n", 1, 1, "文件太大"),
    Case("long-line", ("kind: bases\nname: " + "x" * MAX_LINE + "\n").encode(), 2, 1, "这一行有"),
    Case("tab-indentation", b"kind: bases\nentries:\n\t- name: a\n", 3, 1, "制表符（Tab）"),
    Case("unclosed-quote", 'kind: bases\nname: "广西大学\nphone: 1\n'.encode(), 2, 7, "引号直到文件末尾都没有结束"),
    Case("bad-indentation", b"kind: bases\nsource:\n  document: a\n clause: b\n", 4, 2, "缩进不对"),
    Case("mapping-value-here", "kind: bases\nname: 备注: 无\n".encode(), 2, 9, "冒号+空格"),
    Case("missing-colon", b"kind: bases\nname\nyear: 2026\n", 2, 1, "缺少“键: 值”的冒号"),
    Case("unknown-tag", b"kind: bases\nname: !foo a\n", 2, 7, "不支持 YAML 标签 !foo"),
    Case("python-tag", b"kind: !!python/object/apply:os.system ['true']\n", 1, 7, "不支持 YAML 标签"),
    Case("duplicate-anchors", b"kind: bases\na: &x 1\nb: &x 2\n", 2, 4, "锚点和别名"),
    Case("undefined-alias", b"kind: bases\na: *nowhere\n", 2, 4, "锚点和别名"),
    Case("unknown-escape", b'kind: bases\nname: "C:\\data"\n', 2, 11, "反斜杠转义 \\d 无效"),
    Case("escaped-nul", b'kind: bases\nname: "a\\0b"\n', 2, 7, "转义写出了不可见的 U+0000"),
    Case("escaped-surrogate", b'kind: bases\nname: "\\ud800"\n', 2, 7, "U+D800"),
    Case("second-document", b"kind: bases\n---\nkind: faq\n", 2, 1, "只能有一份数据"),
    Case("unclosed-bracket", b"kind: bases\nyears: [2025, 2026\nname: a\n", 3, 5, "方括号列表"),
    Case("unclosed-brace", b"kind: bases\nsource: {document: a\n", 3, 1, "花括号"),
    Case("at-sign", b"kind: bases\nemail: @example\n", 2, 8, "值不能以字符 @ 开头"),
    Case("bad-block-scalar", b"kind: bases\nnote: |0\n  x\n", 2, 8, "多行文字的 | 或 >"),
    Case("bad-directive", b"%YAML 1.1\n%YAML 1.1\n---\nkind: bases\n", 2, 1, "指令"),
    Case("bad-hex-escape", b'kind: bases\nname: "\\xZZ"\n', 2, 10, "十六进制数字"),
    Case("integer-tag-on-text", b"kind: bases\nyear: !!int twenty\n", 2, 7, "不能当作整数"),
    Case("five-thousand-digits", ("kind: bases\nyear: " + "9" * 5000 + "\n").encode(), 2, 7, "不能当作整数"),
    Case("boolean-tag-on-text", b"kind: bases\nactive: !!bool maybe\n", 2, 9, "不能当作布尔值"),
    Case("empty-file", b"", 1, 1, "文件是空的"),
]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def validated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One run of `python -m generator validate` over a data copy holding every hostile file: its error line per file."""
    import shutil

    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DATA, data)
    for case in CASES:
        (data / "hostile").mkdir(exist_ok=True)
        (data / "hostile" / f"{case.name}.yaml").write_bytes(case.content)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--data", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    for line in lines:
        assert CHINESE.search(line), f"a line without Chinese: {line}"
    return {
        case.name: next((line for line in lines if f"/hostile/{case.name}.yaml:" in line), "(no message)")
        for case in CASES
    }


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_file_is_refused_at_its_line_and_column_in_chinese(case: Case, validated: dict[str, str]) -> None:
    message = validated[case.name]
    assert f"/hostile/{case.name}.yaml:{case.line}:{case.column}: 错误：" in message, message
    assert case.says in message, message
    assert len(message) < 400, "a message quotes at most the first few dozen characters of a value"


def test_build_refuses_a_file_with_a_nul_byte_without_a_traceback(data_copy: Path, tmp_path: Path) -> None:
    (data_copy / "faq.yaml").write_bytes((data_copy / "faq.yaml").read_bytes().replace(b"kind:", b"ki\x00nd:", 1))
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--data", str(data_copy), "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "faq.yaml:2:3: 错误：这里有不可见的 U+0000（空字符 NUL）" in result.stderr, result.stderr
    assert not site.exists()


def test_only_plain_numbers_and_true_or_false_are_read_as_such_the_rest_stays_text_as_written(tmp_path: Path) -> None:
    """YAML 1.1 would read 1:30 as 90, 0x5A as 90, 03752 as 2026, yes as true: here they stay text (a text field
    keeps them as written; a number field refuses them, tests/test_validation.py)."""
    path = tmp_path / "numbers.yaml"
    path.write_text(
        "a: 1:30\nb: 9_0\nc: 0x5A\nd: 03752\ne: +90\nf: 4.0\ng: 90.\nh: .inf\ni: yes\nj: off\nk: =\nl: 0771\n"
        "m: 90\nn: -1\no: 61.5\np: true\nq: FALSE\nr: null\ns: ~\nt: '1:30'\n",
        encoding="utf-8",
    )
    document = read_yaml(path)
    as_text = ["1:30", "9_0", "0x5A", "03752", "+90", "4.0", "90.", ".inf", "yes", "off", "=", "0771"]
    as_values = {"m": 90, "n": -1, "o": 61.5, "p": True, "q": False, "r": None, "s": None, "t": "1:30"}
    assert document.data == {**dict(zip("abcdefghijkl", as_text, strict=True)), **as_values}
    assert set(document.readings) == {(key,) for key in "abcdefghijl"}, "k (=) is text in YAML 1.1 too; t is quoted"
    assert document.readings[("a",)] == ("integer", "1:30 会被 YAML 读成 90（六十进制）：整数请直接写 90")
    assert document.readings[("i",)][0] == "boolean"


def read_bytes(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(content)
    try:
        read_yaml(path)
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.column >= 1
        assert CHINESE.search(problem.message), problem.message


YAML_PIECES = st.sampled_from(
    [
        "- ",
        ": ",
        "? ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "!!int ",
        "!x ",
        '"',
        "'",
        "\\",
        "|",
        ">",
        "#",
        "%",
        "@",
        "\n",
        "  ",
        "\t",
        "---\n",
        "...\n",
        "key",
        "值",
        "0x_",
        "\ufeff",
        "\x00",
        "\x85",
        "\u2028",
        "9" * 50,
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300))
def test_random_bytes_are_read_or_refused_with_a_yaml_problem(tmp_path: Path, content: bytes) -> None:
    read_bytes(tmp_path, content)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(YAML_PIECES, max_size=60))
def test_random_yaml_like_text_is_read_or_refused_with_a_yaml_problem(tmp_path: Path, pieces: list[str]) -> None:
    read_bytes(tmp_path, "".join(pieces).encode("utf-8", errors="surrogatepass"))


def depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((depth(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(item) for item in value), default=0)
    return 0


NESTED = st.recursive(
    st.one_of(st.integers(), st.text("ab: -?", max_size=4)),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text("kv", min_size=1), children, max_size=3),
    max_leaves=60,
)


@settings(max_examples=300, deadline=None)
@given(value=NESTED, flow=st.sampled_from([None, False, True]), indent=st.integers(2, 9))
def test_the_nesting_bound_is_never_below_the_real_depth(value: object, flow: bool | None, indent: int) -> None:
    """libyaml (whose composer recurses in C) only reads text whose bound is at most MAX_DEPTH: the bound must hold."""
    text = yaml.safe_dump(value, default_flow_style=flow, indent=indent, allow_unicode=True, width=40)
    assert nesting_bound(text) >= depth(yaml.safe_load(text))
