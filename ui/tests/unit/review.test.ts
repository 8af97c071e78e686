import { describe, expect, test } from "vitest";
import type { ComparisonView, ReviewBoard, SignoffItem, ThreadItem } from "../../src/ipc";
import { ReviewStore, marksFor, placeNote, waitingOnMe, whyWaiting } from "../../src/review/board";
import { DRAFT, sideOf, tally, verdict } from "../../src/review/compare";

function thread(over: Partial<ThreadItem>): ThreadItem {
  return {
    id: "th1",
    section: "vision",
    path: "vision",
    field: "statement",
    quote: "Every student reads",
    place: { kind: "text", start: 0, end: 19, text: "Every student reads", changed: false },
    author: "Ana Ruiz",
    at: "2026-12-02T07:00:00Z",
    asked: [],
    resolved: false,
    state_by: null,
    state_at: null,
    messages: [{ id: "m1", author: "Ana Ruiz", body: "Which students?", at: "2026-12-02T07:00:00Z" }],
    waiting_on_me: false,
    ...over,
  };
}

function board(threads: ThreadItem[], waitingSections: ReviewBoard["sections"] = []): ReviewBoard {
  return { threads, sections: waitingSections, me: ["Ana Ruiz"] };
}

describe("the review board as the screens read it", () => {
  test("only open threads on words of that very field are marked in its editor", () => {
    const b = board([
      thread({ id: "a" }),
      thread({ id: "resolved", resolved: true }),
      thread({ id: "other-field", field: "rationale" }),
      thread({ id: "orphan", place: { kind: "orphaned" } }),
      thread({ id: "object", field: null, place: { kind: "object" } }),
      thread({ id: "b", place: { kind: "text", start: 30, end: 41, text: "third grade", changed: false } }),
    ]);
    expect(marksFor(b, "vision", "statement")).toEqual([
      { thread: "a", from: 0, to: 19 },
      { thread: "b", from: 30, to: 41 },
    ]);
    expect(marksFor(null, "vision", "statement")).toEqual([]);
  });

  test("what waits on me comes in flow order, then threads", () => {
    const status = (section: "vision" | "team" | "ledger", waiting: boolean) => ({
      section,
      stage: "ready_for_review" as const,
      by: "Ben",
      at: null,
      asked: ["Ana Ruiz"],
      submitted_by: "Ben",
      waiting_on_me: waiting,
      changed_since_approval: false,
    });
    const b = board(
      [thread({ id: "mine" }), thread({ id: "theirs", waiting_on_me: true })],
      [status("vision", true), status("team", false), status("ledger", true)],
    );
    const w = waitingOnMe(b, ["team", "ledger", "vision"]);
    expect(w.sections).toEqual(["ledger", "vision"]);
    expect(w.threads.map((t) => t.id)).toEqual(["theirs"]);
  });

  test("a section says why it waits on me", () => {
    const status = (stage: "ready_for_review" | "needs_work" | "approved", changed: boolean) => ({
      section: "vision" as const,
      stage,
      by: "Ben",
      at: null,
      asked: [],
      submitted_by: "Ana Ruiz",
      waiting_on_me: true,
      changed_since_approval: changed,
    });
    expect(whyWaiting(status("ready_for_review", false))).toBe("ready for review, asked of you");
    expect(whyWaiting(status("needs_work", false))).toBe("needs work, sent back to you");
    expect(whyWaiting(status("approved", true))).toBe("approved, changed since you approved it");
  });

  test("an orphaned or edited anchor says so in words", () => {
    expect(placeNote(thread({ place: { kind: "orphaned" } }))).toMatch(/deleted/);
    expect(placeNote(thread({ field: null, place: { kind: "orphaned" } }))).toMatch(/removed/);
    expect(placeNote(thread({ place: { kind: "text", start: 0, end: 5, text: "Every", changed: true } }))).toMatch(/now “Every”/);
    expect(placeNote(thread({}))).toBeNull();
  });

  test("the store shares each new board with every screen and keeps the last", async () => {
    const first = board([thread({ id: "a" })]);
    const store = new ReviewStore(() => Promise.resolve(first));
    const seen: string[][] = [];
    store.subscribe((b) => seen.push(b.threads.map((t) => t.id)));
    await store.refresh();
    await store.run(Promise.resolve(board([thread({ id: "a" }), thread({ id: "b" })])));
    expect(seen).toEqual([["a"], ["a", "b"]]);
    expect(store.board()?.threads).toHaveLength(2);
    // A late subscriber gets the latest board at once.
    const late: number[] = [];
    store.subscribe((b) => late.push(b.threads.length));
    expect(late).toEqual([2]);
  });

  test("a refused request leaves the board as it was", async () => {
    const store = new ReviewStore(() => Promise.resolve(board([thread({})])));
    await store.refresh();
    await expect(store.run(Promise.reject(new Error("comment: body cannot be empty")))).rejects.toThrow(/empty/);
    expect(store.board()?.threads).toHaveLength(1);
  });
});

describe("comparing and signing, as the versions dialog reads them", () => {
  test("the draft and a version are told apart", () => {
    expect(sideOf(DRAFT)).toEqual({ side: "draft" });
    expect(sideOf("current")).toEqual({ side: "version", label: "current" });
  });

  test("the summary counts inserted and deleted words", () => {
    const c: ComparisonView = {
      from: '"Draft"',
      to: "the current draft",
      sections: [
        {
          section: "vision",
          label: "Vision",
          items: [
            {
              path: "vision",
              noun: "vision",
              title: "Every student",
              within: null,
              kind: "changed",
              fields: [
                {
                  field: "statement",
                  label: "Statement",
                  spans: [
                    { mark: "same", text: "Every family is a " },
                    { mark: "inserted", text: "full and equal " },
                    { mark: "deleted", text: "silent " },
                    { mark: "same", text: "partner." },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(tally(c)).toEqual({ inserted: 3, deleted: 1, items: 1 });
  });

  test("a sign-off says whether it holds and where the draft differs", () => {
    const s: SignoffItem = {
      version: "Board adoption",
      name: "Dr. Ana Ruiz",
      role: "Superintendent",
      recorded_by: "Ana",
      at: "2026-12-02T07:00:00Z",
      content_hash: "ab",
      holds: "verified",
      draft_differs_in: [],
    };
    expect(verdict(s)).toEqual({ holds: true, words: "Holds. The current draft is exactly what was signed." });
    expect(verdict({ ...s, draft_differs_in: ["Vision", "Resource trade-offs"] }).words).toMatch(/differs in: Vision, Resource trade-offs/);
    expect(verdict({ ...s, holds: "tampered", draft_differs_in: null }).holds).toBe(false);
    expect(verdict({ ...s, holds: "version_missing", draft_differs_in: null }).words).toMatch(/missing/);
  });
});
