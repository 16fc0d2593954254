"""Read one YAML file strictly, remembering the line and column of every value.

Stricter than `yaml.safe_load`: duplicate keys, anchors/aliases (billion-laughs) and tags such as
`!!python/object` are refused; dates stay text (the schema checks them), and so do numbers and
booleans in YAML 1.1's other notations (1:30, 0x5A, 03752, yes: only 90, 61.5, true and false are
read as such, and where the schema wants a number the message says what YAML 1.1 would have read),
so an editor sees one clear message instead of a surprise conversion. Whatever the bytes, reading
ends in a value or in one YamlProblem with a line, a column and a Chinese message: files over
MAX_BYTES, lines over MAX_LINE characters, invalid UTF-8, control and invisible characters (NEL,
line separators, zero-width and direction controls, tag characters), a BOM after the start and
nesting deeper than MAX_DEPTH are refused before parsing goes deep; every PyYAML error is worded in
Chinese.
"""

from __future__ import annotations

import math
import re
import unicodedata
from itertools import accumulate, repeat
from operator import add, sub
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]
"""Where a value sits in a document: keys and list indexes from the top."""

MAX_BYTES = 64 * 1024 * 1024
"""Largest data file read (64 MB): the largest shipped file is about 20 KB, the build benchmark's ×1000 ones about 16 MB."""
MAX_LINE = 1_000_000
"""Longest line read, in characters: no field allows more than a few thousand characters."""
MAX_DEPTH = 100
"""Deepest nesting of lists and key-value pairs: the data nests at most about six levels."""


class YamlProblem(Exception):
    """A file that is not valid YAML, or uses a feature we refuse; `line`/`column` are 1-based."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class _Loader(yaml.SafeLoader):
    """SafeLoader reading only plain numbers and true/false (_PLAIN_FORMS), dates as text, without anchors, at most
    MAX_DEPTH deep."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise YamlProblem("不支持锚点和别名（& 和 *）：请把内容直接写出来", mark.line + 1, mark.column + 1)
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        self.depth += 1  # PyYAML's composer recurses: refuse before Python's recursion limit is near
        if self.depth > MAX_DEPTH:
            raise _too_deep(event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _too_deep(mark: Any) -> YamlProblem:
    return YamlProblem(
        f"列表和键值对嵌套超过 {MAX_DEPTH} 层：数据最多只嵌套几层，请检查这里的缩进或多出的 [ {{",
        mark.line + 1,
        mark.column + 1,
    )


_INT, _FLOAT, _BOOL = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"
_PLAIN_FORMS = {
    _INT: (re.compile(r"^-?(?:0|[1-9][0-9]*)$"), "-0123456789"),
    _FLOAT: (re.compile(r"^-?(?:0|[1-9][0-9]*)\.[0-9]*[1-9][0-9]*$"), "-0123456789"),
    _BOOL: (re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
}
"""The only unquoted forms read as numbers and booleans: 90, -1, 61.5, true, false. YAML 1.1 (PyYAML) also reads
1:30 (sexagesimal), 9_0, 0x5A, 0b1, 03752 (octal), +90, 90., .5, .inf, 4.0 and yes/no/on/off: those stay text
here, so a field that wants a number or a boolean refuses them, explained (yaml_1_1_reading), and a text
field keeps them as written."""
_NOT_IMPLICIT = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value", *_PLAIN_FORMS}
"""Implicit types not taken from SafeLoader: dates stay text (the schema checks them), a lone = is text."""
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _NOT_IMPLICIT]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _tag, (_regexp, _firsts) in _PLAIN_FORMS.items():
    _Loader.add_implicit_resolver(_tag, _regexp, list(_firsts))


def yaml_1_1_reading(text: str) -> tuple[str, str] | None:
    """What YAML 1.1 makes of an unquoted `text` this reader keeps as text: the kind of value (integer, number or
    boolean, as JSON Schema names them) and, in Chinese, what it reads and what to write instead; else None.

    (“integer”, “1:30 会被 YAML 读成 90（六十进制）：整数请直接写 90”): said where a field wants that kind of value.
    """
    resolvers = yaml.SafeLoader.yaml_implicit_resolvers.get(text[:1], [])
    tag = next((tag for tag, regexp in resolvers if regexp.match(text)), None)
    if tag not in _PLAIN_FORMS or _PLAIN_FORMS[tag][0].match(text):
        return None
    shown = _shorten(text)
    try:
        value = yaml.safe_load(text)  # one plain number or boolean: nothing else to parse
    except ValueError:  # more digits than Python converts
        return "integer", f"{shown} 会被 YAML 当成数字，却无法换算：请直接写十进制数字"
    if isinstance(value, bool):
        word = str(value).lower()
        return "boolean", f"{shown} 会被 YAML 读成 {word}（yes/no/on/off 是布尔值的旧写法）：请直接写 {word}"
    if isinstance(value, float) and not math.isfinite(value):
        return "number", f"{shown} 会被 YAML 读成{'无穷大' if math.isinf(value) else '非数 NaN'}：请写出具体的数字"
    how = _notation(text, tag)
    if isinstance(value, int) or value.is_integer():
        return "integer", f"{shown} 会被 YAML 读成 {value}（{how}）：整数请直接写 {int(value)}"
    return "number", f"{shown} 会被 YAML 读成 {value}（{how}）：请直接写 {value}"


def _notation(text: str, tag: str) -> str:
    """The YAML 1.1 way of writing a number that `text` uses, in Chinese: 六十进制, 十六进制, 八进制 …"""
    digits = text.lstrip("+-")
    if ":" in digits:
        return "六十进制"
    if digits.startswith(("0x", "0b")):
        return "十六进制" if digits[1] == "x" else "二进制"
    if tag == _INT and digits[:1] == "0" and len(digits) > 1:
        return "以 0 开头的是八进制"
    if "_" in digits:
        return "数字中的下划线会被忽略"
    if text.startswith("+"):
        return "带加号"
    if "e" in digits.lower():
        return "科学记数法"
    if digits.startswith(".") or digits.endswith("."):
        return "小数点前或后没有数字"
    return "小数"


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
_TYPE_NAMES = {
    "tag:yaml.org,2002:int": "整数",
    "tag:yaml.org,2002:float": "数字",
    "tag:yaml.org,2002:bool": "布尔值（true 或 false）",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:map": "键值对",
    "tag:yaml.org,2002:seq": "列表",
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
        readings: dict[Path_, tuple[str, str]] | None = None,
    ):
        self.path = path
        self.data = data
        self.positions = positions
        self.key_positions = key_positions
        self.readings = {} if readings is None else readings
        """Unquoted values kept as text that YAML 1.1 reads as a number or boolean: what it reads (yaml_1_1_reading)."""

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
    text = _decode(path.read_bytes())
    _refuse_characters(text)
    fast = _compose_in_c(text)
    if fast is not None:
        loader, node = fast
        return _document(path, node, loader)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise explain_yaml_error(error) from error
    except yaml.YAMLError as error:  # a ReaderError: characters are checked first, so only as a safety net
        raise YamlProblem(f"文件无法读取：{_GENERIC}（解析器的原话：{_shorten(str(error))}）", 1, 1) from error
    finally:
        loader.dispose()
    return _document(path, node, loader)


def _decode(data: bytes) -> str:
    """The file's text; YamlProblem for a file over MAX_BYTES or not in UTF-8 (pointing at the first bad byte)."""
    if len(data) > MAX_BYTES:
        raise YamlProblem(
            f"文件太大（{len(data) / 1024 / 1024:.1f} MB），上限 {MAX_BYTES // 1024 // 1024} MB：请拆成几个文件", 1, 1
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        try:
            data.decode("gb18030")
            guess = "看起来是用 GB18030/GBK（简体中文 Windows 的默认编码）保存的"
        except UnicodeDecodeError:
            guess = "这里有不是 UTF-8 的字节"
        raise YamlProblem(
            f"文件不是 UTF-8 编码（{guess}，第一个无效字节是 0x{data[error.start]:02X}）："
            "请用 UTF-8 重新保存（VS Code 右下角可切换编码）",
            line,
            column,
        ) from error


_INVISIBLE = (
    "\x85\u2028\u2029\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufff9-\ufffb\U000e0000-\U000e007f"
)
"""Characters that show nothing yet change the text: NEL and the line and paragraph separators (YAML reads them as
line breaks, or folds them into spaces), the soft hyphen, zero-width spaces and joiners, direction marks and
controls (a right-to-left override turns the text around on screen), invisible operators, interlinear
annotation marks and tag characters."""
_REFUSED_CHARACTER = re.compile(f"{yaml.reader.Reader.NON_PRINTABLE.pattern}|[{_INVISIBLE}\ufeff]")
"""What PyYAML's reader refuses (C0 and C1 control characters except tab and line breaks, U+FFFE, U+FFFF,
lone surrogates), the invisible characters above, and a byte order mark anywhere but at the start."""
_CHARACTER_NAMES = {
    "\x00": "空字符 NUL",
    "\x08": "退格符",
    "\x0b": "垂直制表符",
    "\x0c": "换页符",
    "\x1b": "ESC",
    "\x7f": "删除符 DEL",
    "\x85": "控制字符 NEL，YAML 会把它读成换行或空格",
    "\u2028": "行分隔符，YAML 会把它读成换行",
    "\u2029": "段分隔符，YAML 会把它读成换行",
    "\u00ad": "软连字符",
    "\u061c": "阿拉伯字母标记，方向控制",
    "\u180e": "蒙古文元音分隔符",
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u200e": "从左到右标记，方向控制",
    "\u200f": "从右到左标记，方向控制",
    "\u202a": "从左到右嵌入，方向控制",
    "\u202b": "从右到左嵌入，方向控制",
    "\u202c": "方向嵌入结束，方向控制",
    "\u202d": "从左到右覆盖，方向控制",
    "\u202e": "从右到左覆盖，方向控制",
    "\u2060": "零宽不换行",
    "\u2066": "从左到右隔离，方向控制",
    "\u2067": "从右到左隔离，方向控制",
    "\u2068": "按首字符定方向的隔离，方向控制",
    "\u2069": "方向隔离结束，方向控制",
    "\ufeff": "字节顺序标记 BOM",
}


def _character(char: str) -> str:
    """'U+0000（空字符 NUL）': a character named so that an editor can find it."""
    code = ord(char)
    name = _CHARACTER_NAMES.get(char)
    if name is None:
        if code < 0x20 or 0x7F <= code < 0xA0:
            name = "控制字符"
        elif 0xD800 <= code < 0xE000:
            name = "无效字符：UTF-16 代理"
        elif 0xE0000 <= code <= 0xE007F:
            name = "标签字符"
        elif unicodedata.category(char) == "Cf":
            name = "格式字符"
        else:
            name = unicodedata.name(char, "非字符")
    return f"U+{code:04X}（{name}）"


def _position(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _refuse_characters(text: str) -> None:
    """YamlProblem at the first control character or inner BOM, or when a line is longer than MAX_LINE."""
    found = _REFUSED_CHARACTER.search(text, 1 if text.startswith("\ufeff") else 0)
    if found:
        char = found.group()
        if char == "\ufeff":
            message = f"文件中间有 {_character(char)}：删掉它（常见于把两个文件拼在一起）"
        else:
            message = f"这里有不可见的 {_character(char)}：删掉它（常见于从其他程序复制粘贴的文字）"
        raise YamlProblem(message, *_position(text, found.start()))
    if len(text) > MAX_LINE:
        start = 0
        for line in text.split("\n"):
            if len(line) > MAX_LINE:
                line_number, _ = _position(text, start)
                raise YamlProblem(
                    f"这一行有 {len(line)} 个字符，上限 {MAX_LINE}：一个值不会这么长，请检查是否少了换行",
                    line_number,
                    1,
                )
            start += len(line) + 1


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


_GENERIC = "这里写得不符合 YAML 格式（常见原因：缩进不一致、冒号后缺空格、引号没有成对）"
_QUOTE = "值以 {char} 开头时请给整个值加引号"
_NO_DIRECTIVES = "数据文件不需要指令，删掉这一行"
_NO_TAGS = "YAML 标签（! 开头）写得不对：数据里不用标签；" + _QUOTE.replace("{char}", "!")
_CONTEXTS = {
    "while scanning a directive": "以 % 开头的指令写得不对："
    + _NO_DIRECTIVES
    + "（"
    + _QUOTE.replace("{char}", "%")
    + "）",
    "while scanning an anchor": "锚点（&）写得不对：数据里不支持锚点和别名；" + _QUOTE.replace("{char}", "&"),
    "while scanning an alias": "别名（*）写得不对：数据里不支持锚点和别名；" + _QUOTE.replace("{char}", "*"),
    "while scanning a tag": _NO_TAGS,
    "while parsing a tag": _NO_TAGS,
    "while scanning a block scalar": "多行文字的 | 或 > 后面写得不对：| 或 > 后只能跟 -、+ 或 1–9 的数字，然后换行；"
    + _QUOTE.replace("{char}", "| 或 >"),
}
"""PyYAML errors recognised by the start of their `context` (tried first), said in Chinese."""
_PROBLEMS = {
    "found character '\\t' that cannot start any token": "这里有制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格",
    "found character": '值不能以字符 {found} 开头：请给整个值加上引号，如 "{found}…"',
    "could not find expected ':'": "这一行缺少“键: 值”的冒号（或冒号后缺空格）；一个值写成多行时，请给它加上引号",
    "sequence entries are not allowed here": "这里不能开始列表项（-）：请检查缩进，同一列表的各项要对齐",
    "mapping keys are not allowed here": "这里不能出现问号开头的键（?）：" + _QUOTE.replace("{char}", "?"),
    "mapping values are not allowed here": "这里不能有“冒号+空格”：值中含“: ”时请给整个值加引号；若是新的字段，请换行并对齐缩进",
    "found duplicate YAML directive": "%YAML 指令重复：" + _NO_DIRECTIVES,
    "found incompatible YAML document": "%YAML 指令的版本不对：" + _NO_DIRECTIVES,
    "duplicate tag handle": "%TAG 指令重复：" + _NO_DIRECTIVES,
    "found undefined tag handle": _NO_TAGS,
    "found undefined alias": "不支持锚点和别名（& 和 *）：请把内容直接写出来；" + _QUOTE.replace("{char}", "*"),
    "found duplicate anchor": "不支持锚点和别名（& 和 *）：请把内容直接写出来；" + _QUOTE.replace("{char}", "&"),
    "expected escape sequence of": "双引号里的 \\x、\\u 或 \\U 后面要跟十六进制数字：要写反斜杠本身请写成 \\\\，或改用单引号",
    "found unknown escape character": "双引号里的反斜杠转义 \\{found} 无效：要写反斜杠本身请写成 \\\\，或改用单引号",
    "found unexpected end of stream": "这里开始的引号直到文件末尾都没有结束：请补上配对的引号",
    "found unexpected document separator": "这里开始的引号没有结束，后面遇到了文件分隔线（--- 或 ...）：请补上配对的引号",
    "expected a comment or a line break": "这里应该换行（或以 # 开始注释），后面却还有内容：请检查引号和缩进",
    "expected '<document start>'": "文件里只能有一份数据，这里却多出了内容：请检查缩进，或删掉多余的部分",
    "but found another document": "文件里只能有一份数据，这里的 --- 开始了第二份：删掉 --- 及多出的内容",
    "expected the node content": "这里缺少值：请检查是否多了逗号、冒号或 -",
    "expected <block end>": "缩进不对：这一行与上面同一层的字段没有对齐（同一层要对齐，下一层多缩进两个空格）；也可能是上一行的引号没有成对",
    "expected ',' or ']'": "方括号列表 [ … ] 没有正确结束（从第 {context_line} 行开始）：各项用英文逗号分隔，最后写 ]",
    "expected ',' or '}'": "花括号 { … } 没有正确结束（从第 {context_line} 行开始）：各项用英文逗号分隔，最后写 }",
}
"""PyYAML errors (scanner, parser, composer) recognised by the start of their `problem`, said in Chinese."""
_AT_CONTEXT = ("could not find expected ':'", "found unexpected end of stream", "found unexpected document separator")
"""Errors whose place to fix is where PyYAML began (the key without a colon, the opening quote), not where it gave up."""
_FOUND = re.compile(r"'((?:[^'\\]|\\.)+)'|\"((?:[^\"\\]|\\.)+)\"")


def explain_yaml_error(error: yaml.MarkedYAMLError) -> YamlProblem:
    """A PyYAML error as a YamlProblem: a Chinese explanation at the place to fix; unknown ones said generically."""
    problem = error.problem or ""
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    explanation = next((text for start, text in _CONTEXTS.items() if context.startswith(start)), None)
    if explanation is None:
        start = next((start for start in _PROBLEMS if problem.startswith(start)), None)
        if start is not None:
            explanation = _PROBLEMS[start]
            if start in _AT_CONTEXT and error.context_mark is not None:
                mark = error.context_mark
    if explanation is None:
        message = f"{_GENERIC}（解析器的原话：{_shorten(problem or context or str(error), 60)}）"
    else:
        found = _FOUND.search(problem)
        shown = found.group(1) or found.group(2) if found else ""
        context_line = str(error.context_mark.line + 1) if error.context_mark else "?"
        message = explanation.replace("{found}", _shorten(shown)).replace("{context_line}", context_line)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return YamlProblem(f"YAML 语法错误：{message}", line, column)


def _document(path: Path, node: yaml.Node | None, loader: Any) -> SourceDocument:
    if node is None:
        raise YamlProblem("文件是空的", 1, 1)
    document = SourceDocument(path, None, {}, {})
    document.data = _build(node, (), loader, document)
    return document


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
    if nesting_bound(text) > MAX_DEPTH:
        return None  # libyaml's composer recurses in C without a limit: deep text goes where depth is counted
    loader = _CLoader(text)
    try:
        return loader, loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


_FLOW_BRACKET = re.compile(r"[\[\]{}]")


def nesting_bound(text: str) -> int:
    """At least as much as the deepest nesting of collections in the text, found without parsing it.

    Block collections still open at a line start at or left of its indentation, at most two per column
    (a mapping and a sequence indented no further than its key); on one line, a new one starts only after
    “- ”, “: ” or “? ”; each flow bracket still open adds at most two (a sequence and a one-pair mapping).
    """
    lines = text.split("\n")  # map() over C functions: about ten times faster than a loop on a 10 MB file
    indent = max(map(sub, map(len, lines), map(len, map(str.lstrip, lines, repeat(" ")))))
    counts = [map(str.count, lines, repeat(indicator)) for indicator in ("- ", ": ", "? ")]
    indicators = max(map(add, map(add, *counts[:2]), counts[2])) + 1
    opened = [1 if bracket in "[{" else -1 for bracket in _FLOW_BRACKET.findall(text)]
    flow = max(accumulate(opened, lambda depth, step: max(depth + step, 0), initial=0))
    return 2 * (indent + 1) + indicators + 2 * flow


def _build(node: yaml.Node, where: Path_, loader: Any, document: SourceDocument) -> Any:
    """The value of `node`, its position and those of all values below it recorded in `document`."""
    positions, key_positions = document.positions, document.key_positions
    positions[where] = _where(node)
    if node.tag not in _PLAIN_TAGS:
        line, column = _where(node)
        raise YamlProblem(f"不支持 YAML 标签 {_shorten(node.tag)}：数据里只能有文字、数字、列表和键值对", line, column)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                line, column = _where(key_node)
                raise YamlProblem("不支持合并键（<<）：请把内容直接写出来", line, column)
            if key_node.tag == _STR and isinstance(key_node, yaml.ScalarNode):
                key = _text(key_node)
            else:
                key = _build(key_node, where, loader, document)
                positions[where] = _where(node)
            if not isinstance(key, str):
                line, column = _where(key_node)
                raise YamlProblem(f"键 {_shorten(repr(key))} 应为文字", line, column)
            if key in result:
                line, column = _where(key_node)
                first_line = key_positions[(*where, key)][0]
                raise YamlProblem(f"重复的键「{_shorten(key)}」（第 {first_line} 行已有）：删掉其中一个", line, column)
            key_positions[(*where, key)] = _where(key_node)
            result[key] = _build(value_node, (*where, key), loader, document)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*where, index), loader, document) for index, item in enumerate(node.value)]
    if node.tag == _STR:
        if not getattr(node, "style", None):  # plain (unquoted): None from PyYAML's parser, "" from libyaml's
            reading = yaml_1_1_reading(node.value)
            if reading is not None:
                document.readings[where] = reading
        return _text(node)  # what SafeConstructor makes of a text scalar, without its dispatch
    try:
        return loader.construct_object(node, deep=True)
    except (
        ValueError,
        LookupError,
        yaml.YAMLError,
    ) as error:  # !!int with no value, !!int abc, 0b_, 5,000 digits, !!bool maybe, !!map x
        line, column = _where(node)
        shown = _shorten(node.value) if isinstance(node.value, str) else ""
        raise YamlProblem(
            f"「{shown}」不能当作{_TYPE_NAMES[node.tag]}：作为文字时请加引号，作为数字时请只写阿拉伯数字",
            line,
            column,
        ) from error


def _text(node: yaml.Node) -> str:
    """A text scalar's value; a double-quoted one may not hide a control character behind an escape (\\0, \\x1b)."""
    value: str = node.value
    if getattr(node, "style", None) == '"':
        found = _REFUSED_CHARACTER.search(value)
        if found:
            line, column = _where(node)
            raise YamlProblem(
                f"双引号里的转义写出了不可见的 {_character(found.group())}：删掉这个反斜杠转义", line, column
            )
    return value
