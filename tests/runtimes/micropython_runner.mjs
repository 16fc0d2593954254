// Run the test vectors through the calculator core under MicroPython's WebAssembly port (npm package, no network).
// Usage: node tests/runtimes/micropython_runner.mjs [vectors.json ...]  → one JSON object on stdout.
import { join } from "node:path";
import { ROOT, coreFiles, fail, forbidNetwork, report, vectorFiles } from "./common.mjs";

const PACKAGE = join(ROOT, "node_modules", "@micropython", "micropython-webassembly-pyscript");

const network = forbidNetwork();

try {
  const started = performance.now();
  const { loadMicroPython } = await import(join(PACKAGE, "micropython.mjs"));
  const output = [];
  const mp = await loadMicroPython({
    url: join(PACKAGE, "micropython.wasm"),
    stdout: (line) => output.push(line),
    stderr: (line) => output.push(line),
  });
  const loaded = performance.now();
  mp.FS.mkdir("/app");
  mp.FS.mkdir("/app/calculator");
  const files = coreFiles();
  for (const [name, text] of Object.entries(files)) mp.FS.writeFile(`/app/calculator/${name}`, text);
  mp.runPython("import sys\nsys.path.insert(0, '/app')\nfrom calculator.vectors import run_vectors");
  mp.runPython("version = sys.implementation.name + ' ' + '.'.join(str(n) for n in sys.implementation.version[:3])");
  const version = mp.globals.get("version");
  const results = {};
  const runStarted = performance.now();
  for (const vectors of vectorFiles(process.argv.slice(2))) {
    mp.globals.set("vectors_json", vectors.text);
    mp.globals.set("rules_json", files["rules.json"]);
    mp.runPython("results_json = run_vectors(vectors_json, rules_json)");
    results[vectors.name] = JSON.parse(mp.globals.get("results_json"));
  }
  const finished = performance.now();
  report({
    runtime: "micropython",
    version,
    load_ms: Math.round(loaded - started),
    run_ms: Math.round(finished - runStarted),
    output,
    network,
    results,
  });
} catch (error) {
  fail("micropython", error);
}
