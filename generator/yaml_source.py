"""Read one YAML file strictly, remembering the line and column of every value.

Stricter than `yaml.safe_load`: duplicate keys, anchors/aliases (billion-laughs) and tags such as
`!!python/object` are refused; dates stay text (the schema checks them), so an editor sees one
clear message instead of a surprise conversion.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]
"""Where a value sits in a document: keys and list indexes from the top."""


class YamlProblem(Exception):
    """A file that is not valid YAML, or uses a feature we refuse; `line`/`column` are 1-based."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class _Loader(yaml.SafeLoader):
    """SafeLoader without the implicit timestamp type (2026-12-31 stays text) and without anchors."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise YamlProblem("不支持锚点和别名（& 和 *）：请把内容直接写出来", mark.line + 1, mark.column + 1)
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


def _where(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class SourceDocument:
    """A parsed YAML document and the position of each of its values and keys."""

    def __init__(
        self,
        path: Path,
        data: Any,
        positions: dict[Path_, tuple[int, int]],
        key_positions: dict[Path_, tuple[int, int]],
    ):
        self.path = path
        self.data = data
        self.positions = positions
        self.key_positions = key_positions

    def position(self, where: Path_, key: bool = False) -> tuple[int, int]:
        """The line and column of the value at `where` (or of its key), else of its nearest parent."""
        table = self.key_positions if key else self.positions
        probe = tuple(where)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))


def read_yaml(path: Path) -> SourceDocument:
    """Parse `path`; raise YamlProblem (with a Chinese message and position) on anything we refuse."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise YamlProblem("文件不是 UTF-8 编码：请用 UTF-8 保存（VS Code 右下角可切换编码）", 1, 1) from error
    fast = _compose_in_c(text)
    if fast is not None:
        loader, node = fast
        return _document(path, node, loader)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem(
            f"YAML 语法错误：{error.problem}（常见原因：缩进不一致、冒号后缺空格、引号没有成对）", line, column
        ) from error
    finally:
        loader.dispose()
    return _document(path, node, loader)


def _document(path: Path, node: yaml.Node | None, loader: Any) -> SourceDocument:
    positions: dict[Path_, tuple[int, int]] = {}
    key_positions: dict[Path_, tuple[int, int]] = {}
    if node is None:
        raise YamlProblem("文件是空的", 1, 1)
    data = _build(node, (), loader, positions, key_positions)
    return SourceDocument(path, data, positions, key_positions)


_CLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """libyaml's parser and composer (C), with _Loader's resolvers (dates stay text)."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


_NOT_FOR_C = "&*!?%`\\\t\x85\u2028\u2029\ufeff"
"""Text with any of these goes the pure-Python way: anchors and aliases (& *), which libyaml would expand
before they could be refused, and the characters around which libyaml and PyYAML's own parser disagree
(tags, complex keys, directives, escapes, tabs, unusual line breaks, BOM: found by comparing the two on
generated text). The large data files (organisations, directories) have none."""
_BLOCK_SCALAR = re.compile(r"(?:^|[:\-?,\[{])[ \t]*[|>]", re.MULTILINE)
"""Where | or > could start a block scalar (the two parsers disagree around those) or sit in a flow collection:
at a line's start or after an indicator. Text with one goes the pure-Python way too; in the middle of text
(“（<https://…>）” in a notice) both are plain characters to both parsers."""


def _compose_in_c(text: str) -> tuple[Any, yaml.Node | None] | None:
    """The document's nodes composed by libyaml: many times faster than the pure-Python parser on large files.

    Only for text in which no anchor or alias can be (no & and no * anywhere: libyaml would expand
    aliases before they could be refused), and only when it parses: anything else, including every
    syntax error, is read again by _Loader, which refuses and words the errors. The nodes then go
    through the same checks (_build): tags, merge keys, duplicate keys, positions.
    """
    if _CLoader is None or any(c in text for c in _NOT_FOR_C) or _BLOCK_SCALAR.search(text):
        return None
    loader = _CLoader(text)
    try:
        return loader, loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _build(node: yaml.Node, where: Path_, loader: Any, positions: dict, key_positions: dict) -> Any:
    positions[where] = _where(node)
    if node.tag not in _PLAIN_TAGS:
        line, column = _where(node)
        raise YamlProblem(f"不支持 YAML 标签 {node.tag}：数据里只能有文字、数字、列表和键值对", line, column)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                line, column = _where(key_node)
                raise YamlProblem("不支持合并键（<<）：请把内容直接写出来", line, column)
            if key_node.tag == _STR and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
            else:
                key = _build(key_node, where, loader, positions, key_positions)
                positions[where] = _where(node)
            if not isinstance(key, str):
                line, column = _where(key_node)
                raise YamlProblem(f"键 {key!r} 应为文字", line, column)
            if key in result:
                line, column = _where(key_node)
                first_line = key_positions[(*where, key)][0]
                raise YamlProblem(f"重复的键「{key}」（第 {first_line} 行已有）：删掉其中一个", line, column)
            key_positions[(*where, key)] = _where(key_node)
            result[key] = _build(value_node, (*where, key), loader, positions, key_positions)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*where, index), loader, positions, key_positions) for index, item in enumerate(node.value)
        ]
    if node.tag == _STR:
        return node.value  # what SafeConstructor makes of a text scalar, without its dispatch
    return loader.construct_object(node, deep=True)
