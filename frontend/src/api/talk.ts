import { api } from "./index";
import type { components } from "./types";

type Schemas = components["schemas"];

const id = encodeURIComponent;

/** Conversations and urgent requests (docs/api.md, "Conversations", "Urgent requests"): generated shapes only. */
export type Conversation = Schemas["ConversationOut"];
export type ConversationPage = Schemas["Page_ConversationOut_"];
export type Message = Schemas["MessageOut"];
export type MessagePage = Schemas["MessagePage"];
export type ReadMark = Schemas["ReadOut"];
export type Duty = Schemas["DutyOut"];
export type UrgentRequest = Schemas["UrgentRequestOut"];
export type UrgentPage = Schemas["Page_UrgentRequestOut_"];
export type Emergency = Schemas["EmergencyOut"];
export type UrgentStatus = UrgentRequest["status"];

/** What a `conversation-read` push carries. */
export interface ConversationRead {
  conversation_id: string;
  reader_id: string;
  read_up_to: string;
}

/** What an `urgent-request` push carries: ids and status, never the symptoms. */
export interface UrgentChange {
  request_id: string;
  status: UrgentStatus;
  specialty_id: string | null;
  claimed_by: { id: string; name: string } | null;
  conversation_id: string | null;
}

export const talkKeys = {
  conversations: ["conversations"] as const,
  messages: (conversationId: string) => ["conversations", conversationId, "messages"] as const,
  duty: ["duty"] as const,
  urgentQueue: ["urgent", "queue"] as const,
  urgent: (requestId: string) => ["urgent", requestId] as const,
  emergency: ["emergency-number"] as const,
};

export const conversations = {
  list: (cursor?: string) =>
    api.get<ConversationPage>(`/conversations?limit=50${cursor ? `&cursor=${id(cursor)}` : ""}`),
  withDoctor: (doctorId: string) => api.post<Conversation>("/conversations", { doctor_id: doctorId }),
  withPatient: (patientId: string) => api.post<Conversation>("/conversations", { patient_id: patientId }),
  messages: (conversationId: string, cursor?: string) =>
    api.get<MessagePage>(
      `/conversations/${id(conversationId)}/messages?limit=30${cursor ? `&cursor=${id(cursor)}` : ""}`,
    ),
  send: (conversationId: string, body: string, clientMessageId: string) =>
    api.post<Message>(`/conversations/${id(conversationId)}/messages`, {
      body,
      client_message_id: clientMessageId,
    }),
  read: (conversationId: string, messageId: string) =>
    api.post<ReadMark>(`/conversations/${id(conversationId)}/read`, { message_id: messageId }),
};

export const urgent = {
  emergency: () => api.get<Emergency>("/emergency-number", { auth: false }),
  duty: () => api.get<Duty>("/doctors/me/duty"),
  setDuty: (onDuty: boolean) => api.post<Duty>("/doctors/me/duty", { on_duty: onDuty }),
  create: (body: { symptoms: string; callback_phone?: string; specialty_id?: string }) =>
    api.post<UrgentRequest>("/urgent-requests", body),
  get: (requestId: string) => api.get<UrgentRequest>(`/urgent-requests/${id(requestId)}`),
  queue: () => api.get<UrgentPage>("/urgent-requests?status=WAITING&limit=50"),
  claim: (requestId: string) => api.post<UrgentRequest>(`/urgent-requests/${id(requestId)}/claim`),
  cancel: (requestId: string) => api.post<UrgentRequest>(`/urgent-requests/${id(requestId)}/cancel`),
};

/** Unread messages over all of the caller's conversations (the first page: the 50 most recent). */
export function unreadTotal(page: ConversationPage | undefined): number {
  return (page?.items ?? []).reduce((sum, conversation) => sum + conversation.unread_count, 0);
}
