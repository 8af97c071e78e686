// A breakout table works apart and merges back, on the real app: the facilitator saves Table 2's
// copy from the Tables dialog; Ana and then Ben, each on the copy (one laptop, no network), add
// a strategy; the facilitator merges the copy back and the merge, the strategies' history and
// the digest since the version before the breakouts name Ana and Ben at Table 2, never the
// facilitator. axe-core finds nothing on the Tables dialog. Each app has its own display and HOME.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { repo, startApp, screenshot } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WAIT = { timeout: 30000 };
const cli = path.join(repo, "target/debug/throughline");
const dir = mkdtempSync(path.join(tmpdir(), "throughline-breakouts-"));
const room = path.join(dir, "room.throughline");
const copy = path.join(dir, "table-2.throughline");
let facilitator;

function throughline(...args) {
  return execFileSync(cli, args, { env: { ...process.env, THROUGHLINE_AUTHOR: "Facilitator" } }).toString();
}

before(async () => {
  throughline("new", room, "--demo");
  throughline("version", room, "--label", "Before breakouts");
  facilitator = await startApp({ author: "Facilitator", args: [room] });
});

after(async () => {
  await facilitator?.stop();
});

process.on("exit", (code) => {
  if (code !== 0 || process.exitCode) console.error(`--- the facilitator's app said:\n${(facilitator?.log ?? []).join("").slice(-4000)}`);
});

async function axe(b, where) {
  if (!(await b.execute(() => typeof window.axe === "object"))) {
    await b.execute(`${AXE}\nreturn typeof window.axe;`);
  }
  const found = await b.execute(async () => {
    const result = await window.axe.run(document.querySelector("dialog[open]"), { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`);
  });
  return found.map((f) => `${where}: ${f}`);
}

async function goTo(b, label) {
  await b.$(`//nav//button[.//span[@class="step-label" and text()="${label}"]]`).click();
  await b.$(`h1#section-title=${label}`).waitForExist(WAIT);
}

/** Types `text` into the field labelled `label` inside the open dialog, then presses `action`. */
async function pathAction(b, label, text, action) {
  const input = await b.$(`//dialog[@open]//label[normalize-space()="${label}"]/following::input[1]`);
  await input.waitForExist(WAIT);
  // The dialog scrolls on its own; WebKit's driver does not bring an element inside it into view.
  await b.execute((el) => el.scrollIntoView({ block: "center" }), input);
  await input.setValue(text);
  const button = await input.$("./following-sibling::button");
  assert.equal(await button.getText(), action);
  await button.click();
}

async function mainText(b) {
  return b.execute(() => document.querySelector("#section-main")?.textContent ?? "");
}

async function openTables(b) {
  await b.$("button=Tables").click();
  await b.$("dialog.tables-dialog").waitForExist(WAIT);
}

/** One person at the table, on its copy alone: opens it and adds a strategy. */
async function atTheTable(author, strategy) {
  const person = await startApp({ author, args: [copy] });
  try {
    const b = person.browser;
    await b.$("nav.flow").waitForExist(WAIT);
    await goTo(b, "Strategies");
    await b.$("button=Add a strategy").click();
    await b.waitUntil(() => b.execute(() => document.activeElement?.closest("article.item-card") !== null), WAIT);
    // One key at a time: WebKit's driver drops a repeated key sent in one batch.
    for (const key of strategy) await b.keys(key);
    await b.waitUntil(async () => (await mainText(b)).includes(strategy), { ...WAIT, timeoutMsg: `${author}'s strategy shows` });
    // Saved as typed; the file is complete once the app lets the plan go.
    await b.$("span=All changes saved").waitForExist(WAIT);
  } finally {
    await person.stop();
  }
}

test("the facilitator saves Table 2's copy from the Tables dialog", async () => {
  const b = facilitator.browser;
  await b.$("nav.flow").waitForExist(WAIT);
  await openTables(b);
  await b.waitUntil(async () => (await b.$("dialog.tables-dialog").getText()).includes("Table 2: Attendance and belonging"), {
    ...WAIT,
    timeoutMsg: "the demo's tables are listed",
  });
  await screenshot(b, "breakouts-00-tables");
  assert.deepEqual(await axe(b, "tables dialog"), []);
  await pathAction(b, "Save the copy of Table 2: Attendance and belonging as", copy, "Save the copy");
  await b.waitUntil(async () => (await b.$("dialog.tables-dialog").getText()).includes(`Saved ${copy}`), { ...WAIT, timeoutMsg: "the copy is saved" });
  await screenshot(b, "breakouts-01-tables");
  await b.keys("Escape");
  await b.$("dialog.tables-dialog").waitForExist({ ...WAIT, reverse: true });
});

test("Ana and then Ben work on the table's copy, one laptop and no network", async () => {
  await atTheTable("Ana Ruiz", "Attendance mentors");
  await atTheTable("Ben Okafor", "Family welcome calls");
});

test("merged back, every change names its person and the table, never the facilitator", async () => {
  const b = facilitator.browser;
  await openTables(b);
  await pathAction(b, "A table's copy or bundle", copy, "Merge it in");
  const said = "by Ana Ruiz (Table 2: Attendance and belonging), Ben Okafor (Table 2: Attendance and belonging).";
  await b.waitUntil(async () => (await b.$("dialog.tables-dialog").getText()).includes(said), { ...WAIT, timeoutMsg: "the merge names Ana and Ben at Table 2" });
  await screenshot(b, "breakouts-02-merged");
  await b.keys("Escape");
  await b.$("dialog.tables-dialog").waitForExist({ ...WAIT, reverse: true });

  await goTo(b, "Strategies");
  await b.waitUntil(async () => (await mainText(b)).includes("Family welcome calls"), { ...WAIT, timeoutMsg: "the merged strategies show" });
  await b.$(".section-history summary").click();
  await b.$(".history-list").waitForExist(WAIT);
  const lines = await b.execute(() => [...document.querySelectorAll(".history-list li")].map((li) => li.textContent));
  assert.ok(
    lines.some((l) => l.includes("Ana Ruiz (Table 2: Attendance and belonging)") && l.includes("Attendance mentors")),
    `Ana's strategy is hers: ${JSON.stringify(lines)}`,
  );
  assert.ok(
    lines.some((l) => l.includes("Ben Okafor (Table 2: Attendance and belonging)") && l.includes("Family welcome calls")),
    `Ben's strategy is his: ${JSON.stringify(lines)}`,
  );
  assert.ok(!lines.some((l) => l.includes("Facilitator") && (l.includes("Attendance mentors") || l.includes("Family welcome calls"))), JSON.stringify(lines));
  await screenshot(b, "breakouts-03-history");

  // The CLI's digest since the version reads the same file the same way.
  const digest = throughline("digest", room, "--since", "Before breakouts");
  assert.match(digest, /^Ana Ruiz \(Table 2: Attendance and belonging\)\n {2}Strategies: added strategy "Attendance mentors"/m);
  assert.match(digest, /^Ben Okafor \(Table 2: Attendance and belonging\)\n {2}Strategies: added strategy "Family welcome calls"/m);
  assert.doesNotMatch(digest, /Facilitator/);
});
