// 多年记录's result drawn: the summary line, the years side by side, each year's shortfalls and what can still be done.

import { element } from "./dom.js";
import { renderVersion } from "./freshness.js";
import { citationLink, today } from "./render.js";

// A year's verdict as the command line and the batch word it (达标, 未达标, 达标（常设规则，必修课未核对）).
const mark = (item) => `${item.passed ? "✓" : "✗"} ${item.verdict}`;
const STATUS_LABELS = { can: "还可以", cannot: "已无法补", unknown: "无从核对", "none-on-file": "没有收录的安排" };

function hoursText(number) {
  return number === null || number === undefined ? "" : String(number);
}

function renderTable(result) {
  const years = result.years;
  const row = (label, cells) => element("tr", {}, element("th", { scope: "row" }, label), cells);
  const cell = (item, content) => element("td", { "data-year": item.year, "data-passed": String(item.passed) }, content);
  return element(
    "div",
    { className: "gx-table-wrap" },
    element(
      "table",
      { className: "gx-record-table" },
      element("thead", {}, element("tr", {}, element("th", { scope: "col" }, "年度"), years.map((item) => element("th", { scope: "col" }, String(item.year))))),
      element(
        "tbody",
        {},
        row("结论", years.map((item) => cell(item, mark(item)))),
        row("公需必修", years.map((item) => cell(item, hoursText(item.inputs.public_required)))),
        row("公需选修", years.map((item) => cell(item, hoursText(item.inputs.public_elective)))),
        row("专业科目", years.map((item) => cell(item, hoursText(item.inputs.professional)))),
        row("总学时", years.map((item) => cell(item, hoursText(item.total)))),
        row("依据", years.map((item) => cell(item, item.notice_on_file ? citationLink(item.basis) : `${item.basis}（通知未收录）`))),
      ),
    ),
  );
}

function renderYear(item) {
  const failed = item.rules.filter((rule) => rule.passed !== true);
  if (!failed.length && !item.actions.length && !item.open_deadlines.length) return null;
  return element(
    "div",
    { className: "gx-record-year", "data-year": item.year },
    element("h3", {}, `${item.year} 年度：${item.verdict}`),
    element(
      "ul",
      {},
      failed.map((rule) =>
        element("li", { "data-rule": rule.id }, `${rule.title}：${rule.message}`, rule.source ? ["（", citationLink(rule.source), "）"] : ""),
      ),
      item.actions.map((action) =>
        element(
          "li",
          { "data-action": action.id, "data-status": action.status },
          element("strong", {}, `${STATUS_LABELS[action.status]}：`),
          action.message,
        ),
      ),
      item.open_deadlines.map((deadline) =>
        element(
          "li",
          { "data-deadline": deadline.id },
          element("strong", {}, "尚未截止："),
          `${deadline.date}（${deadline.printed}）${deadline.who}：${deadline.description}（`,
          citationLink(deadline.source),
          "）",
        ),
      ),
      // What the notices say follows from not meeting the year (as `record` prints them with “!”)
      item.consequences.map((consequence) =>
        element(
          "li",
          { "data-consequence": consequence.id },
          element("strong", {}, "后果："),
          `${consequence.text}（`,
          citationLink(consequence.source),
          "）",
        ),
      ),
    ),
  );
}

export function renderRecord(area, result) {
  const printButton = element("button", { type: "button", className: "md-button gx-record-print" }, "打印多年记录");
  printButton.addEventListener("click", () => {
    document.documentElement.dataset.gxPrint = "record";
    window.print();
  });
  area.replaceChildren(
    element("h2", { className: "gx-record-result__title gx-print-only" }, "继续教育学时多年记录"),
    element("p", { className: "gx-record-summary" }, result.summary),
    element("p", { className: "gx-record-basis" }, `按 ${result.as_of} 判断能否补救；每个年度按当年的通知核对，没有收录通知的年度按常设规则核对。`),
    renderVersion(result.rules_version, "gx-record-version"),
    renderTable(result),
    ...result.years.map(renderYear).filter(Boolean),
    result.notes.length ? element("ul", { className: "gx-record-notes" }, result.notes.map((note) => element("li", { "data-note": note.id }, note.message))) : null,
    element("p", { className: "gx-result__actions gx-no-print" }, printButton),
    element(
      "p",
      { className: "gx-print-only gx-print-note" },
      `本记录于 ${today()} 在浏览器中按本站收录的通知计算（规则版本 ${result.rules_version ? result.rules_version.id : "未知"}），仅供自查，以广西专业技术人员继续教育信息管理系统的记录为准。链接：${location.href.length > 400 ? `${location.href.slice(0, 400)}……` : location.href}`,
    ),
  );
}

export function recordError(area, message) {
  area.replaceChildren(
    element("div", { className: "admonition failure gx-error" }, element("p", { className: "admonition-title" }, "请检查填写"), element("p", {}, message)),
  );
}

