// Hours from training dates (按培训日期计算学时), which can then be added to the professional hours of the check.

import { element, shorten } from "./dom.js";
import { ask } from "./engine.js";
import { citationLink, renderError } from "./render.js";

export function bindTraining(root) {
  const form = root.querySelector("#training-form");
  const area = root.querySelector("#training-result");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = (id) => root.querySelector(`#${id}`).value;
    area.dataset.status = "pending";
    const answer = await ask("hours", {
      start: value("training-start"),
      end: value("training-end"),
      start_half: value("training-start-half"),
      end_half: value("training-end-half"),
    });
    if (answer.error) {
      renderError(area, answer.error);
      area.dataset.status = "error";
      return;
    }
    const result = answer.result;
    const add = element("button", { type: "button", className: "md-button gx-no-print", id: "training-add" }, "计入专业科目");
    add.addEventListener("click", () => addToProfessional(root, area, result.hours));
    area.replaceChildren(
      element(
        "p",
        {},
        element("strong", { className: "gx-training-hours" }, `${result.hours} 学时`),
        `：${result.start_text} 至 ${result.end_text}，共 ${result.half_days} 个半天，每半天 ${result.hours_per_half_day} 学时（依据 `,
        citationLink(result.source.split("；")[0]),
        "）。 ",
        add,
      ),
      element("p", { className: "gx-source" }, `依据的规则版本 ${result.rules_version.id}（${result.rules_version.date} 编译）`),
    );
    area.dataset.status = "ok";
    area.dataset.hours = String(result.hours);
  });
}

// Adds the training hours to the professional field, exactly (in decimal digits, never floating point), when the
// field holds a number as people type it (full-width digits and point, spaces, a trailing 学时; empty is 0);
// otherwise it changes nothing and says why, below the hours. The check then judges the sum as any typed value.
function addToProfessional(root, area, trainingHours) {
  const field = root.querySelector("#professional");
  const current = typedNumber(field.value);
  for (const note of area.querySelectorAll(".gx-training-note")) note.remove();
  if (current === null) {
    const why = `专业科目中填的“${shorten(field.value.trim())}”不是学时数，没有计入：请先改正或清空专业科目，再点“计入专业科目”`;
    area.append(element("p", { className: "gx-training-note", role: "alert" }, why));
  } else {
    field.value = addDecimals(current, String(trainingHours));
  }
  field.focus();
}

// "61.5" from what people type ("６１．５", " 61.5 学时", ".5", ""), or null when it is not a plain number.
function typedNumber(value) {
  const ascii = value.replace(/[０-９．。]/g, (c) => (c === "．" || c === "。" ? "." : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
  const text = ascii.trim().replace(/(个学时|学时|小时)$/, "").trim();
  if (text === "") return "0";
  if (/^\.\d+$/.test(text)) return `0${text}`;
  return /^\d+(\.\d+)?$/.test(text) ? text : null;
}

// The sum of two plain decimal numbers ("45.5", "20"), exact at any length, without trailing zeros ("65.5").
function addDecimals(a, b) {
  const [aWhole, aFraction = ""] = a.split(".");
  const [bWhole, bFraction = ""] = b.split(".");
  const scale = Math.max(aFraction.length, bFraction.length);
  const sum = BigInt(aWhole + aFraction.padEnd(scale, "0")) + BigInt(bWhole + bFraction.padEnd(scale, "0"));
  const digits = sum.toString().padStart(scale + 1, "0");
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  return `${digits.slice(0, digits.length - scale)}${fraction ? `.${fraction}` : ""}`;
}
