"""The jieba user dictionary for Chinese search: occupations, organisation names and domain terms from the data."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from generator.data.model import Data

DOMAIN_TERMS = (
    "专业科目",
    "公需科目",
    "必修课",
    "选修课",
    "补学补考",
    "学时登记",
    "学时审验",
    "单位审验",
    "继续教育",
    "专业技术人员",
    "专业技术人才",
    "双基地",
    "国家级",
    "自治区级",
    "信息管理系统",
    "知识更新工程",
    "数字技术工程师",
    "培训机构",
    "试点单位",
    "单位管理员",
    "年度考核",
    "继续教育合格证书",
    "合格证书",
    "任务计划",
    "实施方案",
    "待提交",
    "待审核",
    "通过认定",
    "不予认定",
    "人社厅",
)
"""Words of the domain that jieba's own dictionary splits (专业科目 → 专业/科目 would miss 专业科目*).

继续教育基地 is left out on purpose: cut as 继续教育/基地, a search for 基地 still finds the bases page.
"""

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")


def han_runs(text: str) -> list[str]:
    """The runs of Chinese characters in a text: the search plugin segments each run separately."""
    return HAN_RUN.findall(text)


def data_terms(data: Data) -> Iterable[str]:
    """Occupations, organisation names, aliases and printed names, batches, elective areas, the FAQ's keywords.

    A keyword that is one word of the index is searched whole (培训对象, not 培训* 对象*), so its question
    comes up among the first results.
    """
    for organisation in data.organisations.values():
        for name in [organisation["name"], *organisation["aliases"]]:
            yield from han_runs(name)
    for directory in data.directories.values():
        for row in [*directory.get("entries", []), *directory.get("units", [])]:
            yield from han_runs(row["name"])
            if row.get("occupation"):
                yield from han_runs(row["occupation"])
            if row.get("batch"):
                yield row["batch"]
    for notice in data.notices.values():
        yield from notice["rules"]["public_elective"]["areas"]
    for question in data.faq.get("questions", []):
        for keyword in question["keywords"]:
            yield from han_runs(keyword)


def user_dictionary(data: Data) -> str:
    """The dictionary file's text: one word a line, sorted, no duplicates."""
    words = {word for word in [*DOMAIN_TERMS, *data_terms(data)] if HAN_RUN.fullmatch(word)}
    return "".join(f"{word}\n" for word in sorted(words))


def write_user_dictionary(data: Data, folder: Path) -> Path:
    """Write the dictionary into folder, named by its content: builds of other data never read it half-written."""
    text = user_dictionary(data)
    path = folder / f"jieba-user-dict-{hashlib.sha256(text.encode()).hexdigest()[:16]}.txt"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return path
