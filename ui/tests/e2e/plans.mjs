// Plan files for tests and benchmarks that need more than the demo: plan JSON (what
// `throughline show --json` prints) made into a plan file with the CLI, and the demo grown large.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repo } from "./harness.mjs";

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


/** The demo grown to 50 strategies, then tactics and lines repeated to 500 and cut to 1,000. */
export function tablesPlan() {
  const plan = largePlan(10);
  const base = plan.tactics.slice();
  for (let i = 0; plan.tactics.length < 500; i++) {
    const t = base[i % base.length];
    plan.tactics.push({ ...structuredClone(t), id: `${t.id}-r${i}` });
  }
  plan.tactics = plan.tactics.slice(0, 500);
  plan.ledger = plan.ledger.slice(0, 1000);
  const known = new Set(plan.tactics.map((t) => t.id));
  for (const l of plan.ledger) l.tactics = (l.tactics ?? []).filter((t) => known.has(t));
  return plan;
}

