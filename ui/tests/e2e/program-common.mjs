// What the programs' end-to-end tests share: opening a program's demo from the start screen,
// going to a section, typing prose, reading the findings and exporting Markdown through the
// export dialog.
import { readFileSync } from "node:fs";

export const WAIT = { timeout: 30000 };

/** Picks the program on the start screen's "Explore a demo plan" and opens its demo. */
export async function openProgramDemo(b, program, title) {
  const select = b.$("#demo-program");
  await select.waitForExist(WAIT);
  await select.selectByAttribute("value", program);
  await b.$("button=Open the demo plan").click();
  await b.$(`//*[contains(text(), "${title}")]`).waitForExist(WAIT);
}

/** Goes to a section of the guided flow by its label. */
export async function goTo(b, label) {
  const step = await b.$(`//nav//button[.//span[@class="step-label" and text()="${label}"]]`);
  await step.click();
  await b.$(`h1#section-title=${label}`).waitForExist(WAIT);
}

export function placeId(p) {
  return `place-${p.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** Types into a prose editor (CodeMirror on a Y.Text) found by its DOM id. */
export async function typeProse(b, id, words) {
  const editor = await b.$(`[id="${id}"]`);
  await editor.waitForExist(WAIT);
  await editor.scrollIntoView();
  await editor.click();
  await editor.addValue(words);
  const shown = () => b.execute((id) => document.getElementById(id)?.textContent ?? "", id);
  await b.waitUntil(async () => (await shown()).includes(words), {
    ...WAIT,
    timeoutMsg: `${id} shows what was typed; it shows: ${JSON.stringify(await shown())}`,
  });
}

async function findings(b) {
  return b.execute(() =>
    [...document.querySelectorAll("button.finding")].map((f) => `${f.dataset.code} ${f.dataset.path}`),
  );
}

/** Waits until the coherence panel shows (or no longer shows) a finding at a place. */
export async function waitForFinding(b, code, at, present) {
  await b.waitUntil(async () => (await findings(b)).includes(`${code} ${at}`) === present, {
    ...WAIT,
    timeoutMsg: `finding ${code} at ${at} should be ${present ? "shown" : "gone"}; shown: ${(await findings(b)).join(", ")}`,
  });
}

/** Exports the draft as Markdown through the export dialog and returns the file's text. */
export async function exportMarkdown(b) {
  await b.$("button=Export").click();
  await b.$("dialog.export-dialog").waitForExist(WAIT);
  await b.$('input[name="export-format"][value="Markdown"]').click();
  const pathField = b.$("#export-path");
  await b.waitUntil(async () => (await pathField.getValue()).endsWith(".md"), {
    ...WAIT,
    timeoutMsg: "the suggested file name follows the format",
  });
  const file = await pathField.getValue();
  await b.$('//dialog//button[text()="Export"]').click();
  await b.$(".export-progress .success").waitForExist(WAIT);
  await b.$('//dialog//button[text()="Close"]').click();
  return readFileSync(file, "utf8");
}
