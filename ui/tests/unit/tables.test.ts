// What the tables dialog says a merge brought in.
import { describe, expect, it } from "vitest";
import { mergedText } from "../../src/components/Tables";

describe("mergedText", () => {
  it("names the changes, the table and each person", () => {
    expect(mergedText({ plan_changes: 12, review_changes: 1, people: ["Ana (Table 2)", "Ben (Table 2)"], table: "Table 2" })).toBe(
      "Merged 12 changes and 1 comment or status from Table 2, by Ana (Table 2), Ben (Table 2).",
    );
    expect(mergedText({ plan_changes: 1, review_changes: 0, people: ["Ana"], table: null })).toBe("Merged 1 change, by Ana.");
  });

  it("says when the copy brought nothing", () => {
    expect(mergedText({ plan_changes: 0, review_changes: 0, people: [], table: "Table 2" })).toBe("This plan already has everything in that copy.");
  });
});
