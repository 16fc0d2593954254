// Baseline worker (bench/baselines/page.html): load MicroPython or Pyodide from this server, and with check=1
// our calculator core, then answer one check with calculator_browser.check, exactly as
// site_config/calculator/worker.js does. MicroPython loads the site's own core bundle (copied
// here as core.bundle by bench/served_site.py: the same bytecode the calculator page loads); Pyodide, which cannot run MicroPython bytecode, loads the same modules
// as Python sources from core-sources.json (written beside this file by bench/served_site.py).
// No CDN: Pyodide's indexURL is this server's copy of node_modules/pyodide, and no package is ever loaded.
const params = new URL(import.meta.url).searchParams;
const runtime = params.get("runtime");
const check = params.get("check") === "1";
const HERE = new URL("./", import.meta.url);
const started = performance.now();
const stages = {};
let glue = null;
const queue = [];

async function loadRuntime() {
  if (runtime === "micropython") {
    const { loadMicroPython } = await import(new URL("micropython/micropython.mjs", HERE).href);
    stages.imported = performance.now() - started;
    const mp = await loadMicroPython({ url: new URL("micropython/micropython.wasm", HERE).href, heapsize: 8 * 1024 * 1024, stdout: () => {}, stderr: () => {} });
    return { kind: "micropython", mp, mkdir: (path) => mp.FS.mkdir(path) };
  }
  const { loadPyodide } = await import(new URL("pyodide/pyodide.mjs", HERE).href);
  stages.imported = performance.now() - started;
  const py = await loadPyodide({ indexURL: new URL("pyodide/", HERE).href, stdout: () => {}, stderr: () => {} });
  return { kind: "pyodide", mp: py, mkdir: (path) => py.FS.mkdirTree(path) };
}

async function start() {
  const source = runtime === "micropython" ? "core.bundle" : "core-sources.json"; // the site's core bundle, copied here
  const bundle = check
    ? fetch(new URL(source, HERE)).then((response) => (runtime === "micropython" ? response.arrayBuffer().then(unpack) : response.json()))
    : null;
  const loaded = await loadRuntime();
  stages.runtime = performance.now() - started;
  postMessage({ type: "runtime", stages });
  if (!check) return;
  const { files } = await bundle;
  // MicroPython: into /lib, on its sys.path from the start, imported without compiling any Python source, as
  // site_config/calculator/worker.js does; Pyodide: into /gx, put on sys.path by Python.
  const root = loaded.kind === "micropython" ? "lib" : "gx";
  const made = new Set();
  for (const [path, text] of Object.entries(files)) {
    const parts = `${root}/${path}`.split("/");
    for (let depth = 1; depth < parts.length; depth += 1) {
      const folder = `/${parts.slice(0, depth).join("/")}`;
      if (!made.has(folder)) {
        made.add(folder);
        try { loaded.mkdir(folder); } catch (error) { /* exists */ }
      }
    }
    loaded.mp.FS.writeFile(`/${root}/${path}`, text);
  }
  if (loaded.kind === "micropython") {
    glue = loaded.mp.pyimport("calculator_browser");
    glue.load("/lib/calculator/rules.json");
  } else {
    loaded.mp.runPython(
      "import sys\nsys.path.insert(0, '/gx')\nimport importlib\nimportlib.invalidate_caches()\n" +
        "import calculator_browser\ncalculator_browser.load('/gx/calculator/rules.json')\n",
    );
    glue = loaded.mp.pyimport("calculator_browser");
  }
  stages.core = performance.now() - started;
  postMessage({ type: "core", stages });
  for (const message of queue.splice(0)) answer(message);
}

// As in site_config/calculator/worker.js: "GXCORE1\n", a line of JSON listing the files, then their bytes.
function unpack(buffer) {
  const bytes = new Uint8Array(buffer);
  const end = bytes.indexOf(10, 8);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, end)));
  const files = {};
  let offset = end + 1;
  for (const { path, size } of header.files) {
    files[path] = bytes.subarray(offset, offset + size);
    offset += size;
  }
  return { files };
}

function answer(message) {
  const input = message.input;
  const text = glue.check(input.year, input.public_required, input.public_elective || "0", input.professional, input.as_of);
  postMessage({ type: "answer", answer: JSON.parse(text) });
}

self.onmessage = ({ data }) => {
  if (glue) answer(data);
  else queue.push(data);
};

start().catch((error) => postMessage({ type: "failed", message: String(error && error.message ? error.message : error) }));
