// The check's five inputs: the form's field ids and the core's keys, their labels, the longest value taken from the URL.

// [form field id, core input key], in the order of the form (and of a check's key).
export const FIELDS = [
  ["year", "year"],
  ["public-required", "public_required"],
  ["public-elective", "public_elective"],
  ["professional", "professional"],
  ["as-of", "as_of"],
];

// The longest value taken from the address into the form (the longest sensible input is a few dozen characters);
// overrides/partials/calculator-start.html uses the same limit.
export const MAX_URL_VALUE = 100;
export const FIELD_LABELS = { year: "年度", public_required: "公需必修", public_elective: "公需选修", professional: "专业科目", as_of: "查询日期" };

// What identifies a check: its five inputs, in order (overrides/partials/calculator-start.html computes the same).
export function checkKey(input) {
  return FIELDS.map(([, key]) => String(input[key])).join("\n");
}


// The largest file the page reads (a staff list or a record): MicroPython's heap holds the rows of about 6 MB; the
// command line reads any size. A record is refused by its number of years (calculator/record.py), as there.
export const MAX_FILE_BYTES = 6 * 1024 * 1024;

export function megabytes(bytes) {
  // Rounded up to a tenth: a file just over the 6 MB limit is "6.1 MB", never "6 MB, over the limit of 6 MB".
  return `${(Math.ceil((bytes / 1024 / 1024) * 10) / 10).toFixed(1).replace(/\.0$/, "")} MB`;
}

// Whether a date box takes `value` as it is: a real day written 2026-12-10. Assigning any other text (2026/12/10,
// 2026-02-30) empties the box with a console warning; the page keeps such a value as given for the core to read.
export function dateBoxTakes(value) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}
