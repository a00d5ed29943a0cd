import { Badge, Button, Card, Group, Modal, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  RECORD_KINDS,
  type Allergy,
  type Condition,
  type Entry,
  type EntryFields,
  type MedicalRecord,
  type Medication,
  type RecordEndpoint,
  type RecordKind,
  recordKeys,
} from "../../api/records";
import { ErrorAlert } from "../ErrorAlert";
import i18n from "../../i18n";
import { formatShortDate } from "../../i18n/format";
import { formatDateTime } from "../time";
import { EntryModal } from "./EntryModal";
import { roleLabel, severityLabel, statusLabel } from "./strings";

const SEVERITY_COLOR: Record<string, string> = { mild: "gray", moderate: "orange", severe: "red" };

interface Props {
  endpoint: RecordEndpoint;
  queryKey: readonly unknown[];
  /** Who is looking: their own entries read "you". */
  viewerId?: string;
  zone?: string;
  /** A record already read with the page (the doctor's patient page): shown without reading it again. */
  initial?: MedicalRecord;
}

type Editing = { kind: RecordKind; entry: Entry | null } | null;

/** "noted 12 Mar 2019": a dated detail of an entry, or nothing without the date. */
function dated(key: "record.noted" | "record.since" | "record.started" | "record.stopped", value: string | null): string | null {
  return value ? i18n.t(key, { day: formatShortDate(value) }) : null;
}

function headline(kind: RecordKind, entry: Entry): string {
  return kind === "allergies" ? (entry as Allergy).substance : (entry as Condition | Medication).name;
}

function details(kind: RecordKind, entry: Entry): string[] {
  if (kind === "allergies") {
    const a = entry as Allergy;
    return [a.reaction, dated("record.noted", a.noted_on)].filter(Boolean) as string[];
  }
  if (kind === "conditions") {
    const c = entry as Condition;
    return [dated("record.since", c.since), c.notes].filter(Boolean) as string[];
  }
  const m = entry as Medication;
  return [m.dose, m.frequency, dated("record.started", m.started_on), dated("record.stopped", m.stopped_on)].filter(
    Boolean,
  ) as string[];
}

function badge(kind: RecordKind, entry: Entry) {
  if (kind === "allergies") {
    const severity = (entry as Allergy).severity;
    return (
      <Badge color={SEVERITY_COLOR[severity]} variant="light">
        {severityLabel(severity)}
      </Badge>
    );
  }
  if (kind === "conditions") {
    const status = (entry as Condition).status;
    return (
      <Badge color={status === "active" ? "blue" : "gray"} variant="light">
        {statusLabel(status)}
      </Badge>
    );
  }
  return null;
}

/** The three kinds of entries of one record, each with add, edit and (for the patient) remove. */
export function RecordSections({ endpoint, queryKey, viewerId, zone, initial }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<{ kind: RecordKind; entry: Entry } | null>(null);
  // Every read of a record is logged for the patient to see: read it when the page opens and after a change only.
  const record = useQuery({
    queryKey,
    queryFn: endpoint.read,
    initialData: initial,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey });
    void queryClient.invalidateQueries({ queryKey: recordKeys.accessLog });
  };

  const save = useMutation({
    mutationFn: ({ kind, entry, fields }: { kind: RecordKind; entry: Entry | null; fields: EntryFields }) =>
      entry ? endpoint.change(kind, entry.entry_id, fields) : endpoint.add(kind, fields),
    onSuccess: () => {
      setEditing(null);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: ({ kind, entry }: { kind: RecordKind; entry: Entry }) => endpoint.remove!(kind, entry.entry_id),
    onSuccess: () => {
      setRemoving(null);
      refresh();
    },
  });

  if (record.isPending) return <Skeleton h={200} />;
  if (record.isError) return <ErrorAlert error={record.error} title={t("record.loadFailed")} onRetry={() => void record.refetch()} />;
  const data = record.data;
  const who = (author: { id: string; name: string }) => (author.id === viewerId ? t("record.you") : author.name);

  return (
    <Stack gap="md">
      {RECORD_KINDS.map((kind) => {
        const entries = data[kind] as Entry[];
        const headingId = `record-${kind}`;
        return (
          <Card key={kind} withBorder radius="md" component="section" aria-labelledby={headingId}>
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4" id={headingId}>
                {t(`record.kinds.${kind}.title`)}
              </Title>
              <Button
                size="xs"
                variant="light"
                onClick={() => {
                  save.reset();
                  setEditing({ kind, entry: null });
                }}
              >
                {t(`record.kinds.${kind}.add`)}
              </Button>
            </Group>
            {entries.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t(`record.kinds.${kind}.empty`)}
              </Text>
            ) : (
              <Stack gap="sm" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
                {entries.map((entry) => (
                  <li key={entry.entry_id} data-testid={`entry-${kind}`}>
                    <Group justify="space-between" align="flex-start" wrap="nowrap">
                      <Stack gap={2}>
                        <Group gap="xs">
                          <Text fw={600}>{headline(kind, entry)}</Text>
                          {badge(kind, entry)}
                        </Group>
                        {details(kind, entry).length > 0 && <Text size="sm">{details(kind, entry).join(" · ")}</Text>}
                        <Text size="xs" c="dimmed">
                          {t("record.recordedBy", {
                            name: who(entry.recorded_by),
                            role: roleLabel(entry.recorded_by.role),
                            when: formatDateTime(entry.recorded_at, zone),
                          })}
                          {entry.updated_by && entry.updated_at
                            ? `; ${t("record.updatedBy", {
                                name: who(entry.updated_by),
                                role: roleLabel(entry.updated_by.role),
                                when: formatDateTime(entry.updated_at, zone),
                              })}`
                            : ""}
                        </Text>
                      </Stack>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="xs"
                          variant="subtle"
                          aria-label={t("record.editEntry", { name: headline(kind, entry) })}
                          onClick={() => {
                            save.reset();
                            setEditing({ kind, entry });
                          }}
                        >
                          {t("record.edit")}
                        </Button>
                        {endpoint.remove && (
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red.9"
                            aria-label={t("record.removeEntry", { name: headline(kind, entry) })}
                            onClick={() => {
                              remove.reset();
                              setRemoving({ kind, entry });
                            }}
                          >
                            {t("record.remove")}
                          </Button>
                        )}
                      </Group>
                    </Group>
                  </li>
                ))}
              </Stack>
            )}
          </Card>
        );
      })}
      <Text size="xs" c="dimmed">
        {data.updated_at ? t("record.lastChanged", { when: formatDateTime(data.updated_at, zone) }) : t("record.neverChanged")}
      </Text>

      {editing && (
        <EntryModal
          key={`${editing.kind}-${editing.entry?.entry_id ?? "new"}`}
          kind={editing.kind}
          entry={editing.entry}
          opened
          busy={save.isPending}
          error={save.error}
          onClose={() => setEditing(null)}
          onSubmit={(fields) => save.mutate({ kind: editing.kind, entry: editing.entry, fields })}
        />
      )}
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={removing ? t(`record.kinds.${removing.kind}.removeTitle`) : ""}>
        {removing && (
          <Stack>
            <Text fw={600}>{headline(removing.kind, removing.entry)}</Text>
            <Text size="sm">{t("record.removeBody")}</Text>
            <ErrorAlert error={remove.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRemoving(null)} data-autofocus>
                {t("actions.cancel")}
              </Button>
              <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate(removing)}>
                {t("record.remove")}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
