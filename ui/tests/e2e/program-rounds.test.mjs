// The instructional-rounds program end to end in the real app at 1024×700: its demo opened from
// the start screen with a role team that has no learning sessions, that team chosen in the role
// teams view (its members and sessions together), a session added so the check clears, and the
// session found under its role team in a Markdown export.
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

test("the rounds demo opens from the start screen with its deliberate gaps found", async () => {
  await openProgramDemo(b, "rounds", "Seeing Thinking in Every Classroom");
  await waitForFinding(b, "role-team-without-sessions", "role_sessions", true);
  await waitForFinding(b, "blueprint-year-without-accountable", "phases/ph-r-sustain", true);
  await screenshot(b, "program-rounds-01-opened");
});

test("one role team shows its members and sessions together, and a session clears its check", async () => {
  await goTo(b, "Role teams");
  const team = b.$('button[data-role-team="district_capacity"]');
  await team.waitForExist(WAIT);
  await team.scrollIntoView();
  await team.click();
  const members = b.$("section.role-team-members");
  await b.waitUntil(async () => (await members.getText()).includes("Hanh Nguyen"), {
    ...WAIT,
    timeoutMsg: "the district capacity team's members are shown",
  });
  assert.ok(!(await members.getText()).includes("Dr. Colleen Vance"), "only this team's members");
  await b.$("#role-teams-heading").scrollIntoView();
  await screenshot(b, "program-rounds-02-team-chosen");
  const paths = () =>
    b.execute(() => [...document.querySelectorAll(".role-teams article.item-card")].map((a) => a.dataset.path));
  assert.deepEqual(await paths(), [], "the capacity team has no sessions yet");
  const beforeAdd = new Set(await paths());
  await b.$(".role-teams").$("button*=Add a session").click();
  let added;
  await b.waitUntil(async () => (added = (await paths()).find((p) => !beforeAdd.has(p))) !== undefined, {
    ...WAIT,
    timeoutMsg: "Add makes a session of this role team",
  });
  await waitForFinding(b, "role-team-without-sessions", "role_sessions", false);
  const topic = "Facilitating a rounds debrief with the regional cohort";
  await typeProse(b, `${placeId(added)}--topic`, topic);
  assert.equal(await b.$(`[id="${placeId(added)}--role_team"]`).getValue(), "district_capacity");
  await screenshot(b, "program-rounds-03-session-added");
});

test("the export carries the role teams, the new session and the blueprint's accountability", async () => {
  const md = await exportMarkdown(b);
  assert.ok(md.includes("Members and learning sessions by role team"), "the role teams, under a heading of their own");
  assert.equal(md.match(/^#+ Role teams$/gm)?.length, 1, "the section's label is the only heading that says Role teams");
  const capacity = md.slice(md.indexOf("### District capacity team"));
  assert.ok(capacity.includes("Facilitating a rounds debrief with the regional cohort"), "the session under its team");
  assert.ok(md.includes("Year 1: design: who is accountable for what, by when"), "the blueprint's accountability");
});
