// 多年记录's state outside the page: the address fragment, localStorage (only when asked) and the CSV file.
//
// The record is kept in the address after # (never sent to a server), in localStorage only when the person asks,
// and exported and imported as the CSV file the command line reads (python -m calculator record).

import { MAX_URL_VALUE } from "./fields.js";

// A record's inputs per year, in the order of the CSV file the command line reads (calculator/record_file.py).
export const RECORD_FIELDS = [
  ["year", "年度"],
  ["public_required", "公需必修"],
  ["public_elective", "公需选修"],
  ["professional", "专业科目"],
];
export const MAX_RECORD_YEARS = 60; // calculator/record.py MAX_YEARS: more rows from an address are refused unread
export const STORAGE_KEY = "gx-calculator-record";

// The address keeps the record as #record=2023,0,0,75;2024,20,0,50&record-as-of=2026-06-01: each value
// percent-encoded (so a "," or ";" typed in a field stays in its field), read back from the raw fragment.
export function recordFragment(rows, asOf) {
  const parts = [];
  if (rows.length) {
    const encoded = rows.map((row) => RECORD_FIELDS.map(([key]) => encodeURIComponent(row[key] || "")).join(","));
    parts.push(`record=${encoded.join(";")}`);
  }
  if (asOf) parts.push(`record-as-of=${encodeURIComponent(asOf)}`);
  return parts;
}

// The fragment's segments that are not the record's (the single check's fields), kept as they are.
export function otherSegments(hash) {
  return hash
    .replace(/^#/, "")
    .split("&")
    .filter((segment) => segment && !/^record(-as-of)?=/.test(segment));
}

// {rows, asOf} from the address, {error} when it holds a record the page refuses, or null when it holds none.
export function recordFromAddress(hash) {
  const segments = hash.replace(/^#/, "").split("&");
  const raws = segments.filter((segment) => segment.startsWith("record="));
  const rawAsOfs = segments.filter((segment) => segment.startsWith("record-as-of="));
  if (!raws.length && !rawAsOfs.length) return null;
  for (const [found, what] of [[raws, "多年记录"], [rawAsOfs, "查询日期"]]) {
    if (found.length > 1) return { error: `网址中的${what}出现了 ${found.length} 次，没有核对：请在下面重新填写` };
  }
  const [raw] = raws;
  const [rawAsOf] = rawAsOfs;
  try {
    const asOf = rawAsOf === undefined ? "" : decodeURIComponent(rawAsOf.slice("record-as-of=".length));
    if (asOf.length > MAX_URL_VALUE) return { error: `网址中的查询日期有 ${asOf.length} 个字符，太长了，没有核对` };
    const text = raw === undefined ? "" : raw.slice("record=".length);
    const lines = text ? text.split(";") : [];
    if (lines.length > MAX_RECORD_YEARS) {
      return { error: `网址中的多年记录有 ${lines.length} 个年度，超过了 ${MAX_RECORD_YEARS} 个，没有核对：请在下面重新填写` };
    }
    const rows = [];
    for (const line of lines) {
      const values = line.split(",");
      if (values.length > RECORD_FIELDS.length) return { error: "网址中的多年记录格式不对（一个年度多于 4 项），没有核对" };
      const row = {};
      RECORD_FIELDS.forEach(([key, label], index) => {
        const value = decodeURIComponent(values[index] || "");
        if (value.length > MAX_URL_VALUE) throw new RangeError(`网址中的“${label}”有 ${value.length} 个字符，太长了（最多 ${MAX_URL_VALUE} 个），没有核对`);
        row[key] = value;
      });
      rows.push(row);
    }
    return { rows, asOf };
  } catch (error) {
    if (error instanceof RangeError) return { error: error.message };
    return { error: "网址中的多年记录无法读取（编码不对），没有核对：请在下面重新填写" };
  }
}

// A cell that a spreadsheet would run as a formula gets a leading ' (as calculator/table.py spreadsheet_safe); then,
// like any cell, it is quoted when it holds a comma, a quote or a line break, so it stays one cell.
function safeCell(value) {
  let text = String(value);
  if (/^[\s\u3000]*[=+\-@\t\r\n＝＋－＠]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text.trim())) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// The record as the CSV file `python -m calculator record` reads (UTF-8 with a BOM, for Excel).
export function recordCsv(rows) {
  const lines = [RECORD_FIELDS.map(([, label]) => label).join(",")];
  for (const row of rows) lines.push(RECORD_FIELDS.map(([key]) => safeCell(row[key] || "")).join(","));
  return `\ufeff${lines.join("\r\n")}\r\n`;
}

// Storage may be unavailable (private windows, a policy): the record then lives in the address only.
export function storage() {
  try {
    return window.localStorage;
  } catch (error) {
    return null;
  }
}

export function saved() {
  const store = storage();
  if (!store) return null;
  try {
    const value = JSON.parse(store.getItem(STORAGE_KEY) || "null");
    if (!value || !Array.isArray(value.rows) || value.rows.length > MAX_RECORD_YEARS) return null;
    const rows = value.rows.map((row) => Object.fromEntries(RECORD_FIELDS.map(([key]) => [key, String(row[key] ?? "").slice(0, MAX_URL_VALUE)])));
    return { rows, asOf: String(value.asOf || "").slice(0, MAX_URL_VALUE) };
  } catch (error) {
    return null;
  }
}

