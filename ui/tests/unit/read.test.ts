import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import * as read from "../../src/plan/read";

function plan(): Y.Doc {
  const doc = new Y.Doc();
  const strategies = doc.getMap("strategies");
  doc.transact(() => {
    for (const [id, order, name] of [
      ["st-b", "m", "Second"],
      ["st-a", "m", "First by id"],
      ["st-c", "a", "Earliest"],
    ] as const) {
      const item = new Y.Map<unknown>();
      strategies.set(id, item);
      item.set("order", order);
      const t = new Y.Text();
      item.set("name", t);
      t.insert(0, name);
      const links = new Y.Map<unknown>();
      item.set("statements", links);
      links.set("ta-2", true);
      links.set("ta-1", true);
      links.set("ta-gone", false);
    }
    strategies.set("not-an-item", "stray value another client wrote");
  });
  return doc;
}

describe("the UI reads the plan document as the Rust model writes it", () => {
  test("items come in order-key order, then by id, skipping what is not an item", () => {
    expect(read.items(plan(), "strategies").map((i) => i.id)).toEqual(["st-c", "st-a", "st-b"]);
  });

  test("links are the keys whose value is set, sorted", () => {
    const [first] = read.items(plan(), "strategies");
    expect(read.keys(first?.map ?? null, "statements")).toEqual(["ta-1", "ta-2"]);
  });

  test("an item is named by its own words, or as untitled", () => {
    const doc = plan();
    const [first] = read.items(doc, "strategies");
    expect(read.titleOf("strategies", first?.map ?? null, "strategy")).toBe("Earliest");
    const blank = new Y.Map<unknown>();
    doc.getMap("strategies").set("st-blank", blank);
    expect(read.titleOf("strategies", blank, "strategy")).toBe("Untitled strategy");
  });

  test("values of the wrong shape read as absent, not as errors", () => {
    const doc = new Y.Doc();
    const m = doc.getMap("tactics");
    const item = new Y.Map<unknown>();
    m.set("tc-1", item);
    item.set("start", 42);
    item.set("amount", "twelve");
    expect(read.str(item, "start")).toBeNull();
    expect(read.num(item, "amount")).toBeNull();
    expect(read.bool(item, "no_cost")).toBe(false);
    expect(read.keys(item, "contributors")).toEqual([]);
  });
});
