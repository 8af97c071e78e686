// The plan's long lists read as rows for the table views: tactics with their strategy, owner,
// dates, status and cost; ledger lines; how rows sort and filter; the ledger's totals by fiscal
// year, unit and fund; where a tactic's bar lies on the timeline. Pure functions of the Yjs copy.
import type * as Y from "yjs";
import { formatAmount } from "./amounts";
import * as read from "./read";
import { labelOf, vocabulary } from "./schema";

export interface TacticRow {
  id: string;
  item: read.Item;
  name: string;
  /** The whole description, of which `name` may be the start. */
  description: string;
  strategyId: string | null;
  /** The strategy's title, "" when the tactic is not under one. */
  strategy: string;
  /** The strategy's place in the plan's order, for sorting by strategy as the plan lists them. */
  strategyRank: number;
  /** The owner as people read it: a team member's name, or someone outside the team. */
  owner: string;
  ownerId: string | null;
  start: string | null;
  due: string | null;
  status: string | null;
  /** The sum of the investment lines in US dollars that pay for it, in cents; null when none. */
  cost: number | null;
}

/** Every tactic as a row, in the plan's order. */
export function tacticRows(doc: Y.Doc, nouns: { tactic: string; strategy: string; member: string }): TacticRow[] {
  const strategies = read.items(doc, "strategies");
  const strategyRank = new Map(strategies.map((s, i) => [s.id, i]));
  const strategyTitle = new Map(strategies.map((s) => [s.id, read.titleOf("strategies", s.map, nouns.strategy)]));
  const members = new Map(read.items(doc, "members").map((m) => [m.id, read.titleOf("members", m.map, nouns.member)]));
  // One pass over the ledger, not one per tactic: a thousand lines and five hundred tactics.
  const cost = new Map<string, number>();
  for (const l of read.items(doc, "ledger")) {
    if (read.str(l.map, "kind") === "source" || (read.str(l.map, "unit") ?? "usd") !== "usd") continue;
    const amount = read.num(l.map, "amount");
    if (amount === null) continue;
    for (const t of read.keys(l.map, "tactics")) cost.set(t, (cost.get(t) ?? 0) + amount);
  }
  return read.items(doc, "tactics").map((t) => {
    const strategyId = read.str(t.map, "strategy");
    const ownerId = read.str(t.map, "owner");
    const outside = read.text(t.map, "outside_owner").trim();
    return {
      id: t.id,
      item: t,
      name: read.titleOf("tactics", t.map, nouns.tactic),
      description: read.text(t.map, "description"),
      strategyId,
      strategy: strategyId ? (strategyTitle.get(strategyId) ?? "") : "",
      strategyRank: strategyId ? (strategyRank.get(strategyId) ?? strategies.length) : strategies.length,
      owner: ownerId ? (members.get(ownerId) ?? "") : outside,
      ownerId,
      start: read.str(t.map, "start"),
      due: read.str(t.map, "due"),
      status: read.str(t.map, "status"),
      cost: cost.get(t.id) ?? null,
    };
  });
}

export type SortDirection = "ascending" | "descending";
export interface SortState<K extends string> {
  key: K;
  direction: SortDirection;
}
type Sortable = string | number | null;

/**
 * Rows sorted by one value, stably (ties keep the plan's order). Blank values go last in
 * either direction: a table sorted by due date shows the dated tactics first, then the rest.
 */
export function sortRows<R>(rows: R[], value: (row: R) => Sortable, direction: SortDirection): R[] {
  const sign = direction === "ascending" ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: value(row) }))
    .sort((a, b) => {
      const blankA = a.v === null || a.v === "";
      const blankB = b.v === null || b.v === "";
      if (blankA || blankB) return blankA === blankB ? a.i - b.i : blankA ? 1 : -1;
      const c =
        typeof a.v === "number" && typeof b.v === "number"
          ? a.v - b.v
          : String(a.v).localeCompare(String(b.v), undefined, { numeric: true, sensitivity: "base" });
      return c !== 0 ? c * sign : a.i - b.i;
    })
    .map((x) => x.row);
}

/** The next sort state when a column's header is pressed: ascending first, then descending. */
export function nextSort<K extends string>(current: SortState<K> | null, key: K): SortState<K> {
  if (current?.key === key) return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
  return { key, direction: "ascending" };
}

/** Whether every word typed in a filter appears in one of the row's texts, in any case. */
export function matchesFilter(query: string, texts: (string | null)[]): boolean {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== "");
  if (words.length === 0) return true;
  const hay = texts.filter((t): t is string => t !== null).join(" \u0000 ").toLowerCase();
  return words.every((w) => hay.includes(w));
}

export type TacticColumn = "name" | "strategy" | "owner" | "start" | "due" | "status" | "cost";

/** What a tactic sorts by in each column: the status in its vocabulary's order, not by label. */
export function tacticSortValue(row: TacticRow, key: TacticColumn): Sortable {
  switch (key) {
    case "strategy":
      return row.strategyId ? row.strategyRank : null;
    case "status":
      return row.status ? vocabulary("tactic_status").findIndex((o) => o.key === row.status) : null;
    case "cost":
      return row.cost;
    case "name":
    case "owner":
    case "start":
    case "due":
      return row[key];
  }
}

export function tacticMatches(row: TacticRow, query: string): boolean {
  return matchesFilter(query, [row.description, row.name, row.strategy, row.owner, labelOf("tactic_status", row.status)]);
}

export interface LedgerRow {
  id: string;
  item: read.Item;
  kind: "investment" | "source";
  description: string;
  amount: number | null;
  unit: string;
  fiscalYear: string | null;
  fund: string | null;
  status: string | null;
}

export function ledgerRows(doc: Y.Doc): LedgerRow[] {
  return read.items(doc, "ledger").map((l) => ({
    id: l.id,
    item: l,
    kind: read.str(l.map, "kind") === "source" ? "source" : "investment",
    description: read.text(l.map, "description").trim(),
    amount: read.num(l.map, "amount"),
    unit: read.str(l.map, "unit") ?? "usd",
    fiscalYear: read.str(l.map, "fiscal_year"),
    fund: read.str(l.map, "fund_source"),
    status: read.str(l.map, "status"),
  }));
}

export type LedgerColumn = "description" | "kind" | "amount" | "unit" | "fiscal_year" | "fund" | "status";

export function ledgerSortValue(row: LedgerRow, key: LedgerColumn): Sortable {
  switch (key) {
    case "description":
      return row.description;
    case "kind":
      return row.kind;
    case "amount":
      return row.amount;
    case "unit":
      return labelOf("unit", row.unit);
    case "fiscal_year":
      return row.fiscalYear;
    case "fund":
      return row.fund ? labelOf("fund_source", row.fund) : null;
    case "status":
      return row.status ? vocabulary("line_status").findIndex((o) => o.key === row.status) : null;
  }
}

export function ledgerMatches(row: LedgerRow, query: string): boolean {
  return matchesFilter(query, [
    row.description,
    row.fiscalYear,
    labelOf("fund_source", row.fund),
    labelOf("line_status", row.status),
    labelOf("line_kind", row.kind),
  ]);
}

export interface LedgerTotal {
  fiscalYear: string;
  unit: string;
  /** The fund, or null for the line totalling every fund of the year and unit. */
  fund: string | null;
  investments: number;
  sources: number;
  /** Investments less sources: above zero the year is short by that much. */
  gap: number;
  investmentsText: string;
  sourcesText: string;
  gapText: string;
}

/**
 * Totals by fiscal year and unit, each followed by its funds (a line without a fund counts
 * under "No fund named"). Lines without an amount or a year are left out, as the balance does.
 */
export function ledgerTotals(rows: LedgerRow[]): LedgerTotal[] {
  const byYearUnit = new Map<string, { fiscalYear: string; unit: string; funds: Map<string, { inv: number; src: number }> }>();
  for (const r of rows) {
    if (r.amount === null || r.fiscalYear === null) continue;
    const key = `${r.fiscalYear}\u0000${r.unit}`;
    let group = byYearUnit.get(key);
    if (!group) {
      group = { fiscalYear: r.fiscalYear, unit: r.unit, funds: new Map() };
      byYearUnit.set(key, group);
    }
    const fund = r.fund ?? "";
    const t = group.funds.get(fund) ?? { inv: 0, src: 0 };
    if (r.kind === "source") t.src += r.amount;
    else t.inv += r.amount;
    group.funds.set(fund, t);
  }
  const total = (fiscalYear: string, unit: string, fund: string | null, inv: number, src: number): LedgerTotal => ({
    fiscalYear,
    unit,
    fund,
    investments: inv,
    sources: src,
    gap: inv - src,
    investmentsText: formatAmount(inv, unit),
    sourcesText: formatAmount(src, unit),
    gapText: formatAmount(Math.abs(inv - src), unit),
  });
  const fundRank = (f: string) => {
    const i = vocabulary("fund_source").findIndex((o) => o.key === f);
    return f === "" ? Number.MAX_SAFE_INTEGER : i < 0 ? Number.MAX_SAFE_INTEGER - 1 : i;
  };
  const groups = [...byYearUnit.values()].sort((a, b) =>
    a.fiscalYear !== b.fiscalYear ? (a.fiscalYear < b.fiscalYear ? -1 : 1) : a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0,
  );
  const out: LedgerTotal[] = [];
  for (const g of groups) {
    let inv = 0;
    let src = 0;
    for (const t of g.funds.values()) {
      inv += t.inv;
      src += t.src;
    }
    out.push(total(g.fiscalYear, g.unit, null, inv, src));
    const funds = [...g.funds.entries()].sort((a, b) => fundRank(a[0]) - fundRank(b[0]));
    for (const [fund, t] of funds) out.push(total(g.fiscalYear, g.unit, fund, t.inv, t.src));
  }
  return out;
}

/** Days since 1970 of a stored date (`2025-09-01`), or null. */
function day(date: string | null): number | null {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000 : null;
}

export interface TimelineSpan {
  from: string;
  to: string;
}

/** The first and last date of any tactic, or null when none is dated. */
export function timelineSpan(rows: { start: string | null; due: string | null }[]): TimelineSpan | null {
  const dates = rows.flatMap((r) => [r.start, r.due]).filter((d): d is string => day(d) !== null).sort();
  const from = dates[0];
  const to = dates[dates.length - 1];
  return from && to ? { from, to } : null;
}

/**
 * Where a tactic's bar lies across the span, as percentages of its width. A tactic with one
 * date is a mark at that date; one with a due date before its start is drawn at its due date.
 */
export function barPlace(row: { start: string | null; due: string | null }, span: TimelineSpan): { left: number; width: number } | null {
  const from = day(span.from);
  const to = day(span.to);
  const s = day(row.start);
  const d = day(row.due);
  if (from === null || to === null || (s === null && d === null)) return null;
  const length = Math.max(1, to - from);
  const begin = s !== null && d !== null ? Math.min(s, d) : (s ?? d ?? from);
  const end = d !== null && s !== null ? Math.max(s, d) : begin;
  return { left: ((begin - from) / length) * 100, width: ((end - begin) / length) * 100 };
}

/** The first day of each month in the span (for the timeline's scale), at most `most` of them. */
export function monthTicks(span: TimelineSpan, most = 24): string[] {
  const [fy, fm] = span.from.split("-").map(Number);
  const [ty, tm] = span.to.split("-").map(Number);
  if (!fy || !fm || !ty || !tm) return [];
  const months = (ty - fy) * 12 + (tm - fm) + 1;
  const step = Math.max(1, Math.ceil(months / most));
  const out: string[] = [];
  for (let i = step === 1 ? 1 : step; i < months; i += step) {
    const y = fy + Math.floor((fm - 1 + i) / 12);
    const m = ((fm - 1 + i) % 12) + 1;
    out.push(`${y}-${String(m).padStart(2, "0")}-01`);
  }
  return out;
}
