// The core bundle's start-up snapshot under Node, for tests/test_core_snapshot.py: the worker's own code (its "Core
// bundle" section) reads a built bundle and starts two runtimes as the worker does, one with the snapshot written back,
// one importing the core from the ROMFS image, and asks both the same things.
//
// node tests/runtimes/snapshot_runner.mjs <core bundle> <requests.json>   → one JSON object on stdout:
//   {restored: true|false, unpacked: {decompressedByBrowser, sameParts}, tampered: {restored, unchanged},
//    answers: [{snapshot, imported}]}
// requests: [{call: "check"|"hours"|"record", args: [...]}], the glue's (calculator_browser.py) functions and arguments.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { ROOT, fail, forbidNetwork, report, workerSection } from "./common.mjs";

const PACKAGE = join(ROOT, "node_modules", "@micropython", "micropython-webassembly-pyscript");
forbidNetwork();

try {
  const [bundlePath, requestsPath] = process.argv.slice(2);
  const { unpack, restoreSnapshot } = await workerSection("Core bundle", ["unpack", "restoreSnapshot"]);
  const { loadMicroPython } = await import(join(PACKAGE, "micropython.mjs"));
  const { unzlibSync } = await import(join(ROOT, "node_modules", "fflate", "esm", "index.mjs"));
  const buffer = readFileSync(bundlePath);
  const arrayBuffer = () => buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  let fallbackCalls = 0;
  const fallback = async (part) => {
    fallbackCalls += 1;
    return unzlibSync(part);
  };
  const bundle = await unpack(arrayBuffer(), fallback); // with DecompressionStream, as Chromium
  const decompressedByBrowser = fallbackCalls === 0;
  // As a browser without DecompressionStream (Safari before 16.4): fflate's, from the .xlsx module in the worker.
  const { DecompressionStream } = globalThis;
  delete globalThis.DecompressionStream;
  const withoutStreams = await unpack(arrayBuffer(), fallback);
  globalThis.DecompressionStream = DecompressionStream;
  const sameParts =
    fallbackCalls === 2 &&
    Buffer.compare(withoutStreams.romfs, bundle.romfs) === 0 &&
    Buffer.compare(withoutStreams.snapshotPieces, bundle.snapshotPieces) === 0;
  const start = () =>
    loadMicroPython({ url: join(PACKAGE, "micropython.wasm"), ...bundle.runtime, romfs: bundle.romfs, stdout: () => {}, stderr: () => {} });

  const requests = JSON.parse(readFileSync(requestsPath, "utf8"));
  const ask = (glue) => requests.map(({ call, args }) => glue[call](...args));
  // One runtime at a time: loadMicroPython makes the newest runtime the one every proxy calls (globalThis.Module),
  // as in the worker, which lets an old runtime go when it starts a fresh one.
  const withSnapshot = await start();
  const restored = restoreSnapshot(withSnapshot, bundle);
  const snapshotAnswers = ask(withSnapshot.pyimport("calculator_browser"));

  const importing = await start();
  const importedGlue = importing.pyimport("calculator_browser");
  importedGlue.load("/rom/calculator/rules.json");
  const importedAnswers = ask(importedGlue);

  // A snapshot whose first piece's checksum does not match the runtime: nothing may be written.
  const tamperedRuntime = await start();
  const digest = () => createHash("sha256").update(tamperedRuntime._module.HEAPU8).digest("hex");
  const before = digest();
  const checksums = [...bundle.snapshot.adler32];
  checksums[0] = (checksums[0] + 1) >>> 0;
  const tamperedRestored = restoreSnapshot(tamperedRuntime, { ...bundle, snapshot: { ...bundle.snapshot, adler32: checksums } });

  const answers = snapshotAnswers.map((answer, index) => ({ snapshot: answer, imported: importedAnswers[index] }));
  const unpacked = { decompressedByBrowser, sameParts };
  report({ restored, unpacked, tampered: { restored: tamperedRestored, unchanged: digest() === before }, answers });
} catch (error) {
  fail("micropython", error);
}
