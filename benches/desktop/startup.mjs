// Cold start to an editable demo plan: from asking for the app (process spawn) until the demo
// plan's workspace shows a prose editor ready for typing. Run several times; the first run
// warms the OS's file caches, as "after the first run" means.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { planFile, demoContent, startApp, stats } from "./common.mjs";

const runs = Number(process.env.RUNS ?? 6);
const home = mkdtempSync(path.join(tmpdir(), "throughline-bench-"));
const demo = planFile(path.join(home, "Throughline"), "demo", demoContent());
const wall = [];
const phases = {};
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const app = await startApp({ home, args: [demo] });
  try {
    const b = app.browser;
    await b.waitUntil(() => b.execute(() => document.querySelector(".workspace .cm-content") !== null), {
      timeout: 30000,
      interval: 5,
    });
    const t1 = performance.now();
    // Milliseconds from the webview's navigation start until the editor existed, measured in the page.
    const marks = await b.execute(() =>
      Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name.replace("throughline:", ""), m.startTime])),
    );
    if (i > 0) {
      wall.push(t1 - t0);
      for (const [k, v] of Object.entries(marks)) (phases[k] ??= []).push(v);
    }
  } finally {
    await app.stop();
  }
}
console.log(JSON.stringify({ benchmark: "cold start to an editable demo plan (ms, first run excluded)", wall: stats(wall), from_webview_navigation: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, stats(v)])) }, null, 1));
