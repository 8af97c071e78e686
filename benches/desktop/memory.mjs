// Memory of the app with the demo plan open, then hosting it for a 30-peer session: the app
// process and the WebKit processes it starts (web content, network), as proportional set size
// (shared pages split fairly) and RSS, plus the peak RSS of each process.
import { readFileSync, readdirSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { appBinary, repo } from "../../ui/tests/e2e/harness.mjs";
import { demoContent, planFile, startApp } from "./common.mjs";

const PEERS = 30;
const EDITS_PER_SECOND = 5;
const SESSION_SECONDS = 20;

// The real yjs and y-websocket packages, as the retreat tests use them.
const requireJs = createRequire(path.join(repo, "crates/session/tests/js/package.json"));
const fromJs = (name) => import(requireJs.resolve(name));

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
    peak_rss_mb: Math.round(kb(pid, "status", "VmHWM") / 102.4) / 10,
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
  const demoPlan = measure(home);
  const session = await hostedSession(b);
  console.log(
    JSON.stringify(
      {
        benchmark: "memory (MB)",
        start_screen: startScreen,
        demo_plan_every_section_visited: demoPlan,
        [`hosting_${PEERS}_peers_typing_${EDITS_PER_SECOND}_per_second_for_${SESSION_SECONDS}_s`]: session,
      },
      null,
      1,
    ),
  );
} finally {
  await app.stop();
}

/**
 * Hosts the open plan from the app's room panel and lets PEERS real Yjs peers (editor code,
 * on loopback) type into the vision while the app shows it; measures at the end.
 */
async function hostedSession(b) {
  const Y = await fromJs("yjs");
  const { WebsocketProvider } = await fromJs("y-websocket");
  const WebSocket = (await fromJs("ws")).default;
  await b.$("button=Host this plan for the room").click();
  await b.$("dialog.room-dialog").waitForExist({ timeout: 30000 });
  const address = await b.$(".host-address-value").getText();
  const link = await b.execute(() => document.querySelector('.join-code[data-role="editor"] .join-link')?.textContent ?? "");
  const url = new URL(link.replace(/^ws:/, "http:"));
  const server = `ws://127.0.0.1:${address.slice(address.lastIndexOf(":") + 1)}`;
  await b.$('//dialog//button[text()="Close"]').click();
  await b.$('//nav//button[.//span[@class="step-label" and text()="Vision"]]').click();
  await b.$('[id="place-vision--statement"]').waitForExist({ timeout: 30000 });

  const peers = [];
  for (let i = 0; i < PEERS; i++) {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(server, url.pathname.slice(1), doc, {
      params: { code: url.searchParams.get("code"), name: `Peer ${i + 1}` },
      WebSocketPolyfill: WebSocket,
      disableBc: true,
    });
    peers.push({ doc, provider });
  }
  await Promise.all(peers.map((p) => (p.provider.synced ? null : new Promise((r) => p.provider.once("sync", r)))));
  const stopAt = Date.now() + SESSION_SECONDS * 1000;
  await Promise.all(
    peers.map(
      (p) =>
        new Promise((resolve) => {
          const tick = () => {
            if (Date.now() >= stopAt) return resolve();
            const text = p.doc.getMap("vision").get("statement");
            if (text) text.insert(Math.floor(Math.random() * (text.length + 1)), "a");
            setTimeout(tick, 1000 / EDITS_PER_SECOND);
          };
          setTimeout(tick, Math.random() * (1000 / EDITS_PER_SECOND));
        }),
    ),
  );
  await new Promise((r) => setTimeout(r, 2000));
  const figures = measure(home);
  const shown = (await b.$('[id="place-vision--statement"]').getText()).length;
  for (const p of peers) p.provider.destroy();
  return { ...figures, vision_characters_shown: shown };
}
