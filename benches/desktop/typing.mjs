// Keystroke-to-screen latency in a large plan: the demo plan grown tenfold (50 strategies, 180
// tactics, over a thousand ledger lines), typing into a tactic on the Tactics screen and into a
// line on the ledger. Each key is sent on its own; the page records the time from the key
// event to the first frame after the character is in the editor's DOM.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { largePlan, planFile, startApp, stats } from "./common.mjs";

const keys = Number(process.env.KEYS ?? 60);
const copies = Number(process.env.COPIES ?? 10);
const home = mkdtempSync(path.join(tmpdir(), "throughline-bench-"));
const content = largePlan(copies);
const file = planFile(path.join(home, "Throughline"), "large", content);
const app = await startApp({ home, args: [file] });
const b = app.browser;

async function goTo(label) {
  await b.$(`//nav//button[.//span[@class="step-label" and text()="${label}"]]`).click();
  await b.$(`h1#section-title=${label}`).waitForExist({ timeout: 60000 });
}

/** Types `keys` characters into the first prose editor under `scope`; returns latencies (ms). */
async function typeInto(scope) {
  // Cards draw their editors once near the screen; wait for the first one.
  await b.waitUntil(() => b.execute((scope) => document.querySelector(`${scope} .cm-content`) !== null, scope), {
    timeout: 30000,
  });
  const id = await b.execute((scope) => {
    const ed = document.querySelector(`${scope} .cm-content`);
    window.__latencies = [];
    document.addEventListener(
      "keydown",
      (e) => {
        const start = e.timeStamp;
        const seen = new MutationObserver(() => {
          seen.disconnect();
          requestAnimationFrame(() => setTimeout(() => window.__latencies.push(performance.now() - start), 0));
        });
        seen.observe(ed, { subtree: true, childList: true, characterData: true });
      },
      { capture: true },
    );
    return ed?.id;
  }, scope);
  const editor = await b.$(`[id="${id}"]`);
  await b.execute((id) => document.getElementById(id)?.scrollIntoView({ block: "center" }), id);
  await editor.click();
  await b.execute((id) => {
    // Put the caret at the end of the text.
    const el = document.getElementById(id);
    const sel = window.getSelection();
    sel.selectAllChildren(el);
    sel.collapseToEnd();
  }, id);
  const letters = "the quick brown fox jumps over a lazy dog ";
  for (let i = 0; i < keys; i++) {
    await editor.addValue(letters[i % letters.length]);
  }
  await b.waitUntil(() => b.execute(() => window.__latencies.length), { timeout: 10000 });
  await new Promise((r) => setTimeout(r, 300));
  return b.execute(() => window.__latencies);
}

const progress = (what) => process.stderr.write(`typing: ${what} at ${Math.round(performance.now())} ms\n`);
try {
  await b.$("nav.flow").waitForExist({ timeout: 60000 });
  progress("plan open");
  await goTo("Tactics");
  progress("tactics shown");
  const tactics = await typeInto(".tactic-group article.item-card");
  progress("typed in a tactic");
  await goTo("Resource plan");
  progress("ledger shown");
  const ledger = await typeInto('section[data-kind="investment"] article.item-card');
  progress("typed in a ledger line");
  await goTo("Vision");
  const vision = await typeInto(".single-part");
  const sizes = { strategies: content.strategies.length, tactics: content.tactics.length, ledger_lines: content.ledger.length };
  console.log(
    JSON.stringify(
      { benchmark: "keystroke to screen in a large plan (ms)", plan: sizes, tactics_screen: stats(tactics), ledger_screen: stats(ledger), vision_screen: stats(vision) },
      null,
      1,
    ),
  );
} finally {
  await app.stop();
}
