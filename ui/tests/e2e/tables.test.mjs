// Long lists as tables, in the real app on two laptops at a retreat: Ana (a district laptop,
// 1024×700) hosts the demo plan and Ben (1440×900) joins it. Ana sorts and filters the tactics
// table and edits its cells from the keyboard, adds and fills a ledger line in the spreadsheet
// and a person in the roster; Ben's laptop shows each change. Each new view is audited with
// axe-core and photographed at both sizes; the chart shows the demo's small shortfall.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { repo, startApp, screenshot } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WAIT = { timeout: 30000 };
let ana;
let ben;

before(async () => {
  ana = await startApp({ author: "Ana Ruiz", width: 1024, height: 700 });
  ben = await startApp({ author: "Ben Okafor", width: 1440, height: 900 });
});

after(async () => {
  await ben?.stop();
  await ana?.stop();
});

process.on("exit", (code) => {
  if (code !== 0 || process.exitCode) {
    for (const [who, app] of [["Ana", ana], ["Ben", ben]]) {
      console.error(`--- ${who}'s app and driver said:\n${(app?.log ?? []).join("").slice(-3000)}`);
    }
  }
});

async function goTo(b, label) {
  const step = `//nav//button[.//span[@class="step-label" and text()="${label}"]]`;
  await b.execute((label) => [...document.querySelectorAll("nav.flow .step-label")].find((s) => s.textContent === label)?.scrollIntoView({ block: "nearest" }), label);
  for (let tries = 0; !(await b.$(`h1#section-title=${label}`).isExisting()); tries++) {
    if (tries === 10) throw new Error(`the ${label} section never showed`);
    await b.$(step).waitForClickable(WAIT);
    await b.$(step).click();
    await b.$(`h1#section-title=${label}`).waitForExist({ timeout: 3000 }).catch(() => undefined);
  }
}

async function view(b, key) {
  await b.$(`[data-view="${key}"]`).click();
  await b.waitUntil(async () => (await b.$(`[data-view="${key}"]`).getAttribute("aria-pressed")) === "true", WAIT);
}

async function axe(b, where) {
  if (!(await b.execute(() => typeof window.axe === "object"))) await b.execute(`${AXE}\nreturn typeof window.axe;`);
  const found = await b.execute(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`);
  });
  return found.map((f) => `${where}: ${f}`);
}

/**
 * Presses keys one at a time: WebKit's driver drops a key repeated within one action sequence
 * (the second of two ArrowRights, a "0" after a "0").
 */
async function press(b, ...keys) {
  for (const k of keys) await b.keys([k]);
}

/** The focused element, as a short description for messages and checks. */
const focused = (b) => b.execute(() => ({ id: document.activeElement?.id ?? "", tag: document.activeElement?.tagName ?? "", editing: !!document.activeElement?.closest(".cell.editing") }));

/** The text of one column of a table's body rows, in order. */
const column = (b, table, index) =>
  b.execute((table, index) => [...document.querySelectorAll(`#${table} tbody tr`)].map((r) => r.cells[index]?.textContent.trim() ?? ""), table, index);

/** Ben's copy of a cell (by the row's plan path) reads `words`. */
async function benSees(path, cellIndex, words, table) {
  await ben.browser.waitUntil(
    async () => {
      const text = await ben.browser.execute((path, i, table) => document.querySelector(`#${table} tr[data-path="${path}"]`)?.cells[i]?.textContent ?? "", path, cellIndex, table);
      return text.includes(words);
    },
    { ...WAIT, timeoutMsg: `Ben's ${table} shows “${words}” for ${path}` },
  );
}

let address;
let code;

test("Ana opens the demo plan and hosts it; Ben joins by address and code", async () => {
  const a = ana.browser;
  await a.$("button=Open the demo plan").waitForExist(WAIT);
  await a.$("button=Open the demo plan").click();
  await a.$("nav.flow").waitForExist(WAIT);
  await a.$("button=Host this plan for the room").click();
  await a.$(".join-code").waitForExist(WAIT);
  const shown = await a.$(".host-address-value").getText();
  address = `127.0.0.1:${shown.slice(shown.lastIndexOf(":") + 1)}`;
  code = await a.$('.join-code[data-role="editor"] .join-code-value').getText();
  await a.$('//dialog//button[text()="Close"]').click();

  const b = ben.browser;
  await b.$("#join-address").waitForExist(WAIT);
  await b.$("#join-address").setValue(address);
  await b.$("#join-code").setValue(code);
  await b.$('//form//button[text()="Join"]').click();
  await b.$("nav.flow").waitForExist(WAIT);
  await b.$(".session-badge").waitForExist(WAIT);
});

test("the tactics table sorts by a column (announced) and filters by words and status", async () => {
  const a = ana.browser;
  await goTo(a, "Tactics");
  await view(a, "table");
  await a.$("#tactics-table tbody tr").waitForExist(WAIT);
  const count = (await column(a, "tactics-table", 0)).length;
  assert.equal(count, 18, "the demo's 18 tactics, one row each");

  await a.$("#tactics-table-due button").click();
  assert.equal(await a.$("#tactics-table-due").getAttribute("aria-sort"), "ascending");
  assert.equal(await a.$("#tactics-table-name").getAttribute("aria-sort"), "none");
  const due = (await column(a, "tactics-table", 4)).filter((d) => d !== "Not set").map((d) => Date.parse(d));
  assert.ok(due.length > 5, "most demo tactics have due dates");
  assert.deepEqual(due, [...due].sort((x, y) => x - y), "due dates ascend");
  assert.match(await a.$(".tactics-table-view .table-count").getText(), /Sorted by due, ascending/);
  await a.$("#tactics-table-due button").click();
  assert.equal(await a.$("#tactics-table-due").getAttribute("aria-sort"), "descending");
  const down = (await column(a, "tactics-table", 4)).filter((d) => d !== "Not set").map((d) => Date.parse(d));
  assert.deepEqual(down, [...down].sort((x, y) => y - x), "due dates descend");

  await a.$("#tactics-status-filter").selectByAttribute("value", "on_track");
  const statuses = await column(a, "tactics-table", 5);
  assert.ok(statuses.length > 0 && statuses.length < count, `some tactics are on track (${statuses.length})`);
  assert.ok(statuses.every((s) => s === "On track"), JSON.stringify(statuses));
  assert.match(await a.$(".tactics-table-view .table-count").getText(), new RegExp(`Showing ${statuses.length} of 18`));
  await a.$("#tactics-status-filter").selectByAttribute("value", "");

  const first = (await column(a, "tactics-table", 0))[0];
  const word = first.split(/\s+/).find((w) => w.length > 6);
  await a.$("#tactics-filter").setValue(word);
  const names = await column(a, "tactics-table", 0);
  assert.ok(names.length >= 1 && names.length < count, `filtering on “${word}” keeps ${names.length}`);
  const hits = await a.execute(
    (word) => [...document.querySelectorAll("#tactics-table tbody tr")].every((r) => r.textContent.toLowerCase().includes(word.toLowerCase())),
    word,
  );
  assert.ok(hits, `every row shown has “${word}”`);
  // Emptied as a person would (WebKit's driver types no lone space).
  await a.execute(() => {
    const f = document.getElementById("tactics-filter");
    f.value = "";
    f.dispatchEvent(new window.Event("input", { bubbles: true }));
  });
  await a.waitUntil(async () => (await column(a, "tactics-table", 0)).length === count, WAIT);
  await screenshot(a, "tables-tactics-1024");
});

let edited;

test("tactic cells are edited from the keyboard, a refused date is kept, and Ben sees the changes", async () => {
  const a = ana.browser;
  // Back to the plan's order, then the first row's name cell.
  await goTo(a, "Vision");
  await goTo(a, "Tactics");
  await a.$("#tactics-table tbody tr").waitForExist(WAIT);
  edited = await a.$("#tactics-table tbody tr").getAttribute("data-path");
  const nameCell = await a.$(`#tactics-table tr[data-path="${edited}"] th[data-cell]`);
  await nameCell.click();
  await press(a, "End");
  assert.match((await focused(a)).id, /^tactics-table-cost-/, "End reaches the row's last cell");
  await press(a, "Home");
  await press(a, "F2");
  await a.waitUntil(async () => (await focused(a)).editing, { ...WAIT, timeoutMsg: "F2 opens the name cell's editor" });
  await a.$("#tactics-table .cell.editing .cm-content").addValue(" (phase two)");
  await press(a, "Enter");
  await a.waitUntil(async () => !(await focused(a)).editing, WAIT);
  assert.match((await focused(a)).id, /--description-cell$/, "Enter gives the cursor back to the cell");
  assert.match(await nameCell.getText(), /\(phase two\)$/);

  // Right four cells to the due date; typing starts editing with what is typed.
  await press(a, "ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight");
  assert.match((await focused(a)).id, /--due-cell$/);
  await press(a, ..."6/30/2027", "Enter");
  const dueCell = a.$(`#tactics-table tr[data-path="${edited}"] [id$="--due-cell"]`);
  await a.waitUntil(async () => (await dueCell.getText()) === "Jun 30, 2027", { ...WAIT, timeoutMsg: "6/30/2027 is read as a date" });

  // Typing on a cell starts it afresh with what is typed; a date that does not exist is refused.
  await press(a, ..."9/31/2027", "Enter");
  const error = a.$(`#tactics-table tr[data-path="${edited}"] .cell-error`);
  await error.waitForExist({ ...WAIT, timeoutMsg: "a date that does not exist is refused in the cell" });
  assert.equal(await a.$(`#tactics-table tr[data-path="${edited}"] .kept`).getText(), "9/31/2027", "what was typed stays beside the reason");
  await screenshot(a, "tables-refused-date-1024");
  await press(a, "Enter");
  const kept = await a.$(`#tactics-table tr[data-path="${edited}"] .cell.editing input`).getValue();
  assert.equal(kept, "9/31/2027", "opened again, the cell holds what was typed");
  await press(a, "Escape");
  await a.waitUntil(async () => (await dueCell.getText()) === "Jun 30, 2027", WAIT);

  // Status: Enter opens its list; the choice is made there.
  await press(a, "ArrowRight");
  await press(a, "Enter");
  const status = a.$(`#tactics-table tr[data-path="${edited}"] select`);
  await status.waitForExist(WAIT);
  await status.selectByAttribute("value", "off_track");
  await press(a, "Escape");
  await a.waitUntil(async () => (await a.$(`#tactics-table tr[data-path="${edited}"] [id$="--status-cell"]`).getText()) === "Off track", WAIT);

  const b = ben.browser;
  await goTo(b, "Tactics");
  await view(b, "table");
  await benSees(edited, 0, "(phase two)", "tactics-table");
  await benSees(edited, 4, "Jun 30, 2027", "tactics-table");
  await benSees(edited, 5, "Off track", "tactics-table");
  await screenshot(b, "tables-tactics-1440");
});

test("the timeline draws the tactics as bars under their strategies", async () => {
  for (const [b, size] of [
    [ana.browser, "1024"],
    [ben.browser, "1440"],
  ]) {
    await view(b, "timeline");
    await b.$("#tactics-timeline .timeline-bar").waitForExist(WAIT);
    const groups = await b.execute(() => document.querySelectorAll("#tactics-timeline .timeline-group").length);
    assert.ok(groups >= 3, `the demo's strategies each head a group (${groups})`);
    const bar = await b.execute(
      (path) => {
        const el = document.querySelector(`#tactics-timeline tr[data-path="${path}"] .timeline-bar`);
        const cell = el?.parentElement?.getBoundingClientRect();
        const r = el?.getBoundingClientRect();
        return el && cell ? { inside: r.left >= cell.left - 1 && r.right <= cell.right + 1, width: r.width, text: el.textContent } : null;
      },
      edited,
    );
    assert.ok(bar, "the edited tactic has a bar");
    assert.ok(bar.inside && bar.width > 10, JSON.stringify(bar));
    assert.match(bar.text, /Jun 30, 2027, Off track/);
    await screenshot(b, `tables-timeline-${size}`);
  }
});

test("the ledger spreadsheet adds and fills a line from the keyboard; the totals and Ben see it", async () => {
  const a = ana.browser;
  await goTo(a, "Resource plan");
  // The demo's 2028-29 is short by $48,400 on a $4.4M year: drawn tall enough to see, labelled.
  const mark = await a.execute(() => {
    const r = document.querySelector(".balance-chart rect.bar.shortfall");
    const label = document.querySelector(".balance-chart .shortfall-label");
    return r ? { height: r.getBoundingClientRect().height, label: label?.textContent ?? "" } : null;
  });
  assert.ok(mark, "the chart marks the year that is short");
  assert.ok(mark.height >= 4, `the shortfall is visible on screen (${mark.height} px)`);
  assert.match(mark.label, /\$48\.4K short/);

  await view(a, "grid");
  await a.$("#ledger-grid tbody tr").waitForExist(WAIT);
  // Every line of the demo (read from the demo itself: a played card adds lines to it).
  const lines = JSON.parse(readFileSync(join(repo, "assets/demo/demo.json"), "utf8")).ledger.length;
  assert.equal((await column(a, "ledger-grid", 0)).length, lines, `the demo's ${lines} ledger lines`);
  await a.$("button=Add an investment").click();
  await a.waitUntil(async () => (await focused(a)).editing, { ...WAIT, timeoutMsg: "the new line's description is open for typing" });
  await a.$("#ledger-grid .cell.editing .cm-content").addValue("Reading tutors");
  await press(a, "Enter");
  const path = await a.execute(() => document.activeElement?.closest("tr")?.getAttribute("data-path"));
  assert.match(path, /^ledger\//);
  await press(a, "ArrowRight", "ArrowRight", ..."48,400", "Enter");
  await press(a, "ArrowRight", "ArrowRight", ..."FY28", "Enter");
  const row = (i) => a.execute((path, i) => document.querySelector(`#ledger-grid tr[data-path="${path}"]`)?.cells[i]?.textContent ?? "", path, i);
  await a.waitUntil(async () => (await row(2)) === "$48,400.00" && (await row(4)) === "2027-28", {
    ...WAIT,
    timeoutMsg: "the amount and year are read as typed",
  });
  const totals = await a.execute(() => document.querySelector('.totals-table tr.year-total[data-year="2027-28"][data-unit="usd"]')?.textContent ?? "");
  assert.match(totals, /2027-28/);
  await screenshot(a, "tables-ledger-1024");

  const b = ben.browser;
  await goTo(b, "Resource plan");
  await view(b, "grid");
  await benSees(path, 0, "Reading tutors", "ledger-grid");
  await benSees(path, 2, "$48,400.00", "ledger-grid");
  await screenshot(b, "tables-ledger-1440");
});

test("the roster adds a person with the cursor in their name; Ben sees them", async () => {
  const a = ana.browser;
  await goTo(a, "District leadership team");
  await view(a, "roster");
  await a.$("#team-roster tbody tr").waitForExist(WAIT);
  await a.$("button=Add a team member").click();
  await a.waitUntil(async () => (await focused(a)).editing, { ...WAIT, timeoutMsg: "the new person's name is open for typing" });
  await a.$("#team-roster .cell.editing .cm-content").addValue("Grace Hopper");
  await press(a, "Tab");
  assert.match((await focused(a)).id, /--role-cell$/, "Tab moves on to the role");
  const path = await a.execute(() => document.activeElement?.closest("tr")?.getAttribute("data-path"));
  await screenshot(a, "tables-roster-1024");
  const b = ben.browser;
  await goTo(b, "District leadership team");
  await view(b, "roster");
  await benSees(path, 0, "Grace Hopper", "team-roster");
  await screenshot(b, "tables-roster-1440");
});

test("a section keeps the view last chosen", async () => {
  const a = ana.browser;
  await goTo(a, "Tactics");
  assert.equal(await a.$('[data-view="timeline"]').getAttribute("aria-pressed"), "true");
  await view(a, "cards");
  await a.$(".tactic-group").waitForExist(WAIT);
  await goTo(a, "Resource plan");
  assert.equal(await a.$('[data-view="grid"]').getAttribute("aria-pressed"), "true");
});

test("every new view has no accessibility violations, a cell being edited included", async () => {
  const a = ana.browser;
  const violations = [];
  violations.push(...(await axe(a, "ledger spreadsheet")));
  await a.$("#ledger-grid tbody th[data-cell]").click();
  await press(a, "ArrowRight", "ArrowRight", "Enter");
  violations.push(...(await axe(a, "ledger spreadsheet, amount being edited")));
  await press(a, "Escape");
  await goTo(a, "Tactics");
  for (const v of ["table", "timeline"]) {
    await view(a, v);
    violations.push(...(await axe(a, `tactics ${v}`)));
  }
  await a.$("#tactics-timeline tbody th[data-cell]").click();
  await press(a, "Enter");
  violations.push(...(await axe(a, "tactics timeline, a name being edited")));
  await press(a, "Escape");
  await goTo(a, "District leadership team");
  violations.push(...(await axe(a, "team roster")));
  assert.deepEqual(violations, []);
});
