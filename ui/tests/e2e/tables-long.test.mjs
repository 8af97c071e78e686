// Long tables on a district laptop (1024×700): a plan of 500 tactics and 1,000 ledger lines.
// The tables draw only the rows near the screen, yet a person reaches every row: the keys go
// to the last row and back, scrolling draws the rows it reaches, the row with the cursor stays
// drawn, a cell far down is edited into the plan file, and a line added at the end of a
// thousand opens for typing with the toolbar still in view. Screen readers are told the full
// size, and axe-core finds nothing wrong with a table drawn in part.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { startApp, screenshot } from "./harness.mjs";
import { cli, planFile, tablesPlan } from "./plans.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WAIT = { timeout: 30000 };
const plan = tablesPlan();
const lastTactic = plan.tactics[plan.tactics.length - 1];
let app;
let b;
let file;

before(async () => {
  const home = mkdtempSync(path.join(tmpdir(), "throughline-long-"));
  file = planFile(path.join(home, "Throughline"), "long", plan);
  app = await startApp({ home, args: [file], width: 1024, height: 700 });
  b = app.browser;
  await b.$("nav.flow").waitForExist({ timeout: 60000 });
});

after(async () => {
  await app?.stop();
});

async function goTo(label) {
  await b.execute((label) => [...document.querySelectorAll("nav.flow .step-label")].find((s) => s.textContent === label)?.scrollIntoView({ block: "nearest" }), label);
  await b.$(`//nav//button[.//span[@class="step-label" and text()="${label}"]]`).click();
  await b.$(`h1#section-title=${label}`).waitForExist(WAIT);
}

/** Chooses a section's view; clicked again if the first click landed while a thousand cards
 * were still being drawn. */
async function view(key) {
  const chosen = async () => (await b.$(`[data-view="${key}"]`).getAttribute("aria-pressed")) === "true";
  for (let tries = 0; !(await chosen()); tries++) {
    if (tries === 5) throw new Error(`the ${key} view was never chosen`);
    await b.$(`[data-view="${key}"]`).click();
    await b.waitUntil(chosen, { timeout: 5000 }).catch(() => undefined);
  }
}

/** The focused cell's row: where it stands in the whole table, and its item. */
const focusedRow = () =>
  b.execute(() => {
    const row = document.activeElement?.closest("tr");
    return row ? { index: row.getAttribute("aria-rowindex"), path: row.getAttribute("data-path") } : null;
  });

const drawnRows = (table) => b.execute((table) => document.querySelectorAll(`#${table} tbody tr[data-path]`).length, table);

test("the tactics table of 500 draws only the rows near the screen and tells its full size", async () => {
  await goTo("Tactics");
  await view("table");
  await b.$("#tactics-table tbody tr[data-path]").waitForExist(WAIT);
  const drawn = await drawnRows("tactics-table");
  assert.ok(drawn >= 10 && drawn < 150, `rows drawn: ${drawn}`);
  assert.equal(await b.$("#tactics-table").getAttribute("aria-rowcount"), "501", "500 rows and the header");
  assert.match(await b.$(".tactics-table-view .table-count").getText(), /^500 /);
  await screenshot(b, "tables-long-01-tactics");
});

test("Ctrl+End reaches the last tactic and Ctrl+Home the first, drawn as the cursor arrives", async () => {
  await b.$("#tactics-table tbody th[data-cell]").click();
  await b.keys(["Control", "End"]);
  await b.waitUntil(async () => (await focusedRow())?.index === "501", { ...WAIT, timeoutMsg: "the cursor never reached the last row" });
  assert.equal((await focusedRow()).path, `tactics/${lastTactic.id}`);
  await b.keys(["Control", "Home"]);
  await b.waitUntil(async () => (await focusedRow())?.index === "2", { ...WAIT, timeoutMsg: "the cursor never came back to the first row" });
  assert.equal((await focusedRow()).path, `tactics/${plan.tactics[0].id}`);
});

test("a tactic's name far down the table is edited in its cell and saved to the plan file", async () => {
  await b.keys(["Control", "End"]);
  await b.waitUntil(async () => (await focusedRow())?.index === "501", WAIT);
  await b.keys("Home");
  await b.keys("Enter");
  await b.$("#tactics-table .cell.editing .cm-content").waitForExist(WAIT);
  await b.keys("End");
  await b.$("#tactics-table .cell.editing .cm-content").addValue(" (last of 500)");
  await b.keys("Escape");
  await b.waitUntil(
    () => {
      const saved = JSON.parse(execFileSync(cli, ["show", file, "--json"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }));
      return saved.tactics.find((t) => t.id === lastTactic.id)?.description?.endsWith("(last of 500)");
    },
    { ...WAIT, timeoutMsg: "the plan file never had the new name" },
  );
  // The filter finds it wherever it is drawn, by words past what a row's title shows.
  await b.$("#tactics-filter").setValue("last of 500");
  await b.waitUntil(async () => (await b.$(".tactics-table-view .table-count").getText()).startsWith("Showing 1 of 500"), WAIT);
  // Emptied as the other table tests do (WebKit's driver types no lone space, nor nothing).
  await b.execute(() => {
    const f = document.getElementById("tactics-filter");
    f.value = "";
    f.dispatchEvent(new window.Event("input", { bubbles: true }));
  });
  await b.waitUntil(async () => (await b.$(".tactics-table-view .table-count").getText()).startsWith("500 "), WAIT);
});

test("scrolling to the end draws the last rows, and the row with the cursor stays drawn", async () => {
  await b.$("#tactics-table tbody th[data-cell]").click();
  await b.keys(["Control", "Home"]);
  await b.waitUntil(async () => (await focusedRow())?.index === "2", WAIT);
  const first = await focusedRow();
  assert.equal(first.index, "2");
  await b.execute(() => {
    const table = document.getElementById("tactics-table");
    for (let p = table.parentElement; p; p = p.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(p).overflowY) && p.scrollHeight > p.clientHeight) {
        p.scrollTop = p.scrollHeight;
        return;
      }
    }
  });
  await b.$(`#tactics-table tbody tr[data-path="tactics/${lastTactic.id}"]`).waitForExist({ ...WAIT, timeoutMsg: "the last row was never drawn" });
  assert.ok((await drawnRows("tactics-table")) < 150);
  assert.ok(await b.$('#tactics-table tbody tr[aria-rowindex="2"]').isExisting(), "the row with the cursor is still drawn");
  // The empty rows stand for the rows not drawn at about their height (not the browser's limit).
  const height = await b.execute(() => document.getElementById("tactics-table").getBoundingClientRect().height);
  assert.ok(height > 500 * 20 && height < 500 * 200, `the table is as tall as 500 rows (${height} px)`);
  assert.deepEqual(await focusedRow(), first);
  await screenshot(b, "tables-long-02-tactics-end");
});

test("a line added at the end of 1,000 opens for typing with the toolbar in view", async () => {
  await goTo("Resource plan");
  await view("grid");
  await b.$("#ledger-grid tbody tr[data-path]").waitForExist(WAIT);
  assert.equal(await b.$("#ledger-grid").getAttribute("aria-rowcount"), "1001");
  await b.$("button=Add an investment").click();
  await b.waitUntil(() => b.execute(() => document.activeElement?.matches("#ledger-grid .cell.editing .cm-content") === true), {
    ...WAIT,
    timeoutMsg: "the new line's cell never took the cursor",
  });
  await b.$("#ledger-grid .cell.editing .cm-content").addValue("Reading tutors, summer");
  await b.keys("Escape");
  await b.waitUntil(async () => (await b.$("#ledger-grid").getAttribute("aria-rowcount")) === "1002", WAIT);
  assert.equal(await b.execute(() => document.activeElement?.closest("tr")?.querySelector("th")?.textContent), "Reading tutors, summer");
  const toolbar = await b.execute(() => document.querySelector("header.topbar")?.getBoundingClientRect().top);
  assert.equal(toolbar, 0, "the toolbar stays at the top of the window");
  await screenshot(b, "tables-long-03-ledger-added");
});

/** Header labels of one word that the browser broke across lines ("Star / t"). */
const brokenHeaders = (table) =>
  b.execute((table) => {
    const broken = [];
    for (const th of document.querySelectorAll(`#${table} thead th`)) {
      const label = th.querySelector("button")?.firstChild ?? th.firstChild;
      if (!label || label.nodeType !== 3 || /\s/.test(label.textContent.trim())) continue;
      const range = document.createRange();
      range.selectNodeContents(label);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(label.textContent);
    }
    return broken;
  }, table);

test("the long tables' one-word headers stay whole at 1024 and at 1440 px", async () => {
  await goTo("Tactics");
  await view("table");
  await b.$("#tactics-table tbody tr[data-path]").waitForExist(WAIT);
  assert.deepEqual(await brokenHeaders("tactics-table"), [], "at 1024 px");
  // A laptop of its own, with its own copy of the plan (the first has the file open).
  const home = mkdtempSync(path.join(tmpdir(), "throughline-long-wide-"));
  const copy = planFile(path.join(home, "Throughline"), "long", plan);
  const wide = await startApp({ home, args: [copy], width: 1440, height: 900 });
  try {
    const w = wide.browser;
    await w.$("nav.flow").waitForExist({ timeout: 60000 });
    const was = b;
    b = w;
    try {
      await goTo("Tactics");
      await view("table");
      await b.$("#tactics-table tbody tr[data-path]").waitForExist(WAIT);
      assert.deepEqual(await brokenHeaders("tactics-table"), [], "at 1440 px");
      await screenshot(b, "tables-long-04-tactics-1440");
      await goTo("Resource plan");
      await view("grid");
      await b.$("#ledger-grid tbody tr[data-path]").waitForExist(WAIT);
      assert.deepEqual(await brokenHeaders("ledger-grid"), [], "the ledger at 1440 px");
      await screenshot(b, "tables-long-05-ledger-1440");
    } finally {
      b = was;
    }
  } finally {
    await wide.stop();
  }
});

test("axe-core finds no violations on the long tables drawn in part", async () => {
  if (!(await b.execute(() => typeof window.axe === "object"))) await b.execute(`${AXE}\nreturn typeof window.axe;`);
  const found = await b.execute(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`);
  });
  await goTo("Tactics");
  await view("table");
  await b.$("#tactics-table tbody tr[data-path]").waitForExist(WAIT);
  const tactics = await b.execute(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`);
  });
  assert.deepEqual([...found, ...tactics], []);
});
