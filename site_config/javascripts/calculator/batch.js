// Batch: a staff list from a CSV file, checked by the core in the worker, shown a page at a time, downloadable.

import { element, shorten } from "./dom.js";
import { ask, engine } from "./engine.js";
import { defaultYear } from "./form.js";
import { askAgain, freshnessListeners, renderVersion, standing } from "./freshness.js";
import { MAX_FILE_BYTES, megabytes } from "./fields.js";

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

// The largest file the page checks (FILE_LIMIT_MB in calculator/table.py): MicroPython's heap in the worker holds the
// rows and the result at once (a 7.9 MB file of 235,000 rows was checked; 10 MB ran out of memory). The command line
// has no such limit. The worker reads, decodes and parses the file itself (worker.js, its CSV section).

const BATCH_PAGE_ROWS = 100; // a page of the result table: a few thousand rows at once would freeze the page

// The core's 结论 (calculator/explain.py verdict_cell): without the year's notice never a plain 达标.
const VERDICT_MARKS = { 达标: "✓ 达标", 未达标: "✗ 未达标", true: "✓ 达标", false: "✗ 未达标" };
const passedVerdict = (verdict) => verdict === "true" || (verdict || "").startsWith("达标");

// A data row's status from the worker's letter for it (calculator_browser.batch_statuses).
const STATUSES = { p: "pass", f: "fail", e: "error" };

// A name's cell: on one line, unless the name is long (a 32-letter Latin name, or 990 characters), which then wraps
// rather than widening the table past a phone's screen (calculator.css, .gx-long-name).
const LONG_NAME = 12;
const nameCell = (name) => (name.length > LONG_NAME ? { className: "gx-long-name" } : {});

// One person a row: name, verdict and what is missing (or the error, in full) first; every column one tap away.
function batchRow(header, columns, row) {
  const cells = row.cells;
  const error = columns.error !== null ? cells[columns.error] : "";
  const name = columns.name !== null ? cells[columns.name] : cells[0];
  const verdict = row.status === "error" ? "未核对" : VERDICT_MARKS[cells[columns.passed]] || `${passedVerdict(cells[columns.passed]) ? "✓ " : ""}${cells[columns.passed]}`;
  const more = element(
    "details",
    { className: "gx-batch-more" },
    element("summary", { "aria-label": `全部列：${name}` }, "全部列"), // each toggle named by its row's person
    element(
      "dl",
      {},
      header.flatMap((title, index) => [element("dt", {}, title), element("dd", {}, cells[index] || "—")]),
    ),
  );
  return element(
    "tr",
    { "data-status": row.status },
    element("td", nameCell(name), name),
    // 达标（常设规则，必修课未核对）: the words in brackets on a line of their own, so the column stays narrow on a phone
    element("td", {}, ...verdict.split(/(?=（)/).flatMap((part, index) => (index ? [element("br"), element("small", {}, part)] : [part]))),
    element(
      "td",
      {},
      row.status === "error" ? element("span", { className: "gx-batch-error" }, error) : cells[columns.missing],
      more,
    ),
  );
}

// A file the page made, downloaded under a name (the browser's own download, no request anywhere).
function save(blob, name) {
  const link = element("a", { href: URL.createObjectURL(blob), download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
}

// The 多年汇总 (calculator/people.py), one person a row: the name with the ID (two people of one name told apart), the
// years, the summary sentence (its counts, what can still be done by when, what cannot, what cannot be known, or why
// the person could not be summarised) and the rows with errors; the downloads hold every column.
const PEOPLE_SHOWN = ["姓名", "年度", "小结", "有错误的行"];

function peopleTable(summary) {
  const header = summary[0];
  const indexes = PEOPLE_SHOWN.map((name) => header.indexOf(name)).filter((index) => index >= 0);
  const id = header.indexOf("编号");
  const cell = (row, index) => {
    if (index !== header.indexOf("姓名")) return element("td", {}, row[index] || "");
    const name = row[index] || "";
    if (id < 0 || !row[id]) return element("td", nameCell(name), name);
    return element("td", nameCell(name), name, element("br"), element("small", {}, `编号 ${row[id]}`));
  };
  return [
    element("thead", {}, element("tr", {}, indexes.map((index) => element("th", { scope: "col" }, header[index])))),
    element(
      "tbody",
      {},
      summary.slice(1).map((row) => element("tr", {}, indexes.map((index) => cell(row, index)))),
    ),
  ];
}

// A result file goes to people who never see this page: one made on rules the page knows are old is not handed out
// (the buttons are disabled, a line says to load the new data and check again); one made from the offline copy, or
// without the server's confirmation, says so in its name, with the rules version (its 规则版本 column names it too).
// The file's content is the command line's, whatever the page's state.
function downloadName(base, extension, version) {
  const where = standing(version);
  if (where.kind === "offline") return `${base}（离线副本，规则版本 ${version.id}）.${extension}`;
  if (where.kind === "unverified") return `${base}（未能向服务器核实规则，规则版本 ${version.id}）.${extension}`;
  return `${base}.${extension}`;
}

export function bindBatch(root, signal) {
  const form = root.querySelector("#batch-form");
  const fileInput = root.querySelector("#batch-file");
  const yearSelect = root.querySelector("#batch-year");
  const status = root.querySelector("#batch-status");
  const progress = root.querySelector("#batch-progress");
  const summary = root.querySelector("#batch-summary");
  const batchVersion = root.querySelector("#batch-rules-version");
  const download = root.querySelector("#batch-download");
  const downloadXlsx = root.querySelector("#batch-download-xlsx");
  const table = root.querySelector("#batch-table");
  const view = root.querySelector("#batch-view");
  const filter = root.querySelector("#batch-filter");
  const previous = root.querySelector("#batch-previous");
  const next = root.querySelector("#batch-next");
  const pageText = root.querySelector("#batch-page");
  const people = root.querySelector("#batch-people");
  const peopleTableElement = root.querySelector("#batch-people-table");
  const peopleDownload = root.querySelector("#batch-people-download");
  const downloadNote = root.querySelector("#batch-download-note");
  defaultYear(yearSelect);
  let running = false;
  let rerun = false;
  let header = null;
  let columns = null;
  let rows = []; // each data row: {index, status, cells (its result row, once the worker has made it)}
  let first = 0;
  let showing = 0; // the page of the table last asked for (an earlier one's rows arriving later are not shown)
  let version = null; // the rules version of the result on show

  // The downloads' state follows what the page knows of its rules (freshness.js): disabled on old rules.
  const heldBack = () => {
    if (!version) return "";
    const where = standing(version);
    if (where.kind !== "old") return "";
    return where.reload
      ? "这份结果是按旧规则核对的，不能下载：请重新载入本页，再核对一次表格"
      : "这份结果是按旧规则核对的，不能下载：请点上方的“载入新数据”，再核对一次表格";
  };
  const showDownloads = () => {
    const why = heldBack();
    for (const button of [download, downloadXlsx, peopleDownload]) {
      if (!button.dataset.busy) button.disabled = Boolean(why);
    }
    downloadNote.textContent = why;
    downloadNote.hidden = !why;
  };
  freshnessListeners.add(showDownloads);
  if (signal) signal.addEventListener("abort", () => freshnessListeners.delete(showDownloads));

  const say = (text, state) => {
    status.textContent = text;
    status.dataset.state = state;
  };

  const listed = () => (filter.value === "all" ? rows : rows.filter((row) => row.status === filter.value));

  // The result rows of these data rows, asked of the worker where not yet made (it makes them as the command line's).
  const fill = async (wanted) => {
    const missing = wanted.filter((row) => !row.cells);
    if (!missing.length) return true;
    const answer = await ask("batch-rows", { indexes: missing.map((row) => row.index) });
    if (answer.error) {
      say(answer.error.message, "error");
      return false;
    }
    answer.result.table
      .split("\x1e")
      .slice(1)
      .forEach((line, at) => {
        missing[at].cells = line.split("\x1f");
      });
    return true;
  };

  const showPage = async () => {
    const list = listed();
    if (first >= list.length) first = Math.max(0, Math.floor((list.length - 1) / BATCH_PAGE_ROWS) * BATCH_PAGE_ROWS);
    const shown = list.slice(first, first + BATCH_PAGE_ROWS);
    const asked = ++showing;
    const current = rows;
    if (!(await fill(shown)) || asked !== showing || current !== rows) return;
    table.replaceChildren(
      element(
        "thead",
        {},
        element("tr", {}, ["姓名", "结论", "还差什么"].map((name) => element("th", { scope: "col" }, name))),
      ),
      element("tbody", {}, shown.map((row) => batchRow(header, columns, row))),
    );
    pageText.textContent = list.length ? `第 ${first + 1}–${first + shown.length} 条，共 ${list.length} 条` : "没有这样的行";
    previous.disabled = first === 0;
    next.disabled = first + BATCH_PAGE_ROWS >= list.length;
    view.hidden = false;
  };

  // No result on show: nothing to page through or download.
  const clear = () => {
    table.replaceChildren();
    view.hidden = true;
    summary.textContent = "";
    batchVersion.replaceChildren();
    version = null;
    showDownloads();
    download.hidden = true;
    downloadXlsx.hidden = true;
    people.hidden = true;
    peopleTableElement.replaceChildren();
    header = null;
    columns = null;
    rows = [];
    first = 0;
  };

  // A batch's result as the worker hands it over once every row's verdict is known (worker.js): the counts, each
  // row's outcome, the header and the first page's rows (one text, rows joined by \x1e and cells by \x1f), the
  // 多年汇总. The worker goes on making every row's result for the other pages and the downloads, which wait for it.
  const show = async (result, year) => {
    progress.hidden = true;
    const counts = result.counts;
    const checked = counts.passed + counts.failed + counts.error;
    const sheet = result.sheet ? `（${result.sheet}）` : ""; // as the command line says it
    summary.textContent = `共 ${checked} 行：达标 ${counts.passed}，未达标 ${counts.failed}，有错误 ${counts.error}${sheet}`;
    version = result.rules_version;
    batchVersion.replaceChildren(renderVersion(version));
    showDownloads();
    download.hidden = false;
    downloadXlsx.hidden = false;
    await nextTask(); // the table in a task of its own: no single task long enough to freeze the page
    if (rerun) return; // another file or year chosen meanwhile
    columns = result.columns;
    const statuses = result.statuses;
    const read = new Array(statuses.length);
    for (let index = 0; index < statuses.length; index += 1) read[index] = { index, status: STATUSES[statuses[index]], cells: null };
    const lines = result.table.split("\x1e");
    header = lines[0].split("\x1f");
    lines.slice(1).forEach((line, index) => {
      read[index].cells = line.split("\x1f");
    });
    rows = read;
    await showPage();
    if (rerun) return;
    if (result.summary) {
      peopleTableElement.replaceChildren(...peopleTable(result.summary));
      people.hidden = false;
    }
    say(`核对完成（${year} 年度；有“年度”列的行按该列）：结果可下载为 Excel 工作簿（.xlsx）或 CSV`, "done");
  };

  const run = async () => {
    askAgain(); // is the server still on these rules? (freshness.js: the result is relabelled if not)
    if (running) {
      // Another file or year was chosen while a check ran (its verdicts may be on show while the worker makes every
      // row's result): that result is no longer the one asked for; this choice is checked when the worker is free.
      rerun = true;
      clear();
      say("正在核对……", "running");
      return;
    }
    const file = fileInput.files && fileInput.files[0];
    if (!file) {
      say("请先选择一个名单文件（Excel .xlsx 或 CSV）", "error");
      return;
    }
    // The result on show is the last file's: gone before this one is read or refused (a refused file left the
    // previous list's result on screen under its refusal).
    clear();
    if (file.size > MAX_FILE_BYTES) {
      say(
        `文件“${shorten(file.name)}”有 ${megabytes(file.size)}，超过网页批量核对的上限 ${megabytes(MAX_FILE_BYTES)}（约 20 万行），没有读取：` +
          "请把表格分成几个较小的文件，或用命令行 python -m calculator batch 核对（不限大小）",
        "error",
      );
      return;
    }
    running = true;
    say(`正在读取 ${shorten(file.name)}……`, "running");
    try {
      say(engine.state === "ready" ? "正在核对……" : "计算器加载完成后立即核对……", "running");
      let estimate = 1;
      progress.max = estimate;
      progress.value = 0;
      progress.hidden = false;
      const year = yearSelect.value;
      let shown = null; // the result drawn from the verdicts, before the worker has finished
      const answer = await ask("batch", { file, year, first: BATCH_PAGE_ROWS }, (message) => {
        if (message.verdicts) {
          if (!rerun) shown = show(message.verdicts.result, year);
          return;
        }
        if (message.total) {
          estimate = message.total; // the worker's first report: how many data rows the file has
          progress.max = estimate;
        }
        progress.value = Math.min(message.done, estimate);
        say(`正在核对：${Math.min(message.done, estimate)} / ${estimate} 行`, "running");
      });
      progress.value = estimate;
      progress.hidden = true;
      if (shown) await shown;
      if (rerun) return; // another choice to check: the finally below starts it
      if (answer.error) {
        clear(); // a result drawn from the verdicts cannot be downloaded: the worker could not finish it
        say(answer.error.message, "error");
        return;
      }
      if (!shown) await show(answer.result, year);
    } finally {
      running = false;
      if (rerun) {
        rerun = false;
        run();
      }
    }
  };

  // The downloads are made when asked for (the .xlsx by a module the worker imports then; the CSVs, their cells made
  // spreadsheet safe, by the core), and saved at once, after the server is asked again whether these rules are still
  // its own (a result on old rules is not saved: showDownloads).
  const offer = (button, type, input, base, extension) =>
    button.addEventListener("click", async () => {
      if (button.disabled) return;
      button.disabled = true;
      button.dataset.busy = "true";
      try {
        await askAgain();
        const made = version;
        if (!made || heldBack()) return;
        const answer = await ask(type, input);
        if (answer.error) say(answer.error.message, "error");
        else if (made === version && !heldBack()) save(answer.result.file, downloadName(base, extension, made));
      } finally {
        delete button.dataset.busy;
        button.disabled = false;
        showDownloads();
      }
    });
  offer(downloadXlsx, "xlsx", {}, "学时核对结果", "xlsx");
  offer(download, "csv", {}, "学时核对结果", "csv");
  offer(peopleDownload, "csv", { summary: true }, "多年汇总", "csv");

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  fileInput.addEventListener("change", run);
  // A result on show is never left on another year than the one chosen: changing it checks the file again.
  yearSelect.addEventListener("change", () => {
    if (fileInput.files && fileInput.files[0]) run();
  });
  filter.addEventListener("change", () => {
    first = 0;
    if (header) showPage();
  });
  previous.addEventListener("click", () => {
    first = Math.max(0, first - BATCH_PAGE_ROWS);
    showPage();
  });
  next.addEventListener("click", () => {
    first += BATCH_PAGE_ROWS;
    showPage();
  });
}
