// The browser's batch path under MicroPython (Node, no network), as site_config/calculator/worker.js runs it: the
// worker's CSV section decodes and reads the file, calculator_browser.batch() checks the rows with the core (the
// modules the site ships, table.py among them), batch_rows() hands them back, the worker's writer writes the CSV.
// Usage: node tests/runtimes/micropython_batch.mjs cases.json  → one JSON object on stdout:
//   {runtime, version, output, results: {name: {answer, csv: the download (without its BOM) or null, summary: the
//   多年汇总's download or null, ms}}}
// cases.json: {"cases": [{"name", "bytes" (base64), "year", "as_of"}]}
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, coreFiles, fail, forbidNetwork, report, workerCsv } from "./common.mjs";

const PACKAGE = join(ROOT, "node_modules", "@micropython", "micropython-webassembly-pyscript");
const GLUE = join(ROOT, "site_config", "calculator", "micropython", "calculator_browser.py");

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
    const answer = JSON.parse(glue.batch(rows.text, rows.shape, year || "", asOf || "", () => (progressCalls += 1), 100));
    const download = answer.result ? csv.writeCsv(csv.rowsFromPython(csv.fromPython(glue.batch_rows()))) : null;
    // The 多年汇总's download, as the worker writes it (summaryFile, without its BOM).
    const summary = answer.result && answer.result.people ? csv.writeCsv(csv.rowsFromPython(csv.fromPython(glue.batch_summary_csv()))) : null;
    results[name] = { answer, csv: download, summary, ms: performance.now() - started, progressCalls };
  }
  report({ runtime: "micropython", version: mp.globals.get("version"), output, results });
} catch (error) {
  fail("micropython", error);
}
