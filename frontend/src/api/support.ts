import { api } from "./index";
import type { components } from "./schema";

type Schemas = components["schemas"];
export type TicketStatus = Schemas["TicketStatus"];
export type TicketCategory = Schemas["TicketCategory"];
export type Ticket = Schemas["TicketOut"];
export type TicketDetail = Schemas["TicketDetail"];
export type TicketMessage = Schemas["TicketMessageOut"];
export type TicketPage = Schemas["TicketPage"];
export type TicketOpen = Schemas["TicketOpen"];
export type PhoneSettings = Schemas["PhoneOut"];

export const TICKET_STATUSES: TicketStatus[] = ["OPEN", "PENDING", "RESOLVED", "CLOSED"];
export const TICKET_CATEGORIES: TicketCategory[] = ["account", "booking", "billing", "technical", "other"];
/** How long the requester may reopen a resolved ticket (the API decides; the page only offers it). */
export const REOPEN_DAYS = 14;

const id = encodeURIComponent;

export const supportKeys = {
  all: ["support"] as const,
  list: (filters: { status?: string; assigned_to?: string }) => ["support", "list", filters] as const,
  ticket: (ticketId: string) => ["support", "ticket", ticketId] as const,
  phone: ["phone"] as const,
};

export const supportApi = {
  list: (filters: { status?: string; assigned_to?: string }, cursor?: string) =>
    api.get<TicketPage>("/support/tickets", { query: { ...filters, cursor, limit: 20 } }),
  open: (ticket: TicketOpen) => api.post<TicketDetail>("/support/tickets", ticket),
  get: (ticketId: string) => api.get<TicketDetail>(`/support/tickets/${id(ticketId)}`),
  reply: (ticketId: string, body: string, internal = false) =>
    api.post<TicketMessage>(`/support/tickets/${id(ticketId)}/messages`, { body, internal }),
  assign: (ticketId: string, adminId: string) =>
    api.post<Ticket>(`/support/tickets/${id(ticketId)}/assign`, { admin_id: adminId }),
  setStatus: (ticketId: string, status: TicketStatus) =>
    api.post<Ticket>(`/support/tickets/${id(ticketId)}/status`, { status }),
};

export const phoneApi = {
  get: () => api.get<PhoneSettings>("/me/phone"),
  add: (phone: string) => api.request<PhoneSettings>("PUT", "/me/phone", { body: { phone } }),
  confirm: (code: string) => api.post<PhoneSettings>("/me/phone/confirm", { code }),
  setReminders: (on: boolean) => api.patch<PhoneSettings>("/me/phone", { sms_reminders: on }),
  remove: () => api.delete("/me/phone"),
};

/** Whether the requester may still reopen a resolved ticket (14 days from `resolved_at`). */
export function mayReopen(ticket: Pick<Ticket, "status" | "resolved_at">, now: number = Date.now()): boolean {
  if (ticket.status !== "RESOLVED" || !ticket.resolved_at) return false;
  return now - new Date(ticket.resolved_at).getTime() <= REOPEN_DAYS * 24 * 3600 * 1000;
}

/** A ticket's age as hours or days, for the queue ("3 h", "2 d"). */
export function ageParts(seconds: number): { unit: "minutes" | "hours" | "days"; count: number } {
  if (seconds < 3600) return { unit: "minutes", count: Math.max(0, Math.floor(seconds / 60)) };
  if (seconds < 48 * 3600) return { unit: "hours", count: Math.floor(seconds / 3600) };
  return { unit: "days", count: Math.floor(seconds / 86400) };
}
