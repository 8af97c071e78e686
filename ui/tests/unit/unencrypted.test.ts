import { describe, expect, it } from "vitest";
import { unencrypted } from "../../src/components/RoomPanel";
import type { SessionView } from "../../src/ipc";

const joined = (host: string): SessionView => ({
  kind: "Joined",
  connection: { kind: "Online" },
  host,
  people: [],
  refused: null,
});

describe("a session over plain ws:// is said to be unencrypted", () => {
  it("warns for a plain ws:// host and not for wss:// or alone", () => {
    expect(unencrypted(joined("ws://192.168.1.20:4455"))).toBe(true);
    expect(unencrypted(joined("wss://192.168.1.20:4455"))).toBe(false);
    expect(unencrypted({ kind: "Alone" })).toBe(false);
  });
});
