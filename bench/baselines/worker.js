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
    ? fetch(new URL(source, HERE)).then((response) => (runtime === "micropython" ? response.arrayBuffer().then(unpack) : response.json()))
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

// As in site_config/calculator/worker.js: "GXCORE2\n", a line of JSON, the ROMFS image and the snapshot's pieces,
// each zlib-compressed (Chromium decompresses them itself).
async function unpack(buffer) {
  const bytes = new Uint8Array(buffer);
  const end = bytes.indexOf(10, 8);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, end)));
  const [romfsBytes, piecesBytes] = [header.parts.romfs[0], header.parts.pieces[0]];
  const inflate = async (part) =>
    new Uint8Array(await new Response(new Blob([part]).stream().pipeThrough(new DecompressionStream("deflate"))).arrayBuffer());
  const romfs = await inflate(bytes.subarray(end + 1, end + 1 + romfsBytes));
  const snapshotPieces = piecesBytes ? await inflate(bytes.subarray(end + 1 + romfsBytes)) : new Uint8Array(0);
  return { ...header, romfs, snapshotPieces };
}

// As in site_config/calculator/worker.js (restoreSnapshot, adler32).
function restoreSnapshot(mp, bundle) {
  const { snapshot, snapshotPieces } = bundle;
  const memory = mp._module.HEAPU8;
  if (!snapshot.offsets || memory.length !== snapshot.memory) return false;
  const { chunk, offsets } = snapshot;
  if (offsets.some((offset, index) => adler32(memory.subarray(offset, offset + chunk)) !== snapshot.adler32[index])) return false;
  offsets.forEach((offset, index) => memory.set(snapshotPieces.subarray(index * chunk, (index + 1) * chunk), offset));
  return true;
}

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
