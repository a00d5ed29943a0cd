import { Button, type ButtonProps } from "@mantine/core";
import { notifications as toasts } from "@mantine/notifications";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { booking } from "../api/endpoints";
import { friendlyMessage } from "../api/errors";

/** Saves the appointment as an .ics file: fetched with the bearer token, handed to the browser as a Blob. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function CalendarButton({
  appointmentId,
  leftSection,
  ...props
}: { appointmentId: string; leftSection?: ReactNode } & ButtonProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  async function save() {
    setBusy(true);
    try {
      const blob = await booking.calendar(appointmentId);
      downloadBlob(new Blob([blob], { type: "text/calendar" }), `docspot-appointment-${appointmentId}.ics`);
    } catch (error) {
      toasts.show({ color: "red", title: t("patient.calendar.failed"), message: friendlyMessage(error) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button onClick={() => void save()} loading={busy} leftSection={leftSection} {...props}>
      {t("patient.calendar.add")}
    </Button>
  );
}
