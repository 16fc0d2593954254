// 多年记录: several years of one person checked at once (calculator/record.py in the worker), side by side, printable.
//
// The record is kept in the address (after #, never sent to a server), in localStorage only when the person asks,
// and exported and imported as the CSV file the command line reads (python -m calculator record).

import { decodeCsv } from "./batch.js";
import { element, shorten } from "./dom.js";
import { ask } from "./engine.js";
import { MAX_URL_VALUE } from "./fields.js";
import { renderVersion } from "./freshness.js";
import { citationLink, today } from "./render.js";

// A record's inputs per year, in the order of the CSV file the command line reads (calculator/record_file.py).
export const RECORD_FIELDS = [
  ["year", "年度"],
  ["public_required", "公需必修"],
  ["public_elective", "公需选修"],
  ["professional", "专业科目"],
];
export const MAX_RECORD_YEARS = 60; // calculator/record.py MAX_YEARS: more rows from an address are refused unread
const STORAGE_KEY = "gx-calculator-record";
const MAX_RECORD_BYTES = 64 * 1024; // a record file: 60 short rows are a few KB

// The address keeps the record as #record=2023,0,0,75;2024,20,0,50&record-as-of=2026-06-01: each value
// percent-encoded (so a "," or ";" typed in a field stays in its field), read back from the raw fragment.
export function recordFragment(rows, asOf) {
  const parts = [];
  if (rows.length) {
    const encoded = rows.map((row) => RECORD_FIELDS.map(([key]) => encodeURIComponent(row[key] || "")).join(","));
    parts.push(`record=${encoded.join(";")}`);
  }
  if (asOf) parts.push(`record-as-of=${encodeURIComponent(asOf)}`);
  return parts;
}

// The fragment's segments that are not the record's (the single check's fields), kept as they are.
export function otherSegments(hash) {
  return hash
    .replace(/^#/, "")
    .split("&")
    .filter((segment) => segment && !/^record(-as-of)?=/.test(segment));
}

// {rows, asOf} from the address, {error} when it holds a record the page refuses, or null when it holds none.
export function recordFromAddress(hash) {
  const segments = hash.replace(/^#/, "").split("&");
  const raw = segments.find((segment) => segment.startsWith("record="));
  const rawAsOf = segments.find((segment) => segment.startsWith("record-as-of="));
  if (raw === undefined && rawAsOf === undefined) return null;
  try {
    const asOf = rawAsOf === undefined ? "" : decodeURIComponent(rawAsOf.slice("record-as-of=".length));
    if (asOf.length > MAX_URL_VALUE) return { error: `网址中的查询日期有 ${asOf.length} 个字符，太长了，没有核对` };
    const text = raw === undefined ? "" : raw.slice("record=".length);
    const lines = text ? text.split(";") : [];
    if (lines.length > MAX_RECORD_YEARS) {
      return { error: `网址中的多年记录有 ${lines.length} 个年度，超过了 ${MAX_RECORD_YEARS} 个，没有核对：请在下面重新填写` };
    }
    const rows = [];
    for (const line of lines) {
      const values = line.split(",");
      if (values.length > RECORD_FIELDS.length) return { error: "网址中的多年记录格式不对（一个年度多于 4 项），没有核对" };
      const row = {};
      RECORD_FIELDS.forEach(([key, label], index) => {
        const value = decodeURIComponent(values[index] || "");
        if (value.length > MAX_URL_VALUE) throw new RangeError(`网址中的“${label}”有 ${value.length} 个字符，太长了（最多 ${MAX_URL_VALUE} 个），没有核对`);
        row[key] = value;
      });
      rows.push(row);
    }
    return { rows, asOf };
  } catch (error) {
    if (error instanceof RangeError) return { error: error.message };
    return { error: "网址中的多年记录无法读取（编码不对），没有核对：请在下面重新填写" };
  }
}

// A cell that a spreadsheet would run as a formula gets a leading ' (as calculator/batch.py write_csv does).
function safeCell(value) {
  const text = String(value);
  if (/^[\s\u3000]*[=+\-@\t\r\n＝＋－＠]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text.trim())) return `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// The record as the CSV file `python -m calculator record` reads (UTF-8 with a BOM, for Excel).
export function recordCsv(rows) {
  const lines = [RECORD_FIELDS.map(([, label]) => label).join(",")];
  for (const row of rows) lines.push(RECORD_FIELDS.map(([key]) => safeCell(row[key] || "")).join(","));
  return `\ufeff${lines.join("\r\n")}\r\n`;
}

const MARKS = { true: "✓ 达标", false: "✗ 未达标", null: "– 未完全核对" };
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
        row("结论", years.map((item) => cell(item, MARKS[String(item.passed)]))),
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
    element("h3", {}, `${item.year} 年度：${MARKS[String(item.passed)].slice(2)}`),
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

function recordError(area, message) {
  area.replaceChildren(
    element("div", { className: "admonition failure gx-error" }, element("p", { className: "admonition-title" }, "请检查填写"), element("p", {}, message)),
  );
}

// Storage may be unavailable (private windows, a policy): the record then lives in the address only.
function storage() {
  try {
    return window.localStorage;
  } catch (error) {
    return null;
  }
}

function saved() {
  const store = storage();
  if (!store) return null;
  try {
    const value = JSON.parse(store.getItem(STORAGE_KEY) || "null");
    if (!value || !Array.isArray(value.rows) || value.rows.length > MAX_RECORD_YEARS) return null;
    const rows = value.rows.map((row) => Object.fromEntries(RECORD_FIELDS.map(([key]) => [key, String(row[key] ?? "").slice(0, MAX_URL_VALUE)])));
    return { rows, asOf: String(value.asOf || "").slice(0, MAX_URL_VALUE) };
  } catch (error) {
    return null;
  }
}

export function bindRecord(root, signal) {
  const form = root.querySelector("#record-form");
  if (!form) return;
  const list = root.querySelector("#record-rows");
  const asOfInput = root.querySelector("#record-as-of");
  const area = root.querySelector("#record-result");
  const keep = root.querySelector("#record-keep");
  const status = root.querySelector("#record-status");
  const fromCheck = root.querySelector("#record-add-check");
  const checkArea = root.querySelector("#result");
  let latest = 0;

  const say = (text) => {
    status.textContent = text;
  };

  const rowFilled = (node) => RECORD_FIELDS.some(([key]) => node.querySelector(`[data-key="${key}"]`).value.trim());

  const rowsOf = () =>
    [...list.querySelectorAll(".gx-record-row")].map((node) =>
      Object.fromEntries(RECORD_FIELDS.map(([key]) => [key, node.querySelector(`[data-key="${key}"]`).value])),
    );

  let made = 0; // each row's inputs get ids of their own (record-<n>-<key>), for their labels
  const addRow = (values = {}) => {
    const index = list.children.length + 1;
    made += 1;
    const prefix = `record-${made}`;
    const node = element(
      "div",
      { className: "gx-record-row", role: "group", "aria-label": `第 ${index} 个年度` },
      RECORD_FIELDS.map(([key, label]) =>
        element(
          "div",
          { className: "gx-record-cell" },
          element("label", { for: `${prefix}-${key}` }, label),
          element("input", {
            id: `${prefix}-${key}`,
            type: "text",
            inputmode: key === "year" ? "numeric" : "decimal",
            autocomplete: "off",
            "data-key": key,
            placeholder: key === "year" ? "如 2025" : key === "public_elective" ? "0" : "",
          }),
        ),
      ),
      element("button", { type: "button", className: "md-button gx-record-remove", "aria-label": `删除第 ${index} 个年度` }, "删除"),
    );
    for (const [key] of RECORD_FIELDS) node.querySelector(`[data-key="${key}"]`).value = values[key] || "";
    node.querySelector(".gx-record-remove").addEventListener("click", () => {
      node.remove();
      remember();
    });
    list.append(node);
    return node;
  };

  const showRows = (rows) => {
    list.replaceChildren();
    for (const row of rows) addRow(row);
    if (!rows.length) addRow();
  };

  const filled = () => rowsOf().filter((row) => RECORD_FIELDS.some(([key]) => row[key].trim()));


  // The record into the address (and into storage when asked), the single check's fields left as they are.
  const remember = () => {
    const rows = filled();
    const parts = [...otherSegments(location.hash), ...recordFragment(rows, asOfInput.value)];
    history.replaceState(history.state, "", parts.length ? `#${parts.join("&")}` : location.pathname + location.search);
    const store = storage();
    if (store && keep.checked) store.setItem(STORAGE_KEY, JSON.stringify({ rows, asOf: asOfInput.value }));
  };

  const run = async () => {
    const rows = filled();
    latest += 1;
    const mine = latest;
    if (!rows.length) {
      recordError(area, "请至少填写一个年度的学时");
      area.dataset.status = "error";
      return;
    }
    area.dataset.status = "pending";
    for (const input of list.querySelectorAll("input[aria-invalid]")) input.removeAttribute("aria-invalid");
    const years = rows.map((row) => ({ ...row, public_elective: row.public_elective.trim() || "0" }));
    const answer = await ask("record", { years, as_of: asOfInput.value || today() });
    if (mine !== latest || signal.aborted) return;
    if (answer.error) {
      const row = answer.error.row;
      if (row !== undefined && row !== null) {
        const node = [...list.querySelectorAll(".gx-record-row")].filter(rowFilled)[row];
        const field = node && node.querySelector(`[data-key="${answer.error.field}"]`);
        if (field) field.setAttribute("aria-invalid", "true");
      }
      recordError(area, answer.error.message);
      area.dataset.status = "error";
      delete area.dataset.result;
      return;
    }
    renderRecord(area, answer.result);
    area.dataset.result = JSON.stringify(answer.result);
    area.dataset.status = "done";
  };

  const restore = () => {
    const found = recordFromAddress(location.hash);
    if (found && found.error) {
      showRows([]);
      recordError(area, found.error);
      area.dataset.status = "error";
      return false;
    }
    if (found) {
      showRows(found.rows);
      asOfInput.value = found.asOf;
      if (asOfInput.value !== found.asOf) asOfInput.value = ""; // an impossible date from the address: today instead
      return found.rows.length > 0;
    }
    const kept = saved();
    if (kept) {
      keep.checked = true;
      showRows(kept.rows);
      asOfInput.value = kept.asOf;
      return kept.rows.length > 0;
    }
    showRows([]);
    return false;
  };

  form.addEventListener(
    "submit",
    (event) => {
      event.preventDefault();
      remember();
      run();
    },
    { signal },
  );
  root.querySelector("#record-add").addEventListener("click", () => addRow().querySelector("input").focus(), { signal });
  fromCheck.addEventListener(
    "click",
    () => {
      const text = checkArea.dataset.result;
      if (!text) {
        say("请先在上面核对一个年度");
        return;
      }
      const result = JSON.parse(text);
      const values = {
        year: String(result.year),
        public_required: String(result.inputs.public_required),
        public_elective: String(result.inputs.public_elective),
        professional: String(result.inputs.professional),
      };
      const same = [...list.querySelectorAll(".gx-record-row")].find(
        (node) => node.querySelector('[data-key="year"]').value.trim() === values.year || !rowFilled(node),
      );
      const node = same || addRow();
      for (const [key] of RECORD_FIELDS) node.querySelector(`[data-key="${key}"]`).value = values[key];
      say(`已加入 ${values.year} 年度`);
      remember();
    },
    { signal },
  );
  keep.addEventListener(
    "change",
    () => {
      const store = storage();
      if (!store) {
        keep.checked = false;
        say("这个浏览器不允许本机保存：记录只在网址中");
        return;
      }
      if (keep.checked) {
        remember();
        say("记录已保存在本浏览器中（只在本机，可随时清除）");
      } else {
        store.removeItem(STORAGE_KEY);
        say("本浏览器中保存的记录已删除；网址中仍有记录");
      }
    },
    { signal },
  );
  root.querySelector("#record-clear").addEventListener(
    "click",
    () => {
      const store = storage();
      if (store) store.removeItem(STORAGE_KEY);
      keep.checked = false;
      showRows([]);
      asOfInput.value = "";
      area.replaceChildren();
      delete area.dataset.status;
      delete area.dataset.result;
      remember();
      say("记录已清除：网址和本浏览器中都不再保存");
    },
    { signal },
  );
  root.querySelector("#record-export").addEventListener(
    "click",
    () => {
      const rows = filled();
      if (!rows.length) {
        say("还没有可导出的年度");
        return;
      }
      const link = element("a", { href: URL.createObjectURL(new Blob([recordCsv(rows)], { type: "text/csv;charset=utf-8" })), download: "继续教育多年记录.csv" });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      say("已导出：这个 CSV 文件可以再导入，也可以用命令行 python -m calculator record 核对");
    },
    { signal },
  );
  root.querySelector("#record-import").addEventListener(
    "change",
    async (event) => {
      const file = event.target.files && event.target.files[0];
      event.target.value = "";
      if (!file) return;
      if (file.size > MAX_RECORD_BYTES) {
        say(`文件“${shorten(file.name)}”太大（超过 ${MAX_RECORD_BYTES / 1024} KB），不是多年记录：每个年度一行，表头 年度,公需必修,公需选修,专业科目`);
        return;
      }
      let text;
      try {
        text = decodeCsv(new Uint8Array(await file.arrayBuffer()));
      } catch (error) {
        say(error.message);
        return;
      }
      const answer = await ask("record-file", { text });
      if (answer.error) {
        say(`文件“${shorten(file.name)}”没有导入：${answer.error.message}`);
        return;
      }
      showRows(answer.result.map((row) => Object.fromEntries(RECORD_FIELDS.map(([key]) => [key, String(row[key] ?? "")]))));
      say(`已导入 ${answer.result.length} 个年度`);
      remember();
      run();
    },
    { signal },
  );
  window.addEventListener(
    "hashchange",
    () => {
      if (recordFromAddress(location.hash) && restore()) run();
    },
    { signal },
  );
  window.addEventListener("afterprint", () => delete document.documentElement.dataset.gxPrint, { signal });

  if (restore()) run();
}
