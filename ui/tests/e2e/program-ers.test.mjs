// The resource-strategy program (ERS-style) end to end in the real app at 1024×700: its demo
// opened from the start screen with a school-level change no district process shift makes
// possible, a process shift added and pointed at that change so the check clears, and the
// shift found in a Markdown export.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startApp, screenshot } from "./harness.mjs";
import { WAIT, exportMarkdown, goTo, openProgramDemo, placeId, typeProse, waitForFinding } from "./program-common.mjs";

let app;
let b;

before(async () => {
  app = await startApp({ width: 1024, height: 700 });
  b = app.browser;
});

after(async () => {
  await app?.stop();
});

test("the ERS demo opens from the start screen with its deliberate gap found", async () => {
  await openProgramDemo(b, "ers", "Every School Organized for Learning");
  await waitForFinding(b, "school-change-without-process-shift", "process_shifts", true);
  await screenshot(b, "program-ers-01-opened");
});

test("a process shift pointed at the school-level change clears its check", async () => {
  await goTo(b, "District process shifts");
  const paths = () => b.execute(() => [...document.querySelectorAll("article.item-card")].map((a) => a.dataset.path));
  const before = new Set(await paths());
  await b.$("button*=Add a").click();
  let added;
  await b.waitUntil(async () => (added = (await paths()).find((p) => !before.has(p))) !== undefined, {
    ...WAIT,
    timeoutMsg: "Add makes a process shift",
  });
  const future = "Schools receive the screener results by student within a week, grouped for the intervention block.";
  await typeProse(b, `${placeId(added)}--future_state`, future);
  await b.$(`[id="${placeId(added)}--shift_type"]`).selectByVisibleText("Data & tools");
  await b.$(`[id="${placeId(added)}--statement"]`).selectByAttribute("value", "ta-reading");
  await waitForFinding(b, "school-change-without-process-shift", "process_shifts", true);
  const change = b.$(`[id="${placeId(added)}--school_change"]`);
  await b.waitUntil(async () => !(await change.getAttribute("disabled")), { ...WAIT, timeoutMsg: "the changes are offered" });
  await change.selectByAttribute("value", "sl-read-sc2");
  await waitForFinding(b, "school-change-without-process-shift", "process_shifts", false);
  await screenshot(b, "program-ers-02-process-shift");
});

test("the export carries the program's distinctive parts and the new shift", async () => {
  const md = await exportMarkdown(b);
  assert.ok(md.includes("## Strategic System Snapshot"), "the snapshot");
  assert.ok(md.includes("## District process shifts"), "the process shifts");
  assert.ok(md.includes("grouped for the intervention block"), "the shift added here");
});
