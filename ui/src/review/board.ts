// The review board the screens share: every thread and section status as Rust last reported
// them, refreshed after each review request, plus the pure readings the screens make of it.
import { createContext } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";
import { reviewing, type ReviewBoard, type ReviewStage, type Section, type SectionStatusView, type ThreadItem } from "../ipc";

export type Listener = (board: ReviewBoard) => void;

/** What a new comment is to be on, as the person picked it. */
export type CommentTarget =
  | { on: "text"; at: string; field: string; start: number; end: number; quote: string; label: string }
  | { on: "object"; at: string; label: string };

/** Holds the latest board; every change goes through it so every screen redraws together. */
export class ReviewStore {
  private latest: ReviewBoard | null = null;
  private readonly listeners = new Set<Listener>();
  private composer: ((target: CommentTarget) => void) | null = null;

  constructor(private readonly load: () => Promise<ReviewBoard> = reviewing.board) {}

  board(): ReviewBoard | null {
    return this.latest;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.latest) listener(this.latest);
    return () => this.listeners.delete(listener);
  }

  /** Reads the board afresh. */
  async refresh(): Promise<void> {
    this.take(await this.load());
  }

  /** Runs a review request that answers with the new board, and shares that board. */
  async run(request: Promise<ReviewBoard>): Promise<ReviewBoard> {
    const board = await request;
    this.take(board);
    return board;
  }

  /** Asks for the comment form on `target` (the workspace shows it). */
  compose(target: CommentTarget): void {
    this.composer?.(target);
  }

  onCompose(show: (target: CommentTarget) => void): () => void {
    this.composer = show;
    return () => {
      if (this.composer === show) this.composer = null;
    };
  }

  private take(board: ReviewBoard): void {
    this.latest = board;
    for (const l of this.listeners) l(board);
  }
}

export const ReviewContext = createContext<ReviewStore | null>(null);

export function useReviewStore(): ReviewStore {
  const store = useContext(ReviewContext);
  if (!store) throw new Error("useReviewStore outside an open plan");
  return store;
}

/** The latest board, redrawn when it changes (`null` until first read). */
export function useBoard(): ReviewBoard | null {
  const store = useReviewStore();
  const [board, setBoard] = useState<ReviewBoard | null>(store.board());
  useEffect(() => store.subscribe(setBoard), [store]);
  return board;
}

export const STAGES: { stage: ReviewStage; label: string }[] = [
  { stage: "draft", label: "Draft" },
  { stage: "ready_for_review", label: "Ready for review" },
  { stage: "needs_work", label: "Needs work" },
  { stage: "approved", label: "Approved" },
];

export function stageLabel(stage: ReviewStage): string {
  return STAGES.find((s) => s.stage === stage)?.label ?? stage;
}

/** Why a section waits on me, in words for the "Waiting on you" list ("needs work, sent back to you"). */
export function whyWaiting(status: SectionStatusView | undefined): string {
  const stage = status?.stage ?? "draft";
  const reason =
    stage === "needs_work"
      ? "sent back to you"
      : stage === "approved" && status?.changed_since_approval
        ? "changed since you approved it"
        : "asked of you";
  return `${stageLabel(stage).toLowerCase()}, ${reason}`;
}

/** A text mark in one prose field: where an open thread's words are now. */
export interface CommentMark {
  thread: string;
  from: number;
  to: number;
}

/** The open threads on words of `path`'s `field`, as ranges to mark in its editor. */
export function marksFor(board: ReviewBoard | null, path: string, field: string): CommentMark[] {
  if (!board) return [];
  return board.threads.flatMap((t) =>
    !t.resolved && t.path === path && t.field === field && t.place.kind === "text" && t.place.end > t.place.start
      ? [{ thread: t.id, from: t.place.start, to: t.place.end }]
      : [],
  );
}

/** What waits on this person: sections first (in flow order), then threads, oldest first. */
export function waitingOnMe(board: ReviewBoard | null, order: Section[]): { sections: Section[]; threads: ThreadItem[] } {
  if (!board) return { sections: [], threads: [] };
  const rank = (s: Section) => {
    const i = order.indexOf(s);
    return i < 0 ? order.length : i;
  };
  return {
    sections: board.sections
      .filter((s) => s.waiting_on_me)
      .map((s) => s.section)
      .sort((a, b) => rank(a) - rank(b)),
    threads: board.threads.filter((t) => t.waiting_on_me),
  };
}

/** How a thread's anchor is described to people. */
export function placeNote(t: ThreadItem): string | null {
  switch (t.place.kind) {
    case "orphaned":
      return t.field ? "The words this comment was on have been deleted." : "What this comment was on has been removed.";
    case "not_yet_received":
      return "The words this comment is on have not reached this laptop yet.";
    case "text":
      return t.place.changed ? `The words have been edited since: now “${t.place.text}”.` : null;
    case "object":
      return null;
  }
}
