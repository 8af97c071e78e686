// The room strip's and the wall screen's words for time and place.
import { describe, expect, it } from "vitest";
import { clockText, placeText } from "../../src/components/RoomRun";
import type { RoomView } from "../../src/ipc";

describe("clockText", () => {
  it("counts minutes and seconds, hours when there are any, and time over", () => {
    expect(clockText(5 * 60_000)).toBe("5:00");
    expect(clockText(90 * 60_000)).toBe("1:30:00");
    expect(clockText(59_400)).toBe("0:59");
    expect(clockText(-65_000)).toBe("1:05 over");
  });
});

describe("placeText", () => {
  const room = (section_label: string | null, activity_label: string | null) =>
    ({ section_label, activity_label }) as unknown as RoomView;
  it("names the section and the activity the room is brought to, or nothing", () => {
    expect(placeText(room("Vision", "Dot voting"))).toBe("Vision · Dot voting");
    expect(placeText(room(null, "Break"))).toBe("Break");
    expect(placeText(room(null, null))).toBeNull();
  });
});
