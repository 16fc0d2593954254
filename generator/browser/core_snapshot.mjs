// The calculator core's start-up, taken once by the build (generator/browser/core_snapshot.py), under Node.
//
// node core_snapshot.mjs <runtime folder> <core.romfs> <heap bytes> <pystack words> <out folder>
//
// Starts MicroPython's WebAssembly port exactly as the browser's worker does (site_config/calculator/worker.js: same
// runtime files, heap, pystack and ROMFS image), writes its memory (before.bin), imports the core and reads the rules
// as the worker would, collects the garbage, and writes the memory again (after.bin). The runtime is deterministic:
// the same files give the same bytes, in Node and in the browser.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [runtime, romfsPath, heap, pystack, out] = process.argv.slice(2);
const { loadMicroPython } = await import(pathToFileURL(join(runtime, "micropython.mjs")).href);
const printed = [];
const mp = await loadMicroPython({
  url: join(runtime, "micropython.wasm"),
  heapsize: Number(heap),
  pystack: Number(pystack),
  romfs: new Uint8Array(readFileSync(romfsPath)),
  stdout: (line) => printed.push(line),
  stderr: (line) => printed.push(line),
});
writeFileSync(join(out, "before.bin"), mp._module.HEAPU8);
try {
  mp.runPython(
    "import calculator_browser\ncalculator_browser.load('/rom/calculator/rules.json')\nimport gc\ngc.collect()\n",
  );
} catch (error) {
  process.stderr.write(`${error.message}\n${printed.join("\n")}\n`);
  process.exit(1);
}
writeFileSync(join(out, "after.bin"), mp._module.HEAPU8);
