// The table of cases Rust runs too (crates/plan/src/display.rs): titles, field labels, choice
// labels, amounts and fiscal years read the same in the editor as in the CLI, history,
// compare and exports.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { formatAmount, isFiscalYear } from "../../src/plan/amounts";
import { titleOf } from "../../src/plan/read";
import { field, fieldLabel, labelOf, part } from "../../src/plan/schema";
import { title } from "../../src/plan/display";


interface Cases {
  titles: { part: string; item: Record<string, string>; title: string; short: string }[];
  labels: { part: string; field: string; label: string }[];
  choices: { part: string; field: string; key: string; label: string }[];
  amounts: { amount: number; unit: string; text: string }[];
  fiscal_years: { text: string; ok: boolean }[];
}

const cases = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../../crates/plan/tests/display_cases.json"), "utf8"),
) as Cases;

/** The item as the Rust model writes it into the document: text fields as Y.Text. */
function itemMap(partName: string, fields: Record<string, string>): Y.Map<unknown> {
  const doc = new Y.Doc();
  const p = part(partName);
  const map = p.collection ? new Y.Map<unknown>() : doc.getMap(partName);
  if (p.collection) doc.getMap(partName).set("x1", map);
  for (const [name, value] of Object.entries(fields)) {
    if (field(partName, name).shape.kind === "text") {
      const t = new Y.Text();
      map.set(name, t);
      t.insert(0, value);
    } else {
      map.set(name, value);
    }
  }
  return map;
}

describe("the UI shows the plan by the same cases as Rust", () => {
  test.each(cases.titles)("the title of a $part item", (c) => {
    const f = part(c.part).title_field ?? null;
    const map = itemMap(c.part, c.item);
    const text = f ? (map.get(f)?.toString() ?? null) : null;
    expect(title(c.part, text)).toBe(c.title);
    expect(titleOf(c.part, map, part(c.part).noun)).toBe(c.short);
  });

  test.each(cases.labels)("the label of $part.$field", (c) => {
    expect(fieldLabel(c.part, c.field)).toBe(c.label);
  });

  test.each(cases.choices)("the label of $part.$field = $key", (c) => {
    const shape = field(c.part, c.field).shape;
    expect(shape.kind).toBe("enum");
    expect(labelOf(shape.kind === "enum" ? shape.vocabulary : "", c.key)).toBe(c.label);
  });

  test.each(cases.amounts)("$amount $unit", (c) => {
    expect(formatAmount(c.amount, c.unit)).toBe(c.text);
  });

  test.each(cases.fiscal_years)("is “$text” a fiscal year", (c) => {
    expect(isFiscalYear(c.text)).toBe(c.ok);
  });

  test("the table is not empty", () => {
    for (const list of Object.values(cases).filter(Array.isArray)) expect(list.length).toBeGreaterThan(0);
  });
});
