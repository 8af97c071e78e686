// Reading the plan from the UI's own Yjs copy, in the layout the Rust plan model writes
// (docs/plan-format.md): each top-level part is a root Y.Map; a collection holds items keyed by
// id, each a Y.Map with an `order` key; links and tags are Y.Maps of key → true.
import * as Y from "yjs";
import { title as titleOfText, short } from "./display";
import { titleField } from "./schema";

export type ItemMap = Y.Map<unknown>;

export interface Item {
  id: string;
  order: string;
  map: ItemMap;
}

/** The items of a Y.Map of id → item map, in order (order key, then id), as Rust reads them. */
export function itemsOf(coll: Y.Map<unknown> | null | undefined): Item[] {
  if (!coll) return [];
  const out: Item[] = [];
  coll.forEach((value, id) => {
    if (value instanceof Y.Map) {
      const order = value.get("order");
      out.push({ id, order: typeof order === "string" ? order : "", map: value as ItemMap });
    }
  });
  out.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

export function items(doc: Y.Doc, partName: string): Item[] {
  return itemsOf(doc.getMap(partName));
}

export function item(doc: Y.Doc, partName: string, id: string): ItemMap | null {
  const v = doc.getMap(partName).get(id);
  return v instanceof Y.Map ? (v as ItemMap) : null;
}

/** The nested items of an item's `items` field (`school_changes`). */
export function nestedItems(map: ItemMap, fieldName: string): Item[] {
  const v = map.get(fieldName);
  return itemsOf(v instanceof Y.Map ? (v as Y.Map<unknown>) : null);
}

export function ytext(map: ItemMap, fieldName: string): Y.Text | null {
  const v = map.get(fieldName);
  return v instanceof Y.Text ? v : null;
}

export function text(map: ItemMap | null, fieldName: string): string {
  if (!map) return "";
  const v = map.get(fieldName);
  if (v instanceof Y.Text) return v.toString();
  return typeof v === "string" ? v : "";
}

export function str(map: ItemMap | null, fieldName: string): string | null {
  if (!map) return null;
  const v = map.get(fieldName);
  return typeof v === "string" && v !== "" ? v : null;
}

export function num(map: ItemMap | null, fieldName: string): number | null {
  if (!map) return null;
  const v = map.get(fieldName);
  return typeof v === "number" && Number.isFinite(v) ? v : typeof v === "bigint" ? Number(v) : null;
}

export function bool(map: ItemMap | null, fieldName: string): boolean {
  return map?.get(fieldName) === true;
}

/** The keys of a link or tag set (sorted, as Rust reads them). */
export function keys(map: ItemMap | null, fieldName: string): string[] {
  if (!map) return [];
  const v = map.get(fieldName);
  if (!(v instanceof Y.Map)) return [];
  const out: string[] = [];
  v.forEach((val, k) => {
    if (val !== false && val !== null && val !== undefined) out.push(k);
  });
  return out.sort();
}

/** Member id → rating key. */
export function ratings(map: ItemMap | null, fieldName = "ratings"): Map<string, string> {
  const out = new Map<string, string>();
  const v = map?.get(fieldName);
  if (v instanceof Y.Map) {
    v.forEach((r, member) => {
      if (typeof r === "string") out.set(member, r);
    });
  }
  return out;
}

/** How an item is named in pickers and lists: its own words, or "Untitled …" (`noun` is the
 * template's word for the part), by the rule in `display.ts`. */
export function titleOf(partName: string, map: ItemMap | null, noun: string): string {
  const f = titleField(partName);
  return short(titleOfText(partName, f ? text(map, f) : null, noun));
}

/** The singleton part's map (`vision`). */
export function single(doc: Y.Doc, partName: string): ItemMap {
  return doc.getMap(partName) as ItemMap;
}
