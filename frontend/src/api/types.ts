/**
 * The API's shapes, generated from its OpenAPI document (`schema.ts`, made by openapi-typescript from
 * `openapi.json`: `make api-types`), under the names the app has always used. Nothing here is written by hand
 * except `Page<T>` (a generic the document spells out per item type, `Page_DoctorOut_` and so on) and the narrowed
 * `SlotState` of listings. Times are ISO 8601 strings with an offset.
 */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type { components, operations, paths } from "./schema";

export type Role = Schemas["Role"];
export type EmailPreferences = Schemas["EmailPreferences"];
export type User = Schemas["UserOut"];
export type TokenPair = Schemas["TokenPair"];

/** Every list answers one page: `Page_SpecialtyOut_`, `Page_AppointmentOut_`... in the document. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type Specialty = Schemas["SpecialtyOut"];
export type FreeSlot = Schemas["FreeSlot"];
/** A doctor as the directory lists them; with `date=` each also carries the day's free slots. */
export type Doctor = Schemas["DoctorOut"] & { available_slots?: FreeSlot[] };
export type DoctorProfile = Schemas["DoctorProfileOut"];
export type AppointmentType = Schemas["AppointmentTypeOut"];
export type Price = Schemas["PriceOut"];
export type Clinic = Schemas["ClinicOut"];

/** A listing never shows `removed` (only change events carry it). */
export type SlotState = Exclude<Schemas["SlotState"], "removed">;
export type Slot = Omit<Schemas["SlotOut"], "state"> & { state: SlotState };
export type SlotList = Omit<Schemas["SlotList"], "items"> & { items: Slot[] };
export type Hold = Schemas["HoldOut"];

export type AppointmentStatus = Schemas["AppointmentStatus"];
export type Appointment = Schemas["AppointmentOut"];
export type AppointmentFile = Schemas["FileOut"];
export type FileUploadGrant = Schemas["UploadOut"];

export type NotificationType = Schemas["NotificationType"];
export type Notification = Schemas["NotificationOut"];
export type NotificationFeed = Schemas["NotificationFeed"];

export type WaitlistEntry = Schemas["WaitlistOut"];
export type Attendance = Schemas["AttendanceOut"];

/** The error every refusal carries: `{"error": {"code", "message", "details?"}}`. */
export type ErrorBody = Schemas["Error"];

/** One slot with its doctor: where a booking deep link (/book?slot=) lands. */
export type SlotDetail = Omit<Schemas["SlotDetailOut"], "state"> & { state: SlotState };
/** A calendar subscription URL, shown once (only its hash is stored). */
export type CalendarFeed = Schemas["CalendarFeedOut"];
export type CalendarFeedState = Schemas["CalendarFeedState"];
/** A doctor's booking page address (`/d/{slug}`). */
export type SlugInfo = Schemas["SlugOut"];
export type DoctorBySlug = Schemas["DoctorBySlugOut"];

/** A doctor's rating (mean of the visible reviews to one decimal, null without any) and the count. */
export type Rating = Schemas["RatingOut"];
/** A review as everyone reads it; as its doctor's reply; as an admin moderates it. */
export type Review = Schemas["ReviewOut"];
export type ReviewCreated = Schemas["ReviewCreated"];
export type ReviewAdmin = Schemas["ReviewAdminOut"];
