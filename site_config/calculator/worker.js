// The calculator's module Web Worker: MicroPython (WebAssembly) running the calculator/ core, off the page's thread.
//
// Loads runtime/micropython.mjs + .wasm and the core bundle (the core and the glue calculator_browser.py
// compiled to MicroPython bytecode, and the compiled rules, as a ROMFS image the runtime mounts at /rom; then the
// runtime's memory as it is once they are imported; layout in generator/browser/core_bundle.py) from this site only,
// and writes that memory back instead of importing (restoreSnapshot). Requests that arrive before it is ready wait
// for it. The site serves this file as worker.<hash>.js behind a line naming its
// bundle, `const CORE_BUNDLE = "core.<hash>.bundle"` (generator/calculator_assets.py): one worker URL
// stands for one build of the core and the rules.
//
// Messages in:  {id, type: "check", input: {year, public_required, public_elective, professional, as_of}} (and one such
//               check may come in the worker's name: "calculator " + JSON {id, input}, answered with "ready")
//               {id, type: "hours", input: {start, end, start_half, end_half}}
//               {id, type: "add-hours", input: {professional, hours, year}} (计入专业科目: the typed value read as the check
//               of that year reads it, plus the training's hours: {result: {sum}} or the check's error for the value)
//               {id, type: "batch", input: {file, year, as_of, first}} (file: the chosen File, CSV or .xlsx; read and parsed
//               here; first: how many result rows to hand over with the verdicts: the page's first page)
//               {id, type: "batch-rows", input: {indexes}} (the last batch's result rows at these indexes, from 0: a page)
//               {id, type: "csv", input: {summary}} (the last batch's result, or its 多年汇总, as a CSV download: made then)
//               {id, type: "xlsx"} (the last batch's result as an .xlsx: made by xlsx.<hash>.js, imported then)
//               {id, type: "record", input: {years: [{year, public_required, public_elective, professional}], as_of}}
//               {id, type: "record-file", input: {file}} (the years of a record file, read as the command line reads it)
// Messages out: {type: "ready", ms, version, rules_version: {id, date}, links, answers: [{id, answer}]} once (answers:
//               the checks asked before it was ready), or {type: "failed", message}
//               {id, type: "progress", done, total} while a batch runs (rows checked so far; total first, once), then
//               {id, type: "progress", verdicts: the batch's answer} once every row's verdict is known (the page draws
//               it while the worker makes every row's result; the answer follows when they are made)
//               {id, type: "answer", answer: {result} | {error: {message, field}}}
//               (a batch's result: {counts, statuses: each data row's outcome, one letter a row (p passed, f failed, e
//               not checked: calculator_browser.batch_statuses), table: the header and the first `first` result rows,
//               cells joined by \x1f and rows by \x1e, columns: where the name, verdict, missing and error are
//               (table.result_columns), rules_version, ms: the time it took to read, to know every verdict and then to
//               make every row's result, fresh_runtime: read on a fresh runtime (RENEW_AFTER_BYTES), and when someone
//               has several years people, summary: the 多年汇总 rows);
//               a batch-rows answer: {result: {table}} (header first, joined as above);
//               a csv or xlsx answer: {result: {file: Blob}})

/* global CORE_BUNDLE, XLSX_MODULE */
const HERE = new URL("./", import.meta.url);
const ROMFS_ROOT = "/rom"; // where the runtime mounts the core bundle's ROMFS image (on its sys.path from the start)
const BATCH_PROGRESS_ROWS = 100; // the core reports every 100 rows (a few milliseconds of work) …
const PROGRESS_EVERY_MS = 100; // … and the page hears of it at most every 100 ms (each report redraws its progress bar)
// MicroPython's heap grows for a big file (a batch of 200,000 rows took ~250 MB) and never shrinks; in a heap grown that
// much the next big batch ran 30–60 times slower (a 6 MB list: 1.8 s in a fresh page, 100 s after such a batch). A
// batch is read on a fresh runtime, made in ~10–50 ms, when the heap has grown by more than this since the runtime
// started; the old runtime, heap and all, is let go (with the last batch's result: the new batch replaces it).
const RENEW_AFTER_BYTES = 32 * 1024 * 1024;

const started = performance.now();
const stages = {};
let ready = start();
let renewal = null; // what a fresh runtime is made from: {load, bundle, startBytes} (start() sets it)
// Checks asked before the core was ready are answered in the "ready" message itself: the page then draws its first
// verdict in the same task as it learns the calculator is ready, not a frame later (bench/: the first verdict).
// The first is the check in the page's URL, which the page put into this worker's name when it created it.
let answersWithReady = checkInName(self.name);
ready.then(
  ({ glue, version, rulesVersion, links }) => {
    const answers = answersWithReady.map(({ id, input }) => ({ id, answer: answerSafely(() => check(glue, input)) }));
    answersWithReady = null;
    if (answers.length) stages.earlyAnswered = performance.now() - started;
    postMessage({
      type: "ready",
      ms: Math.round(performance.now() - started),
      stages: { ...stages, origin: performance.timeOrigin },
      version,
      rules_version: rulesVersion,
      links,
      answers,
    });
  },
  (error) => {
    answersWithReady = null; // the page answers its waiting requests with the failure
    postMessage({ type: "failed", message: describe(error) });
  },
);

async function start() {
  if (typeof WebAssembly !== "object") throw new Error("这个浏览器不支持 WebAssembly");
  const bundleRequest = fetch(new URL(CORE_BUNDLE, HERE)).then((response) => {
    if (!response.ok) throw new Error(`读取 ${CORE_BUNDLE} 失败（HTTP ${response.status}）`);
    // fflate's, in the .xlsx module, only where the browser cannot decompress by itself
    return response.arrayBuffer().then((buffer) => unpack(buffer, async (part) => (await xlsxModule()).unzlibSync(part)));
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
  const bundle = await bundleRequest;
  stages.bundleLoaded = performance.now() - started;
  // The heap and Python stack the build's snapshot was taken with (generator/browser/core_snapshot.py).
  const load = () =>
    loadMicroPython({
      url: wasmUrl,
      ...bundle.runtime,
      romfs: bundle.romfs,
      stdout: () => {},
      stderr: (line) => console.warn("[MicroPython]", line),
    });
  const mp = await answeringFetch(wasmUrl, wasmResponse, load);
  stages.runtimeLoaded = performance.now() - started;
  const glue = withCore(mp, bundle);
  stages.coreImported = performance.now() - started;
  renewal = { load, bundle, startBytes: null };
  return { glue, version: bundle.version, rulesVersion: bundle.rules_version, links: bundle.links };
}

// The core in a runtime started with the bundle's ROMFS image: the build's snapshot of the runtime's memory once the
// core is imported and the rules read, written back (restoreSnapshot); or, when the snapshot does not fit this
// runtime, imported and read here. Either way without runPython: no Python source is compiled, so MicroPython's
// compiler (~70 functions of its WebAssembly, which V8 compiles when first called) never runs before the first verdict.
function withCore(mp, bundle) {
  if (restoreSnapshot(mp, bundle)) return mp.pyimport("calculator_browser");
  if (bundle.snapshot.offsets) console.warn("[calculator] the start-up snapshot does not fit this runtime: the core is imported");
  const glue = mp.pyimport("calculator_browser");
  glue.load(`${ROMFS_ROOT}/calculator/rules.json`);
  return glue;
}

// The runtime a file is read on: this one, or a fresh one when its heap has grown by more than RENEW_AFTER_BYTES.
async function runtimeForFile(runtime) {
  if (!renewal) return runtime;
  const bytes = runtime.glue.heap_bytes();
  if (renewal.startBytes === null) renewal.startBytes = bytes;
  if (bytes - renewal.startBytes <= RENEW_AFTER_BYTES) return runtime;
  let fresh;
  try {
    fresh = { ...runtime, glue: withCore(await renewal.load(), renewal.bundle), renewed: true };
  } catch (error) {
    console.warn("[calculator] a fresh runtime could not be made; the file is read on the current one", error);
    return runtime;
  }
  renewal.startBytes = fresh.glue.heap_bytes();
  ready = Promise.resolve({ ...fresh, renewed: false });
  return fresh;
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

// ==== Core bundle: begin ==============================================================================
// The core bundle read, and the build's snapshot written back into a runtime. tests/test_core_snapshot.py runs this
// section under Node (tests/runtimes/snapshot_runner.mjs).

// core.bundle: "GXCORE2\n", one line of JSON (the header: the files listed, the parts' sizes, the runtime's options,
// the snapshot's description), the ROMFS image, the snapshot's pieces, each zlib-compressed
// (generator/browser/core_bundle.py). `inflateFallback(bytes)` decompresses where the browser has no
// DecompressionStream (Safari before 16.4, Firefox before 113).
async function unpack(buffer, inflateFallback) {
  const bytes = new Uint8Array(buffer);
  const magic = "GXCORE2\n";
  const start = magic.length;
  const end = bytes.indexOf(10, start);
  if (new TextDecoder().decode(bytes.subarray(0, start)) !== magic || end < 0) throw new Error("core.bundle 的格式不对");
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(start, end)));
  const [[romfsBytes, romfsSize], [piecesBytes, piecesSize]] = [header.parts.romfs, header.parts.pieces];
  if (bytes.length !== end + 1 + romfsBytes + piecesBytes) throw new Error("core.bundle 不完整");
  const inflate = (part) => (typeof DecompressionStream === "function" ? inflated(part) : inflateFallback(part));
  const [romfs, snapshotPieces] = await Promise.all([
    inflate(bytes.subarray(end + 1, end + 1 + romfsBytes)),
    piecesBytes ? inflate(bytes.subarray(end + 1 + romfsBytes)) : new Uint8Array(0),
  ]);
  if (romfs.length !== romfsSize || snapshotPieces.length !== piecesSize) throw new Error("core.bundle 不完整");
  return { ...header, romfs, snapshotPieces };
}

async function inflated(part) {
  const stream = new Blob([part]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// Writes the snapshot's pieces into the runtime's memory, if every piece's place holds what it held when the build
// took the snapshot (the same runtime, started the same way: MicroPython's WebAssembly port is deterministic), and
// says whether it did. Nothing is written otherwise.
function restoreSnapshot(mp, bundle) {
  const { snapshot, snapshotPieces } = bundle;
  const memory = mp._module.HEAPU8;
  if (!snapshot.offsets || memory.length !== snapshot.memory) return false;
  const { chunk, offsets } = snapshot;
  if (offsets.some((offset, index) => adler32(memory.subarray(offset, offset + chunk)) !== snapshot.adler32[index])) {
    return false;
  }
  offsets.forEach((offset, index) => memory.set(snapshotPieces.subarray(index * chunk, (index + 1) * chunk), offset));
  return true;
}

// Adler-32, as Python's zlib.adler32 (generator/browser/core_snapshot.py).
function adler32(bytes) {
  let a = 1;
  let b = 0;
  for (let start = 0; start < bytes.length; start += 3800) {
    const end = Math.min(start + 3800, bytes.length);
    for (let index = start; index < end; index += 1) {
      a += bytes[index];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

// ==== Core bundle: end ================================================================================

// ==== CSV files: begin ====================================================================================
// The browser's own CSV reader and writer (no library): bytes → text as `python -m calculator batch` decodes them,
// text → rows exactly as CPython's csv.reader reads them line by line (quirks of its non-strict mode included),
// rows → CSV text as csv.writer writes them. What each row's shape means (an unpaired quote, too many columns) is
// decided by the core (calculator/table.py, Shape), from what this reader reports, so the messages are the same as
// on the command line. tests/test_calculator_csv_reader.py runs this section under Node against CPython's csv.

const CSV_FIELD_LIMIT = 131072; // csv.field_size_limit(): a longer cell ends its row (calculator/table.py)
const SNIFF_BYTES = 65536; // as calculator/csv_files.py: bytes from the first non-ASCII one that decide the encoding
const WIDE_SNIFF_BYTES = 1024; // as calculator/csv_files.py: the first bytes, that tell UTF-16 and UTF-32 without a BOM
const CHINESE_EVIDENCE = 2; // as calculator/csv_files.py: Chinese characters that make a line of a GB18030 file UTF-8
const UNIT = "\x1f"; // cells of a row, as handed to and from MicroPython
const RECORD = "\x1e"; // rows

class CsvError extends Error {}

const ENCODING_NAMES = { "utf-8": "UTF-8", gb18030: "GB18030", "utf-16le": "UTF-16", "utf-16be": "UTF-16" };

// The messages of calculator/csv_files.py, word for word.
function wideMessage(name) {
  return (
    `这个文件像是${name === "UTF-16" ? "没有 BOM 的" : ""} ${name} 文本，无法读取：` +
    "请用记事本或 Excel 打开它，另存为 UTF-8（Excel 中选“CSV UTF-8（逗号分隔）”）后再核对"
  );
}

function mixedMessage(utf8Line, otherLine) {
  return (
    `文件的编码前后不一：第 ${utf8Line} 行是 UTF-8，第 ${otherLine} 行不是（像是 GB18030）：多半是两个文件拼在了一起，` +
    "请把各部分都另存为“CSV UTF-8（逗号分隔）”再合并后核对"
  );
}

function undecodable(encoding, line) {
  const name = ENCODING_NAMES[encoding];
  return encoding === "gb18030"
    ? `无法识别文件的编码：第 ${line} 行既不是 UTF-8 也不是 GB18030：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”`
    : `文件是 ${name} 编码，但第 ${line} 行不是有效的 ${name}：请把整个文件另存为“CSV UTF-8（逗号分隔）”`;
}

// How many line breaks (\r\n, \r or \n) a text holds.
function lineBreaks(text) {
  let count = 0;
  for (let at = 0; at < text.length; at += 1) {
    const c = text.charCodeAt(at);
    if (c === 10 || (c === 13 && text.charCodeAt(at + 1) !== 10)) count += 1;
  }
  return count;
}

// The same of bytes[0, end) (in UTF-8 and GB18030 the bytes \r and \n are only ever line ends).
function byteBreaks(bytes, end) {
  let count = 0;
  for (let at = 0; at < end; at += 1) {
    if (bytes[at] === 10 || (bytes[at] === 13 && !(at + 1 < end && bytes[at + 1] === 10))) count += 1;
  }
  return count;
}

// Where the line holding bytes[at] starts, and where it ends (its first \r or \n, or `end` if it runs on past it).
function lineStart(bytes, at) {
  let start = at;
  while (start > 0 && bytes[start - 1] !== 10 && bytes[start - 1] !== 13) start -= 1;
  return start;
}

function lineEnd(bytes, at, end) {
  let stop = at;
  while (stop < end && bytes[stop] !== 10 && bytes[stop] !== 13) stop += 1;
  return stop;
}

function decoded(bytes, encoding, complete) {
  return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes, { stream: !complete });
}

// Whether the bytes read in the encoding (incomplete: a character may be cut off at their end).
function readsAs(bytes, encoding, complete) {
  try {
    decoded(bytes, encoding, complete);
  } catch (error) {
    return false;
  }
  return true;
}

// Where bytes the encoding cannot read start: the end of the longest beginning that reads (as a stream: a
// character cut at its end is not yet an error), on the line of the first byte Python's codec names.
function failure(bytes, encoding) {
  let good = 0;
  let bad = bytes.length + 1;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (readsAs(bytes.subarray(0, middle), encoding, false)) good = middle;
    else bad = middle;
  }
  return good;
}

// "UTF-16" or "UTF-32" when a file's first bytes have the NUL bytes of text in it (calculator/csv_files.py,
// wide_encoding): UTF-32, every fourth byte and at least half of those beside them; UTF-16, at odd (or even) places
// in at least an eighth of the pairs, at least 4 times as many as at the other places.
function wideEncoding(head) {
  const quads = Math.floor(head.length / 4);
  if (quads >= 2) {
    const zeros = [0, 0, 0, 0];
    for (let at = 0; at < quads * 4; at += 1) if (head[at] === 0) zeros[at % 4] += 1;
    if ((zeros[3] === quads && 2 * zeros[2] >= quads) || (zeros[0] === quads && 2 * zeros[1] >= quads)) return "UTF-32";
  }
  const pairs = Math.floor(head.length / 2);
  if (pairs >= 2) {
    const zeros = [0, 0];
    for (let at = 0; at < pairs * 2; at += 1) if (head[at] === 0) zeros[at % 2] += 1;
    const most = Math.max(...zeros);
    if (most >= 2 && 8 * most >= pairs && 4 * Math.min(...zeros) <= most) return "UTF-16";
  }
  return null;
}

// The number of the first line that reads as UTF-8 with CHINESE_EVIDENCE Chinese characters or more (0: none).
// Only lines with the bytes of one (E4–E9 or F0, then two continuation bytes) are decoded: rarely any in GB18030.
function chineseUtf8Line(bytes) {
  const follows = (at) => bytes[at] >= 0x80 && bytes[at] <= 0xbf;
  const chinese = /[\u4e00-\u9fff\u{20000}-\u{2ffff}]/gu;
  let line = 1;
  let start = 0;
  let maybe = false;
  for (let at = 0; at <= bytes.length; at += 1) {
    const byte = at < bytes.length ? bytes[at] : 10;
    if (byte === 10 || byte === 13) {
      if (maybe && readsAs(bytes.subarray(start, at), "utf-8", true)) {
        const found = decoded(bytes.subarray(start, at), "utf-8", true).match(chinese);
        if (found && found.length >= CHINESE_EVIDENCE) return line;
      }
      if (byte === 13 && bytes[at + 1] === 10) at += 1;
      line += 1;
      start = at + 1;
      maybe = false;
    } else if (((byte >= 0xe4 && byte <= 0xe9) || byte === 0xf0) && follows(at + 1) && follows(at + 2)) maybe = true;
  }
  return 0;
}

// The text of a CSV file, as calculator/csv_files.py reads it: UTF-8 (BOM or not), UTF-16 with a BOM, else the
// first SNIFF_BYTES from the first non-ASCII byte decide between UTF-8 and GB18030 (Excel's CSV on Chinese
// Windows). CsvError naming the line for bytes the encoding cannot read and for a file partly UTF-8 and partly
// GB18030 (the same lines as the command line: see decodeNarrow); CsvError for UTF-32 and UTF-16 without a BOM.
function decodeCsv(bytes) {
  const starts = (...start) => start.every((byte, at) => bytes[at] === byte);
  if (starts(0xef, 0xbb, 0xbf)) return decodeNarrow(bytes.subarray(3), "utf-8");
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) throw new CsvError(wideMessage("UTF-32"));
  if (starts(0xff, 0xfe)) return decodeWide(bytes.subarray(2), "utf-16le");
  if (starts(0xfe, 0xff)) return decodeWide(bytes.subarray(2), "utf-16be");
  const wide = wideEncoding(bytes.subarray(0, WIDE_SNIFF_BYTES));
  if (wide) throw new CsvError(wideMessage(wide));
  return decodeNarrow(bytes, null);
}

// UTF-16 after its BOM.
function decodeWide(body, encoding) {
  try {
    return decoded(body, encoding, true);
  } catch (error) {
    const line = lineBreaks(decoded(body.subarray(0, failure(body, encoding)), encoding, false)) + 1;
    throw new CsvError(undecodable(encoding, line));
  }
}

// UTF-8 after its BOM (encoding "utf-8"), or (null) UTF-8 or GB18030 as the first SNIFF_BYTES from the first
// non-ASCII byte read, as calculator/csv_files.py's _narrow_lines: a file in UTF-8 without a BOM whose line reads
// as GB18030 instead is refused as mixed, naming its first line in each encoding; so is a file read as GB18030 with
// a line that reads as UTF-8 with CHINESE_EVIDENCE Chinese characters or more, or that reads as UTF-8 and not as
// GB18030. The first such line (or line that neither encoding reads) is the one named.
function decodeNarrow(body, declared) {
  let encoding = declared || "utf-8";
  let utf8Line = 0; // UTF-8 without a BOM: the line of the first non-ASCII byte
  let gb18030Line = 0; // GB18030: the line of the first byte that is not UTF-8
  const first = declared ? -1 : body.findIndex((byte) => byte > 0x7f);
  if (first >= 0) {
    const windowEnd = Math.min(first + SNIFF_BYTES, body.length);
    const window = body.subarray(first, windowEnd);
    if (readsAs(window, "utf-8", false)) utf8Line = byteBreaks(body, first) + 1;
    else {
      const at = first + failure(window, "utf-8");
      encoding = "gb18030";
      gb18030Line = byteBreaks(body, at) + 1;
      if (!readsAs(body.subarray(lineStart(body, at), lineEnd(body, at, body.length)), "gb18030", true)) {
        throw new CsvError(undecodable("gb18030", gb18030Line));
      }
    }
  }
  let text = null;
  try {
    text = decoded(body, encoding, true);
  } catch (error) {
    // named below
  }
  // Where the encoding cannot read on (a character cut off by the end of the file: its last byte), or the end.
  const failed = text === null ? Math.min(failure(body, encoding), body.length - 1) : body.length;
  const wholeLine = (at) => body.subarray(lineStart(body, at), lineEnd(body, at, body.length));
  if (encoding === "utf-8") {
    if (text !== null) return text;
    const line = byteBreaks(body, failed) + 1;
    const cutShort = readsAs(body, "utf-8", false); // a character cut off by the end of the file
    const whole = wholeLine(failed);
    if (utf8Line && !cutShort && readsAs(whole, "gb18030", true) && !loneEuros(whole, whole.length).length) {
      throw new CsvError(mixedMessage(utf8Line, line));
    }
    throw new CsvError(undecodable("utf-8", line));
  }
  // GB18030: the first line that reads as UTF-8 with Chinese characters, or that GB18030 cannot read, or that has a
  // lone 0x80 (read as €, here and on the command line) and reads as UTF-8, decides, as there.
  const evidence = chineseUtf8Line(body) || Infinity;
  let line = 1;
  let counted = 0;
  for (const at of [...loneEuros(body, failed), failed]) {
    if (at === body.length) break;
    line += byteBreaks(body.subarray(counted), at - counted);
    counted = at;
    if (evidence <= line) break;
    if (readsAs(wholeLine(at), "utf-8", true)) throw new CsvError(mixedMessage(line, gb18030Line));
    if (at === failed) throw new CsvError(undecodable("gb18030", line));
    // a lone 0x80 in a line that is not UTF-8: read as €, as on the command line
  }
  if (evidence < Infinity) throw new CsvError(mixedMessage(evidence, gb18030Line));
  return text;
}

// Where GB18030 text has a lone 0x80 (before `end`, where it reads on): the browser's GB18030 (WHATWG's) reads it as
// €, and so does the command line (csv_files._gb18030_decoded), though CPython's codec cannot read it.
function loneEuros(bytes, end) {
  const found = [];
  let at = 0;
  while (at < end) {
    const byte = bytes[at];
    if (byte === 0x80) found.push(at);
    if (byte <= 0x80) at += 1;
    else at += bytes[at + 1] >= 0x30 && bytes[at + 1] <= 0x39 ? 4 : 2; // a four-byte or two-byte character
  }
  return found;
}

// The separators rows travel to MicroPython with cannot be in the file (the command line takes them as text), nor can
// U+0000: text coming back from MicroPython ends at the first one (the rows after it were lost without a word).
const NOT_CARRIED = /[\x00\x1e\x1f]/;

// command: the command line's command that reads such a file ("batch" for a staff list, "record" for a record).
function notCarried(character, command) {
  const code = character.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  const verb = command === "record" ? "读取" : "核对";
  return `控制字符 U+${code}${code === "0000" ? "（空字符，文件可能已损坏）" : ""}，网页无法${verb}：请删掉它，或用命令行 python -m calculator ${command} ${verb}`;
}

function refuseSeparators(text, command) {
  const at = text.search(NOT_CARRIED);
  if (at < 0) return;
  throw new CsvError(`第 ${lineBreaks(text.slice(0, at)) + 1} 行有${notCarried(text[at], command)}`);
}

const START_RECORD = 0;
const START_FIELD = 1;
const IN_FIELD = 2;
const IN_QUOTED_FIELD = 3;
const QUOTE_IN_QUOTED_FIELD = 4;
const EAT_CRNL = 5;

// The rows of a CSV text as CPython's csv.reader gives them when fed the text's lines (cut after \r\n, \r or \n),
// comma-separated unless the first line has tabs and no comma (calculator/table.py, delimiter_of):
//   {delimiter, rows: [cells | null], ends: [the line each row ends on], lines, open, overflow, longest}
// A row starts on the line after the previous row's end. open: the last row's quoted cell was never closed (the
// core then counts to line `lines + 1`). overflow: [[row, line]] for a cell that went past CSV_FIELD_LIMIT
// characters on that line: csv drops the row (null) and goes on at the next line; a row so cut on a later line
// than its first is the last read (the core refuses it). longest: the most characters in a cell.
function readCsv(text) {
  const firstLineEnd = text.search(/[\r\n]/);
  const firstLine = firstLineEnd < 0 ? text : text.slice(0, firstLineEnd);
  const delimiter = firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  const DELIMITER = delimiter.charCodeAt(0);
  const rows = [];
  const ends = [];
  const overflow = [];
  let fields = [];
  let field = "";
  let run = -1; // where the characters being added to the field began (they are added a run at a time)
  let length = 0; // the field's length in characters (code points, as Python counts)
  let longest = 0;
  let state = START_RECORD;
  let line = 1;
  let rowStart = 1;
  const end = text.length;
  const lines = lineBreaks(text) + (end > 0 && !/[\r\n]$/.test(text) ? 1 : 0);
  let lineOpen = end > 0; // a line started and not yet ended
  const flush = (at) => {
    if (run >= 0) {
      field += text.slice(run, at);
      run = -1;
    }
  };
  const save = (at) => {
    flush(at);
    fields.push(field);
    if (length > longest) longest = length;
    field = "";
    length = 0;
  };
  const lineEnd = () => {
    // csv.reader's end of a line (its EOL)
    if (state === START_FIELD || state === IN_FIELD || state === QUOTE_IN_QUOTED_FIELD) save(at);
    if (state === IN_QUOTED_FIELD) return;
    state = START_RECORD;
    rows.push(fields);
    ends.push(line);
    fields = [];
    rowStart = line + 1;
  };
  let at = 0;
  let stopped = false;
  while (at < end) {
    const c = text.charCodeAt(at);
    const breaks = c === 10 || c === 13;
    let add = false;
    switch (state) {
      case START_RECORD:
        if (breaks) {
          state = EAT_CRNL;
          break;
        }
      // falls through: a character that starts a field
      case START_FIELD:
        if (breaks) {
          save(at);
          state = EAT_CRNL;
        } else if (c === 34) state = IN_QUOTED_FIELD;
        else if (c === DELIMITER) {
          save(at);
          state = START_FIELD;
        } else {
          add = true;
          state = IN_FIELD;
        }
        break;
      case IN_FIELD:
        if (breaks) {
          save(at);
          state = EAT_CRNL;
        } else if (c === DELIMITER) {
          save(at);
          state = START_FIELD;
        } else add = true;
        break;
      case IN_QUOTED_FIELD:
        if (c === 34) {
          flush(at);
          state = QUOTE_IN_QUOTED_FIELD;
        } else add = true;
        break;
      case QUOTE_IN_QUOTED_FIELD:
        if (c === 34) {
          add = true;
          state = IN_QUOTED_FIELD;
        } else if (c === DELIMITER) {
          save(at);
          state = START_FIELD;
        } else if (breaks) {
          save(at);
          state = EAT_CRNL;
        } else {
          add = true; // csv's non-strict mode: "ab"cd reads as abcd
          state = IN_FIELD;
        }
        break;
      default: // EAT_CRNL: only line ends follow (lines are cut after them)
        break;
    }
    if (add && !(c >= 0xdc00 && c <= 0xdfff)) {
      // a character (the second half of a surrogate pair is not one)
      if (length >= CSV_FIELD_LIMIT) {
        // csv.Error: the row is dropped, reading goes on at the next line (unless the core will stop here)
        rows.push(null);
        ends.push(line);
        overflow.push([rows.length - 1, line]);
        if (line > rowStart) {
          stopped = true;
          break;
        }
        const next = text.slice(at).search(/\r\n|\r|\n/);
        fields = [];
        field = "";
        run = -1;
        length = 0;
        state = START_RECORD;
        line += 1;
        rowStart = line;
        if (next < 0) {
          at = end;
          lineOpen = false; // the last line, dropped
          break;
        }
        at += next + (text.startsWith("\r\n", at + next) ? 2 : 1);
        lineOpen = at < end;
        continue;
      }
      length += 1;
    }
    if (add && run < 0) run = at;
    at += 1;
    if (c === 10 || (c === 13 && text.charCodeAt(at) !== 10)) {
      lineEnd();
      line += 1;
      lineOpen = at < end;
    }
  }
  if (!stopped && lineOpen) lineEnd(); // the last line, without a line end
  let open = false;
  if (!stopped && state === IN_QUOTED_FIELD) {
    save(end);
    rows.push(fields);
    ends.push(lines + 1);
    open = true;
  }
  return { delimiter, rows, ends, lines, open, overflow, longest };
}

// What MicroPython is handed (calculator_browser.batch): the rows as one text, and the facts of their shape.
function rowsForPython(read) {
  const spans = [];
  let start = 1;
  let filled = 0; // rows not blank: the header and the data rows (how many the page expects to be checked)
  let widest = 0;
  read.rows.forEach((cells, index) => {
    if (cells !== null && cells.some((cell) => cell.trim())) filled += 1;
    if (cells !== null && cells.length > widest) widest = cells.length;
    if (read.ends[index] !== start && !(read.open && index === read.rows.length - 1)) spans.push([index, read.ends[index] - start]);
    start = read.ends[index] + 1;
  });
  return {
    text: read.rows.map((cells) => (cells === null ? "" : cells.join(UNIT))).join(RECORD),
    shape: JSON.stringify({
      delimiter: read.delimiter,
      rows: read.rows.length,
      lines: read.lines,
      spans,
      open: read.open,
      overflow: read.overflow,
      longest: read.longest,
      widest,
      data_rows: Math.max(filled - 1, 1),
    }),
  };
}

// Today in the person's own time zone, as 2026-06-01: the 多年汇总's date when the page gives none.
function localToday() {
  const now = new Date();
  const pad = (number) => String(number).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const SUMMARY_SHEET = "多年汇总"; // calculator/people.py SHEET_TITLE

// The result rows MicroPython hands back (calculator_browser.batch_rows).
// A batch text from the glue without the mark it starts with (calculator_browser.TEXT_START: a U+FEFF at the start of
// a string would be dropped on its way from MicroPython).
function fromPython(text) {
  if (text[0] !== "\x1d") throw new Error("calculator_browser: a batch text without its start mark");
  return text.slice(1);
}

function rowsFromPython(text) {
  return text.split(RECORD).map((row) => row.split(UNIT));
}

// Rows as CSV text, as csv.writer(lineterminator="\r\n") writes them: a cell quoted when it holds a comma, a quote
// or a line break, quotes inside doubled (and a row of one empty cell written ""); CRLF after every row.
function writeCsv(rows) {
  const cell = (text) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return rows.map((row) => `${row.length === 1 && row[0] === "" ? '""' : row.map(cell).join(",")}\r\n`).join("");
}
// ==== CSV files: end ======================================================================================

// ==== Workbooks =============================================================================================
// An .xlsx is a zip; an OLE file is an Excel 97-2003 .xls (or a workbook with a password): refused in one line, as the
// command line refuses it (calculator/table.py, OLD_EXCEL). The .xlsx module (xlsx.js with fflate) is imported only
// when a workbook is read or written: never in the calculator page's cold load.
const OLD_EXCEL =
  "这是 Excel 97-2003 格式（.xls）或加了密码的工作簿，无法读取：请在 Excel 或 WPS 中打开，" +
  "另存为“Excel 工作簿（.xlsx）”或“CSV UTF-8（逗号分隔）”后再核对";
const OLE_START = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const isZip = (bytes) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
const isOle = (bytes) => OLE_START.every((byte, index) => bytes[index] === byte);
const xlsxModule = () => import(new URL(typeof XLSX_MODULE === "string" ? XLSX_MODULE : "xlsx.js", HERE).href);
let lastTable = null; // the last batch's number columns, 多年汇总 and (once the .xlsx is asked for) rows; its result rows are in MicroPython

// What MicroPython is handed for a workbook's rows (xlsx.js, readXlsx): the rows, and their numbers in the sheet.
async function workbookForPython(glue, bytes, command) {
  const { readXlsx, XlsxError } = await xlsxModule();
  let read;
  try {
    read = readXlsx(bytes);
  } catch (error) {
    if (error instanceof XlsxError) throw new CsvError(error.message);
    throw error;
  }
  // The sheet read (the one shown on opening) is empty while others are not: said in the command line's words.
  if (!read.rows.length && read.sheets > 1) throw new CsvError(glue.empty_sheet(read.sheets, read.sheet));
  const bad = read.rows.findIndex((cells) => cells.some((cell) => NOT_CARRIED.test(cell)));
  if (bad >= 0) {
    const character = read.rows[bad].join("").match(NOT_CARRIED)[0];
    throw new CsvError(`第 ${read.numbers[bad]} 行有${notCarried(character, command)}`);
  }
  const text = read.rows.map((cells) => cells.join(UNIT)).join(RECORD);
  const data = read.rows.filter((cells) => cells.some((cell) => cell.trim())).length;
  return {
    text,
    sheet: read.sheet,
    sheets: read.sheets,
    shape: JSON.stringify({
      delimiter: ",",
      rows: read.rows.length,
      lines: read.rows.length,
      numbers: read.numbers,
      spans: [],
      open: false,
      overflow: [],
      longest: read.rows.reduce((most, cells) => Math.max(most, ...cells.map((cell) => cell.length)), 0),
      widest: read.rows.reduce((most, cells) => Math.max(most, cells.length), 0),
      data_rows: Math.max(data - 1, 1),
    }),
  };
}

// What MicroPython is handed for a file's bytes: an .xlsx's rows (xlsx.js) or a CSV's (readCsv); an .xls refused.
async function fileForPython(glue, bytes, command) {
  if (isOle(bytes)) throw new CsvError(OLD_EXCEL);
  if (isZip(bytes)) return workbookForPython(glue, bytes, command);
  const csvText = decodeCsv(bytes);
  refuseSeparators(csvText, command);
  return rowsForPython(readCsv(csvText));
}

// What was read of a workbook of several sheets, in the command line's words ("" for a CSV or a single sheet).
function sheetNote(glue, rows, verb) {
  return rows.sheets > 1 ? glue.sheet_note(rows.sheets, rows.sheet, verb) : "";
}

// A chosen file's rows for MicroPython ({rows}), or the one Chinese line saying why it cannot be read ({error});
// command: "batch" or "record", what the file is read for.
async function uploadedRows(glue, file, command) {
  try {
    return { rows: await fileForPython(glue, new Uint8Array(await file.arrayBuffer()), command) };
  } catch (error) {
    if (error instanceof CsvError) return { error: { message: error.message, field: null } };
    throw error;
  }
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

// The check named by the page (overrides/partials/calculator-start.html): "calculator {"id", "input"}".
function checkInName(name) {
  const prefix = "calculator ";
  if (typeof name !== "string" || !name.startsWith(prefix)) return [];
  try {
    const { id, input } = JSON.parse(name.slice(prefix.length));
    if (typeof id === "string" && input && typeof input === "object") return [{ id, type: "check", input }];
  } catch (error) {
    // not a check: the page asks it with a message
  }
  return [];
}

function check(glue, input) {
  return parsed(
    glue.check(text(input.year), text(input.public_required), text(input.public_elective), text(input.professional), text(input.as_of)),
  );
}

function answerSafely(run) {
  try {
    return run();
  } catch (error) {
    return internalError(error);
  }
}

// The answer when MicroPython ran out of memory (the core's own message); any other error is thrown on.
function outOfMemory(glue, error) {
  if (!/MemoryError|memory allocation failed/.test(describe(error))) throw error;
  return { error: { message: glue.OUT_OF_MEMORY, field: null } };
}

// A download asked for before any batch was checked.
const NO_RESULT_YET = { error: { message: "还没有核对结果：请先选择名单文件核对", field: null } };

// The answer to a request that failed inside the worker (not the person's input): the page shows its message.
function internalError(error) {
  return { error: { message: describe(error), field: null, internal: true } };
}

async function handle(message) {
  let runtime = await ready.catch((error) => {
    throw new Error(`计算器未能加载：${describe(error)}`);
  });
  // Only a batch is read on a fresh runtime: it replaces the last batch's result, whose rows live in the runtime (the
  // CSV downloads are made there). A record file is small; read on a fresh runtime, it left the result on show with a
  // download of nothing (tests/browser/test_calculator_batch.py). Keeping the old runtime's glue for the downloads
  // does not help: called after a second runtime is made, it answered as the second one (seen on 2026-12-07).
  if (message.type === "batch") runtime = await runtimeForFile(runtime);
  const { glue, rulesVersion } = runtime;
  const input = message.input || {};
  if (message.type === "check") return check(glue, input);
  if (message.type === "hours") {
    return parsed(glue.hours(text(input.start), text(input.end), text(input.start_half), text(input.end_half)));
  }
  if (message.type === "add-hours") {
    return parsed(glue.add_hours(text(input.professional), text(input.hours), text(input.year)));
  }
  if (message.type === "record") {
    const answer = parsed(glue.record(JSON.stringify(input.years || []), text(input.as_of)));
    if (answer.result) answer.result.rules_version = answer.result.rules_version || rulesVersion;
    return answer;
  }
  if (message.type === "record-file") {
    const { rows, error } = await uploadedRows(glue, input.file, "record");
    if (error) return { error };
    return { ...parsed(glue.record_file(rows.text, rows.shape)), sheet: sheetNote(glue, rows, "读") };
  }
  if (message.type === "batch") {
    let reportedAt = performance.now();
    const report = (done) => {
      const now = performance.now();
      if (now - reportedAt < PROGRESS_EVERY_MS) return;
      reportedAt = now;
      postMessage({ id: message.id, type: "progress", done });
    };
    lastTable = null;
    const began = performance.now();
    const { rows, error } = await uploadedRows(glue, input.file, "batch");
    if (error) return { error };
    const read = performance.now();
    const sheet = sheetNote(glue, rows, "核对");
    postMessage({ id: message.id, type: "progress", done: 0, total: JSON.parse(rows.shape).data_rows });
    // Once every row's verdict is known, the page gets them with the first page's rows and the 多年汇总 (a progress
    // message: the page draws them), while MicroPython goes on, in the same call, making every row's result.
    let early = null;
    let judged = read;
    const verdicts = (json) => {
      judged = performance.now();
      early = parsed(json);
      early.result.table = early.result.first;
      delete early.result.first;
      early.result.rules_version = rulesVersion;
      early.result.sheet = sheet;
      if (early.result.people) early.result.summary = rowsFromPython(early.result.summary);
      postMessage({ id: message.id, type: "progress", verdicts: early });
    };
    let answer;
    try {
      answer = parsed(
        glue.batch(
          rows.text,
          rows.shape,
          text(input.year),
          text(input.as_of),
          report,
          BATCH_PROGRESS_ROWS,
          localToday(),
          verdicts,
          Number.isInteger(input.first) ? input.first : 0,
        ),
      );
    } catch (error) {
      // The rows did not even fit into MicroPython's heap (calculator_browser.py answers the same for the checking).
      return outOfMemory(glue, error);
    }
    if (answer.result && !early) throw new Error("calculator_browser: a batch answered without its verdicts");
    if (answer.result) {
      answer = early; // what the page was given, now that every row's result is made
      lastTable = { rows: null, numbers: answer.result.columns.numbers, more: [] };
      if (answer.result.summary) {
        // The 多年汇总 (calculator/people.py): shown as it is, downloaded as a CSV of its own and the .xlsx's second sheet.
        lastTable.more = [{ title: SUMMARY_SHEET, rows: answer.result.summary, numbers: answer.result.summary_numbers }];
      }
      // read: the file; check: until every row's verdict is known; write: every row's result made after that.
      answer.result.ms = { read: read - began, check: judged - read, write: performance.now() - judged };
      answer.result.fresh_runtime = Boolean(runtime.renewed); // read on a fresh runtime (RENEW_AFTER_BYTES)
    }
    return answer;
  }
  if (message.type === "batch-rows") {
    if (!lastTable) return NO_RESULT_YET;
    const indexes = Array.isArray(input.indexes) ? input.indexes.filter(Number.isInteger) : [];
    return { result: { table: fromPython(glue.batch_rows_at(JSON.stringify(indexes))) } };
  }
  if (message.type === "csv") {
    // The last batch's CSV download (or, with input.summary, its 多年汇总's): UTF-8 with a BOM so that Excel opens it; a
    // Blob reaches the page without copying.
    if (!lastTable) return NO_RESULT_YET;
    let text;
    try {
      text = fromPython(input.summary ? glue.batch_summary_csv() : glue.batch_rows());
    } catch (error) {
      return outOfMemory(glue, error);
    }
    return { result: { file: new Blob(["\ufeff", writeCsv(rowsFromPython(text))], { type: "text/csv;charset=utf-8" }) } };
  }
  if (message.type === "xlsx") {
    if (!lastTable) return NO_RESULT_YET;
    const { writeXlsx } = await xlsxModule();
    if (!lastTable.rows) lastTable.rows = rowsFromPython(fromPython(glue.batch_table()));
    const bytes = writeXlsx(lastTable.rows, lastTable.numbers, lastTable.more);
    return { result: { file: new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }) } };
  }
  throw new Error(`计算器内部错误：未知的请求 ${message.type}`);
}

// One request at a time, in order: MicroPython is single-threaded.
let queue = Promise.resolve();

self.onmessage = (event) => {
  const message = event.data;
  if (answersWithReady && message.type === "check") {
    answersWithReady.push(message);
    return;
  }
  queue = queue
    .then(() => handle(message))
    .then(
      (answer) => postMessage({ id: message.id, type: "answer", answer }),
      (error) => postMessage({ id: message.id, type: "answer", answer: internalError(error) }),
    );
};
