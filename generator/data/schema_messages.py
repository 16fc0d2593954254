"""Turn JSON Schema validation errors into plain-Chinese messages that say what to fix."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any

import fastjsonschema
import jsonschema
from jsonschema.exceptions import ValidationError

from generator.data.schema import Schema

TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "object": "键值对（字段: 值）",
    "array": "列表（每项以 - 开头）",
    "null": "null",
}


_ISO_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _number(value: Any) -> str:
    """A number as a message quotes it: a long one (401 digits) by its first digits and how many there are."""
    text = str(value)
    return text if len(text) <= 20 else f"{text[:12]}……（共 {len(text.lstrip('-'))} 位）"


def describe_value(value: Any) -> str:
    if value is None:
        return "空值（null）"
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, int):
        return f"整数 {_number(value)}"
    if isinstance(value, float):
        return f"小数 {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:30] + "…"
        return f"文字「{shown}」"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "键值对"
    return type(value).__name__


FORMAT_CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER


QUICK_CHECK_FROM = 2000
"""Documents with at least this many values are first checked by the compiled check: compiling a schema
takes about as long as jsonschema needs for that many values."""


Readings = Mapping[tuple[str | int, ...], tuple[str, str]]
"""Where an unquoted value stayed text that YAML 1.1 reads otherwise: its kind and what to write (yaml_1_1_reading)."""
READING_FITS = {"integer": ("integer", "number"), "number": ("number",), "boolean": ("boolean",)}
"""Which expected types a reading of each kind explains: 1:30 (read as 90) where an integer or a number is wanted."""


def schema_errors(
    schema: Schema, data: Any, values: int = 0, readings: Readings | None = None
) -> Iterator[tuple[tuple[str | int, ...], bool, str]]:
    """Yield (path, points_at_key, message) for every way `data` breaks `schema`.

    Valid data, the usual case, is recognised in a large document (`values`: how many it holds) by a
    compiled check (fastjsonschema, many times faster); data it refuses goes to jsonschema, whose
    errors the messages are made from and whose verdict stands. A value of the wrong type that YAML 1.1
    would have read as the right one (`readings`: 1:30 where an integer is wanted) is explained as such.
    """
    if values >= QUICK_CHECK_FROM and quick_check(json.dumps(schema, sort_keys=True))(data):
        return
    validator = jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        yield from _explain(error, readings or {})


def _explain(error: ValidationError, readings: Readings) -> Iterator[tuple[tuple[str | int, ...], bool, str]]:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    description = schema.get("description", "")
    kind = error.validator
    instance: Any = error.instance
    expected: Any = error.validator_value
    if kind == "anyOf":
        # A nullable field: report what is wrong against the non-null branch.
        inner = [e for e in (error.context or []) if e.schema_path and e.schema_path[0] == 0]
        if inner:
            for sub in inner:
                yield from _explain(sub, readings)
            return
        yield path, False, f"值不对：{description}"
        return
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for key in sorted(set(instance) - set(allowed)):
            suggestion = difflib.get_close_matches(key, allowed, n=1)
            hint = f"是不是「{suggestion[0]}」？" if suggestion else ""
            yield (*path, key), True, f"未知字段「{key}」，可能是拼写错误。{hint}这里允许的字段：{'、'.join(allowed)}"
        return
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        field = schema.get("properties", {}).get(missing, {})
        yield path, False, f"缺少字段「{missing}」（{field.get('description', '')}）。不适用时写 null 或 []"
        return
    if kind == "type":
        expected_types = expected if isinstance(expected, list) else [expected]
        reading = readings.get(path)
        if reading is not None and any(fit in expected_types for fit in READING_FITS[reading[0]]):
            yield path, False, f"{reading[1]}。字段说明：{description}"
            return
        expected_names = "或".join(str(TYPE_NAMES.get(t, t)) for t in expected_types)
        message = f"应为{expected_names}，这里是{describe_value(instance)}"
        if isinstance(instance, int) and not isinstance(instance, bool) and "电话" in description:
            message += '。电话号码必须加引号，如 "0771-5866234"（不加引号会被当成数字）'
        elif isinstance(instance, bool):
            message += "。不加引号的 true 和 false 是布尔值：作为文字时请加引号"
        elif expected == "string":
            message += "。请加引号"
        yield path, False, f"{message}。字段说明：{description}"
        return
    if kind == "pattern":
        yield path, False, f"{describe_value(instance)} 格式不对。字段说明：{description}"
        return
    if kind == "format":
        if isinstance(error.schema, dict) and "pattern" in error.schema and not _ISO_SHAPE.fullmatch(str(instance)):
            return  # not even written 年-月-日: the pattern's message says so, once (2026/12/31 was two errors)
        yield path, False, f"日期 {instance} 不存在（请检查月份和日期，写成 年-月-日，如 2026-12-31）"
        return
    if kind in ("enum", "const"):
        options = expected if kind == "enum" else [expected]
        yield (
            path,
            False,
            f"{describe_value(instance)} 不是允许的值，应为：{'、'.join(map(str, options))}。{description}",
        )
        return
    if kind == "minLength":
        yield path, False, f"不能为空。字段说明：{description}"
        return
    if kind == "maxLength":
        yield path, False, f"太长：最多 {expected} 个字，这里有 {len(instance)} 个字"
        return
    if kind == "minItems":
        yield path, False, f"列表至少要有 {expected} 项。字段说明：{description}"
        return
    if kind == "minimum":
        yield path, False, f"应不小于 {expected}，这里是 {_number(instance)}"
        return
    if kind == "maximum":
        yield path, False, f"应不大于 {expected}，这里是 {_number(instance)}"
        return
    yield path, False, f"{error.message}（{description}）"


@cache
def quick_check(schema_text: str) -> Callable[[Any], bool]:
    """The schema compiled to Python by fastjsonschema: True when the data is valid.

    Formats are checked by jsonschema's own format checker, patterns by Python's re as in jsonschema,
    so it never passes what jsonschema refuses (tests/test_schema_quick_check.py, on valid and broken data).
    """
    formats = {name: _format_check(name) for name in FORMAT_CHECKER.checkers}
    validate = fastjsonschema.compile(json.loads(schema_text), formats=formats)

    def check(data: Any) -> bool:
        try:
            validate(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return check


def _format_check(name: str) -> Callable[[Any], bool]:
    return lambda value: FORMAT_CHECKER.conforms(value, name)
