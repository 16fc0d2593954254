// Hours from training dates (按培训日期计算学时), which can then be added to the professional hours of the check.

import { element } from "./dom.js";
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
    add.addEventListener("click", () => addToProfessional(root, result.hours));
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
    );
    area.dataset.status = "ok";
    area.dataset.hours = String(result.hours);
  });
}

// Adds whole training hours to the professional field when it holds a plain number (else replaces nothing).
function addToProfessional(root, trainingHours) {
  const field = root.querySelector("#professional");
  const current = field.value.trim();
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(current === "" ? "0" : current);
  if (!match) {
    field.focus();
    return;
  }
  const hundredths = Number(match[1]) * 100 + Number((match[2] || "").padEnd(2, "0")) + trainingHours * 100;
  const fraction = String(hundredths % 100).padStart(2, "0").replace(/0+$/, "");
  field.value = `${Math.floor(hundredths / 100)}${fraction ? `.${fraction}` : ""}`;
  field.focus();
}
