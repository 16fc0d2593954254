"""The one model of every data file: JSON Schemas with Chinese field descriptions.

The validator checks `data/` against these schemas, `python -m generator schemas` writes them to
`generator/schemas/` for editors' VS Code, and the editor guide lists their fields, so the three
can never disagree.
"""

from __future__ import annotations

from typing import Any

from generator.data.lint_kinds import LINT_KINDS

Schema = dict[str, Any]

CLAUSE_PATTERN = (
    r"^(附件[0-9]+ )?"
    r"[一二三四五六七八九十]+(、（[一二三四五六七八九十]+）([0-9]+)?)?$"
)
ISO_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PHONE_PATTERN = r"^(0[0-9]{2,3}[-—][0-9]{6,8}|1[3-9][0-9]{9})$"
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DOCUMENT_NUMBER_PATTERN = r"^桂人社[a-z\u4e00-\u9fff]+〔[0-9]{4}〕[0-9]+号$"
SOURCE_FILE_PATTERN = r"^sources/[0-9a-z][0-9a-z._-]*\.txt$"
"""A source text: a file of sources/ in the repository (generator/data/source_texts.py checks it exists)."""


def text(description: str, max_length: int = 4000, **extra: Any) -> Schema:
    """A non-empty string of at most `max_length` characters."""
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": max_length,
        "description": description,
        **extra,
    }


def integer(description: str, minimum: int = 0, maximum: int | None = None) -> Schema:
    schema: Schema = {"type": "integer", "minimum": minimum, "description": description}
    if maximum is not None:
        schema["maximum"] = maximum
    return schema


def iso_date(description: str) -> Schema:
    return text(description, 10, pattern=ISO_DATE_PATTERN, format="date")


def clause(description: str = "出处：本文件中条款的编号，如 一、（三）1；附件中的条款写作 附件2 一、（一）") -> Schema:
    return text(description, 40, pattern=CLAUSE_PATTERN)


def obj(description: str, properties: dict[str, Schema], required: list[str]) -> Schema:
    """An object that refuses keys it does not know (typos) and lists the keys it needs."""
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def array(description: str, items: Schema, min_items: int = 0) -> Schema:
    return {"type": "array", "description": description, "items": items, "minItems": min_items}


def nullable(schema: Schema) -> Schema:
    """The same field, where `null` says the source does not state it."""
    return {"anyOf": [schema, {"type": "null"}], "description": schema["description"]}


def document_file(
    kind: str, title: str, description: str, properties: dict[str, Schema], required: list[str]
) -> Schema:
    schema = obj(
        description,
        {"kind": {"const": kind, "description": f"文件类型，固定为 {kind}"}, **properties},
        ["kind", *required],
    )
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{kind}.schema.json"
    schema["title"] = title
    return schema


SOURCE_FILE = text(
    "原文文本：仓库 sources/ 文件夹中的文件路径，如 sources/2026-task-plan_gui-ren-she-han-2026-196.txt（文件名只用小写字母、数字、-、_ 和 .）",
    200,
    pattern=SOURCE_FILE_PATTERN,
)

DOCUMENT = obj(
    "文件的基本信息，照源文件原样抄录",
    {
        "number": nullable(
            text("文号，如 桂人社函〔2026〕196号；源文件未印文号的写 null", 40, pattern=DOCUMENT_NUMBER_PATTERN)
        ),
        "title": text("文件标题，照原文", 300),
        "issuers": array("发文机关，照原文，按原文顺序", text("发文机关名称", 100), 1),
        "date_printed": text("落款日期，照原文，如 2025年5月18日", 40),
        "date": iso_date("落款日期，写成 年-月-日，如 2025-05-18"),
        "date_kind": {"enum": ["签发", "印发"], "description": "落款日期是签发日期还是印发日期"},
        "publication": nullable(text("公开方式，照原文，如 （此件公开发布）", 40)),
        "source_files": array(
            "原文文本（仓库 sources/ 中的文件，见 sources/README.md）；同一文件有几个文本版本时都列出，第一个为正文依据。"
            "文件必须存在；网站上这份文件页面的“原文”链接指向这些文本",
            SOURCE_FILE,
            1,
        ),
        "addressees": nullable(text("主送单位，照原文", 400)),
        "preamble": array("正文开头（条款编号之前）的段落，照原文", text("一段原文")),
        "annex_list": array("文末附件目录，照原文，每项一行", text("附件名称", 200)),
    },
    [
        "number",
        "title",
        "issuers",
        "date_printed",
        "date",
        "date_kind",
        "publication",
        "source_files",
        "addressees",
        "preamble",
        "annex_list",
    ],
)

CLAUSE = obj(
    "正文的一个条款：编号、标题和段落，照原文抄录",
    {
        "id": clause("条款编号，如 一、一、（一）、一、（一）1、附件1 二、（三）；每个文件内不重复"),
        "heading": nullable(text("条款标题（编号之后、句号之前的文字），如 学习内容及学时要求；没有标题写 null", 200)),
        "paragraphs": array("条款正文的段落，照原文；换页造成的断行要接上", text("一段原文", 4000)),
        "figure_text": array(
            "可省略：条款的截图中印着、有规定意义的文字（如学时认定的标准），照原文转录；界面按钮、表头等不收",
            text("截图中的一段文字", 1000),
        ),
    },
    ["id", "heading", "paragraphs"],
)

CLAUSES = array("正文全部条款，按原文顺序", CLAUSE, 1)

DISCREPANCY = obj(
    "源文件之间或源文件自身不一致之处：照原文保留，在这里记录",
    {
        "subject": text("涉及什么，如 落款日期、一、（三）1 的措辞、某单位的电话", 200),
        "description": text("不一致的具体内容和我们采用的写法", 1000),
        "sources": array(
            "涉及的原文文本或条款",
            text(
                "原文文本的路径（如 sources/2026-task-plan_gui-ren-she-han-2026-196.txt，文件必须存在）或条款编号", 200
            ),
            1,
        ),
        "lints": array(
            "可省略：这条记录说明了哪些检查提醒（数据检查发现、确属原文如此的）；subject 或 description 中须写明提醒所说的号码、名称或文号",
            {
                "enum": list(LINT_KINDS),
                "description": "提醒的种类：" + "；".join(f"{k} {v}" for k, v in LINT_KINDS.items()),
            },
        ),
    },
    ["subject", "description", "sources"],
)

DISCREPANCIES = array("已发现的不一致之处", DISCREPANCY)

SOURCED_TEXT = obj(
    "一句有出处的原文",
    {"text": text("原文，照抄", 1000), "source": clause()},
    ["text", "source"],
)

HOURS_PART = obj(
    "必修课学时的组成部分（如 2023 年 课程学习 10 学时 + 课程考试 5 学时）",
    {"name": text("部分名称，照原文，如 课程学习", 40), "hours": integer("该部分的学时", 1, 1000)},
    ["name", "hours"],
)

RULES = obj(
    "该年度的学时要求，每条都有出处",
    {
        "total_hours": obj(
            "每年总学时下限",
            {
                "minimum": integer("每年累计不少于的学时数，如 90", 1, 1000),
                "text": text("原文，如 每年累计不少于90学时", 200),
                "source": clause(),
            },
            ["minimum", "text", "source"],
        ),
        "professional_share": obj(
            "专业科目占总学时的最低比例（精确分数）",
            {
                "numerator": integer("分子，如 三分之二 的 2", 1, 100),
                "denominator": integer("分母，如 三分之二 的 3", 1, 100),
                "text": text("原文，如 专业科目一般不少于总学时的三分之二", 200),
                "source": clause(),
            },
            ["numerator", "denominator", "text", "source"],
        ),
        "public_required": obj(
            "公需科目必修课",
            {
                "topics": array("学习主题，照原文（含书名号）", text("主题", 200), 1),
                "hours": integer("完成必修课并通过考试可获得的学时", 1, 1000),
                "parts": array("学时的组成（原文分列时填写，各部分之和须等于 hours）", HOURS_PART),
                "text": text("原文中规定学时的句子", 400),
                "source": clause(),
            },
            ["topics", "hours", "parts", "text", "source"],
        ),
        "public_elective": obj(
            "公需科目选修课",
            {
                "hours": nullable(integer("完成全部选修课可获得的学时；原文未写写 null", 1, 1000)),
                "areas": array("可自主选择的领域，照原文", text("领域", 60)),
                "text": text("原文", 400),
                "source": clause(),
            },
            ["hours", "areas", "text", "source"],
        ),
        "exam": obj(
            "必修课考试",
            {
                "attempts": integer("常规考试次数", 1, 20),
                "pass_mark": nullable(integer("合格分数线（含）；原文未写写 null", 1, 100)),
                "pass_mark_source": nullable(clause("合格分数线的出处条款")),
                "text": text("原文中关于考试次数和补考的句子", 400),
                "source": clause(),
            },
            ["attempts", "pass_mark", "pass_mark_source", "text", "source"],
        ),
        "public_total": nullable(
            obj(
                "完成全部公需科目（必修课和选修课）学习考试可获得的学时；原文未写合计的写 null",
                {
                    "hours": integer("合计学时，如 30（须等于必修课与选修课学时之和）", 1, 1000),
                    "text": text("原文，如 完成全部公需科目学习考试任务的，可获得30个学时。", 400),
                    "source": clause(),
                },
                ["hours", "text", "source"],
            )
        ),
        "carry_over": nullable(
            obj(
                "学时能否结转、跨年登记",
                {
                    "allowed": {"type": "boolean", "description": "是否允许结转或跨年登记"},
                    "text": text("原文", 400),
                    "source": clause(),
                },
                ["allowed", "text", "source"],
            )
        ),
    },
    ["total_hours", "professional_share", "public_required", "public_elective", "public_total", "exam", "carry_over"],
)

DEADLINE = obj(
    "一个期限：做什么、谁来做、截止日期、出处",
    {
        "id": text(
            "期限的标识（小写英文和连字符，本文件内不重复）。计算器使用 public-required、professional-registration、employer-review",
            60,
            pattern=ID_PATTERN,
        ),
        "description": text("要完成的事项，照原文", 400),
        "who": text("责任主体，如 专业技术人员、所在单位、各市人力资源社会保障局", 100),
        "audience": {
            "enum": ["person", "employer", "city-bureau", "training-institution", "base", "pilot-unit"],
            "description": "面向谁：person 专业技术人员，employer 用人单位，city-bureau 各市人社局，training-institution 培训机构，base 继续教育基地，pilot-unit 试点单位",
        },
        "date": iso_date("截止日期（含当天），写成 年-月-日"),
        "printed": text("原文中的日期写法，如 2027年3月31日前、6月30日前", 60),
        "source": clause(),
    },
    ["id", "description", "who", "audience", "date", "printed", "source"],
)

MAKEUP = obj(
    "补学补考：当年可以补学补考往年的公需科目",
    {
        "from_year": integer("可补的最早年度", 2000, 2100),
        "to_year": integer("可补的最晚年度", 2000, 2100),
        "counts_for": {"enum": ["own-year"], "description": "补学补考的学时计入哪一年：own-year 计入相应（原）年度"},
        "text": text("原文", 400),
        "source": clause(),
    },
    ["from_year", "to_year", "counts_for", "text", "source"],
)

CONSEQUENCE = obj(
    "未完成（或完成）继续教育的后果，照原文",
    {
        "id": text(
            "标识：annual-review 年度考核、professional-title 职称、certificate-public 公需科目证书、certificate-complete 继续教育合格证书、registration-quality 学时登记质量、registration-truth 如实登记等",
            60,
            pattern=ID_PATTERN,
        ),
        "text": text("原文", 1000),
        "source": clause(),
    },
    ["id", "text", "source"],
)

CONTACT = obj(
    "联系方式，照原文",
    {
        "name": text("部门或服务名称，如 专业技术人员管理处", 100),
        "person": nullable(text("联系人", 20)),
        "phones": array('电话，必须加引号，如 "0771-5866234"', text("电话", 20, pattern=PHONE_PATTERN)),
        "email": nullable(text("电子邮箱", 100, pattern=r"^[^@\s]+@[^@\s]+$")),
        "hours": nullable(text("服务时间，照原文", 100)),
        "source": clause("部门名称（和联系人）的出处条款"),
        "phones_source": nullable(clause("电话的出处条款；没有电话写 null")),
        "email_source": nullable(clause("电子邮箱的出处条款；没有邮箱写 null")),
        "hours_source": nullable(clause("服务时间的出处条款；没有写 null")),
    },
    ["name", "person", "phones", "email", "hours", "source", "phones_source", "email_source", "hours_source"],
)

ANNEX = obj(
    "附件",
    {
        "number": integer("附件序号", 1, 50),
        "title": text("附件标题，照原文", 200),
        "content": {
            "enum": ["clauses", "directory", "not-in-sources"],
            "description": "附件内容在哪里：clauses 在本文件的条款里（编号以 附件N 开头）；directory 在 data/directories/ 的名录文件里；not-in-sources 源文件没有附件正文",
        },
        "directory": nullable(
            text(
                "content 为 directory 时，名录文件名（不含 .yaml），如 training-institutions-2026",
                80,
                pattern=ID_PATTERN,
            )
        ),
    },
    ["number", "title", "content", "directory"],
)

NOTICE = document_file(
    "notice",
    "年度通知",
    "一个年度的继续教育通知或任务计划：文件信息、学时规则、期限、补学补考、后果、联系方式和全文",
    {
        "year": integer("通知适用的年度", 2000, 2100),
        "document": DOCUMENT,
        "system_url": obj(
            "信息管理系统网址",
            {"url": text("网址，照原文", 200, pattern=r"^https://[^\s<>\"']+$"), "source": clause()},
            ["url", "source"],
        ),
        "rules": RULES,
        "deadlines": array("该年度所有期限", DEADLINE, 1),
        "makeup": nullable(MAKEUP),
        "consequences": array("结果使用：未完成的后果、证书", CONSEQUENCE),
        "contacts": array("联系方式", CONTACT),
        "annexes": array("附件", ANNEX),
        "clauses": CLAUSES,
        "discrepancies": DISCREPANCIES,
    },
    [
        "year",
        "document",
        "system_url",
        "rules",
        "deadlines",
        "makeup",
        "consequences",
        "contacts",
        "annexes",
        "clauses",
        "discrepancies",
    ],
)

TARGET = obj(
    "一项量化目标",
    {
        "description": text("目标，照原文", 400),
        "quantity": integer("数量", 0, 100000000),
        "unit": text("单位，如 期、名、人", 10),
        "qualifier": {
            "enum": ["左右", "不少于", "每年"],
            "description": "数量的限定：左右、不少于、每年（仅表示按年）",
        },
        "source": clause(),
    },
    ["description", "quantity", "unit", "qualifier", "source"],
)

PROGRAMME = obj(
    "实施方案中的一个重点项目",
    {
        "id": text("项目标识（小写英文和连字符）", 60, pattern=ID_PATTERN),
        "name": text("项目名称，照原文", 100),
        "summary": text("项目要点（摘自原文）", 1000),
        "targets": array("量化目标", TARGET),
        "source": clause(),
    },
    ["id", "name", "summary", "targets", "source"],
)

PLAN = document_file(
    "plan",
    "实施方案",
    "知识更新工程实施方案（如 桂人社发〔2022〕15号）：文件信息、重点项目和量化目标、全文",
    {
        "document": DOCUMENT,
        "programmes": array("重点项目", PROGRAMME, 1),
        "deadlines": array("每年重复的期限（日期写最近一次）", DEADLINE),
        "clauses": CLAUSES,
        "discrepancies": DISCREPANCIES,
    },
    ["document", "programmes", "deadlines", "clauses", "discrepancies"],
)

ORGANISATION = obj(
    "一个单位，只登记一次；名录中的各个角色用 id 引用它",
    {
        "id": text(
            "单位标识（小写英文和连字符），用于网址，如 guilin-university-of-electronic-technology；发布后不要改",
            80,
            pattern=ID_PATTERN,
        ),
        "name": text("单位的规范名称（以最新名录的写法为准）", 100),
        "aliases": array("源文件中出现过的其他名称，如 广西师范学院、广西汽车集团", text("名称", 100)),
        "city": nullable(
            {
                "enum": [
                    "南宁市",
                    "柳州市",
                    "桂林市",
                    "梧州市",
                    "北海市",
                    "防城港市",
                    "钦州市",
                    "贵港市",
                    "玉林市",
                    "百色市",
                    "贺州市",
                    "河池市",
                    "来宾市",
                    "崇左市",
                ],
                "description": "所在设区市（编辑补充，源文件未列出；不确定写 null）",
            }
        ),
        "notes": array("说明", text("一条说明", 1000)),
    },
    ["id", "name", "aliases", "city", "notes"],
)

ORGANISATIONS = document_file(
    "organisations",
    "单位",
    "所有在名录中出现的单位，每个单位一条",
    {"organisations": array("单位列表", ORGANISATION, 1)},
    ["organisations"],
)

DIRECTORY_SOURCE = obj(
    "名录的出处",
    {
        "document": text(
            "所在文件的文号（须与 data/notices/ 中某个通知的文号一致）", 40, pattern=DOCUMENT_NUMBER_PATTERN
        ),
        "annex": nullable(integer("附件序号", 1, 50)),
        "clause": nullable(clause("名录在正文中时的条款编号")),
        "title": text("名录标题，照原文", 200),
    },
    ["document", "annex", "clause", "title"],
)

ORGANISATION_REFERENCE = text("单位标识，须是 data/organisations.yaml 中的某个 id", 80, pattern=ID_PATTERN)
PRINTED_NAME = text("名录中印的单位名称，照原文（可与规范名称不同）", 100)
PHONE = text('联系电话，照原文，必须加引号，如 "0771-3237366"', 20, pattern=PHONE_PATTERN)
BATCH = text("批次，照原文，如 第一批", 10, pattern=r"^第[一二三四五六七八九十]+批$")

BASE_ENTRY = obj(
    "名录中的一行基地",
    {
        "level": {"enum": ["national", "regional"], "description": "national 国家级；regional 自治区级"},
        "seq": integer("序号，照原文", 1, 1000),
        "organisation": ORGANISATION_REFERENCE,
        "name": PRINTED_NAME,
        "phone": PHONE,
        "batch": nullable(BATCH),
        "dual": {"type": "boolean", "description": "备注为（双基地）：同时为国家级和自治区级基地"},
        "remark": nullable(text("备注栏，照原文", 40)),
    },
    ["level", "seq", "organisation", "name", "phone", "batch", "dual", "remark"],
)

BASES = document_file(
    "bases",
    "继续教育基地名录",
    "全区国家级和自治区级专业技术人员继续教育基地名单",
    {
        "source": DIRECTORY_SOURCE,
        "footnote": nullable(text("名单下方的备注，照原文", 400)),
        "entries": array("名单各行，按原文顺序", BASE_ENTRY, 1),
        "discrepancies": DISCREPANCIES,
    },
    ["source", "footnote", "entries", "discrepancies"],
)

TRAINING_ENTRY = obj(
    "名录中的一行：某职业的一家培训机构",
    {
        "occupation": text("培训职业，规范写法（去掉排版造成的空格），如 大数据工程技术人员", 40),
        "occupation_printed": nullable(
            text("原文中的写法与 occupation 不同时填写（如表格折行成 大数据工程 技术人员）", 40)
        ),
        "organisation": ORGANISATION_REFERENCE,
        "name": PRINTED_NAME,
        "phone": nullable(PHONE),
        "batch": BATCH,
    },
    ["occupation", "occupation_printed", "organisation", "name", "phone", "batch"],
)

TRAINING_INSTITUTIONS = document_file(
    "training-institutions",
    "数字技术工程师培训机构名录",
    "某年度通知所附的广西数字技术工程师培训机构名单",
    {
        "year": integer("名单所附通知的年度", 2000, 2100),
        "source": DIRECTORY_SOURCE,
        "entries": array("名单各行，按原文顺序", TRAINING_ENTRY, 1),
        "discrepancies": DISCREPANCIES,
    },
    ["year", "source", "entries", "discrepancies"],
)

PILOT_TASK = obj(
    "试点任务",
    {
        "id": text("任务标识（小写英文和连字符）", 60, pattern=ID_PATTERN),
        "description": text("任务内容，照原文", 400),
        "deadline": iso_date("截止日期，写成 年-月-日"),
        "printed": text("原文中的日期写法，如 6月30日前", 40),
        "organisations": array("承担该任务的单位（单位标识）", ORGANISATION_REFERENCE, 1),
    },
    ["id", "description", "deadline", "printed", "organisations"],
)

PILOT_UNITS = document_file(
    "pilot-units",
    "基地制度改革试点单位",
    "专业技术人员继续教育基地制度改革试点单位及其任务",
    {
        "year": integer("年度", 2000, 2100),
        "source": DIRECTORY_SOURCE,
        "basis": text("试点依据的文件，照原文", 300),
        "units": array(
            "试点单位，按原文顺序",
            obj(
                "一个试点单位", {"organisation": ORGANISATION_REFERENCE, "name": PRINTED_NAME}, ["organisation", "name"]
            ),
            1,
        ),
        "tasks": array("试点任务", PILOT_TASK, 1),
        "discrepancies": DISCREPANCIES,
    },
    ["year", "source", "basis", "units", "tasks", "discrepancies"],
)

STANDING_RULES = document_file(
    "standing-rules",
    "常设规则",
    "没有年度通知时适用的常设规则（桂人社规〔2019〕4号，源文件只引用未收录），以及学时折算",
    {
        "document": text("常设规则的文号", 40, pattern=DOCUMENT_NUMBER_PATTERN),
        "title": text("常设规则的标题，照引用它的原文", 300),
        "minimum_total_hours": integer("每年总学时下限", 1, 1000),
        "professional_share_numerator": integer("专业科目比例的分子", 1, 100),
        "professional_share_denominator": integer("专业科目比例的分母", 1, 100),
        "hours_per_half_day": integer("培训每半天折算的学时", 1, 24),
        "cited_by": array(
            "引用这些规则的原文出处",
            obj(
                "一处引用",
                {
                    "document": text("引用它的文件文号", 40, pattern=DOCUMENT_NUMBER_PATTERN),
                    "source": clause(),
                    "text": text("原文", 600),
                },
                ["document", "source", "text"],
            ),
            1,
        ),
    },
    [
        "document",
        "title",
        "minimum_total_hours",
        "professional_share_numerator",
        "professional_share_denominator",
        "hours_per_half_day",
        "cited_by",
    ],
)

CITATION = obj(
    "引用一份已收录文件的一个条款",
    {
        "notice": nullable(integer("年度通知的年度（引用实施方案时写 null）", 2000, 2100)),
        "plan": nullable(
            text(
                "实施方案的文件名（不含 .yaml），如 gui-ren-she-fa-2022-15（引用年度通知时写 null）",
                80,
                pattern=ID_PATTERN,
            )
        ),
        "clause": clause("被引用的条款编号"),
    },
    ["notice", "plan", "clause"],
)

ANSWER = obj(
    "对若干年度适用的一个回答",
    {
        "years": array("回答适用的年度（须是已收录通知的年度）", integer("年度", 2000, 2100), 1),
        "text": text("回答：简短的白话中文", 1000),
        "citations": array("回答所依据的条款（至少一条）", CITATION, 1),
        "explanation": nullable(
            text(
                "本站说明：不是通知原文、而是本站自己的解释或计算（页面上标为“本站说明”）；没有写 null。"
                "text 只写所引条款说了的内容，其中的引号内文字和数字必须出现在所引条款中",
                600,
            )
        ),
    },
    ["years", "text", "citations", "explanation"],
)

TOOLS = array(
    "可不写：计算器页面上与此相关的自查工具，页面上链接到它。record：多年记录（几个年度一起核对，哪些还能补、到哪天为止）",
    {"enum": ["record"], "description": "自查工具标识"},
)

QUESTION = obj(
    "一个常见问题",
    {
        "id": text("问题标识（小写英文和连字符），用作页面锚点，发布后不要改", 60, pattern=ID_PATTERN),
        "question": text("问题，按人们实际会问的说法", 200),
        "keywords": array("搜索关键词（人们会输入的词）", text("关键词", 30), 1),
        "answers": array("回答；各年度规定不同时分年度写", ANSWER),
        "not_in_sources": nullable(
            text("源文件没有规定的部分：照实说明，并指向信息管理系统和咨询电话；源文件有完整答案时写 null", 600)
        ),
        "rules": array(
            "计算器中与此问题相关的规则（未通过时链接到本问题）：total-minimum、professional-share、public-required",
            {"enum": ["total-minimum", "professional-share", "public-required"], "description": "计算器规则标识"},
        ),
        "guides": array(
            "相关的操作指南（data/guides/ 中的文件名，不含 .yaml）", text("指南标识", 60, pattern=ID_PATTERN)
        ),
        "tools": TOOLS,
    },
    ["id", "question", "keywords", "answers", "not_in_sources", "rules", "guides"],
)

FAQ = document_file(
    "faq",
    "常见问题",
    "人们实际会问的问题，每个回答注明适用年度和所依据的条款",
    {"questions": array("问题，按页面上的顺序", QUESTION, 1)},
    ["questions"],
)

GUIDE_STEP = obj(
    "指南的一步：显示所引用条款的原文",
    {
        "title": text("这一步的标题，如 登录系统", 60),
        "clause": clause("这一步的原文所在条款（在 notice 指定的通知中）"),
    },
    ["title", "clause"],
)

GUIDE = document_file(
    "guide",
    "操作指南",
    "按步骤的操作指南，每一步引用通知附件中的原文；新一年的指南可以整份替换",
    {
        "title": text("指南标题", 100),
        "summary": text("一两句话说明这份指南讲什么、给谁用", 400),
        "audience": {"enum": ["person", "employer"], "description": "给谁用：person 专业技术人员，employer 单位管理员"},
        "notice": integer("步骤原文所在通知的年度", 2000, 2100),
        "annex": nullable(integer("所依据的附件序号", 1, 50)),
        "steps": array("步骤，按顺序", GUIDE_STEP, 1),
        "statuses": array(
            "审核状态（学时登记指南用）",
            obj(
                "一个审核状态",
                {
                    "name": text("状态名称，照原文", 20),
                    "meaning": text("这个状态是什么意思：只写 sources 中的条款说了的内容", 300),
                    "sources": array("meaning 所依据的条款（至少一条）", clause(), 1),
                    "explanation": nullable(
                        text("本站说明：条款没有写、本站自己的提示（页面上标为“本站说明”）；没有写 null", 300)
                    ),
                },
                ["name", "meaning", "sources", "explanation"],
            ),
        ),
        "status_source": nullable(clause("审核状态的出处条款")),
        "tools": TOOLS,
    },
    ["title", "summary", "audience", "notice", "annex", "steps", "statuses", "status_source"],
)

SCHEMAS: dict[str, Schema] = {
    "notice": NOTICE,
    "plan": PLAN,
    "organisations": ORGANISATIONS,
    "bases": BASES,
    "training-institutions": TRAINING_INSTITUTIONS,
    "pilot-units": PILOT_UNITS,
    "standing-rules": STANDING_RULES,
    "faq": FAQ,
    "guide": GUIDE,
}
"""Every kind of data file, by the value of its `kind` key."""
