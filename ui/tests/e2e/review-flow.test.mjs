// Review and sign-off in the real app: a comment on a sentence (its words marked in the editor),
// a reply, resolving it; a section marked approved; two versions saved and compared with
// inserted words marked; a version restored as a forward change; a version signed, and the
// sign-off then says where the draft differs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Key } from "webdriverio";
import { startApp, screenshot } from "./harness.mjs";

const WAIT = { timeout: 20000 };
const SENTENCE = "Every student reads by third grade.";
let app;
let b;

before(async () => {
  app = await startApp();
  b = app.browser;
});

after(async () => {
  await app?.stop();
});

async function goTo(label) {
  await b.$(`//nav//button[.//span[@class="step-label" and text()="${label}"]]`).click();
  await b.$(`h1#section-title=${label}`).waitForExist(WAIT);
}

async function textOf(selector) {
  return b.execute((s) => document.querySelector(s)?.textContent ?? "", selector);
}

async function waitForText(selector, words) {
  await b.waitUntil(async () => (await textOf(selector)).includes(words), {
    ...WAIT,
    timeoutMsg: `${selector} says “${words}”; it says: ${JSON.stringify(await textOf(selector))}`,
  });
}

async function versionsDialog() {
  await b.$("button=Versions").click();
  await b.$("dialog.versions-dialog").waitForExist(WAIT);
}

async function saveVersion(label) {
  await b.$("#version-label").setValue(label);
  await b.$("button=Save a version").click();
  await waitForText("dialog.versions-dialog", `Saved “${label}”.`);
}

async function closeDialog() {
  await b.$('//dialog//button[text()="Close"]').click();
  await b.$("dialog.versions-dialog").waitForExist({ ...WAIT, reverse: true });
}

test("a plan is created and its vision typed", async () => {
  await b.$("#new-title").waitForExist(WAIT);
  await b.$("#template-dsdp").click();
  await b.$("#new-title").setValue("Riverside Redesign");
  await b.$("#new-file").setValue("riverside-review");
  await b.$("button=Create the plan").click();
  await b.$("nav.flow").waitForExist(WAIT);
  await goTo("Vision");
  const editor = await b.$('[id="place-vision--statement"]');
  await editor.click();
  await editor.addValue(`${SENTENCE} Every family is a partner.`);
  await waitForText('[id="place-vision--statement"]', "partner.");
});

test("a comment on the first sentence is quoted, marked in the text and listed", async () => {
  // The keyboard way: to the start of the text, then Shift+→ over the sentence.
  await b.keys(["Control", "Home"]);
  let select = b.action("key").down(Key.Shift);
  for (let i = 0; i < SENTENCE.length; i++) select = select.down(Key.ArrowRight).up(Key.ArrowRight);
  await select.up(Key.Shift).perform();
  const button = await b.$("button.comment-selection");
  await button.waitForExist(WAIT);
  await button.click();
  await b.$("dialog.comment-dialog").waitForExist(WAIT);
  assert.equal(await b.$(".comment-quote blockquote").getText(), SENTENCE);
  await b.$("#comment-body").setValue("Which students, by subgroup?");
  await b.$("button=Add the comment").click();
  await b.$("aside.review-panel").waitForExist(WAIT);
  await waitForText("aside.review-panel .thread-list", "Which students, by subgroup?");
  assert.equal(await b.$(".thread-quote").getText(), SENTENCE);
  // The commented words are marked in the editor.
  await b.waitUntil(async () => (await textOf(".comment-mark")) === SENTENCE, {
    ...WAIT,
    timeoutMsg: `the sentence is marked; marked: ${JSON.stringify(await textOf(".comment-mark"))}`,
  });
  await screenshot(b, "review-01-comment");
});

test("a reply goes into the thread and resolving it moves it to the resolved list", async () => {
  await b.$("aside.review-panel textarea").setValue("All of them, reported by subgroup.");
  await b.$("aside.review-panel").$("button=Reply").click();
  await waitForText("aside.review-panel .thread", "All of them, reported by subgroup.");
  await b.$("aside.review-panel").$("button=Resolve").click();
  await waitForText("aside.review-panel", "Resolved comments (1)");
  assert.match(await textOf("aside.review-panel"), /No open comments/);
  await b.waitUntil(async () => (await b.$$(".comment-mark")).length === 0, { ...WAIT, timeoutMsg: "a resolved thread is no longer marked" });
  await b.$("summary=Resolved comments (1)").click();
  await b.$("aside.review-panel").$("button=Reopen").waitForExist(WAIT);
  await screenshot(b, "review-02-resolved");
});

test("a reopened thread takes you to its words, selected in the editor", async () => {
  await b.$("aside.review-panel").$("button=Reopen").click();
  await waitForText("aside.review-panel .thread-list", "Which students, by subgroup?");
  await b.$("aside.review-panel").$("button=Show the words").click();
  await b.waitUntil(async () => (await b.execute(() => window.getSelection()?.toString() ?? "")) === SENTENCE, {
    ...WAIT,
    timeoutMsg: "the thread's words are selected in the vision editor",
  });
  // With the words selected, Ctrl+Alt+M opens the comment form on them.
  await b.keys(["Control", "Alt", "m"]);
  await b.$("dialog.comment-dialog").waitForExist(WAIT);
  assert.equal(await b.$(".comment-quote blockquote").getText(), SENTENCE);
  await b.$("button=Cancel").click();
  await b.$("dialog.comment-dialog").waitForExist({ ...WAIT, reverse: true });
  await b.$("aside.review-panel").$("button=Resolve").click();
  await waitForText("aside.review-panel", "Resolved comments (1)");
});

test("a section made ready for review by asking me waits on me", async () => {
  // I am on the team, by the name this laptop saves under.
  await goTo("District leadership team");
  await b.$("button=Add a team member").click();
  const name = await b.$('section#place-members [id$="--name"]');
  await name.waitForExist(WAIT);
  await name.click();
  await name.addValue("E2E Tester");
  await waitForText("section#place-members", "E2E Tester");
  await goTo("Vision");
  await b.$("button*=Change the review status").click();
  await b.$("#stage-ready_for_review").click();
  await b.$("label=E2E Tester").click();
  await b.$("button=Save the status").click();
  await waitForText(".section-status .stage-pill", "Ready for review");
  await waitForText("aside.review-panel .waiting-list", "Vision: ready for review, asked of you");
  await waitForText("button.review-toggle .badge", "1");
});

test("the section is marked approved, with who and when", async () => {
  await b.$("button*=Change the review status").click();
  await b.$("#stage-approved").click();
  await b.$("button=Save the status").click();
  await waitForText(".section-status .stage-pill", "Approved");
  assert.match(await textOf(".section-status"), /set by E2E Tester/);
  await waitForText("nav.flow button[aria-current=step] .step-stage", "Approved");
  await waitForText("aside.review-panel .waiting", "Nothing needs your answer.");
});

test("two versions are saved and compared, with the inserted words marked", async () => {
  await versionsDialog();
  await saveVersion("Draft for cabinet");
  await closeDialog();
  const editor = await b.$('[id="place-vision--statement"]');
  await editor.click();
  await b.keys(["Control", "End"]);
  await editor.addValue(" Every school is a full partner.");
  await waitForText('[id="place-vision--statement"]', "full partner.");
  // The approval given above does not cover the new words: the section says so, and it waits
  // on the person who approved it.
  await waitForText(".section-status", "Changed since it was approved");
  await waitForText("aside.review-panel .waiting-list", "Vision: approved, changed since you approved it");
  await waitForText("nav.flow button[aria-current=step] .step-stage", "Approved, changed since");
  await screenshot(b, "review-02b-changed-since-approval");
  await versionsDialog();
  await saveVersion("Cabinet edits");
  await b.$("#compare-from").selectByVisibleText("Draft for cabinet");
  await b.$("#compare-to").selectByVisibleText("Cabinet edits");
  await b.$("button=Compare").click();
  await b.$(".compare-view").waitForExist(WAIT);
  await waitForText(".compare-view h3", "From \"Draft for cabinet\" to \"Cabinet edits\"");
  const inserted = await b.execute(() => [...document.querySelectorAll(".compare-view ins")].map((e) => e.textContent));
  assert.ok(
    inserted.some((t) => t.includes("[inserted:") && t.includes("school")),
    `the new words are in <ins> with a text cue: ${JSON.stringify(inserted)}`,
  );
  assert.match(await textOf(".compare-view .compare-section h4"), /Vision/);
  await b.execute(() => document.querySelector(".compare-view")?.scrollIntoView({ block: "start" }));
  await screenshot(b, "review-03-compare");
});

test("the comparison is saved as a redline document for the board", async () => {
  const out = path.join(app.home, "cabinet-changes.docx");
  await b.$("#redline-format").selectByVisibleText("Word (DOCX)");
  // A person types over the suggested path once it is there: typing first and having the
  // suggestion land under the typing would join the two.
  await b.waitUntil(async () => (await b.$("#redline-path").getValue()).endsWith(".docx"), {
    timeout: 10000,
    timeoutMsg: "the suggested redline path appears",
  });
  await b.$("#redline-path").setValue(out);
  await b.$("button=Save the redline").click();
  await waitForText(".redline-form [role=status]", "cabinet-changes.docx");
  const bytes = readFileSync(out);
  assert.equal(bytes.subarray(0, 2).toString(), "PK", "a DOCX is a zip package");
  // Saving to the same name again asks first; keeping it leaves the file, replacing writes it.
  await b.$("button=Save the redline").click();
  await b.$("#redline-replace-question").waitForExist(WAIT);
  await b.$("#redline-keep").click();
  await b.$("#redline-replace-question").waitForExist({ ...WAIT, reverse: true });
  assert.ok(readFileSync(out).equals(bytes), "the file was kept");
  await b.$("button=Save the redline").click();
  await b.$("button=Replace it").click();
  await waitForText(".redline-form [role=status]", "cabinet-changes.docx");
  await b.$("#redline-path").setValue(path.join(app.home, "no-such-folder", "x.docx"));
  await b.$("button=Save the redline").click();
  await waitForText(".redline-form [role=status]", "there is no such folder");
});

test("who changed what since a version: each person's changes, by section", async () => {
  await b.$("#digest-since").selectByVisibleText("Draft for cabinet");
  await b.$("button=Show who changed what").click();
  await waitForText(".digest-result", "E2E Tester");
  await waitForText(".digest-result", "Vision: changed vision (Statement)");
  await b.$("#digest-since").selectByVisibleText("Cabinet edits");
  await b.$("button=Show who changed what").click();
  await waitForText(".digest", "Nothing has changed since “Cabinet edits”.");
});

test("a version is signed, and the sign-off holds for exactly that version", async () => {
  // Sign-off has its own place, which lists what is still open before the signature.
  await closeDialog();
  await b.$("button=Sign-off").click();
  await b.$("dialog.signoff-dialog").waitForExist(WAIT);
  await b.$("#sign-version").selectByVisibleText("Cabinet edits");
  await b.$("#sign-name").setValue("Dr. Ana Ruiz");
  await b.$("#sign-role").setValue("Superintendent");
  if (await b.$("#sign-knowingly").isExisting()) await b.$("#sign-knowingly").click();
  await b.$("button=Sign this version").click();
  await waitForText(".signoffs", "Dr. Ana Ruiz (Superintendent) signed “Cabinet edits”.");
  await waitForText(".signoffs-table", "Holds. The current draft is exactly what was signed.");
  await b.$('//dialog//button[text()="Close"]').click();
  await b.$("dialog.signoff-dialog").waitForExist({ ...WAIT, reverse: true });
  await b.$("button=Versions").click();
  await b.$("dialog.versions-dialog").waitForExist(WAIT);
});

test("restoring the older version is a forward change, and the sign-off then names the section that differs", async () => {
  const row = await b.$('//table[contains(@class,"versions-table")]//tr[th[text()="Draft for cabinet"]]');
  await row.$("button*=Restore").click();
  await row.$('button=Restore “Draft for cabinet”').click();
  await waitForText("dialog.versions-dialog", "Restored “Draft for cabinet”.");
  await waitForText(".signoffs-table", "The current draft differs in: Vision");
  await closeDialog();
  // The UI's own copy of the plan received the restore.
  await b.waitUntil(async () => !(await textOf('[id="place-vision--statement"]')).includes("full partner"), {
    ...WAIT,
    timeoutMsg: "the restored vision no longer has the cabinet's words",
  });
  assert.match(await textOf('[id="place-vision--statement"]'), /Every family is a partner\.$/);
  // The section reads again as it did when it was approved: the approval holds again.
  await b.waitUntil(async () => !(await textOf(".section-status")).includes("Changed since"), {
    ...WAIT,
    timeoutMsg: "the approval covers the restored text",
  });
});

test("the section's history lists who changed it and when, newest first", async () => {
  await b.$(".section-history summary").click();
  await b.$(".history-list").waitForExist(WAIT);
  const lines = await b.execute(() => [...document.querySelectorAll(".history-list li")].map((li) => li.textContent));
  assert.ok(lines.length >= 1, "at least the typing of the vision");
  assert.ok(
    lines.every((l) => l.includes("E2E Tester") && l.includes("changed vision")),
    `every change here is E2E Tester's: ${JSON.stringify(lines)}`,
  );
  await screenshot(b, "review-05-history");
  await b.$(".section-history summary").click();
});

test("deleting the commented words leaves the thread orphaned, with its quote", async () => {
  const editor = await b.$('[id="place-vision--statement"]');
  await editor.click();
  await b.keys(["Control", "a"]);
  await b.$("button.comment-selection").click();
  await b.$("dialog.comment-dialog").waitForExist(WAIT);
  await b.$("#comment-body").setValue("Too long for the board summary.");
  await b.$("button=Add the comment").click();
  await waitForText("aside.review-panel .thread-list", "Too long for the board summary.");
  await editor.click();
  await b.keys(["Control", "a"]);
  await editor.addValue("Every learner thrives.");
  await waitForText('[id="place-vision--statement"]', "Every learner thrives.");
  await waitForText("aside.review-panel .thread-list .thread-note.orphaned", "The words this comment was on have been deleted.");
  assert.match(await textOf("aside.review-panel .thread-list .thread-quote"), /Every family is a partner\.$/);
  await screenshot(b, "review-04-orphaned");
});
