// Ledger amounts: people type "125,000" or "$1,250.50" or "2.5"; the plan stores integers in
// the unit's smallest step (cents, hundredths of an FTE, whole hours or minutes), never floats.
// How each unit reads (its decimals, prefix and suffix) comes from the plan schema, Rust's
// `Unit::style`; crates/plan/tests/display_cases.json holds both languages to the same cases.
import { PLAN_SCHEMA } from "../ipc";

interface UnitStyle {
  decimals: number;
  prefix: string;
  suffix: string;
}

/** A unit the schema does not know (a newer plan's) reads as a bare whole number. */
const BARE: UnitStyle = { decimals: 0, prefix: "", suffix: "" };

function style(unit: string): UnitStyle {
  return PLAN_SCHEMA.units.find((u) => u.key === unit) ?? BARE;
}

/** How many stored steps make one unit (Rust's `Unit::scale`). */
export function unitScale(unit: string): number {
  return 10 ** style(unit).decimals;
}

export type Parsed = { ok: true; steps: number } | { ok: false; message: string };

/** Parses what a person typed into a whole number of the unit's steps. */
export function parseAmount(input: string, unit: string): Parsed {
  const places = style(unit).decimals;
  const scale = 10 ** places;
  const cleaned = input.trim().replace(/^\$/, "").replace(/,/g, "").replace(/\s/g, "");
  if (cleaned === "") return { ok: false, message: "Enter an amount." };
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!m) return { ok: false, message: `“${input.trim()}” is not an amount.` };
  const [, sign, whole = "0", frac = ""] = m;
  if (frac.replace(/0+$/, "").length > places) {
    return {
      ok: false,
      message: places === 0 ? "Use a whole number for this unit." : "Use at most two decimal places.",
    };
  }
  const fracSteps = places === 0 ? 0 : Number((frac + "0".repeat(places)).slice(0, places));
  const steps = Number(whole) * scale + fracSteps;
  if (!Number.isSafeInteger(steps)) return { ok: false, message: "That amount is too large." };
  return { ok: true, steps: sign === "-" ? -steps : steps };
}

function group(n: number): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The amount as people read it: `$125,000.00`, `2.50 FTE`, `1,200 teacher-hours`. */
export function formatAmount(steps: number, unit: string): string {
  const { decimals, prefix, suffix } = style(unit);
  const sign = steps < 0 ? "-" : "";
  const abs = Math.abs(steps);
  const scale = 10 ** decimals;
  const whole = group(Math.floor(abs / scale));
  const fraction = decimals === 0 ? "" : `.${String(abs % scale).padStart(decimals, "0")}`;
  return `${sign}${prefix}${whole}${fraction}${suffix}`;
}

/** The amount as typed in an input (no unit words): `125000.00`, `2.50`, `1200`. */
export function editableAmount(steps: number, unit: string): string {
  const { decimals } = style(unit);
  if (decimals === 0) return String(steps);
  const scale = 10 ** decimals;
  const sign = steps < 0 ? "-" : "";
  const abs = Math.abs(steps);
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(decimals, "0")}`;
}

/** A compact axis label: `$1.2M`, `$350K`, `12`; the chart's caption names the unit. */
export function shortAmount(steps: number, unit: string): string {
  const value = steps / unitScale(unit);
  const abs = Math.abs(value);
  const num =
    abs >= 1_000_000 ? `${trim(value / 1_000_000)}M` : abs >= 1_000 ? `${trim(value / 1_000)}K` : trim(value);
  return `${style(unit).prefix}${num}`;
}

function trim(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/** `2026-27` with the second year following the first, as the plan requires: the one rule
 * a schema cannot carry as data, held to Rust's `display::is_fiscal_year` by the shared cases. */
export function isFiscalYear(s: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m) return false;
  return (Number(m[1]) + 1) % 100 === Number(m[2]);
}
