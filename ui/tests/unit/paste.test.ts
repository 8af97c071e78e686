// A list pasted into an item's name becomes one item per line: which lines count.
import { describe, expect, test } from "vitest";
import { pastedLines } from "../../src/components/collection";

describe("a pasted list of lines", () => {
  test("is one item per non-blank line, bullets and numbers dropped", () => {
    expect(pastedLines("- Tutoring for every reader\r\n\n• Coaching\n  2) Early hiring  \n3. Advisory\n")).toEqual([
      "Tutoring for every reader",
      "Coaching",
      "Early hiring",
      "Advisory",
    ]);
  });

  test("keeps words that only look like a list's marks", () => {
    expect(pastedLines("3rd grade reading\n-5 days of absence")).toEqual(["3rd grade reading", "-5 days of absence"]);
  });

  test("a single line is not a list", () => {
    expect(pastedLines("Just one strategy")).toHaveLength(1);
  });
});
