"""A staff list with a 年度 column and several rows per person: each person's years summed up as one record (portable core).

table.check_rows hands every data row to a People collector (its hours cells, or its error, per person and year);
at the end, summary_rows checks each person with two or more rows by record.check_record, as of the batch's date,
and gives one row per person (header first): what the command line writes as the 多年汇总 sheet or file and the
browser shows and downloads. Only the hours cells of each person-year are kept, at most PERSON_YEAR_LIMIT of them.
"""

from calculator.dates import parse_year
from calculator.errors import InputError
from calculator.explain_record import action_phrase
from calculator.record import check_record
from calculator.ruleset import _years_text
from calculator.table import COLUMNS, ID_HEADERS, header_key, version_cell
from calculator.text import normalise, shown, strip_spaces

PERSON_YEAR_LIMIT = 100000
"""The most person-year rows kept for the summary; past it the summary is left out and says why (LIMIT_MESSAGE)."""

LIMIT_MESSAGE = "名单超过 {} 行：多年汇总只在 {} 行以内生成（逐行核对的结果不受影响），请把名单分成几个文件"

SUMMARY_COLUMNS = (
    "name",
    "id",
    "years",
    "passed_years",
    "failed_years",
    "standing_years",
    "can_fix",
    "lost",
    "errors",
    "summary",
    "basis",
    "as_of",
    "rules_version",
)
"""One person's summary: name, id, the years covered, verdict counts, what can still be fixed (by when), what cannot,
rows with errors, the record's summary sentence, the clauses, the date the summary is as of (what can still be fixed
depends on it) and the rules version it used, as the batch's 规则版本 column writes it (the keys: the headers of
english=True)."""

SUMMARY_HEADERS = {
    "name": "姓名",
    "id": "编号",
    "years": "年度",
    "passed_years": "达标年数",
    "failed_years": "未达标年数",
    "standing_years": "其中按常设规则核对年数",
    "can_fix": "还能补（到哪天）",
    "lost": "已无法补",
    "errors": "有错误的行",
    "summary": "小结",
    "basis": "依据条款",
    "as_of": "截至日期",
    "rules_version": "规则版本",
}

SHEET_TITLE = "多年汇总"


def _year_key(year_text):
    """The year a row's 年度 cell names (parse_year: 2025, "2025年", "２０２５"), or the text itself if it names none."""
    try:
        return parse_year(year_text)
    except InputError:
        return year_text


def _id_key(text):
    """An ID as rows are matched by it: typed forms folded (normalise), and its letters' case (a 身份证号 ending in x
    or X is one person; so are 工号 a001 and A001). Only an ASCII ID is folded: str.upper differs between CPython and
    MicroPython beyond ASCII."""
    key = normalise(text)
    for character in key:
        if ord(character) > 127:
            return key
    return key.upper()


def id_column(header):
    """The index of the header's ID column (身份证号, 工号, 编号 … table.ID_HEADERS), or None."""
    for index, cell in enumerate(header):
        if header_key(cell) in ID_HEADERS:
            return index
    return None


def _name_column(header):
    aliases = COLUMNS[0][1]
    for index, cell in enumerate(header):
        if header_key(cell) in aliases:
            return index
    return None


def _cell(cells, index):
    return strip_spaces(cells[index]) if index is not None and index < len(cells) else ""


class People:
    """Collects, row by row, each person's hours per year (table.check_rows calls add)."""

    def __init__(self):
        self.header = None
        self.columns = None
        self.id_index = None
        self.name_index = None
        self.order = []  # type: list
        self.people = {}  # type: dict
        self.kept = 0
        self.over = False

    def start(self, header, columns):
        """The file's header and table.map_columns of it."""
        self.header = header
        self.columns = columns
        self.id_index = id_column(header)
        self.name_index = columns.get("name")

    def add(self, line, cells, year, error):
        """One data row: its line, cells, the batch's default year (None) and its error ("" when checked)."""
        if self.columns is None or "year" not in self.columns or self.over:
            return
        name = _cell(cells, self.name_index)
        person_id = _cell(cells, self.id_index)
        if not name and not person_id:
            return
        if self.kept >= PERSON_YEAR_LIMIT:
            self.over = True
            self.order = []
            self.people = {}
            return
        key = ("id", _id_key(person_id)) if person_id else ("name", normalise(name))
        person = self.people.get(key)
        if person is None:
            person = {"name": name, "id": person_id, "rows": []}
            self.people[key] = person
            self.order.append(key)
        elif not person["name"] and name:
            person["name"] = name
        year_text = _cell(cells, self.columns["year"]) or ("" if year is None else str(year))
        columns = self.columns
        hours = [
            _cell(cells, columns[field]) or "0" for field in ("public_required", "public_elective", "professional")
        ]
        person["rows"].append((line, year_text, hours, error))
        self.kept += 1

    def summary_rows(self, rules, as_of, english=False):
        """One row per person with rows for two or more years (header first), or [] when there is none; over the
        limit, a header and one row saying so."""
        header = list(SUMMARY_COLUMNS) if english else [SUMMARY_HEADERS[key] for key in SUMMARY_COLUMNS]
        if self.over:
            row = [""] * len(SUMMARY_COLUMNS)
            row[SUMMARY_COLUMNS.index("summary")] = limit_message()
            row[SUMMARY_COLUMNS.index("rules_version")] = version_cell(rules)
            return [header, row]
        rows = []
        for key in self.order:
            person = self.people[key]
            if len(person["rows"]) >= 2:
                rows.append(person_row(rules, person, as_of))
        if not rows:
            return []
        rows.insert(0, header)
        return rows


def limit_message():
    """What the 多年汇总 (and the command line) says of a list longer than PERSON_YEAR_LIMIT rows."""
    return LIMIT_MESSAGE.format(PERSON_YEAR_LIMIT, PERSON_YEAR_LIMIT)


def person_row(rules, person, as_of):
    """One person's summary row (SUMMARY_COLUMNS): their rows without errors checked by record.check_record."""
    good = []
    errors = []
    error_years = []
    seen = {}  # type: dict
    for line, year_text, hours, error in person["rows"]:
        shown_year = "{} 年度".format(shown(year_text)) if year_text else "没有年度"
        if error:
            errors.append("第 {} 行（{}）：{}".format(line, shown_year, error))
            error_years.append(shown_year)
            continue
        key = _year_key(year_text)  # 2025, 2025年 and ２０２５ are one year, as each row's check reads them
        if key in seen:
            errors.append("第 {} 行（{}）：与第 {} 行是同一年度，没有计入汇总".format(line, shown_year, seen[key]))
            error_years.append(shown_year)
            continue
        seen[key] = line
        good.append(
            {"year": year_text, "public_required": hours[0], "public_elective": hours[1], "professional": hours[2]}
        )
    values = {
        "name": person["name"],
        "id": person["id"],
        "errors": "；".join(errors),
        "rules_version": version_cell(rules),
    }
    for key in SUMMARY_COLUMNS:  # the columns the check fills in below, empty until then
        values.setdefault(key, "")
    if not good:
        values["summary"] = "没有可以汇总的年度：各行都有错误"
        return [values[key] for key in SUMMARY_COLUMNS]
    try:
        result = check_record(rules, good, as_of)
    except InputError as error:
        values["summary"] = "无法汇总：{}".format(error.message)
        return [values[key] for key in SUMMARY_COLUMNS]
    checked = result["years"]
    can = []
    lost = []
    basis = []
    for item in checked:
        if item["basis"] not in basis:
            basis.append(item["basis"])
        for action in item["actions"]:
            if action["status"] == "can":
                can.append(action_phrase(item["year"], action))
            elif action["status"] == "cannot":
                lost.append(action_phrase(item["year"], action))
            if action["source"] and action["source"] not in basis:
                basis.append(action["source"])
    summary = result["summary"]
    if errors:
        summary += "；{}的行有错误，没有计入（见“有错误的行”）".format("、".join(error_years))
    values["years"] = _years_text([item["year"] for item in checked])
    values["passed_years"] = str(len([item for item in checked if item["passed"]]))
    values["failed_years"] = str(len([item for item in checked if not item["passed"]]))
    # the years checked by the standing rules (no notice on file: the public required course not checked), passed or not
    values["standing_years"] = str(len([item for item in checked if not item["notice_on_file"]]))
    values["can_fix"] = "；".join(can)
    values["lost"] = "；".join(lost)
    values["summary"] = summary
    values["basis"] = "；".join(basis)
    values["as_of"] = result["as_of"]
    return [values[key] for key in SUMMARY_COLUMNS]
