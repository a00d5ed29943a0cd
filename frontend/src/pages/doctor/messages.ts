import { ApiError, friendlyMessage } from "../../api/errors";
import { hasKey, tKey } from "../../i18n";

/**
 * Sentences for refusals only the doctor and admin pages meet, whose server messages name request fields
 * (e.g. "start_time"); everything else falls back to the app's mapping.
 */
export function portalMessage(error: unknown): string {
  if (error instanceof ApiError && hasKey(`doctor.messages.${error.code}`)) return tKey(`doctor.messages.${error.code}`);
  return friendlyMessage(error);
}
