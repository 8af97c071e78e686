import { describe, expect, test } from "vitest";
import { editableAmount, formatAmount, isFiscalYear, parseAmount, shortAmount } from "../../src/plan/amounts";

describe("amounts people type become whole steps of the unit", () => {
  test("dollars, with or without the sign and separators, become cents", () => {
    expect(parseAmount("125,000", "usd")).toEqual({ ok: true, steps: 12_500_000 });
    expect(parseAmount("$1,250.5", "usd")).toEqual({ ok: true, steps: 125_050 });
    expect(parseAmount(" 0.07 ", "usd")).toEqual({ ok: true, steps: 7 });
    expect(parseAmount("-40", "usd")).toEqual({ ok: true, steps: -4000 });
  });

  test("FTE keep hundredths; hours and minutes are whole", () => {
    expect(parseAmount("2.5", "fte")).toEqual({ ok: true, steps: 250 });
    expect(parseAmount("1,200", "teacher_hours")).toEqual({ ok: true, steps: 1200 });
    expect(parseAmount("1.5", "student_minutes")).toMatchObject({ ok: false });
  });

  test("what is not an amount is refused with a reason, never guessed", () => {
    expect(parseAmount("", "usd")).toMatchObject({ ok: false, message: "Enter an amount." });
    expect(parseAmount("12 dollars", "usd")).toMatchObject({ ok: false });
    expect(parseAmount("1.005", "usd")).toMatchObject({ ok: false, message: "Use at most two decimal places." });
    expect(parseAmount("99999999999999999", "usd")).toMatchObject({ ok: false, message: "That amount is too large." });
  });

  test("stored steps read the way the plan model formats them", () => {
    expect(formatAmount(12_500_000, "usd")).toBe("$125,000.00");
    expect(formatAmount(-5, "usd")).toBe("-$0.05");
    expect(formatAmount(250, "fte")).toBe("2.50 FTE");
    expect(formatAmount(1200, "teacher_hours")).toBe("1,200 teacher-hours");
    expect(editableAmount(12_500_050, "usd")).toBe("125000.50");
    expect(editableAmount(1200, "student_minutes")).toBe("1200");
    expect(shortAmount(480_000_000, "usd")).toBe("$4.8M");
    expect(shortAmount(35_000_000, "usd")).toBe("$350K");
  });

  test("an edited amount parses back to the same steps", () => {
    for (const [steps, unit] of [
      [1, "usd"],
      [12_345_678, "usd"],
      [-250, "fte"],
      [7, "teacher_hours"],
    ] as const) {
      expect(parseAmount(editableAmount(steps, unit), unit)).toEqual({ ok: true, steps });
    }
  });

  test("fiscal years are checked the way the plan checks them", () => {
    expect(isFiscalYear("2026-27")).toBe(true);
    expect(isFiscalYear("2099-00")).toBe(true);
    expect(isFiscalYear("2026-28")).toBe(false);
    expect(isFiscalYear("2026/27")).toBe(false);
  });
});
