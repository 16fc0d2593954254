"""The editor guide page: how to publish a year, and every data field, generated from the schema."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

from generator.data.model import WHERE_KINDS_LIVE
from generator.data.schema import SCHEMAS, Schema
from generator.data.schema_messages import schema_errors
from generator.data.yaml_source import read_yaml

HOW_TO = """\
# 编辑指南

本站的全部页面和学时计算器的规则都由 `data/` 中的 YAML 文件生成。编辑人员不需要写程序：复制上一年、修改 YAML、预览、发布。

## 每年发布新的任务计划

1. 收录原文：把新通知的原文文本逐字放进 `sources/`（命名方法见 `sources/README.md`，如 `sources/2027-task-plan_gui-ren-she-han-2027-123.txt`；同一文件有几个文本版本时都放进去）。原文照原样保留，不要改正其中的错漏。
2. 新建年度：在仓库根目录运行 `.venv/bin/python -m generator new-year 2027`。它以最新一年的通知为底稿生成 `data/notices/2027.yaml`，把所有需要按新通知核对的值标成 `TODO：核对后填写（上一份通知：…）`，并列出要填写的字段。带 `TODO` 的值不能发布：检查会逐条指出它们的位置。
3. 逐项填写：原文文本（`document.source_files`，写 `sources/` 中的文件路径，检查会确认文件存在），文号、标题、落款日期，学时规则（总学时、专业科目比例、必修课主题和学时、选修课、考试），每个期限的日期和原文写法，补学补考的年度，结果使用，联系方式，以及通知全文（`clauses`：每个条款一项，编号写成 `一、（三）1` 的形式）。每条规则和期限的 `source` 写它所依据的条款编号；检查会确认该条款存在。
4. 如果新通知附有名录（培训机构、基地），复制上一年的名录文件（如 `data/directories/training-institutions-2026.yaml` → `training-institutions-2027.yaml`），改 `year`、`source`，逐行核对。新出现的单位先在 `data/organisations.yaml` 中登记一次，名录中用它的 `id` 引用。
5. 预览：`make preview`（或 `.venv/bin/python -m generator preview`）在 http://127.0.0.1:8000 提供网站，保存 YAML 后页面和计算器规则自动更新；有错误时终端显示 `文件:行:列` 和修改方法，网站继续显示上一次正确的版本。
6. 发布：`make build`（即 `.venv/bin/python -m generator build`）在数据有错误时拒绝生成；成功时生成 `site/`，并列出与上一次发布相比的变化（年度、规则、单位的增减）。把 `site/` 整个复制到任何静态网站空间即可。

## 添加一个继续教育基地或培训机构

1. 在 `data/organisations.yaml` 中查找该单位（也查 `aliases`）。没有就新增一项：`id` 用小写英文和连字符（发布后不要再改，它是单位页面的网址），`name` 写规范名称，`aliases` 写原文中的其他写法，`city` 写所在设区市（不确定写 `null`）。
2. 在名录文件的 `entries` 中按原文顺序加一行，`organisation` 写单位的 `id`，`name` 照原文，电话必须加引号（如 `"0771-5866234"`）。

## 记录不一致之处

原文之间或原文自身有出入（如同一单位在两份名单中的电话不同、区号与所在城市不符、落款日期与文号年份不符、两个文本版本措辞不同）时，数据照原文保留，在该文件的 `discrepancies` 中加一项：`subject` 写涉及什么，`description` 写具体出入和采用的写法，`sources` 写涉及的原文文本（`sources/` 中的文件路径）或条款编号。检查发现的可疑之处（“提醒”：区号与城市不符、手机号列在办公电话栏、电话和邮箱的标点、落款日期与文号或所引文件不符、所引标题与原标题不同等）必须改正或记录：确属原文如此的，在记录中加 `lints: [提醒种类]`，并在 `subject` 或 `description` 中写明提醒所说的号码、名称或文号；既没改正也没记录的提醒会让数据检查不通过。提醒按种类和这些记录一起显示在 [数据质量](data-quality.md) 页面上。

## 示例

2026 年的必修课学时这样写（`data/notices/2026.yaml`）：

```yaml
{example}```

如果把 `hours: 20` 误写成 `hours: 二十`，检查会这样报告（这里的行号、列号是上面示例中的位置；在真实文件中指向该值在 `data/notices/2026.yaml` 中的位置）：

```text
{example_error}
```
"""


EXAMPLE = """\
rules:
  public_required:
    topics:
      - "《人工智能国家战略与政策通识》"
    hours: 20
    parts: []
    text: "专业技术人员完成全部必修课课程学习并通过考试后，可获得20个学时。"
    source: "一、（一）1"
"""


def example_error() -> str:
    """The validator's real message for the example with `hours: 二十`, so the guide cannot drift."""
    broken = EXAMPLE.replace("hours: 20", "hours: 二十")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "2026.yaml"
        path.write_text(broken, encoding="utf-8")
        document = read_yaml(path)
    rules_schema = SCHEMAS["notice"]["properties"]["rules"]["properties"]["public_required"]
    for where, at_key, message in schema_errors(rules_schema, document.data["rules"]["public_required"]):
        line, column = document.position(("rules", "public_required", *where), key=at_key)
        return f"data/notices/2026.yaml:{line}:{column}: 错误：{message}"
    raise AssertionError("the broken example was accepted")


def field_rows(schema: Schema, prefix: str = "") -> Iterator[tuple[str, str, str, bool]]:
    """(field path, type, description, required) for every field of a schema, depth first."""
    if "anyOf" in schema:
        inner = next(option for option in schema["anyOf"] if option.get("type") != "null")
        yield from field_rows({**inner, "description": schema.get("description", inner.get("description", ""))}, prefix)
        return
    if schema.get("type") == "object":
        required = set(schema.get("required", []))
        for name, field in schema.get("properties", {}).items():
            path = f"{prefix}.{name}" if prefix else name
            yield path, type_name(field), field.get("description", ""), name in required
            yield from field_rows(field, path)
    elif schema.get("type") == "array":
        items = schema["items"]
        if items.get("type") == "object" or "anyOf" in items:
            yield from field_rows(items, f"{prefix}[]")


def type_name(schema: Schema) -> str:
    if "anyOf" in schema:
        inner = next(option for option in schema["anyOf"] if option.get("type") != "null")
        return f"{type_name(inner)} 或 null"
    if "const" in schema:
        return f"固定为 {schema['const']}"
    if "enum" in schema:
        return "以下之一：" + "、".join(str(value) for value in schema["enum"])
    names: dict[Any, str] = {
        "string": "文字",
        "integer": "整数",
        "boolean": "true/false",
        "object": "键值对",
        "array": "列表",
    }
    kind = schema.get("type")
    if kind == "string" and schema.get("format") == "date":
        return "日期（年-月-日）"
    if kind == "array":
        return f"{type_name(schema['items'])}的列表"
    return names.get(kind, str(kind))


def render_editor_guide() -> str:
    """The whole guide as Markdown: the how-to above, then one table of fields per kind of file."""
    parts = [
        HOW_TO.format(example=EXAMPLE, example_error=example_error()),
        "\n## 数据文件与字段\n\n字段说明取自数据模型（`generator/schema.py`），与检查程序使用的完全相同。每个文件都必须有列出的必填字段；不适用时写 `null`（单个值）或 `[]`（列表）。\n",
    ]
    for kind, schema in SCHEMAS.items():
        parts.append(f"\n### {escape(schema['title'])}（kind: {kind}）\n")
        parts.append(
            f"\n{escape(schema['description'])}。文件位置：`{WHERE_KINDS_LIVE[kind]}`；JSON Schema：[/schemas/{kind}.schema.json](../schemas/{kind}.schema.json)。\n\n"
        )
        parts.append(
            '<table class="field-table">\n<thead><tr><th>字段</th><th>类型</th><th>必填</th><th>说明</th></tr></thead>\n<tbody>\n'
        )
        for path, kind_name, description, required in field_rows(schema):
            parts.append(
                f"<tr><td><code>{escape(path)}</code></td><td>{escape(kind_name)}</td><td>{'是' if required else '否'}</td><td>{escape(description)}</td></tr>\n"
            )
        parts.append("</tbody>\n</table>\n")
    return "".join(parts)
