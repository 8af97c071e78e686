// The same plan viewed with another program's words, in the real app at 1024×700: the DSDP
// demo shown through the Resource Strategy (ERS) lens has ERS's steps and words in the
// navigation and a note saying whose words they are, axe finds nothing wrong with it, and the
// way back shows DSDP's own phases again.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { startApp, screenshot } from "./harness.mjs";
import { WAIT, goTo, openProgramDemo } from "./program-common.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** ERS's section labels in its order, from its template file. */
const ERS_LABELS = [...readFileSync(join(import.meta.dirname, "../../../assets/templates/ers.toml"), "utf8").matchAll(/^label = "(.*)"$/gm)].map((m) => m[1]);

let app;
let b;

before(async () => {
  app = await startApp({ width: 1024, height: 700 });
  b = app.browser;
});

after(async () => {
  await app?.stop();
});

const stepLabels = () => b.execute(() => [...document.querySelectorAll("nav.flow .step-label")].map((e) => e.textContent));
const phaseNames = () => b.execute(() => [...document.querySelectorAll("nav.flow .flow-phase-name")].map((e) => e.textContent));

let own;

test("the DSDP demo opens in its own words and phases", async () => {
  await openProgramDemo(b, "dsdp", "Reading by Third");
  own = await stepLabels();
  assert.ok(own.length > 0);
  assert.equal((await phaseNames()).length, 2, "DSDP's two phases");
  assert.ok(!own.includes("Strategic priorities"));
});

test("viewed with the words of Resource Strategy, the navigation is ERS's and a note says so", async () => {
  assert.ok(ERS_LABELS.length >= 10, `ERS's labels read: ${ERS_LABELS.join(", ")}`);
  await b.$("#lens-choice").selectByAttribute("value", "ers");
  const note = b.$(".lens-note");
  await note.waitForExist(WAIT);
  assert.equal(await note.$("p").getText(), "Shown with the words of Resource Strategy; the plan is unchanged.");
  const shown = await stepLabels();
  assert.deepEqual(shown.slice(0, ERS_LABELS.length), ERS_LABELS, `ERS's steps in ERS's order: ${shown.join(" | ")}`);
  assert.ok(shown.length >= ERS_LABELS.length && shown.length >= own.length, "the plan's own sections are kept after the lens's");
  assert.equal(await b.$("#flow-heading").getText(), "RESOURCE STRATEGY");
  assert.deepEqual(await phaseNames(), [], "ERS works without phases");
  // A section opens under ERS's label, with the plan's content in it.
  await goTo(b, "Strategic priorities");
  await screenshot(b, "lens-view-01-ers");
});

test("axe finds nothing wrong with the plan viewed through a lens", async () => {
  if (!(await b.execute(() => typeof window.axe === "object"))) await b.execute(`${AXE}\nreturn typeof window.axe;`);
  const found = await b.execute(async () => {
    document.documentElement.classList.add("render-all");
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    document.documentElement.classList.remove("render-all");
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`);
  });
  assert.deepEqual(found, []);
});

test("the way back shows the plan in its own words and phases", async () => {
  await b.$("button=Show in the plan's own words").click();
  await b.$(".lens-note").waitForExist({ ...WAIT, reverse: true });
  assert.deepEqual(await stepLabels(), own);
  assert.equal((await phaseNames()).length, 2);
  await b.waitUntil(async () => (await b.$$(".flow-phase-progress")).length === 2, { ...WAIT, timeoutMsg: "where the team stands in each phase" });
  assert.equal(await b.$("#lens-choice").getValue(), "");
});
