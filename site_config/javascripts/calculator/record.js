// 多年记录: several years of one person checked at once (calculator/record.py in the worker); the form and its buttons.
//
// Years are added by hand or from the single check above; the record is kept in the address (record_state.js),
// drawn by record_view.js, printed alone on one page (html[data-gx-print="record"], calculator.css).

import { element, shorten } from "./dom.js";
import { ask } from "./engine.js";
import { askAgain } from "./freshness.js";
import { MAX_FILE_BYTES, dateBoxTakes, megabytes } from "./fields.js";
import { RECORD_FIELDS, STORAGE_KEY, otherSegments, recordCsv, recordFragment, recordFromAddress, saved, storage } from "./record_state.js";
import { recordError, renderRecord } from "./record_view.js";
import { asOfOrToday, today } from "./render.js";

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
      const next = node.nextElementSibling || node.previousElementSibling;
      node.remove();
      renumber();
      remember();
      // The focus goes on to the row that took its place (or the one before it, or 添加年度), not back to the page's top.
      const target = next ? next.querySelector("input") : root.querySelector("#record-add");
      if (target) target.focus();
    });
    list.append(node);
    return node;
  };

  // Each row named by its place (第 2 个年度, 删除第 2 个年度) again after one was removed: no two rows of one name.
  const renumber = () => {
    [...list.children].forEach((node, index) => {
      node.setAttribute("aria-label", `第 ${index + 1} 个年度`);
      node.querySelector(".gx-record-remove").setAttribute("aria-label", `删除第 ${index + 1} 个年度`);
    });
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
    const parts = [...otherSegments(location.hash), ...recordFragment(rows, asOfGiven())];
    history.replaceState(history.state, "", parts.length ? `#${parts.join("&")}` : location.pathname + location.search);
    const store = storage();
    if (store && keep.checked) store.setItem(STORAGE_KEY, JSON.stringify({ rows, asOf: asOfGiven() }));
  };

  // The 查询日期 as given: a date from the address that the date box cannot show as written (2027/1/5, 2026-02-30)
  // is kept in data-given and handed to the core as it is, which reads it as the command line does or refuses it
  // (the box was emptied, i.e. today, without a word).
  const asOfGiven = () => (asOfInput.dataset.given !== undefined ? asOfInput.dataset.given : asOfInput.value);
  asOfInput.addEventListener("input", () => delete asOfInput.dataset.given, { signal });
  // A 查询日期 put into the box: as it is when the box takes it, else kept as given (asOfGiven) for the core.
  const showAsOf = (value) => {
    asOfInput.value = dateBoxTakes(value) ? value : "";
    if (asOfInput.value !== value) asOfInput.dataset.given = value;
    else delete asOfInput.dataset.given;
  };

  const run = async () => {
    askAgain(); // is the server still on these rules? (freshness.js: the result is relabelled if not)
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
    const given = asOfGiven();
    asOfInput.removeAttribute("aria-invalid");
    const answer = await ask("record", { years, as_of: asOfOrToday(given) });
    if (mine !== latest || signal.aborted) return;
    if (answer.error) {
      if (answer.error.field === "as_of") asOfInput.setAttribute("aria-invalid", "true");
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
    if (asOfInput.dataset.given !== undefined && asOfInput.dataset.given === given && answer.result.as_of) {
      asOfInput.value = answer.result.as_of; // the day the core read (2027/1/5 → 2027-01-05)
      delete asOfInput.dataset.given;
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
      showAsOf(found.asOf); // read or refused by the core (run) when the box cannot show it
      return found.rows.length > 0;
    }
    const kept = saved();
    if (kept) {
      keep.checked = true;
      showRows(kept.rows);
      showAsOf(kept.asOf);
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
      // What 撤销 puts back: one tap on a small button must not lose years of records for good.
      const before = { rows: rowsOf(), asOf: asOfGiven(), kept: keep.checked, stored: store && store.getItem(STORAGE_KEY) };
      if (store) store.removeItem(STORAGE_KEY);
      keep.checked = false;
      showRows([]);
      showAsOf("");
      area.replaceChildren();
      delete area.dataset.status;
      delete area.dataset.result;
      remember();
      const undo = element("button", { type: "button", className: "md-button gx-record-undo" }, "撤销");
      undo.addEventListener("click", () => {
        if (before.stored && store) store.setItem(STORAGE_KEY, before.stored);
        keep.checked = before.kept;
        showAsOf(before.asOf);
        showRows(before.rows);
        remember();
        say("记录已恢复");
        run();
      });
      status.replaceChildren("记录已清除：网址和本浏览器中都不再保存。", undo);
      undo.focus();
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
      if (file.size > MAX_FILE_BYTES) {
        say(
          `文件“${shorten(file.name)}”有 ${megabytes(file.size)}，超过网页能读的上限 ${megabytes(MAX_FILE_BYTES)}，没有导入：` +
            "多年记录每个年度一行（表头 年度,公需必修,公需选修,专业科目）；或用命令行 python -m calculator record 核对（不限大小）",
        );
        return;
      }
      const answer = await ask("record-file", { file }); // read, decoded and parsed by the worker, as a staff list
      if (answer.error) {
        say(`文件“${shorten(file.name)}”没有导入：${answer.error.message}`);
        return;
      }
      showRows(answer.result.map((row) => Object.fromEntries(RECORD_FIELDS.map(([key]) => [key, String(row[key] ?? "")]))));
      say(`已导入 ${answer.result.length} 个年度${answer.sheet ? `（${answer.sheet}）` : ""}`);
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
