/** The confirm step's address; the doctor id lets a reload find its way back. */
export function bookingPath(slotId: string, doctorId: string): string {
  return `/book/${encodeURIComponent(slotId)}?doctor=${encodeURIComponent(doctorId)}`;
}

/** What the doctor page hands the confirm step after a successful hold. */
export interface BookingState {
  expiresAt?: string;
  doctorId?: string;
  doctorName?: string;
  start?: string;
  end?: string;
  zone?: string;
}

/** One key per booking attempt of a slot, kept for the tab so a retry after a lost answer cannot book twice. */
export function idempotencyKey(slotId: string, storage: Storage | null = safeSession()): string {
  const name = `docspot.booking.${slotId}`;
  const existing = storage?.getItem(name);
  if (existing) return existing;
  const key = crypto.randomUUID();
  storage?.setItem(name, key);
  return key;
}

export function forgetIdempotencyKey(slotId: string, storage: Storage | null = safeSession()): void {
  storage?.removeItem(`docspot.booking.${slotId}`);
}

function safeSession(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
