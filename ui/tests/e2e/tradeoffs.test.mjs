// The trade-off card session end to end in the real app, on a district laptop (1024×700): the
// demo plan's ledger chart marks its two funding cliffs in words; its 2028-29 is $48,400 short;
// the room opens Trade-offs, picks the general deck and
// plays cards onto a tactic from that year until its gap closes, takes one back (the gap opens
// again), and exports Markdown, which carries the stop-doing list and the played card's lines.
// axe-core finds nothing on the dialog; the dialog is photographed at 1024×700.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { startApp, screenshot } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WAIT = { timeout: 30000 };
const YEAR = "2028-29";
let app;
let b;

before(async () => {
  app = await startApp({ author: "Ana Ruiz", width: 1024, height: 700 });
  b = app.browser;
});

after(async () => {
  await app?.stop();
});

process.on("exit", (code) => {
  if (code !== 0 || process.exitCode) console.error(`--- the app and driver said:\n${(app?.log ?? []).join("").slice(-3000)}`);
});

/** What the dialog's gap column says for a year in dollars, and whether the row is balanced. */
const gapRow = (year) =>
  b.execute((year) => {
    const row = document.querySelector(`.tradeoffs-balance tr[data-year="${year}"][data-unit="usd"]`);
    return row ? { gap: row.cells[4]?.textContent ?? "", balanced: row.dataset.balanced } : null;
  }, year);

/** The ledger chart's cliff marks: the year and the words drawn there, sorted by year. */
const cliffMarks = () =>
  b.execute(() =>
    [...document.querySelectorAll(".balance-chart g.cliff")]
      .map((g) => [g.getAttribute("data-year"), [...g.querySelectorAll("text")].map((t) => t.textContent).join(" / ")])
      .sort(),
  );

/** The number of plays the dialog lists. */
const playCount = () => b.execute(() => document.querySelectorAll(".tradeoffs-played li").length);

async function play(cardName) {
  const before = await playCount();
  const button = b.$(`//dialog//button[normalize-space(.)="Play “${cardName}”"]`);
  // In the middle of the dialog, clear of the year's gap that stays on top.
  await b.execute((el) => el.scrollIntoView({ block: "center" }), await button);
  await button.click();
  await b.waitUntil(async () => (await playCount()) === before + 1, { ...WAIT, timeoutMsg: `“${cardName}” shows among the plays` });
}

async function axe(where, selector = "dialog.tradeoffs-dialog") {
  if (!(await b.execute(() => typeof window.axe === "object"))) await b.execute(`${AXE}\nreturn typeof window.axe;`);
  const found = await b.execute(async (selector) => {
    const result = await window.axe.run(document.querySelector(selector), { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`);
  }, selector);
  return found.map((f) => `${where}: ${f}`);
}

test("the ledger's chart marks each funding cliff: the year the money ends and what it leaves, in words", async () => {
  await b.$("button=Open the demo plan").waitForExist(WAIT);
  await b.$("button=Open the demo plan").click();
  await b.$("nav.flow").waitForExist(WAIT);
  const label = "Resource plan";
  await b.execute((label) => [...document.querySelectorAll("nav.flow .step-label")].find((s) => s.textContent === label)?.closest("button")?.click(), label);
  await b.$(`h1#section-title=${label}`).waitForExist(WAIT);
  await b.$(".balance-chart .cliff").waitForExist(WAIT);
  const marks = await b.execute(() =>
    [...document.querySelectorAll(".balance-chart g.cliff")].map((g) => ({
      year: g.getAttribute("data-year"),
      words: [...g.querySelectorAll("text")].map((t) => t.textContent).join(" / "),
      height: g.querySelector("line").getBoundingClientRect().height,
    })),
  );
  assert.deepEqual(
    marks.map((m) => [m.year, m.words]).sort(),
    [
      ["2028-29", "Funding ends / $242.2K a year / uncovered"],
      ["2029-30", "Funding ends / $300K a year / uncovered"],
    ],
  );
  assert.ok(marks.every((m) => m.height > 40), `each cliff's line is drawn down the chart: ${JSON.stringify(marks)}`);
  const after = await b.execute(() => [...document.querySelectorAll(".balance-chart .tick")].map((t) => t.textContent).filter((t) => t.startsWith("2029")));
  assert.deepEqual(after, ["2029-30 (after)"], "the year after the plan has its own place on the chart");
  const notes = await b.$(".cliff-notes").getText();
  assert.match(notes, /Funding cliff in 2029-30 \(projected\): \$300,000\.00 a year uncovered when “[^”]+” ends after 2028-29\./);
  assert.match(notes, /Funding cliff in 2028-29: \$242,200\.00 a year uncovered/);
  await b.execute(() => document.querySelector(".balance-chart")?.scrollIntoView({ block: "center" }));
  await screenshot(b, "tradeoffs-ledger-cliffs-1024");
  assert.deepEqual(await axe("the ledger's balance and chart", "section.ledger-balance"), []);
});

test("Trade-offs shows 2028-29 short by $48,400", async () => {
  await b.$("button=Trade-offs").click();
  await b.$("dialog.tradeoffs-dialog").waitForExist(WAIT);
  await b.waitUntil(async () => (await gapRow(YEAR)) !== null, { ...WAIT, timeoutMsg: "the dialog shows each year's gap" });
  assert.deepEqual(await gapRow(YEAR), { gap: "Short by $48,400.00", balanced: "no" });
  await screenshot(b, "tradeoffs-opened-1024");
});

test("cards played onto a tactic from 2028-29 close its gap; taking one back opens it again", async () => {
  await b.$("#tradeoffs-deck").selectByAttribute("value", "general");
  await b.$("h3=Cards: General district deck").waitForExist(WAIT);
  const tactic = await b.$("#tradeoffs-tactic").getValue();
  assert.match(tactic, /^tc/, "a tactic is chosen to pay for");
  await b.$("#tradeoffs-year").setValue(YEAR);

  // An investment first: the year is further behind.
  await play("High-dosage tutoring for 100 students");
  await b.waitUntil(async () => (await gapRow(YEAR))?.gap === "Short by $198,400.00", { ...WAIT, timeoutMsg: "tutoring adds $150,000 to 2028-29" });
  // Then the sources that pay for it, until the year balances.
  await play("Leave a central-office position vacant");
  await b.waitUntil(async () => (await gapRow(YEAR))?.gap === "Short by $78,400.00", { ...WAIT, timeoutMsg: "the vacancy frees $120,000" });
  await play("Stop low-use software licences");
  await b.waitUntil(async () => (await gapRow(YEAR))?.balanced === "yes", { ...WAIT, timeoutMsg: "the software licences close the gap" });
  assert.deepEqual(await gapRow(YEAR), { gap: "$1,600.00 to spare", balanced: "yes" });
  // The year's gap stays on screen beside the cards being played, far below the table.
  const inView = await b.execute(() => {
    const dialog = document.querySelector("dialog.tradeoffs-dialog").getBoundingClientRect();
    const r = document.querySelector(".tradeoffs-year-gap").getBoundingClientRect();
    return r.top >= dialog.top && r.bottom <= dialog.bottom && r.height > 0;
  });
  assert.ok(inView, "the chosen year's gap is in view while playing");
  assert.match(await b.$(".tradeoffs-year-gap").getText(), /^2028-29: USD \$1,600\.00 to spare/);
  const stops = await b.execute(() => [...document.querySelectorAll(".stop-doing li")].map((li) => li.textContent));
  assert.ok(
    stops.some((s) => s.includes("central-office coordinator role is not refilled")),
    `the vacancy is on the stop-doing list: ${JSON.stringify(stops)}`,
  );
  await screenshot(b, "tradeoffs-balanced-1024");

  // Taken back, the software licences' $80,000 no longer counts.
  const software = '//dialog//button[normalize-space(.)="Take back “Stop low-use software licences”"]';
  await b.$(software).click();
  await b.$(software).waitForExist({ ...WAIT, reverse: true });
  await b.waitUntil(async () => (await gapRow(YEAR))?.gap === "Short by $78,400.00", { ...WAIT, timeoutMsg: "taking it back reopens the gap" });
  assert.equal((await gapRow(YEAR)).balanced, "no");
  const after = await b.execute(() => [...document.querySelectorAll(".stop-doing li")].map((li) => li.textContent).join("\n"));
  assert.doesNotMatch(after, /software/i, "the taken-back card is off the stop-doing list");
});

test("axe-core finds nothing on the dialog; it reads at 1024×700", async () => {
  const violations = await axe("trade-offs dialog");
  await screenshot(b, "tradeoffs-dialog-1024");
  await b.execute(() => document.querySelector("dialog.tradeoffs-dialog")?.scrollTo(0, 99999));
  await screenshot(b, "tradeoffs-dialog-1024-end");
  assert.deepEqual(violations, []);
  await b.$('//dialog[contains(@class,"tradeoffs-dialog")]//button[text()="Close"]').click();
  await b.$("dialog.tradeoffs-dialog").waitForExist({ ...WAIT, reverse: true });
});

test("after the plays, whose lines reach past the plan's years, the chart still marks both cliffs", async () => {
  // The tutoring and the vacancy played from 2028-29 wrote lines for 2029-30 and on: that year
  // is now on the chart with bars of its own, and the foundation's cliff is still there.
  await b.waitUntil(
    async () => (await b.execute(() => [...document.querySelectorAll(".balance-chart .tick")].map((t) => t.textContent))).includes("2029-30"),
    { ...WAIT, timeoutMsg: "the chart has 2029-30's figures" },
  );
  assert.deepEqual(await cliffMarks(), [
    ["2028-29", "Funding ends / $242.2K a year / uncovered"],
    ["2029-30", "Funding ends / $300K a year / uncovered"],
  ]);
  assert.match(await b.$(".cliff-notes").getText(), /Funding cliff in 2029-30 \(projected\): \$300,000\.00 a year uncovered/);
  await b.execute(() => document.querySelector(".balance-chart")?.scrollIntoView({ block: "center" }));
  await screenshot(b, "tradeoffs-ledger-cliffs-after-plays-1024");
});

test("the Markdown export carries the stop-doing list and the played card's lines", async () => {
  await b.$("button=Export").click();
  await b.$("dialog.export-dialog").waitForExist(WAIT);
  await b.$('input[name="export-format"][value="Markdown"]').click();
  const pathField = b.$("#export-path");
  await b.waitUntil(async () => (await pathField.getValue()).endsWith(".md"), { ...WAIT, timeoutMsg: "the file name follows the format" });
  const file = await pathField.getValue();
  await b.$('//dialog//button[text()="Export"]').click();
  await b.$(".export-progress .success").waitForExist(WAIT);
  assert.ok(existsSync(file), `${file} was written`);
  const md = readFileSync(file, "utf8");
  const stop = md.indexOf("What we will stop doing");
  assert.ok(stop >= 0, "the export has the stop-doing section");
  const section = md.slice(stop, md.indexOf("\n#", stop + 1) < 0 ? undefined : md.indexOf("\n#", stop + 1));
  assert.match(section, /central-office coordinator role is not refilled/, "the vacancy is listed under what we will stop doing");
  assert.match(section, /department's director, before the vacancy is posted as closed/, "with who will tell them");
  for (const card of ["High-dosage tutoring for 100 students", "Leave a central-office position vacant"]) {
    assert.ok(md.includes(card), `the played card “${card}” is in the ledger`);
  }
  assert.doesNotMatch(md, /Stop low-use software licences/, "the card taken back left nothing behind");
  // The decision records: the demo's, and the vacancy played here, with who was in the room.
  const story = md.slice(md.indexOf("How we got here"));
  assert.ok(md.includes("How we got here"), "the export tells how we got here");
  assert.match(story, /Trade-off: Leave a central-office position vacant from 2028-29[^\n]*\n+- \*\*Decided on:\*\* [A-Z][a-z]+ \d+, \d{4}\n- \*\*Who was in the room:\*\* Ana Ruiz/);
  assert.equal(path.extname(file), ".md");
  await b.$('//dialog//button[text()="Close"]').click();
});
