// axe-core over every screen of the real app, in its own webview: the start screen, every
// section of the demo plan (and of a plan from each other template, whose sections differ),
// the capacity spread once a private round is revealed, the versions dialog with a comparison and a sign-off, the
// comment form, the review panel and the section status form. No violation is acceptable.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { startApp, screenshot } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WAIT = { timeout: 20000 };
let app;
let b;

before(async () => {
  app = await startApp();
  b = app.browser;
});

after(async () => {
  await app?.stop();
});

/** Scrolls the section from top to bottom, so every card's editors are drawn, then back up. */
async function drawEveryCard() {
  await b.execute(async () => {
    const main = document.querySelector("#section-main");
    if (!main) return;
    for (let y = 0; y <= main.scrollHeight; y += 500) {
      main.scrollTop = y;
      await new Promise((r) => setTimeout(r, 30));
    }
    main.scrollTop = 0;
  });
}

/** Runs axe on the page as it is; returns the violations as readable lines. */
async function axe(where) {
  await drawEveryCard();
  if (!(await b.execute(() => typeof window.axe === "object"))) {
    // The app's CSP rightly refuses inline scripts and eval; WebDriver's own script execution
    // is outside it, so axe's source goes in as the body of an executed script.
    await b.execute(`${AXE}\nreturn typeof window.axe;`);
  }
  const found = await b.execute(async () => {
    // Off-screen cards are skipped by the renderer; the audit must see them all.
    document.documentElement.classList.add("render-all");
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`,
    );
  });
  return found.map((f) => `${where}: ${f}`);
}

async function sectionsOfOpenPlan(prefix) {
  const violations = [];
  const labels = await b.execute(() => [...document.querySelectorAll("nav.flow .step-label")].map((e) => e.textContent));
  for (const label of labels) {
    await b.$(`//nav//button[.//span[@class="step-label" and text()="${label}"]]`).click();
    await b.$(`h1#section-title=${label}`).waitForExist(WAIT);
    // What is folded away is checked too.
    await b.execute(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
    violations.push(...(await axe(`${prefix} › ${label}`)));
  }
  return violations;
}

test("the start screen has no accessibility violations", async () => {
  await b.$("#new-title").waitForExist(WAIT);
  assert.deepEqual(await axe("start"), []);
});

test("every section of the demo plan has no accessibility violations", async () => {
  await b.$("button=Open the demo plan").waitForClickable(WAIT);
  await b.$("button=Open the demo plan").click();
  await b.$("nav.flow").waitForExist(WAIT);
  await b.$("button.finding").waitForExist(WAIT);
  assert.deepEqual(await sectionsOfOpenPlan("demo"), []);
});

test("the capacity spread, once revealed, has no accessibility violations", async () => {
  const label = await b.execute(
    () => [...document.querySelectorAll("nav.flow .step-label")].find((e) => /benchmark|capacity/i.test(e.textContent))?.textContent,
  );
  assert.ok(label, "the demo's template has a capacity section");
  await b.$(`//nav//button[.//span[@class="step-label" and text()="${label}"]]`).click();
  await b.$("#rating-as").waitForExist(WAIT);
  await b.$("#rating-as").selectByIndex(1);
  await drawEveryCard();
  // A private round: opened, a rating sealed to it, then revealed.
  const open = await b.$("button=Open a new private round");
  await b.execute((el) => el.scrollIntoView({ block: "center" }), open);
  const card = await open.$("./ancestor::article");
  await open.click();
  // The round is open once its key reaches this copy of the plan: the rating's legend says so.
  await b.waitUntil(async () => (await card.$(".my-rating legend").getText()).includes("sealed until the reveal"), WAIT);
  const rating = await card.$(".my-rating input[type=radio]");
  await rating.click();
  const reveal = await card.$("button=Reveal the spread");
  await reveal.waitForEnabled(WAIT);
  await reveal.click();
  await card.$(".spread-chart").waitForExist(WAIT);
  await b.$(".spread-chart").waitForExist(WAIT);
  await screenshot(b, "a11y-capacity-revealed");
  assert.deepEqual(await axe("capacity revealed"), []);
});

test("the versions dialog has no accessibility violations", async () => {
  await b.$("button=Versions").click();
  await b.$("dialog.versions-dialog").waitForExist(WAIT);
  await b.$("#version-label").setValue("Draft for cabinet");
  await b.$("button=Save a version").click();
  await b.$("table.versions-table").waitForExist(WAIT);
  await screenshot(b, "a11y-versions");
  assert.deepEqual(await axe("versions dialog"), []);
  await b.$('//dialog//button[text()="Close"]').click();
});

async function goTo(label) {
  await b.$(`//nav//button[.//span[@class="step-label" and text()="${label}"]]`).click();
  await b.$(`h1#section-title=${label}`).waitForExist(WAIT);
}

test("comparing versions and signing one off have no accessibility violations", async () => {
  // A change since the version, so the comparison has marked words to check.
  await goTo("Vision");
  const vision = await b.$('[id="place-vision--statement"]');
  await vision.click();
  await b.keys(["Control", "End"]);
  await vision.addValue(" Every school is a partner.");
  await b.$("button=Versions").click();
  await b.$("dialog.versions-dialog").waitForExist(WAIT);
  await b.$("#compare-from").waitForExist(WAIT);
  await b.$("button=Compare").click();
  await b.$(".compare-view ins").waitForExist(WAIT);
  await b.$("button=Show who changed what").click();
  await b.$(".digest-result, .digest .success").waitForExist(WAIT);
  await b.$("button*=Restore").click();
  await b.$("button*=Keep the draft").waitForExist(WAIT);
  await screenshot(b, "a11y-versions-compare");
  assert.deepEqual(await axe("versions: compare and restore"), []);
  await b.$("button*=Keep the draft").click();
  await b.$('//dialog//button[text()="Close"]').click();
});

test("the sign-off dialog, with what is still open and a knowing signature, has no accessibility violations", async () => {
  await b.$("button=Sign-off").click();
  await b.$("dialog.signoff-dialog").waitForExist(WAIT);
  await b.$(".open-list").waitForExist(WAIT);
  await b.$("#sign-name").setValue("Dr. Ana Ruiz");
  await b.$("#sign-role").setValue("Superintendent");
  assert.equal(await b.$("button=Sign this version").isEnabled(), false, "not signed without saying so while things are open");
  await b.$("#sign-knowingly").click();
  await b.$("button=Sign this version").click();
  await b.$(".signoffs-table").waitForExist(WAIT);
  await screenshot(b, "a11y-signoff");
  assert.deepEqual(await axe("sign-off dialog"), []);
  await b.$('//dialog//button[text()="Close"]').click();
});

test("a section's history, opened, has no accessibility violations", async () => {
  await goTo("Vision");
  await b.$(".section-history summary").click();
  await b.$(".history-list").waitForExist(WAIT);
  assert.deepEqual(await axe("section history"), []);
  await b.$(".section-history summary").click();
});

test("the comment form, the review panel and the section status form have no accessibility violations", async () => {
  await goTo("Strategies");
  const comment = await b.$("article.item-card").$("button=Comment");
  await b.execute((el) => el.scrollIntoView({ block: "center" }), comment);
  await comment.click();
  await b.$("dialog.comment-dialog").waitForExist(WAIT);
  assert.deepEqual(await axe("comment form"), []);
  await b.$("#comment-body").setValue("Is this rating agreed by the whole team?");
  await b.$("button=Add the comment").click();
  await b.$("aside.review-panel .thread").waitForExist(WAIT);
  await b.$("button*=Change the review status").click();
  await b.$("#stage-ready_for_review").click();
  await screenshot(b, "a11y-review-panel");
  assert.deepEqual(await axe("review panel and section status"), []);
  await b.$("button=Save the status").click();
  await b.waitUntil(async () => (await b.$(".section-status .stage-pill").getText()) === "Ready for review", WAIT);
  await b.$("button.review-toggle").click();
  await b.$("aside.coherence").waitForExist(WAIT);
});

test("an approval the section has changed since has no accessibility violations", async () => {
  await goTo("Vision");
  await b.$("button.review-toggle").click();
  await b.$("aside.review-panel").waitForExist(WAIT);
  await b.$("button*=Change the review status").click();
  await b.$("#stage-approved").click();
  await b.$("button=Save the status").click();
  await b.waitUntil(async () => (await b.$(".section-status .stage-pill").getText()) === "Approved", WAIT);
  const vision = await b.$('[id="place-vision--statement"]');
  await vision.click();
  await b.keys(["Control", "End"]);
  await vision.addValue(" Every teacher is a learner.");
  await b.$(".section-status .changed-since").waitForExist(WAIT);
  await b.$(".waiting-list").waitForExist(WAIT);
  await screenshot(b, "a11y-changed-since-approval");
  assert.deepEqual(await axe("approval changed since"), []);
  await b.$("button.review-toggle").click();
  await b.$("aside.coherence").waitForExist(WAIT);
});

test("the plan details dialog has no accessibility violations", async () => {
  await b.$("button=Plan details").click();
  await b.$("#details-heading").waitForExist(WAIT);
  await b.$('[id="place-record--title"]').waitForExist(WAIT);
  await screenshot(b, "a11y-plan-details");
  assert.deepEqual(await axe("plan details"), []);
  await b.$('//dialog//button[text()="Close"]').click();
});

test("a plan from every other template has no accessibility violations", async () => {
  const ids = ["nep", "ers", "rounds", "instll"];
  const violations = [];
  for (const id of ids) {
    await b.$("button=Close plan").click();
    await b.$("#new-title").waitForExist(WAIT);
    await b.$(`#template-${id}`).click();
    await b.$("#new-title").setValue(`Plan from ${id}`);
    await b.$("button=Create the plan").click();
    await b.$("nav.flow").waitForExist(WAIT);
    violations.push(...(await sectionsOfOpenPlan(id)));
  }
  assert.deepEqual(violations, []);
});

test("the export dialog and the host panel have no accessibility violations", async () => {
  await b.$("button=Export").click();
  await b.$("dialog.export-dialog").waitForExist(WAIT);
  const violations = await axe("export dialog");
  await b.$('//dialog//button[text()="Close"]').click();
  await b.$("dialog.export-dialog").waitForExist({ ...WAIT, reverse: true });

  await b.$("button=Host this plan for the room").click();
  await b.$("dialog.room-dialog").waitForExist(WAIT);
  await b.$(".join-code").waitForExist(WAIT);
  violations.push(...(await axe("host panel")));
  await b.$("button=Stop hosting").click();
  await b.$(".session-badge").waitForExist({ ...WAIT, reverse: true });
  assert.deepEqual(violations, []);
});
