import { announceBooked } from "./embed";

function framed(referrer: string) {
  const posted: [unknown, string][] = [];
  const parent = { postMessage: (data: unknown, origin: string) => posted.push([data, origin]) };
  const win = { parent, document: { referrer } } as unknown as Window;
  return { win, posted };
}

const booked = { appointment_id: "apt-1", start: "2026-12-03T09:00:00Z", end: "2026-12-03T09:30:00Z", doctor: "Anna Schmidt" };

describe("announcing a booking to the embedding page", () => {
  it("posts to the embedding page's origin only", () => {
    const { win, posted } = framed("https://practice.example/booking?x=1");
    expect(announceBooked(booked, win)).toBe(true);
    expect(posted).toEqual([[{ type: "docspot:booked", ...booked }, "https://practice.example"]]);
  });

  it("posts nothing when not framed, or when the embedding origin is unknown", () => {
    const top = { document: { referrer: "https://practice.example/" } } as unknown as Window & { parent: Window };
    (top as { parent: Window }).parent = top;
    expect(announceBooked(booked, top)).toBe(false);
    const { win, posted } = framed("");
    expect(announceBooked(booked, win)).toBe(false);
    expect(posted).toEqual([]);
  });
});
