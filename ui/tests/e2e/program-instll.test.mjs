// The rapid-improvement program (INSTLL-style) end to end in the real app at 1024×700: its demo
// opened from the start screen with an indicator fully implemented that does not say how it
// lasts, how it is sustained written on its card so the check clears, and that found in a
// Markdown export beside the catalysts of each kind.
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

test("the INSTLL demo opens from the start screen with its deliberate gaps found", async () => {
  await openProgramDemo(b, "instll", "The First 90 Days and Beyond");
  await waitForFinding(b, "indicator-full-without-sustaining", "capacity/ci-i-team", true);
  await waitForFinding(b, "indicator-not-a-priority-without-reason", "capacity/ci-i-family", true);
  await screenshot(b, "program-instll-01-opened");
});

test("saying how a fully implemented indicator is sustained clears its check", async () => {
  await goTo(b, "Core functions and capacity indicators");
  const card = b.$(`[id="${placeId("capacity/ci-i-team")}"]`);
  await card.waitForExist(WAIT);
  await card.scrollIntoView();
  const how = "Written into board policy in May 2026; the deputy superintendent owns the meeting calendar.";
  await typeProse(b, `${placeId("capacity/ci-i-team")}--sustained_by`, how);
  await waitForFinding(b, "indicator-full-without-sustaining", "capacity/ci-i-team", false);
  await screenshot(b, "program-instll-02-sustained");
});

test("the export carries the catalysts, the ratings and how the indicator is sustained", async () => {
  const md = await exportMarkdown(b);
  assert.ok(md.includes("## Catalysts and drivers"), "the catalysts");
  assert.ok(md.includes("| Capacity threshold |"), "a capacity threshold among them");
  assert.ok(md.includes("Sustained by: Written into board policy in May 2026"), "how it is sustained, typed here");
  assert.ok(md.includes("Limited development or partial implementation"), "ratings on the program's scale");
});
