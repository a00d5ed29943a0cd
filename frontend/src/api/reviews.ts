import { api } from "./index";
import type { Page, Review, ReviewAdmin, ReviewCreated, TokenPair } from "./types";

const id = encodeURIComponent;

export const reviewKeys = {
  ofDoctor: (doctorId: string) => ["reviews", doctorId] as const,
  queue: (status: "reported" | "hidden") => ["admin-reviews", status] as const,
};

/** Ratings and reviews: the public listing, a patient's review, the doctor's reply, reports, moderation. */
export const reviews = {
  ofDoctor: (doctorId: string, cursor?: string, limit = 5) =>
    api.get<Page<Review>>(`/doctors/${id(doctorId)}/reviews`, {
      query: cursor ? { cursor, limit } : { limit },
      auth: false,
    }),
  create: (appointmentId: string, rating: number, comment: string) =>
    api.post<ReviewCreated>(`/appointments/${id(appointmentId)}/review`, { rating, comment }),
  reply: (reviewId: string, body: string) => api.post<Review>(`/reviews/${id(reviewId)}/reply`, { body }),
  report: (reviewId: string, reason: string) => api.post<unknown>(`/reviews/${id(reviewId)}/report`, { reason }),
  queue: (status: "reported" | "hidden", cursor?: string) =>
    api.get<Page<ReviewAdmin>>("/admin/reviews", { query: cursor ? { status, cursor } : { status } }),
  hide: (reviewId: string, reason: string) => api.post<ReviewAdmin>(`/admin/reviews/${id(reviewId)}/hide`, { reason }),
  unhide: (reviewId: string) => api.post<ReviewAdmin>(`/admin/reviews/${id(reviewId)}/unhide`),
};

/** Sign-in with a mailed code: ask for one (the same answer for any address), then trade it for a token pair. */
export const loginCode = {
  request: (email: string) => api.post<unknown>("/auth/code", { email }, { auth: false }),
  verify: (email: string, code: string) => api.post<TokenPair>("/auth/code/verify", { email, code }, { auth: false }),
};
