import { describe, expect, it } from "vitest";
import { changeWords } from "../../src/review/History";

describe("changeWords", () => {
  it("names the item by its title", () => {
    expect(changeWords("changed", "strategy", "Coaching for every classroom")).toBe("changed strategy “Coaching for every classroom”");
  });
  it("leaves out a title that only repeats the noun, or an empty one", () => {
    expect(changeWords("changed", "vision", "Vision")).toBe("changed vision");
    expect(changeWords("added", "ledger line", "  ")).toBe("added ledger line");
  });
  it("trims the title", () => {
    expect(changeWords("removed", "tactic", " Hire coaches ")).toBe("removed tactic “Hire coaches”");
  });
});
