// The browser's batch path under MicroPython (Node, no network), as site_config/calculator/worker.js runs it: the
// worker's CSV section decodes and reads the file, calculator_browser.batch() checks the rows with the core (the
// modules the site ships, table.py among them), reporting every row's verdict with the first FIRST result rows before
// it makes all of them; batch_statuses() hands the verdicts back, batch_rows_at() the result rows of some rows (as the
// page asks for a page of them, here every other row from the last), batch_rows() all of them, and the worker's writer
// writes the CSV.
// Usage: node tests/runtimes/micropython_batch.mjs cases.json  → one JSON object on stdout:
//   {runtime, version, output, results: {name: {answer, verdicts: the answer reported before every row's result was
//   made (null if none), statuses, picked: the rows asked for, shown: their result rows (header first), csv: the
//   download (without its BOM) or null, summary: the 多年汇总's download or null, ms}}}
// cases.json: {"cases": [{"name", "bytes" (base64), "year", "as_of"}]}
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, coreFiles, fail, forbidNetwork, report, workerCsv } from "./common.mjs";

const PACKAGE = join(ROOT, "node_modules", "@micropython", "micropython-webassembly-pyscript");
const GLUE = join(ROOT, "site_config", "calculator", "micropython", "calculator_browser.py");
const FIRST = 3; // the result rows reported with the verdicts (the page asks for its first page: 100)

forbidNetwork();

try {
  const csv = await workerCsv();
  const { loadMicroPython } = await import(join(PACKAGE, "micropython.mjs"));
  const output = [];
  const mp = await loadMicroPython({
    url: join(PACKAGE, "micropython.wasm"),
    heapsize: 8 * 1024 * 1024, // as the worker asks
    stdout: (line) => output.push(line),
    stderr: (line) => output.push(line),
  });
  mp.FS.mkdir("/app");
  mp.FS.mkdir("/app/calculator");
  for (const [name, text] of Object.entries(coreFiles())) mp.FS.writeFile(`/app/calculator/${name}`, text);
  mp.FS.writeFile("/app/calculator_browser.py", readFileSync(GLUE, "utf8"));
  mp.runPython(
    "import sys\nsys.path.insert(0, '/app')\nimport calculator_browser\n" +
      "calculator_browser.load('/app/calculator/rules.json')\n" +
      "version = sys.implementation.name + ' ' + '.'.join(str(n) for n in sys.implementation.version[:3])",
  );
  const glue = mp.pyimport("calculator_browser");
  const cases = JSON.parse(readFileSync(process.argv[2], "utf8")).cases;
  const results = {};
  for (const { name, bytes, year, as_of: asOf } of cases) {
    const started = performance.now();
    let progressCalls = 0;
    let rows;
    try {
      const text = csv.decodeCsv(new Uint8Array(Buffer.from(bytes, "base64")));
      csv.refuseSeparators(text, "batch");
      rows = csv.rowsForPython(csv.readCsv(text));
    } catch (error) {
      if (!(error instanceof csv.CsvError)) throw error;
      results[name] = { answer: { error: { message: error.message, field: null } }, csv: null, ms: 0, progressCalls };
      continue;
    }
    let verdicts = null;
    const report = (json) => {
      verdicts = JSON.parse(json);
    };
    const answer = JSON.parse(
      glue.batch(rows.text, rows.shape, year || "", asOf || "", () => (progressCalls += 1), 100, "", report, FIRST),
    );
    const statuses = answer.result ? glue.batch_statuses() : null;
    const picked = answer.result ? [...statuses].map((_, index) => index).filter((index) => index % 2 === 0).reverse() : [];
    const shown = answer.result ? csv.rowsFromPython(csv.fromPython(glue.batch_rows_at(JSON.stringify(picked)))) : null;
    const download = answer.result ? csv.writeCsv(csv.rowsFromPython(csv.fromPython(glue.batch_rows()))) : null;
    // The 多年汇总's download, as the worker writes it (summaryFile, without its BOM).
    const summary = answer.result && answer.result.people ? csv.writeCsv(csv.rowsFromPython(csv.fromPython(glue.batch_summary_csv()))) : null;
    results[name] = { answer, verdicts, statuses, picked, shown, csv: download, summary, ms: performance.now() - started, progressCalls };
  }
  report({ runtime: "micropython", version: mp.globals.get("version"), output, results });
} catch (error) {
  fail("micropython", error);
}
