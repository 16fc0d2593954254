// The check: the form ⇄ the URL fragment (inputs kept after #, never sent to a server), the year chosen, the request.

import { element, shorten } from "./dom.js";
import { ask, engine } from "./engine.js";
import { askAgain } from "./freshness.js";
import { FIELD_LABELS, FIELDS, MAX_URL_VALUE, dateBoxTakes } from "./fields.js";
import { asOfOrToday, renderError, renderResult, today } from "./render.js";

// The form's values; a field the browser could not show as given (an impossible date from the address, which
// a date input would empty) keeps the value given in data-given, so it is refused rather than replaced by today.
function readForm(root) {
  const input = {};
  for (const [id, key] of FIELDS) {
    const field = root.querySelector(`#${id}`);
    input[key] = field.dataset.given !== undefined ? field.dataset.given : field.value;
  }
  return input;
}

// The check's fields, with the 多年记录 kept in the same address (record.js) left as it is. The two hours the check
// needs are written even when empty (as 0 hours): an address without them names no check, and a verdict on blank
// hours (未达标) came back as no verdict at all.
function fragmentOf(input) {
  const params = new URLSearchParams();
  for (const [id, key] of FIELDS) {
    if (input[key] !== "" || key === "public_required" || key === "professional") params.set(id, input[key]);
  }
  const record = location.hash.slice(1).split("&").filter((segment) => /^record(-as-of)?=/.test(segment));
  return `#${[params.toString(), ...record].filter(Boolean).join("&")}`;
}

// {input, refused: message | null} from the URL fragment, or null when it names no field. Refused: a value longer
// than MAX_URL_VALUE, or a field named twice (which one would be meant? the command line would take the last).
function inputFromFragment() {
  const hash = location.hash.slice(1);
  if (!hash.includes("=")) return null;
  let params;
  try {
    params = new URLSearchParams(hash);
  } catch (error) {
    return null;
  }
  const input = {};
  let found = false;
  let refused = null;
  const refuse = (key, why) => {
    if (!refused) refused = { field: key, message: `网址中的“${FIELD_LABELS[key]}”${why}，没有核对：请在上面的表单中重新填写` };
  };
  const raw = hash.split("&").map((segment) => segment.split("="));
  for (const [id, key] of FIELDS) {
    const values = params.getAll(id);
    // URLSearchParams reads a broken %-escape (%E4%B8, half a character) as �: the value would be checked as another.
    const broken = raw.find(([name, value]) => name === id && value !== undefined && !decodes(value));
    if (broken) {
      refuse(key, `编码不对（“${shorten(broken[1])}”不是完整的百分号编码）`);
      continue;
    }
    if (values.length > 1) {
      refuse(key, `出现了 ${values.length} 次（${values.slice(0, 3).map((value) => `“${shorten(value)}”`).join("、")}）`);
    } else if (values.length && values[0].length > MAX_URL_VALUE) {
      refuse(key, `有 ${values[0].length} 个字符，太长了（最多 ${MAX_URL_VALUE} 个）`);
    } else if (values.length) {
      input[key] = values[0];
      found = true;
    }
  }
  // A name the calculator does not know (YAER=2030, Year=2030: names are exact) is refused, not passed over: the check
  // would otherwise run on the default year, or without the field the person meant to give.
  const unknown = [...params.keys()].find((name) => !KNOWN_IN_ADDRESS.includes(name));
  if (unknown !== undefined && !refused) {
    refused = {
      field: null,
      message:
        `网址中${unknown ? `的“${shorten(unknown)}”` : "有一项没有名字（“=”前面是空的），它"}不是计算器的字段（可用的有 ${FIELDS.map(([id]) => id).join("、")}），没有核对：` +
        "请检查网址的拼写，或在上面的表单中重新填写",
    };
  }
  return found || refused ? { input, refused } : null;
}

// The names the calculator's address may hold: the check's fields and the 多年记录's (record.js).
const KNOWN_IN_ADDRESS = [...FIELDS.map(([id]) => id), "record", "record-as-of"];

function decodes(value) {
  try {
    decodeURIComponent(value.replace(/\+/g, " "));
    return true;
  } catch (error) {
    return false;
  }
}

function chooseYear(select, wanted) {
  const years = [...select.options].filter((option) => !isRefused(option)).map((option) => option.value);
  if (wanted && years.includes(String(wanted))) {
    dropRefusedYear(select);
    select.value = String(wanted);
    return true;
  }
  return false;
}

// A year from the address that the form does not offer is shown as asked, marked, and sent to the calculator,
// which refuses it with the years it can check (as the command line does): never silently another year.
function showRefusedYear(select, wanted) {
  dropRefusedYear(select);
  const option = element("option", { value: wanted, "data-refused": "" }, `${shorten(wanted)}（未收录）`);
  select.prepend(option);
  select.value = wanted;
}

// The option showing a year from the address that the form does not offer (data-refused="": test for presence).
function isRefused(option) {
  return Boolean(option) && option.dataset.refused !== undefined;
}

function dropRefusedYear(select) {
  for (const option of select.querySelectorAll("option[data-refused]")) option.remove();
}

export function defaultYear(select) {
  const thisYear = new Date().getFullYear();
  if (chooseYear(select, thisYear)) return;
  const earlier = [...select.options].map((option) => Number(option.value)).filter((year) => year <= thisYear);
  if (earlier.length) chooseYear(select, Math.max(...earlier));
}

// Whether any field but `field` might be refused too: hours that are not a plain number, a year the form does not
// offer. Only then is the core asked again (it alone words the messages, as on the command line).
const PLAIN_HOURS = /^\s*[0-9０-９]*([.．][0-9０-９]+)?\s*$/;
function othersLookWrong(request, field) {
  const hours = ["public_required", "public_elective", "professional"];
  if (hours.some((key) => key !== field && !PLAIN_HOURS.test(request[key]))) return true;
  const year = document.querySelector("#year");
  return field !== "year" && Boolean(year && isRefused(year.selectedOptions[0]));
}

export function bindCheck(root, signal) {
  const form = root.querySelector("#check-form");
  const area = root.querySelector("#result");
  const select = root.querySelector("#year");
  let latest = 0;

  const markFields = (fields) => {
    for (const [id, key] of FIELDS) {
      const input = root.querySelector(`#${id}`);
      if (fields.includes(key)) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  };
  const markField = (field) => markFields(field ? [field] : []);

  // The core reports the first bad field (as the command line does); the others are found by asking again with
  // each bad field replaced by a harmless value, so that every bad field is reported at once, in form order.
  const allErrors = async (request, first) => {
    const errors = [first];
    if (!othersLookWrong(request, first.field)) return errors;  // the usual case: one bad field, no second request
    const harmless = { ...request };
    let error = first;
    while (error.field && errors.length <= FIELDS.length) {
      const offered = [...select.options].find((option) => !isRefused(option));
      harmless[error.field] = { year: offered ? offered.value : "", as_of: today() }[error.field] ?? "0";
      const again = await ask("check", harmless);
      if (!again.error || !again.error.field || errors.some((seen) => seen.field === again.error.field)) break;
      errors.push(again.error);
      error = again.error;
    }
    const order = FIELDS.map(([, key]) => key);
    return [errors[0], ...errors.slice(1).sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field))];
  };

  const run = async (asked) => {
    const input = readForm(root);
    // A blank hours field is 0 (the core decides: calculator/check.py, blank_is_zero); a missing as-of date means today.
    const request = { ...input, as_of: asOfOrToday(input.as_of) };
    latest += 1;
    const mine = latest;
    area.dataset.status = "pending";
    if (engine.state !== "ready") area.replaceChildren(element("p", { className: "gx-status" }, "计算器加载完成后立即核对……"));
    askAgain(); // a tab left open: the server is asked whether its rules are still these (the verdict is relabelled if not)
    const answer = await ask("check", request);
    if (mine !== latest || signal.aborted) return;
    if (engine.firstVerdictAt === null) engine.firstVerdictAt = performance.now();
    if (answer.error) {
      const errors = answer.error.internal ? [answer.error] : await allErrors(request, answer.error);
      if (mine !== latest || signal.aborted) return;
      const fields = errors.map((error) => error.field).filter(Boolean);
      markFields(fields);
      renderError(area, errors[0], errors.slice(1));
      area.dataset.status = "error";
      area.dataset.errorField = answer.error.field || "";
      area.dataset.errorFields = fields.join(" ");
      delete area.dataset.result;
      // Someone who pressed 核对 is taken to the first field to correct (the messages stay on screen below).
      const first = FIELDS.find(([, key]) => key === fields[0]);
      if (asked && first) root.querySelector(`#${first[0]}`).focus();
      return;
    }
    markFields([]);
    // A date from the address that the date box could not show as written (2026-6-1, full-width digits) but the
    // core read: the box shows the day it was read as, not an empty box that would mean today.
    const asOf = root.querySelector("#as-of");
    if (asOf.dataset.given !== undefined && asOf.dataset.given === request.as_of && answer.result.as_of) {
      asOf.value = answer.result.as_of;
      delete asOf.dataset.given;
    }
    renderResult(area, answer.result);
    area.dataset.result = JSON.stringify(answer.result);
    delete area.dataset.errorField;
    delete area.dataset.errorFields;
    area.dataset.status = answer.result.passed ? "pass" : "fail";
    // On a phone the result is below the form: bring it into view when someone asked for it.
    if (asked && area.getBoundingClientRect().top > window.innerHeight * 0.6) area.scrollIntoView({ block: "start" });
  };

  // The check in the address, put into the form as a page opened at that address would have it (a field the
  // address does not name is emptied, the year back to the default), so the same address always gives the same
  // verdict, also after the fragment changed or back/forward; true when there is a check to run.
  const restore = () => {
    const fragment = inputFromFragment();
    if (!fragment) return false;
    const { input, refused } = fragment;
    if (refused) {
      markField(refused.field);
      renderError(area, refused);
      area.dataset.status = "error";
      if (refused.field) area.dataset.errorField = refused.field;
      else delete area.dataset.errorField;
      delete area.dataset.result;
      return false;
    }
    for (const [id, key] of FIELDS) {
      const field = root.querySelector(`#${id}`);
      delete field.dataset.given;
      field.removeAttribute("aria-invalid");
      if (!(key in input)) {
        if (id === "year") {
          dropRefusedYear(select);
          defaultYear(select);
        } else field.value = "";
      } else if (id === "year") {
        if (!chooseYear(select, input.year)) showRefusedYear(select, input.year);
      } else {
        // A date box takes only 2026-12-10: another form of a date (2026/12/10, read by the core) is kept as given
        // (assigning it made Chromium warn in the console that the value does not conform).
        field.value = field.type === "date" && !dateBoxTakes(input[key]) ? "" : input[key];
        if (field.value !== input[key]) field.dataset.given = input[key];
      }
    }
    return "public_required" in input || "professional" in input;
  };
  for (const [id] of FIELDS) {
    const field = root.querySelector(`#${id}`);
    field.addEventListener(
      "input",
      () => {
        delete field.dataset.given;
        if (id === "year" && !isRefused(select.selectedOptions[0])) dropRefusedYear(select);
      },
      { signal },
    );
  }

  form.addEventListener(
    "submit",
    (event) => {
      event.preventDefault();
      history.replaceState(history.state, "", fragmentOf(readForm(root)));
      run(true);
    },
    { signal },
  );
  window.addEventListener(
    "hashchange",
    () => {
      if (restore()) run();
    },
    { signal },
  );
  defaultYear(select);
  if (restore()) run();
}
