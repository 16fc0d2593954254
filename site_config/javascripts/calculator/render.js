// A check's result drawn on the page (verdict, rules, warnings, next steps, deadlines, make-up, the print button) and errors.

import { element } from "./dom.js";
import { engine } from "./engine.js";
import { renderVersion } from "./freshness.js";
import { SITE_ROOT } from "./script.js";

// A citation as a link to its clause on the site when the core names its page, else as text.
export function citationLink(citation) {
  if (!citation) return null;
  const target = engine.links[citation];
  if (!target) return element("span", { className: "gx-citation" }, citation);
  return element("a", { className: "gx-citation", href: new URL(target, SITE_ROOT).href }, citation);
}

// Citations as links, separated by "；".
function joinCitations(citations) {
  return citations.flatMap((citation, index) => (index ? ["；", citationLink(citation)] : [citationLink(citation)]));
}

// Hours as the core gives them (empty when absent).
function hours(number) {
  return number === null || number === undefined ? "" : String(number);
}

// Today in the browser's time zone, YYYY-MM-DD: the default as-of date, and the date of a printed result.
export function today() {
  const now = new Date();
  const pad = (number) => String(number).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// The 查询日期 to check with: today for an empty one, and for "today" or "今天" as the command line reads them
// (python -m calculator … --as-of today); any other text as given, for the core to read or refuse.
export function asOfOrToday(value) {
  const text = String(value || "").trim();
  return !text || text.toLowerCase() === "today" || text === "今天" ? today() : value;
}

function renderVerdict(result) {
  const inputs = result.inputs;
  // The core's headline (calculator/explain.py verdict_text): without the year's notice never a plain 达标.
  const status = result.verdict || (result.passed ? "达标" : "未达标");
  const standingOnly = result.passed && !result.notice_on_file;
  const summary = [];
  if (standingOnly) {
    summary.push(`总学时和专业科目比例按常设规则已满足；${result.year} 年度的通知未收录，公需科目必修课未核对，请在信息管理系统中查看。`);
  } else if (result.passed) {
    summary.push(`${result.year} 年度的学时要求都已满足。`);
  } else {
    const toPass = result.to_pass;
    if (toPass.public_required > 0) summary.push(`还需 ${hours(toPass.public_required)} 学时公需科目必修课`);
    if (toPass.professional === null) summary.push("只增加专业科目学时无法达标，请核对填写的学时");
    else if (toPass.professional > 0) summary.push(`还需 ${hours(toPass.professional)} 学时专业科目`);
  }
  return element(
    "div",
    { className: `gx-verdict gx-verdict--${standingOnly ? "standing" : result.passed ? "pass" : "fail"}` },
    element("p", { className: "gx-verdict__title" }, element("span", { className: "gx-badge" }, status), ` ${result.year} 年度继续教育学时`),
    element(
      "p",
      { className: "gx-verdict__inputs" },
      `公需必修 ${hours(inputs.public_required)} + 公需选修 ${hours(inputs.public_elective)} + 专业科目 ${hours(inputs.professional)} = 总学时 ${hours(result.total)}`,
    ),
    element("p", { className: "gx-verdict__summary" }, result.passed ? summary[0] : `要达标：${summary.join("；")}。`),
    element(
      "p",
      { className: "gx-verdict__basis" },
      "依据 ",
      citationLink(result.basis),
      result.document && result.document.number ? `《${result.document.title}》` : "",
      result.as_of ? `；期限按 ${result.as_of} 计算` : "",
    ),
    renderVersion(result.rules_version, "gx-verdict__version"),
  );
}

function renderRules(result) {
  const marks = { true: "✓ 达标", false: "✗ 未达标", null: "– 未核对" };
  return [
    element("h3", {}, "各项要求"),
    element(
      "ul",
      { className: "gx-rules" },
      result.rules.map((rule) =>
        element(
          "li",
          { className: "gx-rule", "data-rule": rule.id, "data-passed": String(rule.passed) },
          element("span", { className: "gx-mark" }, marks[String(rule.passed)]),
          " ",
          element("strong", {}, rule.title),
          element("p", { className: "gx-rule__message" }, rule.message),
          rule.source
            ? element(
                "p",
                { className: "gx-rule__source" },
                "依据：",
                citationLink(rule.source),
                rule.text ? ` “${rule.text}”` : "",
              )
            : null,
          rule.passed === false ? renderHelp(rule.help) : null,
        ),
      ),
    ),
  ];
}

// The FAQ answers and guides the core names for a rule not met (urls from the site root).
function renderHelp(help) {
  if (!Array.isArray(help) || !help.length) return null;
  return element(
    "details",
    { className: "gx-rule__help gx-no-print" },
    element("summary", {}, `相关问答和操作指南（${help.length}）`),
    element(
      "ul",
      {},
      help.map((item) =>
        element(
          "li",
          { "data-help": item.kind },
          element("a", { href: new URL(item.url, SITE_ROOT).href }, item.title),
          item.kind === "guide" ? "（操作指南）" : "",
        ),
      ),
    ),
  );
}

function renderWarnings(result) {
  if (!result.warnings.length) return [];
  return [
    element(
      "div",
      { className: "admonition warning gx-warnings" },
      element("p", { className: "admonition-title" }, "提醒"),
      element(
        "ul",
        {},
        result.warnings.map((warning) => element("li", { "data-warning": warning.id }, warning.message)),
      ),
    ),
  ];
}

function renderNextSteps(result) {
  if (!result.next_steps.length) return [];
  return [
    element("h3", {}, "下一步"),
    element(
      "ol",
      { className: "gx-next-steps" },
      result.next_steps.map((step) =>
        element(
          "li",
          { "data-step": step.id },
          step.message,
          " ",
          step.own
            ? element("span", { className: "gx-own" }, "（本站说明）")
            : element("span", { className: "gx-step-sources" }, "（依据 ", joinCitations(step.sources), "）"),
        ),
      ),
    ),
  ];
}

function daysLeftText(deadline) {
  if (!("passed" in deadline)) return "";
  if (deadline.passed) return "已过期";
  if (deadline.days_left === 0) return "今天截止";
  return `还有 ${deadline.days_left} 天`;
}

function renderDeadlines(result) {
  if (!result.deadlines.length) return [];
  return [
    element("h3", {}, "期限"),
    element(
      "div",
      { className: "gx-table-wrap" },
      element(
        "table",
        { className: "gx-deadlines" },
        element("thead", {}, element("tr", {}, ["截止日期", "事项", "由谁完成", "剩余", "依据"].map((name) => element("th", { scope: "col" }, name)))),
        element(
          "tbody",
          {},
          result.deadlines.map((deadline) =>
            element(
              "tr",
              { "data-deadline": deadline.id, "data-passed": "passed" in deadline ? String(deadline.passed) : null },
              element("td", { "data-label": "截止日期" }, deadline.date, element("br"), element("small", {}, deadline.printed)),
              element("td", { "data-label": "事项" }, deadline.description),
              element("td", { "data-label": "由谁完成" }, deadline.who),
              element("td", { className: "gx-days-left", "data-label": "剩余" }, daysLeftText(deadline)),
              element("td", { "data-label": "依据" }, citationLink(deadline.source)),
            ),
          ),
        ),
      ),
    ),
  ];
}

function renderMakeup(result) {
  const parts = [];
  const later = result.makeup_for_this_year.filter((window) => window.year !== result.year);
  if (!result.passed && later.length) {
    parts.push(
      element(
        "ul",
        {},
        later.map((window) =>
          element(
            "li",
            {},
            `${window.year} 年度可补学补考 ${window.from_year}–${window.to_year} 年的公需科目：${window.text}（`,
            citationLink(window.source),
            "）",
          ),
        ),
      ),
    );
  }
  if (result.makeup) {
    parts.push(element("p", {}, `本年度的补学补考：${result.makeup.text}（`, citationLink(result.makeup.source), "）"));
  }
  return parts.length ? [element("h3", {}, "补学补考"), ...parts] : [];
}

function renderConsequences(result) {
  const unmet = result.consequences.filter((item) => item.kind === "unmet" && item.applies);
  if (!unmet.length) return [];
  return [
    element("h3", {}, "未完成的后果（通知原文）"),
    element(
      "ul",
      { className: "gx-consequences" },
      unmet.map((item) => element("li", { "data-consequence": item.id }, `${item.text}（`, citationLink(item.source), "）")),
    ),
  ];
}

// The notice's contacts when the requirements are not met: each phone, e-mail and service time with its own clause.
function renderContacts(result) {
  const contacts = result.contacts || [];
  if (result.passed || !contacts.length) return [];
  const part = (label, value, source) => (value ? [`${label}${value}（`, citationLink(source), "）"] : []);
  return [
    element("h3", {}, "咨询（通知所列联系方式）"),
    element(
      "ul",
      { className: "gx-contacts" },
      contacts.map((contact) =>
        element(
          "li",
          { "data-contact": contact.name },
          `${contact.name}：`,
          ...part("电话 ", contact.phones.join("、"), contact.phones_source),
          ...part("；邮箱 ", contact.email, contact.email_source),
          ...part("；", contact.hours, contact.hours_source),
        ),
      ),
    ),
  ];
}

export function renderResult(area, result) {
  const printButton = element("button", { type: "button", className: "md-button gx-print" }, "打印自查结果");
  printButton.addEventListener("click", () => window.print());
  area.replaceChildren(
    element("h2", { className: "gx-result__title" }, "继续教育学时自查结果"),
    renderVerdict(result),
    ...renderRules(result),
    ...renderWarnings(result),
    ...renderNextSteps(result),
    ...renderDeadlines(result),
    ...renderMakeup(result),
    ...renderConsequences(result),
    ...renderContacts(result),
    element("p", { className: "gx-result__actions gx-no-print" }, printButton),
    element(
      "p",
      { className: "gx-print-only gx-print-note" },
      `本结果于 ${today()} 在浏览器中按本站收录的通知计算（规则版本 ${result.rules_version ? result.rules_version.id : "未知"}），仅供自查，以广西专业技术人员继续教育信息管理系统的记录为准。链接：${location.href.length > 400 ? `${location.href.slice(0, 400)}……` : location.href}`,
    ),
  );
}

// An error, and any further bad fields of the same form (each its own line, the first as the command line says it).
export function renderError(area, error, more = []) {
  area.replaceChildren(
    element(
      "div",
      { className: "admonition failure gx-error" },
      element("p", { className: "admonition-title" }, error.internal ? "计算器出错" : more.length ? `请检查填写（${more.length + 1} 处）` : "请检查填写"),
      element("p", { "data-field": error.field || null }, error.message),
      more.map((other) => element("p", { "data-field": other.field || null }, other.message)),
    ),
  );
}
