// The table views on a large plan (50 strategies, 500 tactics, 1,000 ledger lines): from the
// click on "Table" (tactics) or "Spreadsheet" (ledger) to the first frame painted with the
// table's rows, and keystroke to screen typing into a cell. Each figure stands beside anchors
// measured in the same run and page: the same section's card view opened the same way, a bare
// <table> of the same rows and columns inserted as HTML, and typing into the card's editor.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { planFile, startApp, stats, tablesPlan } from "./common.mjs";

const runs = Number(process.env.RUNS ?? 6);
const keys = Number(process.env.KEYS ?? 60);

const home = mkdtempSync(path.join(tmpdir(), "throughline-bench-"));
const content = tablesPlan();
const file = planFile(path.join(home, "Throughline"), "large", content);
const app = await startApp({ home, args: [file] });
const b = app.browser;
const progress = (what) => process.stderr.write(`tables: ${what} at ${Math.round(performance.now())} ms\n`);

async function goTo(label) {
  await b.$(`//nav//button[.//span[@class="step-label" and text()="${label}"]]`).click();
  await b.$(`h1#section-title=${label}`).waitForExist({ timeout: 60000 });
}

/**
 * Milliseconds from the click on a view's button to the first frame after `ready` matches an
 * element (the page measures: the click event's time stamp to a frame after the DOM change).
 */
async function openView(view, ready) {
  await b.execute(
    (view, ready) => {
      window.__paint = null;
      const onClick = (e) => {
        if (!e.target.closest(`[data-view="${view}"]`)) return;
        document.removeEventListener("click", onClick, true);
        const start = e.timeStamp;
        const seen = new MutationObserver(() => {
          if (!document.querySelector(ready)) return;
          seen.disconnect();
          requestAnimationFrame(() => setTimeout(() => (window.__paint = performance.now() - start), 0));
        });
        seen.observe(document.body, { childList: true, subtree: true });
      };
      document.addEventListener("click", onClick, true);
    },
    view,
    ready,
  );
  await b.$(`[data-view="${view}"]`).click();
  await b.waitUntil(() => b.execute(() => window.__paint !== null), { timeout: 30000 });
  return b.execute(() => window.__paint);
}

/** A bare <table> of `rows` × `cols` cells of text, inserted in the section: insert to frame. */
async function bareTable(rows, cols) {
  return b.execute(
    (rows, cols) =>
      new Promise((resolve) => {
        const words = "Provide instructional coaches for every elementary school";
        const body = Array.from({ length: rows }, (_, r) => `<tr>${Array.from({ length: cols }, (_, c) => `<td>${c === 0 ? `${words} ${r}` : `cell ${r}.${c}`}</td>`).join("")}</tr>`).join("");
        const start = performance.now();
        const box = document.createElement("div");
        box.innerHTML = `<table class="grid"><thead><tr>${"<th>Head</th>".repeat(cols)}</tr></thead><tbody>${body}</tbody></table>`;
        document.querySelector(".section-screen").prepend(box);
        requestAnimationFrame(() =>
          setTimeout(() => {
            const took = performance.now() - start;
            box.remove();
            resolve(took);
          }, 0),
        );
      }),
    rows,
    cols,
  );
}

/** Keystroke to screen (ms) typing `keys` characters into the prose editor `selector`. */
async function typeInto(selector) {
  const id = await b.execute((selector) => {
    const ed = document.querySelector(selector);
    window.__latencies = [];
    // One listener at a time: the last measurement's must not count this editor's keys.
    if (window.__benchKeydown) document.removeEventListener("keydown", window.__benchKeydown, { capture: true });
    window.__benchKeydown = (e) => {
      const start = e.timeStamp;
      const seen = new MutationObserver(() => {
        seen.disconnect();
        requestAnimationFrame(() => setTimeout(() => window.__latencies.push(performance.now() - start), 0));
      });
      seen.observe(ed, { subtree: true, childList: true, characterData: true });
    };
    document.addEventListener("keydown", window.__benchKeydown, { capture: true });
    return ed?.id;
  }, selector);
  const editor = await b.$(`[id="${id}"]`);
  const letters = "the quick brown fox jumps over a lazy dog ";
  for (let i = 0; i < keys; i++) await editor.addValue(letters[i % letters.length]);
  await b.waitUntil(() => b.execute(() => window.__latencies.length >= 1), { timeout: 10000 });
  await new Promise((r) => setTimeout(r, 300));
  return b.execute(() => window.__latencies);
}

/** The page's own floor: typing into a bare contenteditable <div> put above the table, in the same
 * page with the same rows drawn, measured the same way. No plan code runs on these keys. */
async function typeInBare() {
  await b.execute(() => {
    const box = document.createElement("div");
    box.id = "bench-bare-editable";
    box.contentEditable = "true";
    box.style.cssText = "min-height:2em;border:1px solid #888;padding:4px";
    document.querySelector(".section-screen").prepend(box);
    box.scrollIntoView({ block: "center" });
  });
  await b.$("#bench-bare-editable").click();
  const latencies = await typeInto("#bench-bare-editable");
  await b.execute(() => document.getElementById("bench-bare-editable")?.remove());
  return latencies;
}

/** Opens a table's first name cell for typing (Enter on the cell) and types into it. */
async function typeInCell(table) {
  const cell = await b.$(`#${table} tbody th[data-cell]`);
  await cell.click();
  await b.keys("Enter");
  await b.waitUntil(() => b.execute((table) => document.querySelector(`#${table} .cell.editing .cm-content`) !== null, table), { timeout: 10000 });
  const latencies = await typeInto(`#${table} .cell.editing .cm-content`);
  await b.keys("Escape");
  return latencies;
}

/** Types into the first card's prose editor drawn under `scope`. */
async function typeInCard(scope) {
  await b.waitUntil(() => b.execute((scope) => document.querySelector(`${scope} .cm-content`) !== null, scope), { timeout: 30000 });
  const id = await b.execute((scope) => document.querySelector(`${scope} .cm-content`).id, scope);
  await b.execute((id) => document.getElementById(id)?.scrollIntoView({ block: "center" }), id);
  await b.$(`[id="${id}"]`).click();
  return typeInto(`[id="${id}"]`);
}

try {
  await b.$("nav.flow").waitForExist({ timeout: 60000 });
  progress("plan open");
  await goTo("Tactics");
  const tactics = { table: [], cards: [], bare: [] };
  for (let i = 0; i < runs; i++) {
    tactics.table.push(await openView("table", "#tactics-table tbody tr"));
    tactics.cards.push(await openView("cards", ".tactic-group article.item-card"));
    tactics.bare.push(await bareTable(content.tactics.length, 7));
  }
  progress("tactics views opened");
  const cardTyping = await typeInCard(".tactic-group article.item-card");
  await openView("table", "#tactics-table tbody tr");
  const tableTyping = await typeInCell("tactics-table");
  const tacticsBare = await typeInBare();
  progress("typed in a tactic");

  await goTo("Resource plan");
  const ledger = { grid: [], cards: [], bare: [] };
  for (let i = 0; i < runs; i++) {
    ledger.grid.push(await openView("grid", "#ledger-grid tbody tr"));
    ledger.cards.push(await openView("cards", 'section[data-kind="investment"] article.item-card'));
    ledger.bare.push(await bareTable(content.ledger.length, 7));
  }
  progress("ledger views opened");
  const ledgerCardTyping = await typeInCard('section[data-kind="investment"] article.item-card');
  await openView("grid", "#ledger-grid tbody tr");
  const gridTyping = await typeInCell("ledger-grid");
  const ledgerBare = await typeInBare();
  progress("typed in a ledger line");

  const sizes = { strategies: content.strategies.length, tactics: content.tactics.length, ledger_lines: content.ledger.length };
  const all = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, stats(v)]));
  console.log(
    JSON.stringify(
      {
        benchmark: "table views of a large plan: click to first paint, and keystroke to screen (ms)",
        plan: sizes,
        first_paint: {
          tactics: all({ table: tactics.table, anchor_card_view: tactics.cards, anchor_bare_table_same_rows: tactics.bare }),
          ledger: all({ spreadsheet: ledger.grid, anchor_card_view: ledger.cards, anchor_bare_table_same_rows: ledger.bare }),
        },
        typing: all({
          tactics_table_cell: tableTyping,
          anchor_tactic_card: cardTyping,
          anchor_bare_editable_beside_tactics_table: tacticsBare,
          ledger_cell: gridTyping,
          anchor_ledger_card: ledgerCardTyping,
          anchor_bare_editable_beside_ledger_grid: ledgerBare,
        }),
      },
      null,
      1,
    ),
  );
} finally {
  await app.stop();
}
