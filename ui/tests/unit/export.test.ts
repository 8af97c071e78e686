import { describe, expect, test } from "vitest";
import { fileStem, formatSize } from "../../src/components/ExportDialog";

describe("the export dialog's suggested file name and sizes", () => {
  test("a file name comes from the plan's title, without accents or punctuation", () => {
    expect(fileStem("Riverside Redesign")).toBe("riverside-redesign");
    expect(fileStem("  Plan 2027–28: Año escolar!  ")).toBe("plan-2027-28-ano-escolar");
    expect(fileStem("¿?")).toBe("plan");
  });

  test("sizes read as a person would say them", () => {
    expect(formatSize(512)).toBe("512 bytes");
    expect(formatSize(48_300)).toBe("47 KB");
    expect(formatSize(3_400_000)).toBe("3.2 MB");
  });
});
