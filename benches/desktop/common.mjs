// Shared by the desktop benchmarks: the e2e harness (Xvfb + tauri-driver + the debug app),
// plan files made with the CLI, and small statistics.
export { startApp, repo } from "../../ui/tests/e2e/harness.mjs";

export { cli, planFile, demoContent, largePlan, tablesPlan } from "../../ui/tests/e2e/plans.mjs";

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
