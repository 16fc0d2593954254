// Excel workbooks (.xlsx) in the browser: read a staff list, write the result. Loaded by the worker only when a
// workbook is chosen or the .xlsx result is asked for (never in the calculator page's cold load).
//
// The zip is fflate's (npm, pinned in package.json); the XML is read and written here (a worker has no DOMParser).
// Reading gives each cell the text calculator/xlsx_files.py (openpyxl) gives it: the active worksheet, shared and
// inline strings (phonetic runs left out), numbers with 15 significant digits, dates as 2026-05-12, TRUE/FALSE,
// a formula's saved value (none saved: the file stops, naming the cell). Writing makes what xlsx_files.write_xlsx
// makes: one sheet 核对结果, the header bold, frozen and filtered, widths from the header and the first 100 rows,
// hours as numbers, every other cell text (never a formula). tests/test_calculator_xlsx.py compares the two.
// generator/browser/calculator_assets.py bundles this file with fflate into calculator/xlsx.<hash>.js.

import { unzipSync, unzlibSync, zipSync, strFromU8, strToU8 } from "fflate";

// For the worker's core bundle where the browser has no DecompressionStream (worker.js, unpack).
export { unzlibSync };

// The messages of calculator/table.py (the command line's, word for word; tests/test_calculator_xlsx.py checks).
export const NOT_XLSX = "读不了这个 .xlsx 文件（{}）：请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（.xlsx）”后再核对";
export const FORMULA_WITHOUT_VALUE =
  "第 {} 行的单元格 {} 是公式，但文件中没有保存它的计算结果：请在 Excel 或 WPS 中打开这个文件、保存一次后再核对，" +
  "或把公式换成数值";
export const MERGED_CELLS =
  "工作表中 {} 是合并的单元格：合并后只有左上角一格有值，其余各格读作空格（学时空着按 0 算）：请在 Excel 或 WPS 中" +
  "取消合并，给每一行填上自己的值后再核对";
export const STRICT_XLSX =
  "这个工作簿是 Strict Open XML 格式（Excel 的“Strict Open XML 电子表格”），读不了：请在 Excel 或 WPS 中打开，" +
  "另存为普通的“Excel 工作簿（.xlsx）”后再核对"; // calculator/xlsx_files.py
const NO_SHEET = "工作簿中没有工作表：请在 Excel 或 WPS 中把名单放在第一个工作表中";
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml";
const STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main";
const UNPACKED_LIMIT = 256 * 1024 * 1024; // a workbook that says it unpacks to more is refused unread (a zip bomb)

export class XlsxError extends Error {}

const fill = (template, ...values) => values.reduce((text, value) => text.replace("{}", String(value)), template);
const broken = (why) => new XlsxError(fill(NOT_XLSX, why));

// ---- XML, the little that is needed ----------------------------------------------------------------

const ENTITIES = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
// A character XML 1.0 allows (what a reference may name): a workbook naming another is malformed, as openpyxl's parser
// says (the command line refuses it: NOT_XLSX 格式不对).
const xmlCharacter = (code) =>
  code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) ||
  (code >= 0x10000 && code <= 0x10ffff);
function unescapeXml(text) {
  if (!text.includes("&")) return text;
  return text.replace(/&([^;&<]*);?/g, (whole, name) => {
    if (!whole.endsWith(";")) throw broken("格式不对"); // a bare & (XML writes &amp;)
    if (name[0] === "#") {
      const code = /^#x[0-9a-fA-F]{1,8}$/.test(name) ? parseInt(name.slice(2), 16) : /^#[0-9]{1,10}$/.test(name) ? parseInt(name.slice(1), 10) : -1;
      if (!xmlCharacter(code)) throw broken("格式不对");
      return String.fromCodePoint(code);
    }
    if (!Object.hasOwn(ENTITIES, name)) throw broken("格式不对"); // &nbsp; and the like: undefined in XML
    return ENTITIES[name];
  });
}

// The part a relationship of the workbook's names (its Type ends in /`kind`), else `fallback`: styles.xml is usually
// there, but any name will do (openpyxl follows the relationship).
function workbookPart(files, kind, fallback) {
  for (const relation of all(zipTree(files, "xl/_rels/workbook.xml.rels"), "Relationship")) {
    if ((relation.attrs.Type || "").endsWith(`/${kind}`)) return partPath(relation.attrs.Target || "");
  }
  return fallback;
}

const partPath = (target) => (target.startsWith("/") ? target.slice(1) : `xl/${target}`.replace(/\/[^/]+\/\.\.\//g, "/"));

// A part's XML as a tree, as an XML parser (openpyxl's) reads it: {qname, ns (the namespace its prefix or the default
// namespace names), local, attrs (by qualified name, unescaped), children, text (the text before its first child, as
// ElementTree's .text)}. A quoted attribute value may hold ">" (well-formed XML); what XML 1.0 forbids (a raw control
// character, a DOCTYPE: Excel never writes one and its entities are refused on both sides, tags that do not nest, a
// prefix no xmlns declares, two roots, text outside the root) is refused (the command line's parser refuses it too).
const NAME_START = "A-Za-z_\\u00C0-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\uD800-\\uDBFF\\uDC00-\\uDFFF";
const NCNAME = `[${NAME_START}][${NAME_START}0-9.\\-\\u00B7\\u0300-\\u036F\\u203F\\u2040]*`;
const QNAME = `${NCNAME}(?::${NCNAME})?`;
const TAG = new RegExp(`<(/?)(${QNAME})((?:\\s+${QNAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`, "y");
const ATTRIBUTE = new RegExp(`(${QNAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, "g");
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/; // not XML 1.0 characters (expat: invalid token)
const XML_NS = "http://www.w3.org/XML/1998/namespace";
const attributeSpace = (text) => text.replace(/[\t\n\r]/g, " "); // attribute-value normalization (XML 1.0, 3.3.3)

function xmlTree(xml) {
  if (FORBIDDEN.test(xml)) throw broken("格式不对");
  const text = parsed(xml.replace(/^\ufeff?<\?xml[\s\S]*?\?>|^\ufeff/, "")); // the XML declaration at its start
  const top = { children: [], scope: Object.assign(Object.create(null), { xml: XML_NS }), qname: null };
  const stack = [top];
  const resolve = (scope, prefix) => {
    const ns = scope[prefix];
    if (ns === undefined && prefix !== "") throw broken("格式不对"); // an undeclared prefix
    return ns || undefined;
  };
  let at = 0;
  while (at < text.length) {
    const lt = text.indexOf("<", at);
    const end = lt < 0 ? text.length : lt;
    const parent = stack[stack.length - 1];
    if (end > at) {
      const piece = unescapeXml(text.slice(at, end));
      if (parent === top) {
        if (/[^ \t\n\r]/.test(piece)) throw broken("格式不对"); // text outside the root element
      } else if (!parent.children.length) parent.text = (parent.text ?? "") + piece;
    }
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const match = TAG.exec(text);
    if (!match) throw broken("格式不对"); // <!DOCTYPE …>, a tag XML does not allow
    at = TAG.lastIndex;
    const [, closing, qname, rawAttributes, empty] = match;
    if (closing) {
      if (rawAttributes || empty || parent === top || parent.qname !== qname) throw broken("格式不对");
      stack.pop();
      continue;
    }
    if (parent === top && top.children.length) throw broken("格式不对"); // a second root element
    const attrs = {};
    let scope = parent.scope;
    for (const [, name, double, single] of rawAttributes.matchAll(ATTRIBUTE)) {
      if (Object.hasOwn(attrs, name)) throw broken("格式不对"); // an attribute given twice
      attrs[name] = unescapeXml(attributeSpace(double ?? single));
      if (name === "xmlns" || name.startsWith("xmlns:")) {
        if (scope === parent.scope) scope = Object.create(parent.scope);
        const prefix = name === "xmlns" ? "" : name.slice(6);
        if (prefix && !attrs[name]) throw broken("格式不对"); // xmlns:p="" undeclares nothing in XML 1.0
        scope[prefix] = attrs[name];
      }
    }
    for (const name of Object.keys(attrs)) if (name.includes(":") && !name.startsWith("xmlns:")) resolve(scope, name.split(":")[0]);
    const colon = qname.indexOf(":");
    const node = {
      qname,
      ns: resolve(scope, colon < 0 ? "" : qname.slice(0, colon)),
      local: colon < 0 ? qname : qname.slice(colon + 1),
      attrs,
      children: [],
      text: null,
      scope,
    };
    parent.children.push(node);
    if (!empty) stack.push(node);
  }
  if (stack.length !== 1 || top.children.length !== 1) throw broken("格式不对"); // cut short, or no element at all
  return top.children[0];
}

// The elements named `local` under `node` (itself included), in namespace `ns` (undefined: any), in document order;
// `ends`: in the order they end (an XML parser's iterparse, which openpyxl reads rows and strings with).
function all(node, local, ns, ends = false) {
  const out = [];
  const visit = (element) => {
    const match = element.local === local && (ns === undefined || element.ns === ns);
    if (match && !ends) out.push(element);
    for (const child of element.children) visit(child);
    if (match && ends) out.push(element);
  };
  if (node) visit(node);
  return out;
}

// The text of a string item (<si> or <is>) as openpyxl's Text reads it (children by local name, any namespace): its
// last <t>, then the last <t> of each run <r>; phonetic runs (<rPh>) left out.
function itemText(node) {
  let plain = null;
  const runs = [];
  const lastT = (element) => element.children.reduce((found, child) => (child.local === "t" ? child.text : found), null);
  for (const child of node.children) {
    if (child.local === "t") plain = child.text;
    else if (child.local === "r") runs.push(lastT(child) ?? "");
  }
  return (plain ?? "") + runs.join("");
}

// ---- Reading --------------------------------------------------------------------------------------

const BUILTIN_FORMATS = {
  0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?",
  13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
  20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}; // openpyxl's (styles/numbers.py) that bear on dates; the currency ones (5–8, 37–44) never do

const STRIP = /".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]/g;
const isDateFormat = (format) => format != null && /(?<![_\\])[dmhysDMHYS]/.test(format.split(";")[0].replace(STRIP, ""));
const isTimedeltaFormat = (format) =>
  format != null && /\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?/i.test(format.split(";")[0]);

const isPercentFormat = (format) => format != null && /%/.test(format.split(";")[0].replace(/"[^"]*"|\\./g, ""));

// Which cell styles (s="…") are dates and which durations, as openpyxl decides (styles/stylesheet.py), and which
// percents (calculator/xlsx_files.py percent_styles: their numbers are read as shown, 70% not 0.7).
function dateStyles(root) {
  const dates = new Set();
  const durations = new Set();
  const percents = new Set();
  if (!root) return { dates, durations, percents };
  const custom = {};
  for (const format of all(root, "numFmt")) custom[format.attrs.numFmtId] = format.attrs.formatCode;
  const cellXfs = all(root, "cellXfs")[0];
  if (!cellXfs) return { dates, durations, percents };
  all(cellXfs, "xf").forEach((xf, index) => {
    const id = xf.attrs.numFmtId ?? "0";
    const format = id in custom ? custom[id] : BUILTIN_FORMATS[id];
    if (isDateFormat(format)) dates.add(index);
    if (isTimedeltaFormat(format)) durations.add(index);
    if (isPercentFormat(format)) percents.add(index);
  });
  return { dates, durations, percents };
}

// A <v> as openpyxl casts it (worksheet/_reader.py, _cast_number): Python's float() when the text has ".", "e" or "E",
// else int() (a BigInt here). Python's reading, not Number()'s: surrounding whitespace, any Unicode decimal digit (７０)
// and single underscores between digits (7_0) are allowed; 0x46, a lone space or Infinity raise ValueError, so the
// command line refuses the file, and so does this.
const PY_SPACE = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u; // str.isspace()
const DIGITS = "(?:\\d(?:_?\\d)*)";
const PY_INT = new RegExp(`^[+-]?${DIGITS}$`);
const PY_FLOAT = new RegExp(`^[+-]?(?:${DIGITS}(?:\\.${DIGITS}?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`); // no inf/nan: they have no . or e
function castNumber(raw, integer = !/[.eE]/.test(raw)) {
  // (A whole number is a BigInt when longer: × 100 for a percent must be exact, as Python's int is.)
  if (/^-?[0-9]{1,15}$/.test(raw)) return Number(raw); // the usual texts, quickly (exact: no BigInt needed)
  if (!integer && /^-?[0-9]+\.[0-9]+$/.test(raw)) return Number(raw);
  let ascii = "";
  for (const c of raw) ascii += c.codePointAt(0) < 127 ? c : PY_SPACE.test(c) ? " " : decimalDigit(c);
  const text = ascii.replace(/^[ \t-\r]+|[ \t-\r]+$/g, "");
  if (!(integer ? PY_INT : PY_FLOAT).test(text)) throw broken("格式不对");
  return integer ? BigInt(text.replace(/_/g, "")) : Number(text.replace(/_/g, ""));
}

// A Unicode decimal digit's value (Python's int() reads them all): each script's digits run 0 to 9 in order.
function decimalDigit(c) {
  if (!/\p{Nd}/u.test(c)) return "?";
  let start = c.codePointAt(0);
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start -= 1;
  return String((c.codePointAt(0) - start) % 10);
}

// A number as a spreadsheet shows it: Python's "%.15g" (calculator/xlsx_files.py, number_text), inf as Python writes it.
// The 15 digits are the double's exact value correctly rounded, an exact half to the even digit, as C's printf rounds;
// toExponential rounds the same but takes a half up, so a double that may be a half (its 16th digit a 5) is rounded
// from its exact decimal expansion.
export function numberText(value) {
  if (value === 0) return "0";
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  let [mantissa, power] = Math.abs(value).toExponential(14).split("e");
  let digits = mantissa.replace(".", "");
  let exponent = Number(power);
  if (Math.abs(value).toExponential(15).split("e")[0].endsWith("5")) [digits, exponent] = exactDigits(Math.abs(value));
  const sign = value < 0 ? "-" : "";
  const trimmed = (text) => (text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text);
  if (exponent < -4 || exponent >= 15) {
    const power10 = `e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
    return `${sign}${trimmed(`${digits[0]}.${digits.slice(1)}`)}${power10}`;
  }
  if (exponent < 0) return `${sign}${trimmed(`0.${"0".repeat(-exponent - 1)}${digits}`)}`;
  return `${sign}${trimmed(`${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`)}`;
}

// A positive double's 15 significant digits and decimal exponent, rounded from its exact value (mantissa × 2^k, a
// finite decimal), an exact half to the even digit.
function exactDigits(value) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const biased = high >>> 20;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  let power2 = -1074;
  if (biased) {
    mantissa |= 1n << 52n;
    power2 = biased - 1075;
  }
  // value = all × 10^-scale exactly
  const all = power2 >= 0 ? mantissa << BigInt(power2) : mantissa * 5n ** BigInt(-power2);
  const scale = power2 >= 0 ? 0 : -power2;
  const text = all.toString();
  let exponent = text.length - 1 - scale;
  let kept = BigInt(text.slice(0, 15));
  const rest = text.slice(15).replace(/0+$/, "");
  if (rest > "5" || (rest === "5" && kept % 2n === 1n)) kept += 1n; // above a half, or a half to the even digit
  let digits = kept.toString();
  if (digits.length > 15) {
    digits = digits.slice(0, 15);
    exponent += 1;
  }
  return [digits.padEnd(15, "0"), exponent];
}

const pad = (number, width = 2) => String(number).padStart(width, "0");
const timeText = (h, m, s, ms) => `${pad(h)}:${pad(m)}:${pad(s)}${ms ? `.${pad(ms, 3)}` : ""}`;

// A date-formatted number as openpyxl's from_excel turns it into a date, a time or a duration, written as
// xlsx_files.cell_text writes those.
function dateText(value, date1904, duration) {
  if (duration) return durationText(value);
  let day = Math.floor(value);
  const ms = roundHalfEven((value - day) * 86400000); // may round up to a whole day, which is then not a time of day
  if (value >= 0 && value < 1 && ms < 86400000) {
    return timeText(Math.floor(ms / 3600000), Math.floor(ms / 60000) % 60, Math.floor(ms / 1000) % 60, ms % 1000);
  }
  if (!date1904 && value > 0 && value < 60) day += 1;
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const when = new Date(epoch + day * 86400000 + ms);
  const year = when.getUTCFullYear();
  if (!(year >= 1 && year <= 9999)) return "#VALUE!";
  const date = `${pad(year, 4)}-${pad(when.getUTCMonth() + 1)}-${pad(when.getUTCDate())}`;
  const rest = when.getUTCHours() * 3600000 + when.getUTCMinutes() * 60000 + when.getUTCSeconds() * 1000 + when.getUTCMilliseconds();
  if (!rest) return date;
  return `${date} ${timeText(when.getUTCHours(), when.getUTCMinutes(), when.getUTCSeconds(), when.getUTCMilliseconds())}`;
}

// Python's round(): halves to the even neighbour (Math.round takes them up).
const roundHalfEven = (x) => (Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x));
const floorMod = (a, b) => ((a % b) + b) % b; // Python's %: the sign of the divisor

// A duration as openpyxl makes it (timedelta(days=value) to the microsecond, then to the millisecond) and cell_text
// writes it (rounded to the second, half to even; Python's // and %, so -0.51 days is -13:45:36).
function durationText(value) {
  if (!Number.isFinite(value)) return "#VALUE!"; // Python: OverflowError, which openpyxl reads as #VALUE!
  const whole = Math.trunc(value); // timedelta's own arithmetic: whole days exactly, the rest as a float
  const part = 86400000000 * (value - whole);
  let us = BigInt(whole) * 86400000000n + BigInt(Math.trunc(part));
  const left = part - Math.trunc(part);
  let step = Math.sign(left) * Math.round(Math.abs(left)); // C round(), halves away from zero
  if (Math.abs(step - left) === 0.5) step = 2 * roundHalfEven((left + Number(us & 1n)) * 0.5) - Number(us & 1n);
  us += BigInt(step);
  if (us < -999999999n * 86400000000n || us >= 1000000000n * 86400000000n) return "#VALUE!"; // timedelta's limit
  const micro = ((us % 1000000n) + 1000000n) % 1000000n;
  if (micro) us = BigInt(Math.floor(Number(us) / 1e6)) * 1000000n + BigInt(roundHalfEven(Number(micro) / 1000) * 1000);
  const seconds = roundHalfEven(Number(us) / 1e6);
  return `${Math.floor(seconds / 3600)}:${pad(floorMod(Math.floor(seconds / 60), 60))}:${pad(floorMod(seconds, 60))}`;
}

// An ISO 8601 cell (t="d", rare) as openpyxl's from_ISO8601 reads it, written as cell_text writes it.
function isoText(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?)?/.exec(text);
  if (!match) return text;
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  if (match[4] === undefined) return date;
  const ms = match[7] ? Math.round(parseFloat(match[7]) * 1000) : 0;
  const [h, m, s] = [Number(match[4]), Number(match[5]), Number(match[6] || 0)];
  return h || m || s || ms ? `${date} ${timeText(h, m, s, ms)}` : date;
}

// openpyxl's shared_strings[int(raw)]: Python's int() and list index (-1 is the last); no such string: refused.
function sharedString(strings, raw) {
  const index = Number(castNumber(raw, true));
  if (index >= strings.length || index < -strings.length) throw broken("格式不对");
  return strings.at(index);
}

const columnNumber = (letters) => [...letters].reduce((number, letter) => number * 26 + letter.charCodeAt(0) - 64, 0);
export function columnLetters(number) {
  let letters = "";
  for (let n = number; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

// A part of the workbook as a tree (xmlTree), or null when the zip has no such part.
function zipTree(files, path) {
  const bytes = files[path.replace(/^\//, "")];
  return bytes ? xmlTree(strFromU8(bytes)) : null;
}

// Whether a part's XML declares a DOCTYPE before its root element: refused in any part, as the command line refuses it
// (xlsx_files._check_parts; Excel never writes one, and its entities would be expanded there, not here).
function declaresDoctype(bytes) {
  for (const size of [65536, Infinity]) {
    const head = strFromU8(bytes.subarray(0, size));
    const prolog = /^\ufeff?(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/.exec(head)[0];
    if (prolog.length < head.length || size >= bytes.length) return head.startsWith("<!DOCTYPE", prolog.length);
  }
  return false;
}

// A part's XML as an XML parser (openpyxl's) hands it on: line ends as \n, comments and processing instructions
// left out (a commented-out row is no row), a CDATA section's text taken literally. What a parser refuses (a comment
// with -- in it, a section left open) is refused here too.
function parsed(xml) {
  const text = xml.replace(/\r\n?/g, "\n");
  if (!/<!|<\?/.test(text.slice(1))) return text;
  const out = text.replace(/<!--([\s\S]*?)-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>/g, (whole, comment, data) => {
    if (comment !== undefined) {
      if (comment.includes("--") || comment.endsWith("-")) throw broken("格式不对");
      return "";
    }
    return data === undefined ? "" : escapeXml(data);
  });
  if (out.includes("<!--") || out.includes("<![CDATA[") || out.includes("<?")) throw broken("格式不对");
  return out;
}

// The workbook's parts: the sheet a person sees on opening it (its active one, else its first worksheet).
function sheetPath(files) {
  const workbook = zipTree(files, "xl/workbook.xml");
  if (workbook === null) throw broken("缺少工作簿的组成部分");
  if (workbook.ns === STRICT) throw new XlsxError(STRICT_XLSX); // openpyxl would find no sheet in it
  if (workbook.ns !== MAIN) throw broken("格式不对"); // xlsx_files._check_parts refuses it alike
  const relations = {};
  for (const relation of all(zipTree(files, "xl/_rels/workbook.xml.rels"), "Relationship")) {
    relations[relation.attrs.Id] = {
      path: partPath(relation.attrs.Target || ""),
      worksheet: /\/worksheet$/.test(relation.attrs.Type || ""),
    };
  }
  const sheets = all(workbook, "sheet").map((sheet) => {
    const id = Object.entries(sheet.attrs).find(([name]) => /(^|:)id$/.test(name) && name !== "sheetId");
    return { name: sheet.attrs.name || "", ...(relations[id ? id[1] : ""] || { path: null, worksheet: false }) };
  });
  // openpyxl: the first window's activeTab (absent: 0), read by Python's int() and used as a list index (-1: last).
  const tab = (all(workbook, "workbookView")[0] || { attrs: {} }).attrs.activeTab;
  const active = sheets.at(tab === undefined ? 0 : Number(castNumber(tab, true)));
  const chosen = active && active.worksheet ? active : sheets.find((sheet) => sheet.worksheet);
  if (!chosen || !files[chosen.path]) throw new XlsxError(NO_SHEET);
  const pr = all(workbook, "workbookPr")[0];
  // openpyxl's Bool: "false", "f", "0" and "" are false, any other text true ("TRUE", even "FALSE").
  const date1904 = Boolean(pr && pr.attrs.date1904 !== undefined && !["false", "f", "0", ""].includes(pr.attrs.date1904));
  return { path: chosen.path, name: chosen.name, count: sheets.length, date1904 };
}

// An .xlsx's rows as the batch reads them: {rows: [[cell text]], numbers: [row number in the sheet], sheet, sheets}.
// Rows with no cell that has a value are left out; so are empty cells at the end of a row.
export function readXlsx(bytes) {
  let files;
  let unpacked = 0;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        unpacked += file.originalSize;
        if (unpacked > UNPACKED_LIMIT) throw new XlsxError(fill(NOT_XLSX, "解压后太大"));
        if (/\.(xml|rels)$/i.test(file.name)) return true; // each is looked at for a DOCTYPE; the strings may be anywhere
        return /^xl\//.test(file.name) && !/\.(png|jpe?g|gif|emf|wmf|bin)$/i.test(file.name);
      },
    });
  } catch (error) {
    if (error instanceof XlsxError) throw error;
    throw broken("不是完整的 .xlsx 文件");
  }
  for (const [name, part] of Object.entries(files)) {
    if (/\.(xml|rels)$/i.test(name) && declaresDoctype(part)) throw broken("格式不对");
  }
  const sheet = sheetPath(files);
  // The shared strings are the part [Content_Types].xml declares as such, as openpyxl finds them (reader/excel.py):
  // a sharedStrings.xml it does not declare is not read (a cell naming a string is then refused, as there).
  const types = zipTree(files, "[Content_Types].xml");
  if (types === null) throw broken("缺少工作簿的组成部分");
  const declared = all(types, "Override").find((part) => part.attrs.ContentType === SHARED_STRINGS);
  const stringsPath = declared ? (declared.attrs.PartName ?? "").slice(1) : null;
  if (stringsPath !== null && !files[stringsPath]) throw broken("缺少工作簿的组成部分");
  // openpyxl reads the <si> of the main namespace (anywhere, as they end), each one's text by local names.
  const strings = all(stringsPath === null ? null : zipTree(files, stringsPath), "si", MAIN, true).map((si) =>
    itemText(si).replace(/x005F_/g, ""),
  );
  const { dates, durations, percents } = dateStyles(zipTree(files, workbookPart(files, "styles", "xl/styles.xml")));
  for (const part of ["docProps/core.xml", "docProps/custom.xml"]) zipTree(files, part); // openpyxl parses them too
  const xml = zipTree(files, sheet.path);
  const rows = [];
  const numbers = [];
  let rowCounter = 0;
  // Cells merged below the header row (the first row with a value) read as empty but the first: refused, naming the
  // first such range in the sheet's order (calculator/table.py, merged_below), as soon as the header row is known (the
  // command line's order: a later row's formula without a saved value is not what is said first).
  const refs = all(xml, "mergeCell").map((merge) => merge.attrs.ref || ""); // any prefix, as xlsx_files._MERGE_CELL
  const refuseMergedBelow = (header) => {
    const below = refs.find((ref) => Number(ref.split(":").pop().replace(/^[A-Za-z$]+/, "").replace("$", "")) > header);
    if (below !== undefined) throw new XlsxError(fill(MERGED_CELLS, below));
  };
  // openpyxl's WorkSheetParser: each <row> of the main namespace as it ends (then cleared), every child of it a cell;
  // a cell's <v>, <f> and <is> of the main namespace (elements of another namespace are passed over).
  const childOf = (node, local) => node.children.find((child) => child.local === local && child.ns === MAIN);
  for (const row of all(xml, "row", MAIN, true)) {
    rowCounter = row.attrs.r !== undefined ? Math.round(Number(row.attrs.r)) : rowCounter + 1;
    let columnCounter = 0;
    const values = [];
    for (const cell of row.children) {
      const reference = cell.attrs.r;
      let column;
      if (reference) {
        column = columnNumber(reference.replace(/[0-9$]/g, "").toUpperCase());
        columnCounter = column;
      } else {
        columnCounter += 1;
        column = columnCounter;
      }
      const type = cell.attrs.t || "n";
      const v = type === "inlineStr" ? null : childOf(cell, "v");
      const raw = v && v.text ? v.text : null;
      let text = "";
      if (raw === null) {
        if (childOf(cell, "f") && type !== "str") {
          throw new XlsxError(fill(FORMULA_WITHOUT_VALUE, rowCounter, reference || `${columnLetters(column)}${rowCounter}`));
        }
        if (type === "inlineStr") {
          const item = childOf(cell, "is");
          text = item ? itemText(item) : "";
        }
      } else if (type === "n") {
        const number = castNumber(raw);
        const style = Number(cell.attrs.s || 0);
        if (dates.has(style)) text = dateText(Number(number), sheet.date1904, durations.has(style));
        else if (percents.has(style)) text = `${numberText(typeof number === "bigint" ? Number(number * 100n) : number * 100)}%`;
        else text = numberText(Number(number));
      } else if (type === "s") text = sharedString(strings, raw);
      else if (type === "b") text = castNumber(raw, true) ? "TRUE" : "FALSE";
      else if (type === "d") text = isoText(raw);
      else text = raw; // str (a formula's text), e (an error such as #N/A)
      if (text) values[column - 1] = text;
    }
    row.children = []; // iterparse's element.clear(): a row inside this one is a cell with nothing in it
    row.attrs = {};
    if (values.length) {
      rows.push(Array.from(values, (value) => value ?? ""));
      numbers.push(rowCounter);
      if (numbers.length === 1) refuseMergedBelow(rowCounter);
    }
  }
  return { rows, numbers, sheet: sheet.name, sheets: sheet.count };
}

// ---- Writing --------------------------------------------------------------------------------------

const SHEET_TITLE = "核对结果";
const WIDTH_ROWS = 100;
const CELL_LIMIT = 32767;

// xlsx_files.column_width: the widest text (a Chinese character counts 2) + 2, between 6 and 50.
function columnWidth(texts) {
  let widest = 0;
  for (const text of texts) {
    let width = 0;
    for (const c of text) width += c.codePointAt(0) > 0x2e7f ? 2 : 1;
    widest = Math.max(widest, width);
  }
  return Math.min(50, Math.max(6, widest + 2));
}

// table.number_value: a plain decimal of at most 15 digits as a number, else null (text).
function numberValue(text) {
  if (!text || text.length > 17) return null;
  const match = /^-?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match || match[1].length + (match[2] || "").length > 15) return null;
  if (match[1].length > 1 && match[1][0] === "0") return null;
  return Number(text);
}

// xlsx_files.xlsx_text: characters XML cannot hold as U+FFFD, at most CELL_LIMIT characters.
function cellText(text) {
  let out = text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, "\ufffd");
  if (out.length > CELL_LIMIT) {
    const characters = Array.from(out);
    if (characters.length > CELL_LIMIT) out = `${characters.slice(0, CELL_LIMIT - 1).join("")}…`;
  }
  return out;
}

const escapeXml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// The workbook's parts for sheets titled `titles` (sheet1.xml …), styles last.
function packageParts(titles) {
  const sheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
  const relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  return {
    "[Content_Types].xml":
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      titles.map((_, index) => `<Override PartName="/xl/worksheets/sheet${index + 1}.xml" ContentType="${sheetType}"/>`).join("") +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    "_rels/.rels":
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${relation}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml":
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="0"/></bookViews>' +
      `<sheets>${titles.map((title, index) => `<sheet name="${escapeXml(title)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`).join("")}</sheets></workbook>`,
    "xl/_rels/workbook.xml.rels":
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      titles.map((_, index) => `<Relationship Id="rId${index + 1}" Type="${relation}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`).join("") +
      `<Relationship Id="rId${titles.length + 1}" Type="${relation}/styles" Target="styles.xml"/></Relationships>`,
    "xl/styles.xml": STYLES,
  };
}

const STYLES =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

// Result rows (header first) as an .xlsx: `numbers` are the columns holding hours (table.number_columns); `more`:
// further sheets, [{title, rows, numbers}] (the 多年汇总, calculator/people.py), as the command line writes them.
export function writeXlsx(rows, numbers, more = []) {
  const sheets = [{ title: SHEET_TITLE, rows, numbers }, ...more];
  const files = {};
  for (const [path, text] of Object.entries(packageParts(sheets.map((sheet) => sheet.title)))) files[path] = strToU8(text);
  sheets.forEach((sheet, index) => {
    files[`xl/worksheets/sheet${index + 1}.xml`] = strToU8(sheetXml(sheet.rows, sheet.numbers));
  });
  return zipSync(files, { level: 6 });
}

// One sheet's XML: the header bold and frozen, a filter, widths from the first rows, hours as numbers.
function sheetXml(rows, numbers) {
  const header = rows[0] || [];
  const first = rows.slice(1, 1 + WIDTH_ROWS);
  const numberColumns = new Set(numbers);
  const cols = header
    .map((name, index) => {
      const width = columnWidth([name, ...first.filter((row) => index < row.length).map((row) => row[index])]);
      return `<col min="${index + 1}" max="${index + 1}" width="${width}" customWidth="1"/>`;
    })
    .join("");
  const parts = [];
  rows.forEach((row, rowIndex) => {
    const r = rowIndex + 1;
    const cells = [];
    row.forEach((text, index) => {
      if (!text) return;
      const reference = `${columnLetters(index + 1)}${r}`;
      if (rowIndex > 0 && numberColumns.has(index)) {
        const number = numberValue(text);
        if (number !== null) {
          cells.push(`<c r="${reference}"><v>${String(number)}</v></c>`);
          return;
        }
      }
      const style = rowIndex === 0 ? ' s="1"' : "";
      cells.push(`<c r="${reference}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeXml(cellText(text))}</t></is></c>`);
    });
    parts.push(`<row r="${r}">${cells.join("")}</row>`);
  });
  const range = `A1:${columnLetters(Math.max(1, header.length))}${Math.max(1, rows.length)}`;
  const sheet =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>' +
    `${cols ? `<cols>${cols}</cols>` : ""}<sheetData>${parts.join("")}</sheetData><autoFilter ref="${range}"/></worksheet>`;
  return sheet;
}
