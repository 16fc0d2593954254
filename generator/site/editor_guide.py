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
2. 导入：在仓库根目录运行 `.venv/bin/python -m generator import-notice sources/2027-task-plan_gui-ren-she-han-2027-123.txt --year 2027`（原文可以是 UTF-8 或 GB18030 的纯文本；.docx 先“另存为”纯文本）。它从原文生成草稿 `data/notices/2027.yaml`：文号、标题、主送单位、正文开头、全部条款（编号和原文逐字）、附件目录、落款；附件中的名录表格生成 `data/directories/training-institutions-2027.yaml`、`bases-2027.yaml`，每行按名称或别名对上 `data/organisations.yaml` 中的单位。终端显示导入报告（也写在 `.build/import-reports/2027.md`）：与上一年相比变了什么（规则、期限、必修课、补学补考、网址、名录增减的单位、改了的电话），新单位和只差一个字、带原名的单位名称（由你决定是否同一单位，导入从不自行合并），以及原文中没有进入草稿的每一行（如截图转换出的文字）。该年度已有通知时拒绝覆盖，确要替换加 `--force`。
3. 确认：导入从原文中找出的学时规则、期限、补学补考、网址、结果使用和联系方式都是“提议”，每条上方有一行注释 `# 提议：……（出处 一、（二）2）`。逐条对照所写出处条款的原文核对，对了就删去这行注释，不对就改正后删去；原文中找不到的值写成 `TODO：……`，按原文填写。检查（`make validate`）会逐条指出还没确认的提议和 TODO 的 `文件:行`，全部处理完才能发布。条款全文不是提议，但请通读一遍；原文中的错漏照原样保留，记在 `discrepancies` 中。
4. 如果名录中有新单位：先在 `data/organisations.yaml` 中登记一次（`id`、规范名称、别名），再把名录行中的 `TODO` 换成它的 `id`。
5. 预览：`make preview`（或 `.venv/bin/python -m generator preview`）在 http://127.0.0.1:8000 提供网站，保存 YAML 后页面和计算器规则自动更新，“数据质量”页面也列出导入报告（只在预览中显示，发布的网站上没有）；有错误时终端显示 `文件:行:列` 和修改方法，网站继续显示上一次正确的版本。
6. 生成：`make build`（即 `.venv/bin/python -m generator build`）在数据有错误（包括未确认的提议）时拒绝生成；成功时生成 `site/` 和计算器的规则，并列出与上一次发布相比的变化。可以用 `.venv/bin/python -m calculator check --year 2027 …` 核对新年度的规则。
7. 发布：把 `site/` 整个复制到静态网站空间。

没有原文文本时，也可以用 `.venv/bin/python -m generator new-year 2027` 以最新一年的通知为底稿，所有值标成 `TODO`，逐项按新通知填写。

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
