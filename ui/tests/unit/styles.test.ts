import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Browsers and Vite's build both forgive an unclosed rule: everything after it is silently
// swallowed into it (a merge once dropped one `}` and the room strip lost all its styles). A
// whole CSS parser would be a new dependency for one check; braces outside comments and
// strings are enough to catch it.
function unbalanced(css: string): string | null {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "").replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
  let depth = 0;
  let line = 1;
  for (const ch of text) {
    if (ch === "\n") line += 1;
    else if (ch === "{") depth += 1;
    else if (ch === "}") {
      depth -= 1;
      if (depth < 0) return `a "}" with no rule to close, near line ${line}`;
    }
  }
  return depth === 0 ? null : `${depth} rule(s) never closed`;
}

describe("the stylesheet", () => {
  it("closes every rule it opens", () => {
    const css = readFileSync(join(import.meta.dirname, "../../src/styles.css"), "utf8");
    expect(unbalanced(css)).toBeNull();
  });

  it("the check itself finds a dropped brace", () => {
    expect(unbalanced(".a { color: red;\n.b { color: blue; }")).not.toBeNull();
    expect(unbalanced(".a { content: \"}\"; } /* { */")).toBeNull();
  });
});
