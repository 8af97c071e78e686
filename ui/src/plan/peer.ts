// The UI's copy of the plan: a Yjs document kept in step with the Rust side over the IPC bridge.
//
// Two kinds of change leave this copy:
//   - prose typed into editors (and undo/redo) changes the Yjs document here first; the update
//     is sent to Rust (`receiveUpdate`), which saves it to the plan file;
//   - structural changes are typed commands run by Rust (`apply`), whose Yjs update comes back
//     and is applied here.
// Updates that came from Rust are never sent back. Every request goes through one queue, so
// Rust sees changes in the order they were made here.
import * as Y from "yjs";
import { YSyncConfig } from "y-codemirror.next";
import type { PlanBackend, PlanCommand, Review } from "../ipc";
import { PlanRequestError } from "../ipc";
import { allParts } from "./schema";

/** Origin of updates that came from the plan file (opening, catching up with other writers). */
export const FROM_PLAN_FILE = { source: "plan file" };
/** Origin of the updates of this person's own typed commands. */
export const MY_COMMAND = { source: "my command" };

export type SaveState =
  | { kind: "saved" }
  | { kind: "saving" }
  | { kind: "failed"; message: string };

/** Edits typed within this many milliseconds undo together. */
const UNDO_GROUP_MS = 600;
/** Findings and balance are recomputed at most this often while people type. */
const REVIEW_EVERY_MS = 250;
/**
 * Typing changes only a Y.Text, which its editor and live titles show at once; everything
 * else derived from prose (option labels, groupings) is redrawn once typing pauses this long,
 * so a keystroke never waits for the whole screen to be redrawn.
 */
const TEXT_SETTLES_MS = 400;

export class PlanPeer {
  readonly doc: Y.Doc;
  readonly undoManager: Y.UndoManager;
  private readonly backend: PlanBackend;
  private pending: Uint8Array[] = [];
  private flushQueued = false;
  private chain: Promise<void> = Promise.resolve();
  /** Requests in flight that change the plan (reads such as catching up are not "saving"). */
  private writing = 0;
  private failure: string | null = null;
  private reviewTimer: ReturnType<typeof setTimeout> | null = null;
  private changeQueued = false;
  private textTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly changeListeners = new Set<() => void>();
  private readonly saveListeners = new Set<(s: SaveState) => void>();
  private readonly reviewListeners = new Set<(r: Review) => void>();
  private lastReview: Review | null = null;
  private closed = false;

  constructor(state: Uint8Array, backend: PlanBackend) {
    this.backend = backend;
    this.doc = new Y.Doc();
    Y.applyUpdate(this.doc, state, FROM_PLAN_FILE);
    // Undo covers the whole plan, but only what this person did here: text typed in editors
    // (y-codemirror's sync origin) and their own commands. Changes from the plan file (other
    // people, other processes) are never undone.
    const scope = allParts().map((p) => this.doc.getMap(p.name));
    this.undoManager = new Y.UndoManager(scope, {
      trackedOrigins: new Set<unknown>([MY_COMMAND, YSyncConfig]),
      captureTimeout: UNDO_GROUP_MS,
    });
    this.doc.on("update", (update: Uint8Array, origin: unknown) => this.onUpdate(update, origin));
    this.doc.on("afterTransaction", (tr: Y.Transaction) => {
      let structural = false;
      tr.changed.forEach((_keys, type) => {
        if (!(type instanceof Y.Text)) structural = true;
      });
      if (structural) this.queueChange();
      else this.queueTextSettled();
    });
  }

  // ---- listening ------------------------------------------------------------------------

  /**
   * Called (at most once a frame) after the document's structure changed, and once typing
   * pauses after prose changed.
   */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onSaveState(listener: (s: SaveState) => void): () => void {
    this.saveListeners.add(listener);
    listener(this.saveState());
    return () => this.saveListeners.delete(listener);
  }

  onReview(listener: (r: Review) => void): () => void {
    this.reviewListeners.add(listener);
    if (this.lastReview) listener(this.lastReview);
    return () => this.reviewListeners.delete(listener);
  }

  saveState(): SaveState {
    if (this.failure !== null) return { kind: "failed", message: this.failure };
    return this.writing > 0 || this.pending.length > 0 ? { kind: "saving" } : { kind: "saved" };
  }

  // ---- changing the plan ----------------------------------------------------------------

  /** Runs a typed command on the Rust side and applies its update here. Returns the new item's id. */
  command(command: PlanCommand): Promise<string | null> {
    return this.enqueue(true, async () => {
      await this.sendPending();
      const applied = await this.backend.apply(command);
      if (applied.update.length > 0) {
        // A command is one step of undo on its own, never merged with typing around it.
        this.undoManager.stopCapturing();
        Y.applyUpdate(this.doc, Uint8Array.from(applied.update), MY_COMMAND);
        this.undoManager.stopCapturing();
      }
      this.queueReview();
      return applied.id ?? null;
    });
  }

  undo(): void {
    this.undoManager.undo();
  }

  redo(): void {
    this.undoManager.redo();
  }

  canUndo(): boolean {
    return this.undoManager.canUndo();
  }

  canRedo(): boolean {
    return this.undoManager.canRedo();
  }

  /**
   * Takes in others' changes that Rust pushed (already committed there). Applied at once, not
   * queued behind this person's own requests: Yjs merges them in any order.
   */
  receive(update: Uint8Array): void {
    if (this.closed) return;
    Y.applyUpdate(this.doc, update, FROM_PLAN_FILE);
    this.queueReview();
  }

  /** Brings in whatever reached the plan before this copy started listening for it. */
  catchUp(): Promise<void> {
    return this.enqueue(false, async () => {
      const update = await this.backend.catchUp(Y.encodeStateVector(this.doc));
      if (update) {
        Y.applyUpdate(this.doc, update, FROM_PLAN_FILE);
        this.queueReview();
      }
    });
  }

  /**
   * Restores a named version (a forward change made on the Rust side) and brings its edits
   * into this copy, after everything typed so far is saved.
   */
  restore<T extends { update: number[] }>(run: (stateVector: Uint8Array) => Promise<T>): Promise<T> {
    return this.enqueue(true, async () => {
      await this.sendPending();
      const restored = await run(Y.encodeStateVector(this.doc));
      if (restored.update.length > 0) {
        this.undoManager.stopCapturing();
        Y.applyUpdate(this.doc, Uint8Array.from(restored.update), FROM_PLAN_FILE);
      }
      this.queueReview();
      return restored;
    });
  }

  /** Recomputes the findings and the balance now. */
  refreshReview(): Promise<void> {
    return this.enqueue(false, async () => {
      const review = await this.backend.review();
      this.lastReview = review;
      for (const l of this.reviewListeners) l(review);
    });
  }

  /**
   * Sends anything not yet sent and waits until every request has been answered. Rejects when
   * something is still unsaved (it stays queued and goes with the next change or `retry`).
   */
  async settle(): Promise<void> {
    if (this.pending.length > 0) this.queueFlush();
    await this.chain;
    if (this.failure !== null) throw new PlanRequestError("FileProblem", this.failure);
  }

  /** Stops sending; the document is left as it is. */
  close(): void {
    this.closed = true;
    if (this.reviewTimer) clearTimeout(this.reviewTimer);
    if (this.textTimer) clearTimeout(this.textTimer);
    this.undoManager.destroy();
    this.doc.destroy();
  }

  /** Tries again to save what could not be saved. */
  retry(): void {
    this.failure = null;
    this.queueFlush();
    this.emitSave();
  }

  // ---- internals ------------------------------------------------------------------------

  private onUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === FROM_PLAN_FILE || origin === MY_COMMAND || this.closed) return;
    this.pending.push(update);
    this.queueFlush();
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.emitSave();
    void this.enqueue(true, async () => {
      this.flushQueued = false;
      await this.sendPending();
    }).catch(() => {
      // Reported through the save state; the updates stay pending for the next try.
    });
  }

  private async sendPending(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const merged = batch.length === 1 ? (batch[0] as Uint8Array) : Y.mergeUpdates(batch);
    try {
      await this.backend.receiveUpdate(merged);
    } catch (e) {
      // Kept, in order, ahead of anything typed since: nothing typed is dropped.
      this.pending = [merged, ...this.pending];
      throw e;
    }
    this.queueReview();
  }

  private enqueue<T>(writes: boolean, task: () => Promise<T>): Promise<T> {
    if (writes) this.writing += 1;
    this.emitSave();
    const run = this.chain.then(task);
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run.then(
      (value) => {
        if (writes) this.writing -= 1;
        // A failure stands until what failed to save has been saved.
        if (this.pending.length === 0) this.failure = null;
        this.emitSave();
        return value;
      },
      (error: unknown) => {
        if (writes) {
          this.writing -= 1;
          // A refused change (a bad value, a vanished item) changed nothing and is reported
          // where it was made; only a change that could not be saved is a save failure.
          const refused = error instanceof PlanRequestError && (error.kind === "Invalid" || error.kind === "NotFound");
          if (!refused || this.pending.length > 0) this.failure = error instanceof Error ? error.message : String(error);
        }
        this.emitSave();
        throw error instanceof Error ? error : new PlanRequestError("Unexpected", String(error));
      },
    );
  }

  private queueReview(): void {
    if (this.reviewTimer || this.closed) return;
    this.reviewTimer = setTimeout(() => {
      this.reviewTimer = null;
      this.refreshReview().catch(() => {
        // Shown through the save state.
      });
    }, REVIEW_EVERY_MS);
  }

  private queueTextSettled(): void {
    if (this.textTimer) clearTimeout(this.textTimer);
    this.textTimer = setTimeout(() => {
      this.textTimer = null;
      this.queueChange();
    }, TEXT_SETTLES_MS);
  }

  private queueChange(): void {
    if (this.changeQueued) return;
    this.changeQueued = true;
    const fire = () => {
      this.changeQueued = false;
      for (const l of this.changeListeners) l();
    };
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(fire);
    else setTimeout(fire, 0);
  }

  private emitSave(): void {
    const s = this.saveState();
    for (const l of this.saveListeners) l(s);
  }
}
