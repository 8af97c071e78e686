// Shared by the desktop benchmarks: the e2e harness (Xvfb + tauri-driver + the debug app),
// plan files made with the CLI, and small statistics.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
export { startApp, repo } from "../../ui/tests/e2e/harness.mjs";
import { repo } from "../../ui/tests/e2e/harness.mjs";

export const cli = path.join(repo, "target/debug/throughline");

/** A plan file from plan JSON (what `throughline show --json` prints), made with the CLI. */
export function planFile(dir, name, content) {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, `${name}.json`);
  const file = path.join(dir, `${name}.throughline`);
  writeFileSync(json, JSON.stringify(content));
  execFileSync(cli, ["new", file, "--from-json", json]);
  return file;
}

export function demoContent() {
  return JSON.parse(readFileSync(path.join(repo, "assets/demo/demo.json"), "utf8"));
}

/**
 * The demo plan grown `copies` times: every strategy, tactic and ledger line repeated with
 * fresh ids and links kept within each copy, and long prose in the vision.
 */
export function largePlan(copies) {
  const demo = demoContent();
  const out = structuredClone(demo);
  for (let k = 1; k < copies; k++) {
    const sid = (id) => `${id}-c${k}`;
    for (const s of demo.strategies) out.strategies.push({ ...structuredClone(s), id: sid(s.id), name: `${s.name} (${k + 1})` });
    for (const t of demo.tactics) {
      out.tactics.push({ ...structuredClone(t), id: sid(t.id), strategy: t.strategy ? sid(t.strategy) : t.strategy });
    }
    for (const l of demo.ledger) {
      out.ledger.push({ ...structuredClone(l), id: sid(l.id), tactics: (l.tactics ?? []).map(sid) });
    }
  }
  out.vision.statement = Array.from({ length: 40 }, (_, i) => `${i + 1}. ${demo.vision.statement}`).join("\n\n");
  return out;
}

export function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return {
    n: s.length,
    median: round(at(0.5)),
    p95: round(at(0.95)),
    min: round(s[0]),
    max: round(s[s.length - 1]),
  };
}

function round(x) {
  return Math.round(x * 10) / 10;
}
