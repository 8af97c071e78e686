// The state's plan from the same objects, from the export dialog in the real app: the DSDP demo
// exported as Michigan's MICIP spreadsheet (the dialog offers XLSX alone for it), as Colorado's
// UIP in Word, and through the Resource Strategy lens as Markdown; each file is opened and read.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { startApp, screenshot } from "./harness.mjs";
import { WAIT, openProgramDemo } from "./program-common.mjs";

let app;
let b;

before(async () => {
  app = await startApp({ width: 1024, height: 700 });
  b = app.browser;
});

after(async () => {
  await app?.stop();
});

/** A part of a zip file (DOCX, XLSX) as text, read by the system's unzip. */
function part(file, name) {
  return execFileSync("unzip", ["-p", file, name], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** Picks what to write in the open export dialog, and the format, and waits for the suggested
 * name to follow. */
async function choose(what, format, ext) {
  await b.$("#export-kind").selectByAttribute("value", what);
  await b.$(`input[name="export-format"][value="${format}"]`).click();
  const pathField = b.$("#export-path");
  await b.waitUntil(async () => (await pathField.getValue()).endsWith(`.${ext}`), {
    ...WAIT,
    timeoutMsg: `the suggested name ends .${ext}`,
  });
}

async function exportNow() {
  const file = await b.$("#export-path").getValue();
  await b.$('//dialog//button[text()="Export"]').click();
  const done = b.$(".export-progress .success");
  await done.waitForExist(WAIT);
  assert.ok((await done.getText()).includes(file), "the dialog says where the file went");
  return file;
}

test("the DSDP demo opens", async () => {
  await openProgramDemo(b, "dsdp", "Reading by Third");
});

test("the MICIP spreadsheet is written from the dialog, one row per activity", async () => {
  await b.$("button=Export").click();
  await b.$("dialog.export-dialog").waitForExist(WAIT);
  await choose("profile:micip", "Xlsx", "xlsx");
  const formats = await b.execute(() => [...document.querySelectorAll('input[name="export-format"]')].map((i) => i.value));
  assert.deepEqual(formats, ["Xlsx"], "MICIP is offered as a spreadsheet only");
  const file = await exportNow();
  await screenshot(b, "state-plan-01-micip");
  assert.ok(file.includes("micip"), file);
  assert.equal(readFileSync(file).subarray(0, 2).toString(), "PK");
  const workbook = part(file, "xl/workbook.xml");
  for (const sheet of ["Activities", "Funding", "Gaps"]) assert.ok(workbook.includes(`name="${sheet}"`), sheet);
  const strings = part(file, "xl/sharedStrings.xml");
  assert.ok(strings.includes("Every student reads on grade level"), "the demo's goal");
  assert.ok(strings.includes("Hold a three-day summer reading institute"), "an activity");
  const rows = (part(file, "xl/worksheets/sheet1.xml").match(/<row /g) ?? []).length;
  // A header, the demo's 18 tactics, and the total.
  assert.equal(rows, 1 + 18 + 1);
});

test("Colorado's UIP is written to Word from the dialog in its order", async () => {
  await choose("profile:colorado-uip", "Docx", "docx");
  const file = await exportNow();
  await screenshot(b, "state-plan-02-colorado");
  // The top-level headings, in the document's order.
  const level1 = part(file, "word/document.xml")
    .split(/<w:p[ >]/)
    .filter((p) => p.includes('w:val="Heading1"'))
    .map((p) => p.replace(/<[^>]+>/g, "").trim());
  const headings = [
    "Data narrative",
    "Priority performance challenges",
    "Root causes",
    "Major improvement strategies",
    "Action steps",
    "Interim measures",
    "Implementation benchmarks",
  ];
  assert.deepEqual(
    level1.filter((h) => headings.includes(h)),
    headings,
    `the UIP's headings in its order: ${level1.join(" | ")}`,
  );
});

test("the same plan through the ERS lens, from the dialog", async () => {
  await choose("lens:ers", "Markdown", "md");
  const file = await exportNow();
  const md = readFileSync(file, "utf8");
  assert.ok(md.includes("## Strategic priorities\n"), "ERS's words");
  assert.ok(md.includes("those of Resource Strategy (ers)"));
  await b.$('//dialog//button[text()="Close"]').click();
  await b.$("dialog.export-dialog").waitForExist({ ...WAIT, reverse: true });
});
