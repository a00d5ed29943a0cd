import { Alert, Button, Group, Modal, Select, Stack, TextInput, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { fieldErrors, friendlyMessage } from "../../api/errors";
import type { Entry, EntryFields, RecordKind } from "../../api/records";
import i18n from "../../i18n";
import { CONDITION_STATUSES, fieldLabel, SEVERITIES, severityLabel, statusLabel } from "./strings";

type FieldKind = "text" | "long" | "date" | "severity" | "status";
interface FieldSpec {
  name: string;
  kind: FieldKind;
  required?: boolean;
}

/** The fields of each kind of entry, in the order the form shows them (docs/api.md, "Medical records"). */
export const FIELDS: Record<RecordKind, FieldSpec[]> = {
  allergies: [
    { name: "substance", kind: "text", required: true },
    { name: "reaction", kind: "text" },
    { name: "severity", kind: "severity", required: true },
    { name: "noted_on", kind: "date" },
  ],
  conditions: [
    { name: "name", kind: "text", required: true },
    { name: "status", kind: "status", required: true },
    { name: "since", kind: "date" },
    { name: "notes", kind: "long" },
  ],
  medications: [
    { name: "name", kind: "text", required: true },
    { name: "dose", kind: "text" },
    { name: "frequency", kind: "text" },
    { name: "started_on", kind: "date" },
    { name: "stopped_on", kind: "date" },
  ],
};
const DEFAULTS: Record<string, string> = { severity: "moderate", status: "active" };
export const MAX_TEXT = 500;

export function initialValues(kind: RecordKind, entry?: Entry | null): Record<string, string> {
  const source = (entry ?? {}) as unknown as Record<string, string | null>;
  return Object.fromEntries(FIELDS[kind].map((f) => [f.name, source[f.name] ?? DEFAULTS[f.name] ?? ""]));
}

/** What the form sends: trimmed text, empty optional fields as null (a change clears them). */
export function toFields(kind: RecordKind, values: Record<string, string>): EntryFields {
  return Object.fromEntries(
    FIELDS[kind].map((f) => {
      const value = (values[f.name] ?? "").trim();
      return [f.name, value === "" ? null : value];
    }),
  );
}

export function validate(kind: RecordKind, values: Record<string, string>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of FIELDS[kind]) {
    const value = (values[field.name] ?? "").trim();
    if (field.required && !value) problems[field.name] = i18n.t("record.required", { label: fieldLabel(field.name) });
    else if (value.length > MAX_TEXT) problems[field.name] = i18n.t("record.tooLong", { max: MAX_TEXT });
  }
  if (kind === "medications" && values.started_on && values.stopped_on && values.stopped_on < values.started_on) {
    problems.stopped_on = i18n.t("record.stoppedBeforeStarted");
  }
  return problems;
}

interface Props {
  kind: RecordKind;
  /** The entry to edit; absent to add one. */
  entry?: Entry | null;
  opened: boolean;
  busy: boolean;
  error: unknown;
  onClose: () => void;
  onSubmit: (fields: EntryFields) => void;
}

/** Add or edit one entry; the server's field problems show under their fields. */
export function EntryModal({ kind, entry, opened, busy, error, onClose, onSubmit }: Props) {
  const { t } = useTranslation();
  const form = useForm({
    mode: "controlled",
    initialValues: initialValues(kind, entry),
    validate: (values) => validate(kind, values),
  });
  const serverProblems = fieldErrors(error);
  const title = entry ? t(`record.kinds.${kind}.editTitle`) : t(`record.kinds.${kind}.addTitle`);

  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <form onSubmit={form.onSubmit((values) => onSubmit(toFields(kind, values)))} noValidate>
        <Stack>
          {FIELDS[kind].map((field, index) => {
            const common = {
              label: fieldLabel(field.name),
              withAsterisk: field.required,
              "data-autofocus": index === 0 ? true : undefined,
              ...form.getInputProps(field.name),
              error: form.errors[field.name] ?? serverProblems[field.name],
            };
            if (field.kind === "severity" || field.kind === "status") {
              const data =
                field.kind === "severity"
                  ? SEVERITIES.map((value) => ({ value, label: severityLabel(value) }))
                  : CONDITION_STATUSES.map((value) => ({ value, label: statusLabel(value) }));
              return (
                <Select
                  key={field.name}
                  {...common}
                  data={data}
                  allowDeselect={false}
                />
              );
            }
            if (field.kind === "long") {
              return <Textarea key={field.name} {...common} autosize minRows={2} maxLength={MAX_TEXT} />;
            }
            if (field.kind === "date") return <TextInput key={field.name} type="date" {...common} />;
            return <TextInput key={field.name} {...common} maxLength={MAX_TEXT} />;
          })}
          {error && Object.keys(serverProblems).length === 0 ? (
            <Alert color="red" role="alert" title={t("record.saveFailed")}>
              {friendlyMessage(error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("actions.cancel")}
            </Button>
            <Button type="submit" loading={busy}>
              {t("actions.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
