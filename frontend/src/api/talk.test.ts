import { describe, expect, it } from "vitest";
import { navFor } from "../layout/nav";
import { unreadTotal, type Conversation, type ConversationPage } from "./talk";

function conversation(id: string, unread: number): Conversation {
  return {
    conversation_id: id,
    other: { id: `doctor-${id}`, name: "Anna Schmidt", role: "doctor" },
    last_message: null,
    unread_count: unread,
    read_up_to: null,
    last_activity_at: "2026-12-06T09:00:00Z",
  };
}

describe("messages", () => {
  it("counts the unread messages of every conversation for the header's badge", () => {
    const page: ConversationPage = { items: [conversation("a", 2), conversation("b", 0), conversation("c", 3)], next_cursor: null };
    expect(unreadTotal(page)).toBe(5);
    expect(unreadTotal(undefined)).toBe(0);
  });

  it("puts messages and urgent help in the patient's menu and the doctor's", () => {
    const patient = navFor("patient").map((item) => item.to);
    expect(patient).toContain("/messages");
    expect(patient).toContain("/urgent");
    const doctor = navFor("doctor", { doctor_status: "APPROVED" }).map((item) => item.to);
    expect(doctor).toContain("/doctor/messages");
    expect(doctor).toContain("/doctor/urgent");
    expect(navFor("admin").map((item) => item.to)).not.toContain("/messages");
  });
});
