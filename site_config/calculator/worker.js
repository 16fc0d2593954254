// The calculator's module Web Worker: MicroPython (WebAssembly) running the calculator/ core, off the page's thread.
//
// Loads runtime/micropython.mjs + .wasm and the core bundle (the core and the glue calculator_browser.py
// compiled to MicroPython bytecode, and the compiled rules; layout in generator/core_bundle.py) from this
// site only, writes the files into MicroPython's file system and imports them. Requests that arrive
// before it is ready wait for it. The site serves this file as worker.<hash>.js behind a line naming its
// bundle, `const CORE_BUNDLE = "core.<hash>.bundle"` (generator/calculator_assets.py): one worker URL
// stands for one build of the core and the rules.
//
// Messages in:  {id, type: "check", input: {year, public_required, public_elective, professional, as_of}}
//               {id, type: "hours", input: {start, end, start_half, end_half}}
//               {id, type: "batch", input: {text, year, as_of}}
//               {id, type: "record", input: {years: [{year, public_required, public_elective, professional}], as_of}}
//               {id, type: "record-file", input: {text}} (the years of a record file, as the command line reads it)
// Messages out: {type: "ready", ms, version, rules_version: {id, date}, links} once, or {type: "failed", message}
//               {id, type: "progress", done} while a batch runs (rows checked so far)
//               {id, type: "answer", answer: {result} | {error: {message, field}}}
//               (a batch's result: {counts, rows: the output table, header first, file: the CSV download as a Blob,
//               rules_version})

/* global CORE_BUNDLE */
const HERE = new URL("./", import.meta.url);
const FILES_ROOT = "/gx";
const HEAP_BYTES = 8 * 1024 * 1024;
const BATCH_PROGRESS_ROWS = 100; // the core reports every 100 rows (a few milliseconds of work) …
const PROGRESS_EVERY_MS = 100; // … and the page hears of it at most every 100 ms (each report redraws its progress bar)

const started = performance.now();
const stages = {};
const ready = start();
ready.then(
  ({ version, rulesVersion, links }) => postMessage({
      type: "ready",
      ms: Math.round(performance.now() - started),
      stages: { ...stages, origin: performance.timeOrigin },
      version,
      rules_version: rulesVersion,
      links,
    }),
  (error) => postMessage({ type: "failed", message: describe(error) }),
);

async function start() {
  if (typeof WebAssembly !== "object") throw new Error("这个浏览器不支持 WebAssembly");
  const bundleRequest = fetch(new URL(CORE_BUNDLE, HERE)).then((response) => {
    if (!response.ok) throw new Error(`读取 ${CORE_BUNDLE} 失败（HTTP ${response.status}）`);
    return response.arrayBuffer().then(unpack);
  });
  // The WebAssembly file is requested now, beside the runtime's script, not after it has run: on a slow line the
  // two downloads overlap. The runtime's own request for it is answered with this response, read by nobody
  // before: the runtime compiles it as it streams in, from its own URL (so the browser can keep the compiled code
  // for the next visit), and it is downloaded once, with no second request to the cache or the server.
  const wasmUrl = new URL("runtime/micropython.wasm", HERE).href;
  const wasmResponse = fetch(wasmUrl, { credentials: "same-origin" });
  wasmResponse.catch(() => {}); // a failed request is reported by the runtime, which asks again
  const { loadMicroPython } = await import(new URL("runtime/micropython.mjs", HERE).href);
  stages.runtimeImported = performance.now() - started;
  const mp = await answeringFetch(wasmUrl, wasmResponse, () =>
    loadMicroPython({
      url: wasmUrl,
      heapsize: HEAP_BYTES,
      stdout: () => {},
      stderr: (line) => console.warn("[MicroPython]", line),
    }),
  );
  stages.runtimeLoaded = performance.now() - started;
  const bundle = await bundleRequest;
  stages.bundleLoaded = performance.now() - started;
  writeFiles(mp.FS, bundle.files);
  mp.runPython(
    `import sys\nsys.path.insert(0, "${FILES_ROOT}")\nimport calculator_browser\n` +
      `calculator_browser.load("${FILES_ROOT}/calculator/rules.json")`,
  );
  stages.coreImported = performance.now() - started;
  return { glue: mp.pyimport("calculator_browser"), version: bundle.version, rulesVersion: bundle.rules_version, links: bundle.links };
}

// Runs load() with the first fetch(url) it makes answered by `response` (a promise of a Response nobody has
// read); any other request, or a second one for url (the runtime's retry after a failure), goes to the network.
async function answeringFetch(url, response, load) {
  const networkFetch = self.fetch;
  let answered = false;
  self.fetch = (input, init) => {
    if (!answered && String(input) === url) {
      answered = true;
      return response;
    }
    return networkFetch.call(self, input, init);
  };
  try {
    return await load();
  } finally {
    self.fetch = networkFetch;
  }
}

// core.bundle: "GXCORE1\n", one line of JSON (the header, with files: [{path, size}]), then the files' bytes.
function unpack(buffer) {
  const bytes = new Uint8Array(buffer);
  const magic = "GXCORE1\n";
  const start = magic.length;
  const end = bytes.indexOf(10, start);
  if (new TextDecoder().decode(bytes.subarray(0, start)) !== magic || end < 0) throw new Error("core.bundle 的格式不对");
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(start, end)));
  const files = {};
  let offset = end + 1;
  for (const { path, size } of header.files) {
    files[path] = bytes.subarray(offset, offset + size);
    offset += size;
  }
  if (offset !== bytes.length) throw new Error("core.bundle 不完整");
  return { ...header, files };
}

function writeFiles(fs, files) {
  const made = new Set();
  const makeFolder = (path) => {
    if (made.has(path)) return;
    made.add(path);
    fs.mkdir(path);
  };
  makeFolder(FILES_ROOT);
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split("/");
    for (let depth = 1; depth < parts.length; depth += 1) makeFolder(`${FILES_ROOT}/${parts.slice(0, depth).join("/")}`);
    fs.writeFile(`${FILES_ROOT}/${path}`, text);
  }
}

// The rows (lists of cells) of the CSV text calculator/batch.py's write_csv made: CRLF after every row, a field
// quoted when it holds a comma, a quote or a line break, quotes inside doubled (QUOTE_MINIMAL).
function csvRows(csv) {
  const rows = [];
  let row = [];
  let at = 0;
  while (at < csv.length) {
    let cell;
    if (csv[at] === '"') {
      let end = at + 1;
      cell = "";
      for (;;) {
        const quote = csv.indexOf('"', end);
        if (quote < 0) throw new Error("计算器内部错误：结果表格的引号不成对");
        cell += csv.slice(end, quote);
        if (csv[quote + 1] !== '"') {
          at = quote + 1;
          break;
        }
        cell += '"';
        end = quote + 2;
      }
    } else {
      let end = at;
      while (end < csv.length && csv[end] !== "," && csv[end] !== "\r") end += 1;
      cell = csv.slice(at, end);
      at = end;
    }
    row.push(cell);
    if (csv[at] === ",") {
      at += 1;
    } else if (csv.startsWith("\r\n", at)) {
      rows.push(row);
      row = [];
      at += 2;
    } else {
      throw new Error("计算器内部错误：结果表格的格式不对");
    }
  }
  return rows;
}

function describe(error) {
  const text = error && error.message ? error.message : String(error);
  return text.split("\n").filter(Boolean).slice(-1)[0] || "未知错误";
}

function parsed(json) {
  return JSON.parse(json);
}

function text(value) {
  return value === undefined || value === null ? "" : String(value);
}

async function handle(message) {
  const { glue, rulesVersion } = await ready.catch((error) => {
    throw new Error(`计算器未能加载：${describe(error)}`);
  });
  const input = message.input || {};
  if (message.type === "check") {
    return parsed(
      glue.check(
        text(input.year),
        text(input.public_required),
        text(input.public_elective),
        text(input.professional),
        text(input.as_of),
      ),
    );
  }
  if (message.type === "hours") {
    return parsed(glue.hours(text(input.start), text(input.end), text(input.start_half), text(input.end_half)));
  }
  if (message.type === "record") {
    const answer = parsed(glue.record(JSON.stringify(input.years || []), text(input.as_of)));
    if (answer.result) answer.result.rules_version = answer.result.rules_version || rulesVersion;
    return answer;
  }
  if (message.type === "record-file") {
    return parsed(glue.record_file(text(input.text)));
  }
  if (message.type === "batch") {
    let reportedAt = performance.now();
    const report = (done) => {
      const now = performance.now();
      if (now - reportedAt < PROGRESS_EVERY_MS) return;
      reportedAt = now;
      postMessage({ id: message.id, type: "progress", done });
    };
    let answer;
    try {
      answer = parsed(glue.batch(text(input.text), text(input.year), text(input.as_of), report, BATCH_PROGRESS_ROWS));
    } catch (error) {
      // The text did not even fit into MicroPython's heap (calculator_browser.py answers the same for the rows).
      if (!/MemoryError|memory allocation failed/.test(describe(error))) throw error;
      return { error: { message: glue.OUT_OF_MEMORY, field: null } };
    }
    if (answer.result) {
      const csv = glue.batch_csv();
      // The download, made here: UTF-8 with a BOM so that Excel opens it; a Blob reaches the page without copying.
      answer.result.file = new Blob(["\ufeff", csv], { type: "text/csv;charset=utf-8" });
      answer.result.rows = csvRows(csv);
      answer.result.rules_version = rulesVersion;
    }
    return answer;
  }
  throw new Error(`计算器内部错误：未知的请求 ${message.type}`);
}

// One request at a time, in order: MicroPython is single-threaded.
let queue = Promise.resolve();

self.onmessage = (event) => {
  const message = event.data;
  queue = queue
    .then(() => handle(message))
    .then(
      (answer) => postMessage({ id: message.id, type: "answer", answer }),
      (error) =>
        postMessage({
          id: message.id,
          type: "answer",
          answer: { error: { message: describe(error), field: null, internal: true } },
        }),
    );
};
