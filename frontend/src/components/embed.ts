/** What the page embedding DocSpot in an iframe hears when a booking is made inside it. */
export interface BookedMessage {
  type: "docspot:booked";
  appointment_id: string;
  start: string;
  end: string;
  doctor: string;
}

/**
 * Tells the embedding page (if any) that an appointment was booked: only to the origin that embedded us (from
 * `document.referrer`, which the browser sets for the frame's first document), never to "*".
 */
export function announceBooked(message: Omit<BookedMessage, "type">, win: Window = window): boolean {
  if (win.parent === win) return false;
  let origin: string;
  try {
    origin = new URL(win.document.referrer).origin;
  } catch {
    return false;
  }
  if (!origin || origin === "null") return false;
  win.parent.postMessage({ type: "docspot:booked", ...message } satisfies BookedMessage, origin);
  return true;
}
