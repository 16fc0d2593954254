// Run the test vectors through the calculator core under Pyodide (npm package, local files only, no network).
// Usage: node tests/runtimes/pyodide_runner.mjs [vectors.json ...]  → one JSON object on stdout.
import { join } from "node:path";
import { ROOT, coreFiles, fail, forbidNetwork, report, vectorFiles } from "./common.mjs";

const PACKAGE = join(ROOT, "node_modules", "pyodide");

const network = forbidNetwork();

try {
  const started = performance.now();
  const { loadPyodide } = await import(join(PACKAGE, "pyodide.mjs"));
  const output = [];
  // indexURL points at the installed package: the runtime, the standard library and the lock file
  // all come from node_modules; no packages are requested, so nothing is fetched from a CDN.
  const py = await loadPyodide({
    indexURL: PACKAGE + "/",
    stdout: (line) => output.push(line),
    stderr: (line) => output.push(line),
  });
  const loaded = performance.now();
  py.FS.mkdirTree("/app/calculator");
  const files = coreFiles();
  for (const [name, text] of Object.entries(files)) py.FS.writeFile(`/app/calculator/${name}`, text);
  py.runPython("import sys, importlib\nsys.path.insert(0, '/app')\nimportlib.invalidate_caches()\nfrom calculator.vectors import run_vectors");
  py.runPython("version = sys.implementation.name + ' ' + '.'.join(str(n) for n in sys.implementation.version[:3])");
  const version = py.globals.get("version");
  const results = {};
  const runStarted = performance.now();
  for (const vectors of vectorFiles(process.argv.slice(2))) {
    py.globals.set("vectors_json", vectors.text);
    py.globals.set("rules_json", files["rules.json"]);
    py.runPython("results_json = run_vectors(vectors_json, rules_json)");
    results[vectors.name] = JSON.parse(py.globals.get("results_json"));
  }
  const finished = performance.now();
  report({
    runtime: "pyodide",
    version,
    load_ms: Math.round(loaded - started),
    run_ms: Math.round(finished - runStarted),
    output,
    network,
    results,
  });
} catch (error) {
  fail("pyodide", error);
}
