import { ApiClient } from "./client";
import { loadConfig } from "./config";
import { sessionStore } from "./session";

export { ApiError, friendlyMessage, fieldErrors } from "./errors";
export type * from "./types";

/** The one client of the app. Signing out on a failed refresh clears the session; the auth context reacts. */
export const api = new ApiClient({
  baseUrl: async () => (await loadConfig()).apiUrl,
  session: sessionStore,
});
