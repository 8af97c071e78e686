// The District System Design program's two phases in the real app at 1024×700: a new DSDP
// plan shows "Phase 1" and "Phase 2" as headings over their steps, each with how many of its
// sections the team has begun (counted in Rust); naming a team member and writing the vision
// move the counts; the team's ratings at a glance sit in the benchmarking section; axe finds
// nothing wrong with the navigation; the role teams of instructional rounds are not offered.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { startApp, screenshot } from "./harness.mjs";
import { WAIT, goTo, placeId, typeProse } from "./program-common.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const PHASE_1 = "Phase 1: Study the system";
const PHASE_2 = "Phase 2: Draft the redesign plan";

let app;
let b;

before(async () => {
  app = await startApp({ width: 1024, height: 700 });
  b = app.browser;
});

after(async () => {
  await app?.stop();
});

/** Each phase heading in the navigation with its standing and its steps' labels. */
async function phases() {
  return b.execute(() =>
    [...document.querySelectorAll("nav.flow section.flow-phase")].map((s) => ({
      name: s.querySelector(".flow-phase-name")?.textContent ?? "",
      standing: s.querySelector(".flow-phase-progress")?.textContent ?? "",
      steps: [...s.querySelectorAll(".step-label")].map((l) => l.textContent),
    })),
  );
}

async function waitForStanding(name, standing) {
  await b.waitUntil(async () => (await phases()).find((p) => p.name === name)?.standing === standing, {
    ...WAIT,
    timeoutMsg: `${name} should say "${standing}"; the navigation shows ${JSON.stringify(await phases())}`,
  });
}

test("a new DSDP plan shows its two phases with nothing begun", async () => {
  await b.$("#new-title").waitForExist(WAIT);
  await b.$("#template-dsdp").click();
  await b.$("#new-title").setValue("Phases Redesign");
  await b.$("#new-district").setValue("Phases Unified");
  await b.$("#new-file").setValue("phases");
  await b.$("button=Create the plan").click();
  await b.$("nav.flow").waitForExist(WAIT);
  await waitForStanding(PHASE_1, "0 of 5 sections begun");
  await waitForStanding(PHASE_2, "0 of 8 sections begun");
  const [one, two] = await phases();
  assert.deepEqual(one.steps, [
    "District leadership team",
    "Contextual analysis",
    "Benchmarking against high-performing systems",
    "Problems in our results",
    "Root-cause analysis",
  ]);
  assert.equal(two.steps[0], "Vision");
  assert.equal(two.steps.length, 8);
  // Headings a screen reader can jump to, each naming its own list of steps.
  const headings = await b.execute(() => [...document.querySelectorAll("nav.flow h2")].map((h) => h.textContent));
  assert.deepEqual(headings, [PHASE_1, PHASE_2]);
});

test("a team member and the vision move each phase's count", async () => {
  // DSDP has one leadership team: the instructional-rounds role teams are not offered.
  await b.$("section#place-members").waitForExist(WAIT);
  assert.equal(await b.$(".role-teams").isExisting(), false, "no role teams in a DSDP plan");
  const before = new Set(await cardPaths());
  await b.$("button=Add a team member").click();
  let member;
  await b.waitUntil(async () => (member = (await cardPaths()).find((p) => !before.has(p))) !== undefined, {
    ...WAIT,
    timeoutMsg: "Add makes a team member",
  });
  await typeProse(b, `${placeId(member)}--name`, "Dana Okafor");
  await waitForStanding(PHASE_1, "1 of 5 sections begun");
  await waitForStanding(PHASE_2, "0 of 8 sections begun");
  await goTo(b, "Vision");
  await typeProse(b, "place-vision--statement", "Every child reads with joy by third grade.");
  await waitForStanding(PHASE_2, "1 of 8 sections begun");
  await screenshot(b, "program-dsdp-01-phases");
});

test("the benchmarking section shows the team's ratings at a glance, and agreeing one begins it", async () => {
  await goTo(b, "Benchmarking against high-performing systems");
  const glance = b.$("section.ratings-glance");
  await glance.waitForExist(WAIT);
  assert.match(await glance.getText(), /0 of 13 benchmarks have a consensus rating/);
  const first = await b.$('article.item-card[data-path^="capacity/"]');
  const at = await first.getAttribute("data-path");
  const consensus = b.$(`[id="${at}-consensus"]`);
  await consensus.scrollIntoView();
  await consensus.waitForClickable(WAIT);
  await consensus.selectByVisibleText("Emerging");
  await b.waitUntil(async () => (await glance.getText()).includes("1 of 13 benchmarks has a consensus rating"), {
    ...WAIT,
    timeoutMsg: "the glance counts the agreed rating",
  });
  await waitForStanding(PHASE_1, "2 of 5 sections begun");
  await glance.scrollIntoView();
  await screenshot(b, "program-dsdp-02-ratings-at-a-glance");
});

test("axe finds nothing wrong with the phased navigation", async () => {
  if (!(await b.execute(() => typeof window.axe === "object"))) await b.execute(`${AXE}\nreturn typeof window.axe;`);
  const violations = await b.execute(async () => {
    const result = await window.axe.run(document.querySelector("nav.flow"), { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  assert.deepEqual(violations, []);
});

async function cardPaths() {
  return b.execute(() => [...document.querySelectorAll("section#place-members article.item-card")].map((a) => a.dataset.path));
}
