import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import {
  barPlace,
  ledgerRows,
  ledgerTotals,
  matchesFilter,
  nextSort,
  sortRows,
  tacticMatches,
  tacticRows,
  tacticSortValue,
  timelineSpan,
} from "../../src/plan/rows";

function add(doc: Y.Doc, part: string, id: string, order: string, fields: Record<string, unknown>) {
  const item = new Y.Map<unknown>();
  doc.getMap(part).set(id, item);
  item.set("order", order);
  for (const [k, v] of Object.entries(fields)) {
    if (k === "description" || k === "name" || k === "outside_owner") {
      const t = new Y.Text();
      item.set(k, t);
      t.insert(0, String(v));
    } else if (Array.isArray(v)) {
      const links = new Y.Map<unknown>();
      item.set(k, links);
      for (const x of v) links.set(String(x), true);
    } else item.set(k, v);
  }
}

function plan(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    add(doc, "strategies", "st-2", "b", { name: "Talent" });
    add(doc, "strategies", "st-1", "a", { name: "Early literacy" });
    add(doc, "members", "me-1", "a", { name: "Maria Lopez" });
    add(doc, "tactics", "tc-a", "a", { description: "Hire coaches", strategy: "st-2", owner: "me-1", start: "2025-09-01", due: "2026-06-30", status: "on_track" });
    add(doc, "tactics", "tc-b", "b", { description: "Buy books", strategy: "st-1", outside_owner: "Denise Albright", due: "2025-11-15", status: "at_risk" });
    add(doc, "tactics", "tc-c", "c", { description: "Train principals", status: "not_started" });
    add(doc, "ledger", "lg-1", "a", { kind: "investment", description: "Coaches", amount: 12_000_000, unit: "usd", fiscal_year: "2026-27", fund_source: "general_fund", tactics: ["tc-a"] });
    add(doc, "ledger", "lg-2", "b", { kind: "investment", description: "More coaches", amount: 500_000, unit: "usd", fiscal_year: "2026-27", fund_source: "title_i", tactics: ["tc-a", "tc-b"] });
    add(doc, "ledger", "lg-3", "c", { kind: "source", description: "Stop the old program", amount: 12_000_000, unit: "usd", fiscal_year: "2026-27", fund_source: "general_fund" });
    add(doc, "ledger", "lg-4", "d", { kind: "investment", description: "Coach time", amount: 150, unit: "fte", fiscal_year: "2026-27" });
    add(doc, "ledger", "lg-5", "e", { kind: "source", description: "No year yet", amount: 100, unit: "usd" });
  });
  return doc;
}

const nouns = { tactic: "tactic", strategy: "strategy", member: "team member" };

describe("tactic rows", () => {
  test("carry their strategy, owner (on the team or not) and cost from the ledger's investments in dollars", () => {
    const rows = tacticRows(plan(), nouns);
    expect(rows.map((r) => [r.name, r.strategy, r.owner, r.cost])).toEqual([
      ["Hire coaches", "Talent", "Maria Lopez", 12_500_000],
      ["Buy books", "Early literacy", "Denise Albright", 500_000],
      ["Train principals", "", "", null],
    ]);
  });

  test("sort by due date with undated rows last in either direction, and by strategy in the plan's order", () => {
    const rows = tacticRows(plan(), nouns);
    const names = (key: Parameters<typeof tacticSortValue>[1], dir: "ascending" | "descending") =>
      sortRows(rows, (r) => tacticSortValue(r, key), dir).map((r) => r.name);
    expect(names("due", "ascending")).toEqual(["Buy books", "Hire coaches", "Train principals"]);
    expect(names("due", "descending")).toEqual(["Hire coaches", "Buy books", "Train principals"]);
    expect(names("strategy", "ascending")).toEqual(["Buy books", "Hire coaches", "Train principals"]);
    // Status sorts in its vocabulary's order (not started, on track, at risk…), not by label.
    expect(names("status", "ascending")).toEqual(["Train principals", "Hire coaches", "Buy books"]);
    expect(names("cost", "descending")).toEqual(["Hire coaches", "Buy books", "Train principals"]);
  });

  test("a header pressed twice sorts the other way; another header starts ascending", () => {
    expect(nextSort(null, "due")).toEqual({ key: "due", direction: "ascending" });
    expect(nextSort({ key: "due", direction: "ascending" }, "due")).toEqual({ key: "due", direction: "descending" });
    expect(nextSort({ key: "due", direction: "descending" }, "name")).toEqual({ key: "name", direction: "ascending" });
  });

  test("filter on every word typed, across name, strategy, owner and status label", () => {
    const rows = tacticRows(plan(), nouns);
    expect(rows.filter((r) => tacticMatches(r, "coaches maria")).map((r) => r.id)).toEqual(["tc-a"]);
    expect(rows.filter((r) => tacticMatches(r, "LITERACY")).map((r) => r.id)).toEqual(["tc-b"]);
    expect(rows.filter((r) => tacticMatches(r, "at risk")).map((r) => r.id)).toEqual(["tc-b"]);
    expect(rows.filter((r) => tacticMatches(r, "  ")).length).toBe(3);
    expect(matchesFilter("coach x", ["Coaches"])).toBe(false);
  });

  test("the filter reads the whole description, not only the start a row's title shows", () => {
    const doc = plan();
    const long = `${"Provide instructional coaches for every elementary school ".repeat(4)}(phase two)`;
    add(doc, "tactics", "tc-long", "z", { description: long });
    const row = tacticRows(doc, nouns).find((r) => r.id === "tc-long");
    expect(row).toBeDefined();
    expect(row && row.name.includes("phase two")).toBe(false);
    expect(row && tacticMatches(row, "phase two")).toBe(true);
  });
});

describe("ledger totals", () => {
  test("by fiscal year and unit, then by fund; lines without a year or amount left out", () => {
    const totals = ledgerTotals(ledgerRows(plan()));
    expect(totals.map((t) => [t.fiscalYear, t.unit, t.fund, t.investments, t.sources, t.gap])).toEqual([
      ["2026-27", "fte", null, 150, 0, 150],
      ["2026-27", "fte", "", 150, 0, 150],
      ["2026-27", "usd", null, 12_500_000, 12_000_000, 500_000],
      ["2026-27", "usd", "general_fund", 12_000_000, 12_000_000, 0],
      ["2026-27", "usd", "title_i", 500_000, 0, 500_000],
    ]);
    expect(totals[2]?.gapText).toBe("$5,000.00");
    expect(totals[2]?.investmentsText).toBe("$125,000.00");
  });
});

describe("timeline", () => {
  test("spans the first to the last date and places bars as shares of it", () => {
    const rows = tacticRows(plan(), nouns);
    const span = timelineSpan(rows);
    expect(span).toEqual({ from: "2025-09-01", to: "2026-06-30" });
    if (!span) return;
    expect(barPlace(rows[0] as (typeof rows)[0], span)).toEqual({ left: 0, width: 100 });
    const due = barPlace(rows[1] as (typeof rows)[0], span);
    expect(due?.width).toBe(0);
    expect(due?.left).toBeCloseTo((75 / 302) * 100, 5);
    expect(barPlace(rows[2] as (typeof rows)[0], span)).toBeNull();
    expect(timelineSpan([{ start: null, due: "soon" }])).toBeNull();
  });
});
