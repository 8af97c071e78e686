import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { YSyncConfig } from "y-codemirror.next";
import type { Applied, PlanBackend, PlanCommand, Review } from "../../src/ipc";
import { PlanRequestError, updateBytes } from "../../src/ipc";
import { PlanPeer } from "../../src/plan/peer";

/**
 * A stand-in for the Rust side: its own Yjs document, which typed updates are applied to and
 * which runs the few commands these tests use, answering with the update each produced.
 */
class FakeRust implements PlanBackend {
  readonly doc = new Y.Doc();
  received: Uint8Array[] = [];
  commands: PlanCommand[] = [];
  failNextReceive = false;
  private lastSeen: Uint8Array;

  constructor() {
    this.doc.transact(() => {
      const vision = this.doc.getMap("vision");
      vision.set("statement", new Y.Text());
      this.doc.getMap("strategies");
    });
    this.lastSeen = Y.encodeStateVector(this.doc);
  }

  state(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }

  async receiveUpdate(update: Uint8Array): Promise<boolean> {
    if (this.failNextReceive) {
      this.failNextReceive = false;
      throw new PlanRequestError("FileProblem", "the disk is full");
    }
    this.received.push(update);
    Y.applyUpdate(this.doc, update, "ui");
    return true;
  }

  async apply(command: PlanCommand): Promise<Applied> {
    this.commands.push(command);
    const before = Y.encodeStateVector(this.doc);
    let id: string | null = null;
    this.doc.transact(() => {
      if (command.op === "add") {
        id = `st${this.commands.length}`;
        const item = new Y.Map<unknown>();
        this.doc.getMap(command.to).set(id, item);
        item.set("order", `k${this.commands.length}`);
        item.set("name", new Y.Text(String(command.fields.name ?? "")));
      } else if (command.op === "remove") {
        const [part, itemId] = command.at.split("/");
        this.doc.getMap(part ?? "").delete(itemId ?? "");
      }
    }, "rust");
    return { id, update: Array.from(Y.encodeStateAsUpdate(this.doc, before)) };
  }

  /** Another process writes to the plan file. */
  elsewhere(write: (doc: Y.Doc) => void): void {
    this.doc.transact(() => write(this.doc), "elsewhere");
  }

  async catchUp(stateVector: Uint8Array): Promise<Uint8Array | null> {
    const now = Y.encodeStateVector(this.doc);
    if (Buffer.from(now).equals(Buffer.from(this.lastSeen))) return null;
    this.lastSeen = now;
    return Y.encodeStateAsUpdate(this.doc, stateVector);
  }

  async review(): Promise<Review> {
    return { findings: [], balance: [], balanced: true, fitness: { figures: [], guidance: [] }, phases: [] };
  }
}

/** Types into a Y.Text the way the CodeMirror binding does: a transaction with its origin. */
function type(peer: PlanPeer, text: Y.Text, at: number, words: string): void {
  peer.doc.transact(() => text.insert(at, words), new YSyncConfig(text, null));
}

function visionText(doc: Y.Doc): Y.Text {
  return doc.getMap("vision").get("statement") as Y.Text;
}

describe("the UI's copy of the plan stays in step with the Rust side", () => {
  test("typed prose is sent to Rust; what Rust sent is never sent back", async () => {
    const rust = new FakeRust();
    const peer = new PlanPeer(rust.state(), rust);
    expect(rust.received).toHaveLength(0);
    type(peer, visionText(peer.doc), 0, "Every child reads");
    type(peer, visionText(peer.doc), 17, " by third grade.");
    await peer.settle();
    expect(visionText(rust.doc).toString()).toBe("Every child reads by third grade.");

    const sentBefore = rust.received.length;
    await peer.command({ op: "add", to: "strategies", fields: { name: "Coaching" }, after: null });
    await peer.settle();
    expect(rust.received.length).toBe(sentBefore);
    expect((peer.doc.getMap("strategies").get("st1") as Y.Map<unknown>).get("name")?.toString()).toBe("Coaching");
  });

  test("text typed before a command reaches Rust before the command runs", async () => {
    const rust = new FakeRust();
    const peer = new PlanPeer(rust.state(), rust);
    let visionWhenCommandRan = "";
    const apply = rust.apply.bind(rust);
    rust.apply = async (c) => {
      visionWhenCommandRan = visionText(rust.doc).toString();
      return apply(c);
    };
    type(peer, visionText(peer.doc), 0, "Typed first");
    await peer.command({ op: "add", to: "strategies", fields: {}, after: null });
    expect(visionWhenCommandRan).toBe("Typed first");
  });

  test("undo takes back this person's own typing and commands, never what came from elsewhere", async () => {
    const rust = new FakeRust();
    const peer = new PlanPeer(rust.state(), rust);
    type(peer, visionText(peer.doc), 0, "Mine.");
    peer.undoManager.stopCapturing();
    await peer.command({ op: "add", to: "strategies", fields: { name: "Mine too" }, after: null });
    await peer.settle();

    rust.elsewhere((doc) => {
      const item = new Y.Map<unknown>();
      doc.getMap("strategies").set("theirs", item);
      item.set("name", new Y.Text("Someone else's"));
    });
    await peer.catchUp();
    expect(peer.doc.getMap("strategies").has("theirs")).toBe(true);

    peer.undo();
    expect(peer.doc.getMap("strategies").has("st1")).toBe(false);
    expect(peer.doc.getMap("strategies").has("theirs")).toBe(true);
    peer.undo();
    expect(visionText(peer.doc).toString()).toBe("");
    expect(peer.canUndo()).toBe(false);
    expect(peer.doc.getMap("strategies").has("theirs")).toBe(true);

    // Undoing is an edit like any other: Rust gets it, and redo brings the edits back.
    await peer.settle();
    expect(rust.doc.getMap("strategies").has("st1")).toBe(false);
    peer.redo();
    peer.redo();
    await peer.settle();
    expect(visionText(rust.doc).toString()).toBe("Mine.");
    expect(rust.doc.getMap("strategies").has("st1")).toBe(true);
  });

  test("a change Rust could not save is kept and sent again, in order", async () => {
    const rust = new FakeRust();
    const peer = new PlanPeer(rust.state(), rust);
    const states: string[] = [];
    peer.onSaveState((s) => states.push(s.kind));
    rust.failNextReceive = true;
    type(peer, visionText(peer.doc), 0, "First. ");
    await peer.settle().catch(() => undefined);
    expect(peer.saveState()).toEqual({ kind: "failed", message: "the disk is full" });
    type(peer, visionText(peer.doc), 7, "Second.");
    await peer.settle();
    expect(visionText(rust.doc).toString()).toBe("First. Second.");
    expect(peer.saveState()).toEqual({ kind: "saved" });
    expect(states).toContain("failed");
  });

  test("a refused command is reported and changes nothing here", async () => {
    const rust = new FakeRust();
    const peer = new PlanPeer(rust.state(), rust);
    rust.apply = async () => {
      throw new PlanRequestError("Invalid", "strategy `amount`: expected a whole number");
    };
    await expect(peer.command({ op: "remove", at: "strategies/x" })).rejects.toThrow("expected a whole number");
    expect(peer.doc.getMap("strategies").size).toBe(0);
    expect(peer.canUndo()).toBe(false);
    expect(peer.saveState()).toEqual({ kind: "saved" });
  });

  test("others' changes pushed by Rust (base64 bytes) show here, are never sent back, and are not undone", async () => {
    const rust = new FakeRust();
    const peer = new PlanPeer(rust.state(), rust);
    type(peer, visionText(peer.doc), 0, "Mine.");
    await peer.settle();
    const before = Y.encodeStateVector(rust.doc);
    rust.doc.transact(() => visionText(rust.doc).insert(0, "Theirs. "), "peer");
    const pushed = Y.encodeStateAsUpdate(rust.doc, before);
    const sentBefore = rust.received.length;
    peer.receive(updateBytes(Buffer.from(pushed).toString("base64")));
    expect(visionText(peer.doc).toString()).toBe("Theirs. Mine.");
    await peer.settle();
    expect(rust.received.length).toBe(sentBefore);
    peer.undo();
    expect(visionText(peer.doc).toString()).toBe("Theirs. ");
  });

  test("changes other processes saved to the file arrive, and only when there are some", async () => {
    const rust = new FakeRust();
    const peer = new PlanPeer(rust.state(), rust);
    await peer.catchUp();
    rust.elsewhere((doc) => visionText(doc).insert(0, "From the CLI"));
    await peer.catchUp();
    expect(visionText(peer.doc).toString()).toBe("From the CLI");
    expect(rust.received).toHaveLength(0);
  });
});
