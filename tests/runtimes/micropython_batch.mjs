// The browser's batch path under MicroPython (Node, no network): calculator_browser.batch() and batch_csv(), as
// site_config/calculator/worker.js calls them, with the core, batch.py and the stand-ins the site ships.
// Usage: node tests/runtimes/micropython_batch.mjs cases.json  → one JSON object on stdout:
//   {runtime, version, results: {name: {answer: parsed JSON answer, csv: batch_csv() or null, ms}}}
// cases.json: {"cases": [{"name", "text", "year", "as_of"}]}
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT, coreFiles, fail, forbidNetwork, report } from "./common.mjs";

const PACKAGE = join(ROOT, "node_modules", "@micropython", "micropython-webassembly-pyscript");
const SHIMS = join(ROOT, "site_config", "calculator", "micropython");

forbidNetwork();

try {
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
  mp.FS.writeFile("/app/calculator/batch.py", readFileSync(join(ROOT, "calculator", "batch.py"), "utf8"));
  for (const name of readdirSync(SHIMS).filter((file) => file.endsWith(".py"))) {
    mp.FS.writeFile(`/app/${name}`, readFileSync(join(SHIMS, name), "utf8"));
  }
  mp.runPython(
    "import sys\nsys.path.insert(0, '/app')\nimport calculator_browser\n" +
      "calculator_browser.load('/app/calculator/rules.json')\n" +
      "version = sys.implementation.name + ' ' + '.'.join(str(n) for n in sys.implementation.version[:3])",
  );
  const glue = mp.pyimport("calculator_browser");
  const cases = JSON.parse(readFileSync(process.argv[2], "utf8")).cases;
  const results = {};
  for (const { name, text, year, as_of: asOf } of cases) {
    const started = performance.now();
    let progressCalls = 0;
    const answer = JSON.parse(glue.batch(text, year || "", asOf || "", () => (progressCalls += 1), 100));
    const ms = performance.now() - started;
    results[name] = { answer, csv: answer.result ? glue.batch_csv() : null, ms, progressCalls };
  }
  report({ runtime: "micropython", version: mp.globals.get("version"), output, results });
} catch (error) {
  fail("micropython", error);
}
