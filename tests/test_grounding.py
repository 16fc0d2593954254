"""Every FAQ answer and guide status says only what its cited clauses say; the site's own words are marked."""

from __future__ import annotations

from pathlib import Path

from generator.data.grounding import check_grounding, clause_text, numbers, quoted_phrases, ungrounded
from generator.data.load import load_data
from tests.conftest import DATA
from tests.test_validation import errors_of, line_of, only_error, replace_once

DATA_ON_FILE = load_data(DATA)


def cited_text(citations: list[dict[str, object]]) -> str:
    parts = []
    for citation in citations:
        document = (
            DATA_ON_FILE.notices[citation["notice"]]  # type: ignore[index]
            if citation["notice"] is not None
            else DATA_ON_FILE.plans[citation["plan"]]  # type: ignore[index]
        )
        assert citation["clause"] in {clause["id"] for clause in document["clauses"]}, citation
        parts.append(clause_text(document, citation["clause"]))  # type: ignore[arg-type]
    return "\n".join(parts)


def test_every_faq_answer_quotes_only_its_cited_clauses() -> None:
    faq = DATA / "faq.yaml"
    for question in DATA_ON_FILE.faq["questions"]:
        for answer in question["answers"]:
            cited = cited_text(answer["citations"])
            years = tuple(citation["notice"] for citation in answer["citations"] if citation["notice"])
            missing = ungrounded(answer["text"], cited, years)
            assert not missing, f"{faq}:{line_of(faq, answer['text'][:30])}: {question['id']}: {missing}"
            for year in answer["years"]:
                assert year in years or any(c["plan"] for c in answer["citations"]), (question["id"], year)


def test_every_guide_step_and_status_cites_a_clause_that_says_it() -> None:
    for name, guide in DATA_ON_FILE.guides.items():
        path = DATA / "guides" / f"{name}.yaml"
        notice = DATA_ON_FILE.notices[guide["notice"]]
        for step in guide["steps"]:
            assert clause_text(notice, step["clause"]), f"{path}:{line_of(path, step['clause'])}"
        for status in guide["statuses"]:
            cited = "\n".join(clause_text(notice, clause) for clause in status["sources"])
            assert status["name"] in cited, f"{path}:{line_of(path, status['name'])}"
            missing = ungrounded(status["meaning"], cited)
            assert not missing, f"{path}:{line_of(path, status['meaning'][:20])}: {missing}"


def test_the_shipped_data_has_no_grounding_problems() -> None:
    assert check_grounding(DATA_ON_FILE) == []


def test_quotes_and_numbers_are_read_from_every_quoting_style() -> None:
    assert quoted_phrases("点击“通过”或「不通过」，见《证书》和【学时查询】") == ["通过", "不通过", "证书", "学时查询"]
    assert numbers("每半天 4 学时，网址 https://ptce.gx12333.net/ ，电话 0771-966111") == ["4", "0771", "966111"]
    assert ungrounded("电话 0771-966111", "咨询电话：0771—966111") == []
    assert ungrounded("不少于 9 学时", "不少于90学时") == ["数字 9"]


def test_a_quoted_phrase_the_clause_does_not_say_is_an_error_at_its_line(data_copy: Path) -> None:
    faq = data_copy / "faq.yaml"
    old = "自治区人力资源社会保障厅将适时组织开展学时登记审核情况质量评估"
    replace_once(faq, old, old + "，付费“刷课”服务会让学时面临风险")
    error = only_error(data_copy)
    assert error.path == faq and error.line == line_of(faq, "付费“刷课”")
    assert "“刷课”" in error.message and "explanation" in error.message


def test_a_number_the_clause_does_not_state_is_an_error(data_copy: Path) -> None:
    faq = data_copy / "faq.yaml"
    replace_once(
        faq, "每年累计不少于 90 学时，其中专业科目", "每年累计不少于 90 学时（专业科目至少 60 学时），其中专业科目"
    )
    error = only_error(data_copy)
    assert "数字 60" in error.message and error.line == line_of(faq, "专业科目至少 60 学时")


def test_the_same_words_in_the_explanation_field_are_accepted(data_copy: Path) -> None:
    faq = data_copy / "faq.yaml"
    replace_once(faq, "explanation: null", 'explanation: "本站举例：专业科目至少 60 学时，付费“刷课”有风险。"')
    data = load_data(data_copy)
    assert check_grounding(data) == []


def test_an_answer_for_a_year_whose_notice_it_does_not_cite_is_an_error(data_copy: Path) -> None:
    faq = data_copy / "faq.yaml"
    replace_once(
        faq,
        '      - years: [2026]\n        text: "原则上不能。',
        '      - years: [2025, 2026]\n        text: "原则上不能。',
    )
    errors = errors_of(data_copy)
    assert any("2025 年" in error.message and "没有引用 2025 年通知" in error.message for error in errors)


def test_a_status_meaning_not_in_its_sources_is_an_error(data_copy: Path) -> None:
    guide = data_copy / "guides" / "professional-hours.yaml"
    replace_once(guide, "说明不通过的原因。", "说明不通过的原因。按意见补充“佐证材料”后重新登记。")
    error = only_error(data_copy)
    assert error.path == guide and "“佐证材料”" in error.message


def test_a_contact_field_cited_to_a_clause_that_does_not_print_it_is_an_error(data_copy: Path) -> None:
    notice = data_copy / "notices" / "2023.yaml"
    replace_once(notice, 'email_source: "六、（三）"', 'email_source: "六、（二）"')
    error = only_error(data_copy)
    assert error.line == line_of(notice, 'email_source: "六、（二）"')
    assert "gxpx365@126.com" in error.message and "六、（二）" in error.message


def test_a_contact_with_an_email_but_no_email_source_is_an_error(data_copy: Path) -> None:
    notice = data_copy / "notices" / "2023.yaml"
    replace_once(notice, 'email_source: "六、（三）"', "email_source: null")
    assert "email_source" in only_error(data_copy).message


CRITERION = "认定内容必须属于专业技术人员从事专业工作应当掌握的专业知识，由用人单位或行业主管部门根据其所聘岗位和所从事专业确定。"


def test_the_2025_recognition_criterion_is_kept_as_text_of_its_clause_and_shown_with_it() -> None:
    from generator.site.pages_guidance import guide_page

    clauses = {clause["id"]: clause for clause in DATA_ON_FILE.notices[2025]["clauses"]}
    assert clauses["附件2 二、（二）1"]["figure_text"] == [CRITERION]
    page = guide_page(DATA_ON_FILE, "employer-administrator")
    assert f'<span class="gx-figure-label">截图中的文字</span>{CRITERION}' in page
