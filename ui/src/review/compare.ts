// Pure readings for the compare view and sign-off list (tested under Vitest).
import type { CompareSide, ComparisonView, SignoffItem, SpanView } from "../ipc";

/** The value of a side in a <select>: a version's label, or the draft. */
export const DRAFT = "\u0000draft";

export function sideOf(choice: string): CompareSide {
  return choice === DRAFT ? { side: "draft" } : { side: "version", label: choice };
}

/** How many words were inserted and deleted, for the summary read before the details. */
export function tally(c: ComparisonView): { inserted: number; deleted: number; items: number } {
  let inserted = 0;
  let deleted = 0;
  let items = 0;
  const words = (s: SpanView) => s.text.split(/\s+/).filter((w) => w !== "").length;
  for (const section of c.sections) {
    for (const item of section.items) {
      items += 1;
      for (const f of item.fields) {
        for (const s of f.spans) {
          if (s.mark === "inserted") inserted += words(s);
          if (s.mark === "deleted") deleted += words(s);
        }
      }
    }
  }
  return { inserted, deleted, items };
}

/** Whether a sign-off still holds, in one sentence. */
export function verdict(s: SignoffItem): { holds: boolean; words: string } {
  switch (s.holds) {
    case "verified": {
      const differs = s.draft_differs_in ?? [];
      return {
        holds: true,
        words:
          differs.length === 0
            ? "Holds. The current draft is exactly what was signed."
            : `Holds for “${s.version}”. The current draft differs in: ${differs.join(", ")}.`,
      };
    }
    case "tampered":
      return { holds: false, words: "Not valid: the signed version was altered outside Throughline." };
    case "version_missing":
      return { holds: false, words: "Not valid: the signed version is missing from the plan file." };
  }
}

/** How a change reads in a sentence ("added strategy …"). */
export const KIND_WORDS = { added: "added", removed: "removed", changed: "changed" } as const;
