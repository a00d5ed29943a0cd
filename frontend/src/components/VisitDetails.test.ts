import { describe, expect, it } from "vitest";
import { joinState } from "./VisitDetails";

describe("joinState", () => {
  const joinFrom = "2026-12-02T08:45:00Z";
  const end = "2026-12-02T09:20:00Z";

  it("is early until 15 minutes before the start", () => {
    expect(joinState(joinFrom, end, new Date("2026-12-02T08:44:59Z"))).toBe("early");
  });

  it("is open from join_from until the end", () => {
    expect(joinState(joinFrom, end, new Date("2026-12-02T08:45:00Z"))).toBe("open");
    expect(joinState(joinFrom, end, new Date("2026-12-02T09:19:59Z"))).toBe("open");
  });

  it("is over once the visit has ended", () => {
    expect(joinState(joinFrom, end, new Date("2026-12-02T09:20:00Z"))).toBe("over");
  });
});
