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

// Chromium decompresses the bundle itself (DecompressionStream); the site's fallback (fflate) is not needed here.
const noFallback = () => Promise.reject(new Error("DecompressionStream is missing"));

async function loadRuntime(bundle) {
  if (runtime === "micropython") {
    const { loadMicroPython } = await import(new URL("micropython/micropython.mjs", HERE).href);
    stages.imported = performance.now() - started;
    // With the core: started as site_config/calculator/worker.js starts it (the bundle's heap, stack and ROMFS image).
    const options = bundle ? { ...bundle.runtime, romfs: bundle.romfs } : { heapsize: 8 * 1024 * 1024 };
    const mp = await loadMicroPython({ url: new URL("micropython/micropython.wasm", HERE).href, ...options, stdout: () => {}, stderr: () => {} });
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
    ? fetch(new URL(source, HERE)).then((response) =>
        runtime === "micropython" ? response.arrayBuffer().then((buffer) => unpack(buffer, noFallback)) : response.json(),
      )
    : null;
  const loaded = await loadRuntime(check && runtime === "micropython" ? await bundle : null);
  stages.runtime = performance.now() - started;
  postMessage({ type: "runtime", stages });
  if (!check) return;
  if (loaded.kind === "micropython") {
    // As site_config/calculator/worker.js: the build's snapshot written back, or the core imported from /rom.
    const core = await bundle;
    if (restoreSnapshot(loaded.mp, core)) {
      glue = loaded.mp.pyimport("calculator_browser");
    } else {
      glue = loaded.mp.pyimport("calculator_browser");
      glue.load("/rom/calculator/rules.json");
    }
  } else {
    // Pyodide: the sources into /gx, put on sys.path by Python.
    const { files } = await bundle;
    const made = new Set();
    for (const [path, text] of Object.entries(files)) {
      const parts = `gx/${path}`.split("/");
      for (let depth = 1; depth < parts.length; depth += 1) {
        const folder = `/${parts.slice(0, depth).join("/")}`;
        if (!made.has(folder)) {
          made.add(folder);
          try { loaded.mkdir(folder); } catch (error) { /* exists */ }
        }
      }
      loaded.mp.FS.writeFile(`/gx/${path}`, text);
    }
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

// unpack, restoreSnapshot: the "Core bundle" section of site_config/calculator/worker.js, put here by
// bench/served_site.py when it serves this file (the same code, not a copy of it).
// CORE BUNDLE SECTION

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
