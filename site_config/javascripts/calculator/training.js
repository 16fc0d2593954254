// Hours from training dates (按培训日期计算学时), which can then be added to the professional hours of the check.

import { element } from "./dom.js";
import { ask } from "./engine.js";
import { askAgain, renderVersion } from "./freshness.js";
import { citationLink, renderError } from "./render.js";

export function bindTraining(root) {
  const form = root.querySelector("#training-form");
  const area = root.querySelector("#training-result");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = (id) => root.querySelector(`#${id}`).value;
    area.dataset.status = "pending";
    // The hours per half-day are part of the rules: asked of the server as before any verdict, and labelled the same
    // way (current, not yet confirmed, old, offline copy: freshness.js).
    askAgain();
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
    add.addEventListener("click", () => addToProfessional(root, area, result.hours, add));
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
      renderVersion(result.rules_version, "gx-source gx-training-version"),
    );
    area.dataset.status = "ok";
    area.dataset.hours = String(result.hours);
  });
}

// Adds the training hours to the professional field, exactly, when the core reads the field as hours (as the check
// will: calculator/hours.py parse_hours, a blank field is 0); otherwise it changes nothing and says why, below the
// hours, in the core's words. The sum is the core's (calculator_browser.add_hours), so the page never reads the field
// otherwise than the check does. The check then judges the sum as any typed value.
async function addToProfessional(root, area, trainingHours, button) {
  const field = root.querySelector("#professional");
  const typed = field.value;
  button.disabled = true;
  let answer;
  try {
    const year = root.querySelector("#year").value; // the check's year: its hours are the ceiling
    answer = await ask("add-hours", { professional: typed, hours: String(trainingHours), year });
  } finally {
    button.disabled = false;
  }
  for (const note of area.querySelectorAll(".gx-training-note")) note.remove();
  if (field.value !== typed) return; // changed meanwhile: the person's newer value stays
  if (answer.error) {
    const why = `${answer.error.message}。没有计入：请先改正或清空专业科目，再点“计入专业科目”`;
    area.append(element("p", { className: "gx-training-note", role: "alert" }, why));
  } else {
    field.value = answer.result.sum;
  }
  field.focus();
}
