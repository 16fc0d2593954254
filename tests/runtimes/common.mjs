// Shared by the MicroPython and Pyodide runners: which files make up the calculator core, and the vectors.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

// The core modules are listed once, in calculator/__init__.py (CORE_MODULES); only they are loaded,
// as in the browser: cli.py and csv_files.py (argparse, csv) must never be needed.
export function coreFiles() {
  const init = readFileSync(join(ROOT, "calculator", "__init__.py"), "utf8");
  const match = init.match(/^CORE_MODULES = \(([^)]*)\)/m);
  if (!match) throw new Error("CORE_MODULES not found in calculator/__init__.py");
  const names = [...match[1].matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
  const files = { "__init__.py": init };
  for (const name of names) files[`${name}.py`] = readFileSync(join(ROOT, "calculator", `${name}.py`), "utf8");
  files["rules.json"] = readFileSync(join(ROOT, "calculator", "rules.json"), "utf8");
  return files;
}

// Vector files to run: the command-line arguments, or every tests/vectors/*.json.
export function vectorFiles(argv) {
  const dir = join(ROOT, "tests", "vectors");
  const names = argv.length ? argv : readdirSync(dir).filter((name) => name.endsWith(".json")).sort();
  return names.map((name) => ({ name: name.split("/").pop(), text: readFileSync(name.includes("/") ? name : join(dir, name), "utf8") }));
}

// One JSON object on stdout; on failure only the Python error's message (never the runtime's minified source).
export function report(object) {
  process.stdout.write(JSON.stringify(object) + "\n");
}

export function fail(runtime, error) {
  const message = error && error.message ? error.message : String(error);
  process.stdout.write(JSON.stringify({ runtime, error: message.slice(0, 4000) }) + "\n");
  process.exit(1);
}

// Refuse every network request and remember it: the runtimes must load from node_modules alone.
export function forbidNetwork() {
  const attempts = [];
  globalThis.fetch = async (resource) => {
    attempts.push(String(resource && resource.url ? resource.url : resource));
    throw new Error("network access is disabled in the runtime tests");
  };
  return attempts;
}

// A marked section of the worker (site_config/calculator/worker.js, between its "// ==== <title>: begin" and "end"
// lines) as a module exporting `names`: the code the browser runs, loaded alone (the rest of the worker needs a browser).
export async function workerSection(title, names) {
  const worker = readFileSync(join(ROOT, "site_config", "calculator", "worker.js"), "utf8");
  const begin = worker.indexOf(`// ==== ${title}: begin`);
  const end = worker.indexOf(`// ==== ${title}: end`);
  if (begin < 0 || end < 0) throw new Error(`the section "${title}" of worker.js was not found`);
  const code = `${worker.slice(begin, end)}\nexport { ${names.join(", ")} };\n`;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
}

// The worker's CSV section.
export function workerCsv() {
  const names = ["CSV_FIELD_LIMIT", "CsvError", "decodeCsv", "refuseSeparators", "readCsv", "rowsForPython", "fromPython", "rowsFromPython", "writeCsv"];
  return workerSection("CSV files", names);
}
