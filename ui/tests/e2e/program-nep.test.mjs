// The equity-redesign program (NEP-style) end to end in the real app at 1024×700: its demo
// opened from the start screen, a safe-to-fail probe given its dampen criteria so its check
// clears, the team's student made a teacher so "no student on the team" fires and then made a
// student again so it clears, and the probe's criteria found in a Markdown export.
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

test("the NEP demo opens from the start screen with its deliberate gaps found", async () => {
  await openProgramDemo(b, "nep", "Known, Seen and Challenged");
  await waitForFinding(b, "probe-without-amplify-dampen-criteria", "probes/pr-placement", true);
  await waitForFinding(b, "outcome-without-group-breakdown", "measures/me-ontrack", true);
  await screenshot(b, "program-nep-01-opened");
});

test("a probe's dampen criteria clear its check", async () => {
  await goTo(b, "Safe-to-fail probes");
  const dampen = "Any student in the core course fails two quarters in a row, or families tell us they felt pushed.";
  await typeProse(b, `${placeId("probes/pr-placement")}--dampen_criteria`, dampen);
  await waitForFinding(b, "probe-without-amplify-dampen-criteria", "probes/pr-placement", false);
  await screenshot(b, "program-nep-02-probe");
});

test("a team with no student is a finding until a student is on it again", async () => {
  await goTo(b, "Cross-role redesign team");
  for (const m of ["m-reyes", "m-harris"]) {
    // A long list draws a card's fields once the card is in view.
    await b.$(`[id="${placeId(`members/${m}`)}"]`).scrollIntoView();
    const role = b.$(`[id="${placeId(`members/${m}`)}--role"]`);
    await role.waitForExist(WAIT);
    await role.selectByVisibleText("Teacher");
  }
  await waitForFinding(b, "team-without-student", "members", true);
  await screenshot(b, "program-nep-03-no-student");
  await b.$(`[id="${placeId("members/m-reyes")}"]`).scrollIntoView();
  await b.$(`[id="${placeId("members/m-reyes")}--role"]`).waitForExist(WAIT);
  await b.$(`[id="${placeId("members/m-reyes")}--role"]`).selectByVisibleText("Student");
  await waitForFinding(b, "team-without-student", "members", false);
});

test("the export carries the program's distinctive parts and what was typed", async () => {
  const md = await exportMarkdown(b);
  assert.ok(md.includes("## Student experience"), "the student-experience landscape");
  assert.ok(md.includes("## Safe-to-fail probes"), "the probes");
  assert.ok(md.includes("families tell us they felt pushed"), "the dampen criteria typed here");
});
