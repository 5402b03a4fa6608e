import { describe, expect, it } from "vitest";
import { fromBoxes, ukDate, ukDateTime } from "./dates";

describe("dates", () => {
  it("are shown the UK way", () => {
    expect(ukDate("2026-11-27")).toBe("27 November 2026");
    expect(ukDate("2027-01-04T10:00:00")).toBe("4 January 2027");
    expect(ukDate("not a date")).toBe("not a date");
  });
  it("with a time read the way people say them", () => {
    expect(ukDateTime("2026-11-27T10:20:00")).toBe("27 November 2026, 10.20am");
    expect(ukDateTime("2026-11-27 15:00:05")).toBe("27 November 2026, 3pm");
    expect(ukDateTime("2026-11-27T12:00:00")).toBe("27 November 2026, midday");
    expect(ukDateTime("2026-11-27T00:00:00")).toBe("27 November 2026, midnight");
    expect(ukDateTime("2026-11-27T00:05:00")).toBe("27 November 2026, 12.05am");
    expect(ukDateTime("2026-11-27")).toBe("27 November 2026");
  });
  it("are read from day, month and year boxes, and impossible ones refused", () => {
    expect(fromBoxes("27", "11", "2026")).toBe("2026-11-27");
    expect(fromBoxes(" 1", "2 ", "2027")).toBe("2027-02-01");
    expect(fromBoxes("31", "2", "2026")).toBeNull();
    expect(fromBoxes("", "11", "2026")).toBeNull();
    expect(fromBoxes("27", "11", "26")).toBeNull();
    expect(fromBoxes("<b>", "11", "2026")).toBeNull();
  });
});
