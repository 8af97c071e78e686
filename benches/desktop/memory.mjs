// Memory of the app with the demo plan open: the app process and the WebKit processes it
// starts (web content, network), as proportional set size (shared pages split fairly) and RSS.
import { readFileSync, readdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { appBinary } from "../../ui/tests/e2e/harness.mjs";
import { demoContent, planFile, startApp } from "./common.mjs";

function children(pid) {
  const out = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const list = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
    if (list) out.push(...list.split(/\s+/).map(Number));
  }
  return out;
}

function kb(pid, file, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/${file}`, "utf8"));
  return m ? Number(m[1]) : 0;
}

function appPid(home) {
  for (const p of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0");
      const env = readFileSync(`/proc/${p}/environ`, "utf8");
      if (cmd[0] === appBinary && env.includes(`HOME=${home}`)) return Number(p);
    } catch {
      // Processes come and go while /proc is read.
    }
  }
  throw new Error("the app's process was not found");
}

function measure(home) {
  const root = appPid(home);
  const procs = [root];
  for (let i = 0; i < procs.length; i++) procs.push(...children(procs[i]));
  const rows = procs.map((pid) => ({
    pid,
    name: readFileSync(`/proc/${pid}/comm`, "utf8").trim(),
    pss_mb: Math.round(kb(pid, "smaps_rollup", "Pss") / 102.4) / 10,
    rss_mb: Math.round(kb(pid, "status", "VmRSS") / 102.4) / 10,
  }));
  const total = (k) => Math.round(rows.reduce((s, r) => s + r[k], 0) * 10) / 10;
  return { processes: rows, total_pss_mb: total("pss_mb"), total_rss_mb: total("rss_mb") };
}

const home = mkdtempSync(path.join(tmpdir(), "throughline-bench-"));
const demo = planFile(path.join(home, "Throughline"), "demo", demoContent());
// The start screen first (a separate launch), for the app's own baseline.
const bare = await startApp({ home });
let startScreen;
try {
  await bare.browser.$("#new-title").waitForExist({ timeout: 30000 });
  await new Promise((r) => setTimeout(r, 2000));
  startScreen = measure(home);
} finally {
  await bare.stop();
}
const app = await startApp({ home, args: [demo] });
try {
  const b = app.browser;
  await b.$(".workspace .cm-content").waitForExist({ timeout: 30000 });
  // Visit every section once, as a person would, then measure.
  const labels = await b.execute(() => [...document.querySelectorAll("nav.flow .step-label")].map((e) => e.textContent));
  for (const label of labels) {
    await b.$(`//nav//button[.//span[@class="step-label" and text()="${label}"]]`).click();
    await b.$(`h1#section-title=${label}`).waitForExist({ timeout: 30000 });
  }
  await new Promise((r) => setTimeout(r, 2000));
  console.log(
    JSON.stringify(
      { benchmark: "memory (MB)", start_screen: startScreen, demo_plan_every_section_visited: measure(home) },
      null,
      1,
    ),
  );
} finally {
  await app.stop();
}
