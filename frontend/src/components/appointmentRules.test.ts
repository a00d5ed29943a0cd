import { describe, expect, it } from "vitest";
import { appointment } from "../pages/doctor/testing";
import { tabOf } from "../pages/patient/MyAppointmentsPage";
import { cancellationOf } from "../pages/patient/AppointmentPage";
import { appointmentPathFor } from "../pages/AppointmentLinkPage";
import { isUpcoming, patientOptions } from "./appointmentRules";

const start = "2026-12-01T09:00:00Z";
const end = "2026-12-01T09:30:00Z";
const at = (iso: string) => new Date(iso).getTime();

describe("what a patient may still do with an appointment", () => {
  it("cancels and moves it until two hours before the start", () => {
    expect(patientOptions({ status: "SCHEDULED", start, end }, at("2026-12-01T06:59:00Z"))).toEqual({ change: true, tooLate: false, over: false });
  });

  it("is told to call the practice inside the notice period, up to the end", () => {
    expect(patientOptions({ status: "CONFIRMED", start, end }, at("2026-12-01T08:00:00Z"))).toEqual({ change: false, tooLate: true, over: false });
    expect(patientOptions({ status: "CONFIRMED", start, end }, at("2026-12-01T09:10:00Z"))).toEqual({ change: false, tooLate: true, over: false });
  });

  it("is offered nothing once it has ended", () => {
    expect(patientOptions({ status: "CONFIRMED", start, end }, at("2026-12-01T09:30:00Z"))).toEqual({ change: false, tooLate: false, over: true });
  });
});

describe("the patient's lists", () => {
  const now = at("2026-12-01T09:40:00Z");
  it("keep cancelled and ended appointments out of Upcoming", () => {
    expect(tabOf(appointment({ status: "CANCELLED", start: "2026-12-05T09:00:00Z", end: "2026-12-05T09:30:00Z" }), now)).toBe("cancelled");
    expect(tabOf(appointment({ status: "CONFIRMED", start, end }), now)).toBe("past");
    expect(tabOf(appointment({ status: "SCHEDULED", start: "2026-12-05T09:00:00Z", end: "2026-12-05T09:30:00Z" }), now)).toBe("upcoming");
    expect(isUpcoming({ status: "COMPLETED", end: "2026-12-05T09:30:00Z" }, now)).toBe(false);
  });

  it("say who cancelled, and why only when there is a reason", () => {
    expect(cancellationOf({ cancelled_by: "patient", cancel_reason: "-" })).toEqual({ who: "Cancelled by you", why: null });
    expect(cancellationOf({ cancelled_by: "doctor", cancel_reason: "Ill today" })).toEqual({ who: "Cancelled by the doctor", why: "Ill today" });
  });
});

describe("the address every mail links to (/appointments/:id)", () => {
  it("opens each role's own view of the appointment", () => {
    expect(appointmentPathFor("patient", "a 1")).toBe("/me/appointments/a%201");
    expect(appointmentPathFor("doctor", "a1")).toBe("/doctor/appointments/a1");
    expect(appointmentPathFor("admin", "a1")).toBe("/admin/appointments/a1");
  });
});
