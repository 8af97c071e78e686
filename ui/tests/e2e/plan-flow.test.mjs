// A facilitator's first hour, end to end in the real app: a plan from a template, a vision, a
// theory-of-action statement, a strategy linked to it and to a root cause, a tactic with an
// owner and dates, ledger lines; the matching findings go away and the balance moves; then the
// app is started again on the file and everything is still there.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startApp, screenshot } from "./harness.mjs";

const WAIT = { timeout: 20000 };
let app;
let b;
let planPath;

before(async () => {
  app = await startApp();
  b = app.browser;
});

after(async () => {
  await app?.stop();
});

/** Goes to a section of the guided flow by its label. */
async function goTo(label) {
  const step = await b.$(`//nav//button[.//span[@class="step-label" and text()="${label}"]]`);
  await step.click();
  await b.$(`h1#section-title=${label}`).waitForExist(WAIT);
}

/** Types into a prose editor (CodeMirror on a Y.Text) found by its DOM id. */
async function typeProse(id, words) {
  const editor = await b.$(`[id="${id}"]`);
  await editor.waitForExist(WAIT);
  await editor.click();
  await editor.addValue(words);
  const shown = () => b.execute((id) => document.getElementById(id)?.textContent ?? "", id);
  await b.waitUntil(async () => (await shown()).includes(words), {
    ...WAIT,
    timeoutMsg: `${id} shows what was typed; it shows: ${JSON.stringify(await shown())}`,
  });
}

/** Presses an "Add …" button and returns the card it added to a collection, with its path. */
async function addCard(button, container) {
  const before = new Set(await cardPaths(container));
  await b.$(button).click();
  let added;
  await b.waitUntil(
    async () => {
      added = (await cardPaths(container)).find((p) => !before.has(p));
      return added !== undefined;
    },
    { ...WAIT, timeoutMsg: `${button} adds a card to ${container}` },
  );
  return { card: await b.$(`${container} article.item-card[data-path="${added}"]`), path: added };
}

async function cardPaths(container) {
  return b.execute(
    (c) => [...document.querySelectorAll(`${c} article.item-card`)].map((a) => a.dataset.path),
    container,
  );
}

function placeId(p) {
  return `place-${p.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

async function findings() {
  return b.execute(() =>
    [...document.querySelectorAll("button.finding")].map((f) => `${f.dataset.code} ${f.dataset.path}`),
  );
}

async function waitForFinding(code, at, present) {
  await b.waitUntil(async () => (await findings()).includes(`${code} ${at}`) === present, {
    ...WAIT,
    timeoutMsg: `finding ${code} at ${at} should be ${present ? "shown" : "gone"}; shown: ${(await findings()).join(", ")}`,
  });
}

async function balanceText() {
  return b.execute(() => document.querySelector(".balance-summary")?.textContent ?? "");
}

test("a plan is created from a template and opens on its first section", async () => {
  await b.$("#new-title").waitForExist(WAIT);
  await b.$("#template-dsdp").click();
  await b.$("#new-title").setValue("Riverside Redesign");
  await b.$("#new-district").setValue("Riverside Unified");
  await b.$("#new-file").setValue("riverside");
  await b.$("button=Create the plan").click();
  await b.$("nav.flow").waitForExist(WAIT);
  assert.equal(await b.$("h1#section-title").getText(), "District leadership team", "DSDP starts with its team section");
  const title = await b.$(".plan-title").getProperty("textContent");
  assert.equal(title, "Riverside Redesign");
  planPath = path.join(app.home, "Throughline", "riverside.throughline");
  await screenshot(b, "e2e-01-new-plan");
});

test("a team member is added to own tactics", async () => {
  const { path: member } = await addCard("button=Add a team member", "section#place-members");
  await typeProse(`${placeId(member)}--name`, "Dana Okafor");
});

test("the vision is typed", async () => {
  await goTo("Vision");
  await typeProse("place-vision--statement", "Every child reads with joy by third grade.");
});

test("a root cause is added", async () => {
  await goTo("Root-cause analysis");
  const { path: cause } = await addCard("button=Add a root cause", ".cause-tree");
  await typeProse(`${placeId(cause)}--statement`, "Coaching reaches too few classrooms");
});

test("a theory-of-action statement is built slot by slot", async () => {
  await goTo("Theory of action");
  const { path: st } = await addCard("button=Add a theory of action", 'section[aria-labelledby="heading-statements"]');
  const slotsOf = async (field) => b.$$(`[id="${placeId(st)}--${field}"] [contenteditable=true]`);
  await b.waitUntil(async () => (await slotsOf("central_office_supports")).length === 1, WAIT);
  const [support] = await slotsOf("central_office_supports");
  await typeProse(await support.getAttribute("id"), "funds a literacy coach in every school");
  const [change] = await slotsOf("school_changes");
  await typeProse(await change.getAttribute("id"), "protect a daily literacy block");
  await typeProse(`${placeId(st)}--practice_change`, "teachers teach foundational skills explicitly");
  await typeProse(`${placeId(st)}--student_outcome`, "every child reads by third grade");
  await screenshot(b, "e2e-02-theory-of-action");
});

test("a strategy linked to the statement and the root cause clears those findings", async () => {
  await goTo("Strategies");
  const { card, path: st } = await addCard("button=Add a strategy", "#place-strategies");
  await typeProse(`${placeId(st)}--name`, "Coaching for every classroom");
  await waitForFinding("strategy-without-statement", st, true);
  await waitForFinding("strategy-without-root-cause", st, true);

  await card.$(`[id="${placeId(st)}--statements"] input[type=checkbox]`).click();
  await waitForFinding("strategy-without-statement", st, false);
  await card.$(`[id="${placeId(st)}--root_causes"] input[type=checkbox]`).click();
  await waitForFinding("strategy-without-root-cause", st, false);
  await screenshot(b, "e2e-03-strategy");
});

test("a tactic with an owner and dates clears its findings", async () => {
  await goTo("Tactics");
  const { path: tc } = await addCard("button*=Add a tactic", ".tactic-group");
  await typeProse(`${placeId(tc)}--description`, "Hire and train fourteen literacy coaches");
  await waitForFinding("tactic-without-owner", tc, true);
  await waitForFinding("tactic-without-dates", tc, true);

  await b.$(`[id="${placeId(tc)}--owner"]`).selectByVisibleText("Dana Okafor");
  await waitForFinding("tactic-without-owner", tc, false);
  await b.$(`[id="${placeId(tc)}--start"]`).setValue("2026-08-01");
  await b.$(`[id="${placeId(tc)}--due"]`).click();
  await b.$(`[id="${placeId(tc)}--due"]`).setValue("2027-06-15");
  await b.$(`[id="${placeId(tc)}--status"]`).click();
  await waitForFinding("tactic-without-dates", tc, false);
  await screenshot(b, "e2e-04-tactic");
});

test("ledger lines move the balance and fund the tactic", async () => {
  await goTo("Resource plan");
  const tactic = (await findings()).find((f) => f.startsWith("tactic-without-funded-cost "));
  assert.ok(tactic, "the unfunded tactic is a finding before any ledger line");
  const tc = tactic.split(" ")[1];

  const { card: inv, path: invPath } = await addCard("button=Add an investment", 'section[data-kind="investment"]');
  await typeProse(`${placeId(invPath)}--description`, "Fourteen literacy coaches");
  await b.$(`[id="${placeId(invPath)}--amount"]`).setValue("150,000");
  await b.$(`[id="${placeId(invPath)}--fiscal_year"]`).click();
  await b.$(`[id="${placeId(invPath)}--fiscal_year"]`).setValue("2026-27");
  await b.$(`[id="${placeId(invPath)}--unit"]`).click();
  await b.waitUntil(async () => (await balanceText()).includes("USD short by $150,000.00"), {
    ...WAIT,
    timeoutMsg: "the gap shows the unpaid investment",
  });
  await inv.$("details.line-details summary").click();
  await inv.$(`[id="${placeId(invPath)}--tactics"] input[type=checkbox]`).click();
  await waitForFinding("tactic-without-funded-cost", tc, false);

  const { path: srcPath } = await addCard("button=Add a source", 'section[data-kind="source"]');
  await typeProse(`${placeId(srcPath)}--description`, "Stop the district-wide reading intervention license");
  await b.$(`[id="${placeId(srcPath)}--amount"]`).setValue("150000");
  await b.$(`[id="${placeId(srcPath)}--fiscal_year"]`).click();
  await b.$(`[id="${placeId(srcPath)}--fiscal_year"]`).setValue("2026-27");
  await b.$(`[id="${placeId(srcPath)}--unit"]`).click();
  await b.waitUntil(async () => (await balanceText()).includes("2026-27USD balanced"), {
    ...WAIT,
    timeoutMsg: `the source closes the gap; balance reads: ${await balanceText()}`,
  });
  await waitForFinding("ledger-unbalanced", "ledger", false);
  await screenshot(b, "e2e-05-ledger");
});

test("the plan file, opened again, holds everything", async () => {
  await b.waitUntil(async () => (await b.$(".save-status").getText()) === "All changes saved", WAIT);
  await app.stop();
  app = await startApp({ home: app.home, args: [planPath] });
  b = app.browser;
  await b.$("nav.flow").waitForExist(WAIT);
  assert.equal(await b.$(".plan-title").getProperty("textContent"), "Riverside Redesign", "the file named on the command line opens");

  await goTo("Vision");
  await b.waitUntil(async () => (await b.$('[id="place-vision--statement"]').getText()) !== "", WAIT);
  assert.equal(await b.$('[id="place-vision--statement"]').getText(), "Every child reads with joy by third grade.");

  await goTo("Strategies");
  const strategy = await b.$("article.item-card h3").getText();
  assert.equal(strategy, "Coaching for every classroom");
  const linked = await b.execute(() =>
    [...document.querySelectorAll("article.item-card input[type=checkbox]:checked")].map((c) => c.labels?.[0]?.textContent),
  );
  assert.ok(linked.includes("teachers teach foundational skills explicitly"), `the statement link survived: ${linked}`);
  assert.ok(linked.includes("Coaching reaches too few classrooms"), `the root-cause link survived: ${linked}`);

  await goTo("Tactics");
  const tactic = await b.$(".tactic-group article.item-card");
  assert.equal(await tactic.$("h3").getText(), "Hire and train fourteen literacy coaches");
  const tc = await tactic.getAttribute("data-path");
  assert.equal(await b.$(`[id="${placeId(tc)}--start"]`).getValue(), "2026-08-01");
  assert.equal(await b.$(`[id="${placeId(tc)}--due"]`).getValue(), "2027-06-15");

  await b.waitUntil(async () => (await balanceText()).includes("2026-27USD balanced"), WAIT);
  const codes = (await findings()).map((f) => f.split(" ")[0]);
  for (const gone of ["strategy-without-statement", "strategy-without-root-cause", "tactic-without-owner", "tactic-without-dates", "tactic-without-funded-cost", "ledger-unbalanced"]) {
    assert.ok(!codes.includes(gone), `${gone} stays fixed after reopening`);
  }
  await screenshot(b, "e2e-06-reopened");
});

test("a finding takes you to the place to fix it", async () => {
  const finding = (await findings()).find((f) => f.startsWith("root-cause-without-evidence "));
  assert.ok(finding, "the root cause still lacks evidence");
  const cause = finding.split(" ")[1];
  await b.$(`button.finding[data-code="root-cause-without-evidence"]`).click();
  await b.$("h1#section-title=Root-cause analysis").waitForExist(WAIT);
  await b.waitUntil(
    () =>
      b.execute(
        (id) => document.getElementById(id)?.contains(document.activeElement) ?? false,
        `${placeId(cause)}--evidence`,
      ),
    { ...WAIT, timeoutMsg: "focus lands in the cause's evidence picker" },
  );
});
