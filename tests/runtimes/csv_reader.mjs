// The worker's CSV reader and writer under Node, for tests/test_calculator_csv_reader.py: one JSON request per line
// on stdin, one JSON answer per line on stdout, until stdin closes.
//   {op: "decode", bytes: base64, command?}   → {text} | {error}    (decodeCsv, then refuseSeparators; command:
//                                                                   "batch", the default, or "record")
//   {op: "read", text}                        → readCsv's result, and rowsForPython's {text, shape} as "python"
//   {op: "write", rows}                       → {text}              (writeCsv)
import { createInterface } from "node:readline";
import { workerCsv } from "./common.mjs";

const csv = await workerCsv();

function answer(request) {
  try {
    if (request.op === "decode") {
      const text = csv.decodeCsv(new Uint8Array(Buffer.from(request.bytes, "base64")));
      csv.refuseSeparators(text, request.command || "batch");
      return { text };
    }
    if (request.op === "read") {
      const read = csv.readCsv(request.text);
      return { ...read, python: csv.rowsForPython(read) };
    }
    if (request.op === "write") return { text: csv.writeCsv(request.rows) };
    return { error: `unknown op ${request.op}` };
  } catch (error) {
    if (error instanceof csv.CsvError) return { error: error.message };
    throw error;
  }
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  process.stdout.write(`${JSON.stringify(answer(JSON.parse(line)))}\n`);
}
