import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { MedicalRecord, RecordAccess } from "../../api/records";
import i18n from "../../i18n";
import { fakeUser, renderPage } from "../doctor/testing";
import HealthRecordPage from "./HealthRecordPage";

const paula = { id: "pat-1", name: "Paula Patient", role: "patient" as const };
const anna = { id: "doc-1", name: "Anna Schmidt", role: "doctor" as const };

const record: MedicalRecord = {
  allergies: [
    {
      entry_id: "a1",
      substance: "Penicillin",
      reaction: "Hives",
      severity: "severe",
      noted_on: "2019-03-12",
      recorded_by: paula,
      recorded_at: "2026-11-20T10:00:00Z",
      updated_by: null,
      updated_at: null,
    },
  ],
  conditions: [],
  medications: [
    {
      entry_id: "m1",
      name: "Ramipril",
      dose: "2.5 mg",
      frequency: "once a day",
      started_on: "2026-01-02",
      stopped_on: null,
      recorded_by: anna,
      recorded_at: "2026-11-21T08:30:00Z",
      updated_by: null,
      updated_at: null,
    },
  ],
  updated_at: "2026-11-21T08:30:00Z",
};

const log: RecordAccess[] = [
  { access_id: "x2", at: "2026-11-21T08:30:00Z", actor: anna, action: "add", entries: [], appointment_id: "apt-1" },
  { access_id: "x1", at: "2026-11-20T10:00:00Z", actor: paula, action: "read", entries: [], appointment_id: null },
];

vi.mock("../../api/records", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/records")>();
  return {
    ...original,
    ownRecord: { ...original.ownRecord, read: async () => record },
    records: { ...original.records, accessLog: async () => ({ items: log, next_cursor: null }) },
  };
});

function show() {
  return renderPage(<HealthRecordPage />, { user: fakeUser({ user_id: "pat-1", name: "Paula Patient", role: "patient" }) });
}

afterEach(async () => {
  await i18n.changeLanguage("en");
});

describe("the health record page", () => {
  it("reads in English: the kinds, who recorded what, and who looked", async () => {
    show();
    expect(screen.getByRole("heading", { level: 1, name: "Health record" })).toBeInTheDocument();
    expect(await screen.findByRole("heading", { name: "Allergies" })).toBeInTheDocument();
    const penicillin = screen.getByTestId("entry-allergies");
    expect(penicillin).toHaveTextContent("Severe");
    expect(penicillin).toHaveTextContent("Hives · noted 12 Mar 2019");
    expect(penicillin).toHaveTextContent("Recorded by you (patient)");
    expect(screen.getByTestId("entry-medications")).toHaveTextContent("Recorded by Anna Schmidt (doctor)");
    expect(screen.getByText("No conditions recorded.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Edit Penicillin" })).toBeInTheDocument();

    const rows = await screen.findAllByTestId("access-row");
    expect(rows[0]).toHaveTextContent("Anna Schmidt (doctor)");
    expect(rows[0]).toHaveTextContent("added an entry");
    expect(rows[0]).toHaveTextContent("through an appointment with you");
    expect(rows[1]).toHaveTextContent("You");
    expect(rows[1]).toHaveTextContent("read the record");
  });

  it("reads in German, with German dates", async () => {
    await i18n.changeLanguage("de");
    show();
    expect(screen.getByRole("heading", { level: 1, name: "Gesundheitsakte" })).toBeInTheDocument();
    expect(await screen.findByRole("heading", { name: "Allergien" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Erkrankungen" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Medikamente" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Wer hat Ihre Akte eingesehen" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Herunterladen (FHIR)" })).toBeInTheDocument();

    const penicillin = screen.getByTestId("entry-allergies");
    expect(penicillin).toHaveTextContent("Schwer");
    expect(penicillin).toHaveTextContent("Hives · festgestellt am 12.03.2019");
    expect(penicillin).toHaveTextContent("Eingetragen von Ihnen (Patient/in) am");
    expect(screen.getByTestId("entry-medications")).toHaveTextContent("ab 02.01.2026");
    expect(screen.getByText("Keine Erkrankungen eingetragen.")).toBeInTheDocument();

    const rows = await screen.findAllByTestId("access-row");
    expect(rows[0]).toHaveTextContent("Anna Schmidt (Ärztin/Arzt)");
    expect(rows[0]).toHaveTextContent("Eintrag hinzugefügt");
    expect(rows[1]).toHaveTextContent("Sie");
    expect(rows[1]).toHaveTextContent("Akte eingesehen");
    expect(within(rows[0]!).queryByText(/appointment|entry/)).toBeNull();
  });

  it("asks in German in the entry form, with the severities in German", async () => {
    await i18n.changeLanguage("de");
    show();
    await userEvent.click(await screen.findByRole("button", { name: "Allergie hinzufügen" }));
    const dialog = await screen.findByRole("dialog", { name: "Allergie eintragen" });
    expect(within(dialog).getByRole("textbox", { name: "Auslöser" })).toBeInTheDocument();
    expect(within(dialog).getByRole("textbox", { name: "Schweregrad" })).toHaveValue("Mittel");
    await userEvent.click(within(dialog).getByRole("button", { name: "Speichern" }));
    expect(await within(dialog).findByText("Auslöser ist ein Pflichtfeld.")).toBeInTheDocument();
  });
});
