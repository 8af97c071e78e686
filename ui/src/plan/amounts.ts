// Ledger amounts: people type "125,000" or "$1,250.50" or "2.5"; the plan stores integers in
// the unit's smallest step (cents, hundredths of an FTE, whole hours or minutes), never floats.

export const UNIT_SCALE: Record<string, number> = {
  usd: 100,
  fte: 100,
  teacher_hours: 1,
  student_minutes: 1,
};

export type Parsed = { ok: true; steps: number } | { ok: false; message: string };

/** Parses what a person typed into a whole number of the unit's steps. */
export function parseAmount(input: string, unit: string): Parsed {
  const scale = UNIT_SCALE[unit] ?? 1;
  const cleaned = input.trim().replace(/^\$/, "").replace(/,/g, "").replace(/\s/g, "");
  if (cleaned === "") return { ok: false, message: "Enter an amount." };
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!m) return { ok: false, message: `“${input.trim()}” is not an amount.` };
  const [, sign, whole = "0", frac = ""] = m;
  const places = scale === 100 ? 2 : 0;
  if (frac.replace(/0+$/, "").length > places) {
    return {
      ok: false,
      message: places === 0 ? "Use a whole number for this unit." : "Use at most two decimal places.",
    };
  }
  const fracSteps = places === 0 ? 0 : Number((frac + "00").slice(0, 2));
  const steps = Number(whole) * scale + fracSteps;
  if (!Number.isSafeInteger(steps)) return { ok: false, message: "That amount is too large." };
  return { ok: true, steps: sign === "-" ? -steps : steps };
}

function group(n: number): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The amount as people read it: `$125,000.00`, `2.50 FTE`, `1,200 teacher-hours`. */
export function formatAmount(steps: number, unit: string): string {
  const sign = steps < 0 ? "-" : "";
  const abs = Math.abs(steps);
  const scale = UNIT_SCALE[unit] ?? 1;
  const whole = group(Math.floor(abs / scale));
  const cents = String(abs % scale).padStart(2, "0");
  switch (unit) {
    case "usd":
      return `${sign}$${whole}.${cents}`;
    case "fte":
      return `${sign}${whole}.${cents} FTE`;
    case "teacher_hours":
      return `${sign}${whole} teacher-hours`;
    case "student_minutes":
      return `${sign}${whole} student-minutes`;
    default:
      return `${sign}${group(abs)}`;
  }
}

/** The amount as typed in an input (no unit words): `125000.00`, `2.50`, `1200`. */
export function editableAmount(steps: number, unit: string): string {
  const scale = UNIT_SCALE[unit] ?? 1;
  if (scale === 1) return String(steps);
  const sign = steps < 0 ? "-" : "";
  const abs = Math.abs(steps);
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(2, "0")}`;
}

/** A compact axis label: `$1.2M`, `$350K`, `12 FTE`. */
export function shortAmount(steps: number, unit: string): string {
  const value = steps / (UNIT_SCALE[unit] ?? 1);
  const abs = Math.abs(value);
  const num =
    abs >= 1_000_000 ? `${trim(value / 1_000_000)}M` : abs >= 1_000 ? `${trim(value / 1_000)}K` : trim(value);
  return unit === "usd" ? `$${num}` : unit === "fte" ? `${num} FTE` : num;
}

function trim(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/** `2026-27` with the second year following the first, as the plan requires. */
export function isFiscalYear(s: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m) return false;
  return (Number(m[1]) + 1) % 100 === Number(m[2]);
}
