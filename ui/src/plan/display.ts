// How an item is named, by the rule Rust's `throughline_plan::display` defines: the part's
// title field (from the plan schema) on one line, "Untitled …" when blank, a single part by its
// noun, and cut at the schema's length where a title stands in for an item.
// crates/plan/tests/display_cases.json holds this file and Rust to the same cases.
import { PLAN_SCHEMA } from "../ipc";
import { part } from "./schema";

/** Text on one line: runs of white space become one space. White space is Unicode's
 * White_Space, as Rust's `split_whitespace` reads it (JavaScript's `\s` differs at U+0085 and
 * U+FEFF). */
export function oneLine(text: string): string {
  return text.split(/\p{White_Space}+/u).filter((w) => w !== "").join(" ");
}

/** A title from an item's title text, or "Untitled {noun}" when it is blank. */
export function titled(text: string | null, noun: string): string {
  const line = oneLine(text ?? "");
  return line === "" ? `Untitled ${noun}` : line;
}

/** The title of an item of the part (a single part is named by its noun: "Vision"). */
export function title(partName: string, text: string | null, noun?: string): string {
  const p = part(partName);
  if (!p.collection) return p.noun.charAt(0).toUpperCase() + p.noun.slice(1);
  return titled(text, noun ?? p.noun);
}

/** A title cut to the schema's length, in whole characters, ending in "…" when cut. */
export function short(title: string): string {
  const chars = Array.from(title);
  const max = PLAN_SCHEMA.short_title_chars;
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : title;
}
