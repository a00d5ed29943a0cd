import { Button, Card, Modal, NumberInput, Select, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title, VisuallyHidden } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { adminApi, adminKeys, type ClinicChange, type ClinicInput } from "../../api/admin";
import type { Clinic } from "../../api/types";
import { CityFilter } from "../../components/CityFilter";
import i18n from "../../i18n";
import { timeZones } from "../doctor/ProfilePage";
import { ErrorNotice, PageHeader } from "../doctor/ui";
import { FormFooter } from "../../components/FormFooter";

type Values = {
  name: string;
  line1: string;
  line2: string;
  postal_code: string;
  city: string;
  country: string;
  lat: number | string;
  lon: number | string;
  phone: string;
  timezone: string;
};

const EMPTY: Values = { name: "", line1: "", line2: "", postal_code: "", city: "", country: "DE", lat: "", lon: "", phone: "", timezone: "Europe/Berlin" };

function valuesOf(clinic?: Clinic): Values {
  if (!clinic) return EMPTY;
  const { address } = clinic;
  return {
    name: clinic.name,
    line1: address.line1,
    line2: address.line2 ?? "",
    postal_code: address.postal_code,
    city: address.city,
    country: address.country,
    lat: clinic.lat,
    lon: clinic.lon,
    phone: clinic.phone ?? "",
    timezone: clinic.timezone,
  };
}

export function clinicInput(values: Values): ClinicInput {
  return {
    name: values.name.trim(),
    address: {
      line1: values.line1.trim(),
      line2: values.line2.trim() || null,
      postal_code: values.postal_code.trim(),
      city: values.city.trim(),
      country: values.country.trim().toUpperCase(),
    },
    lat: Number(values.lat),
    lon: Number(values.lon),
    phone: values.phone.replace(/[\s()/-]/g, "") || null,
    timezone: values.timezone,
  };
}

/** Only what changed; the address goes whole when any line of it changed. */
export function clinicChange(before: Clinic, values: Values): ClinicChange {
  const after = clinicInput(values);
  const change: ClinicChange = {};
  if (after.name !== before.name) change.name = after.name;
  const a = after.address;
  const b = before.address;
  if (a.line1 !== b.line1 || (a.line2 ?? null) !== b.line2 || a.postal_code !== b.postal_code || a.city !== b.city || a.country !== b.country) {
    change.address = a;
  }
  if (after.lat !== before.lat) change.lat = after.lat;
  if (after.lon !== before.lon) change.lon = after.lon;
  if ((after.phone ?? null) !== before.phone) change.phone = after.phone ?? null;
  if (after.timezone !== before.timezone) change.timezone = after.timezone;
  return change;
}

const required = (v: string) => (v.trim() ? null : i18n.t("admin.clinics.required"));

function ClinicForm({ editing, onDone }: { editing?: Clinic; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: valuesOf(editing),
    validate: {
      name: required,
      line1: required,
      postal_code: required,
      city: required,
      country: (v) => (/^[A-Za-z]{2}$/.test(v.trim()) ? null : i18n.t("admin.clinics.countryInvalid")),
      lat: (v) => (v === "" || Math.abs(Number(v)) > 90 ? i18n.t("admin.clinics.latRange") : null),
      lon: (v) => (v === "" || Math.abs(Number(v)) > 180 ? i18n.t("admin.clinics.lonRange") : null),
      phone: (v) => (!v.trim() || /^\+[1-9]\d{6,14}$/.test(v.replace(/[\s()/-]/g, "")) ? null : i18n.t("admin.clinics.phoneInvalid")),
      timezone: (v) => (v ? null : i18n.t("admin.clinics.required")),
    },
  });
  const zone = form.values.timezone;
  const zones = useMemo(() => timeZones(zone), [zone]);
  const save = useMutation({
    mutationFn: (values: Values) => {
      if (!editing) return adminApi.createClinic(clinicInput(values));
      const change = clinicChange(editing, values);
      return Object.keys(change).length ? adminApi.updateClinic(editing.clinic_id, change) : Promise.resolve(editing);
    },
    onSuccess: (clinic) => {
      void queryClient.invalidateQueries({ queryKey: ["clinics"] });
      toasts.show({ color: "green", message: editing ? t("admin.clinics.changed", { name: clinic.name }) : t("admin.clinics.created", { name: clinic.name }) });
      form.reset();
      onDone();
    },
  });
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))} aria-label={editing ? t("admin.clinics.editTitle") : t("admin.clinics.newTitle")}>
      <Stack>
        <TextInput label={t("admin.clinics.name")} withAsterisk maxLength={120} {...form.getInputProps("name")} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t("admin.clinics.line1")} withAsterisk {...form.getInputProps("line1")} />
          <TextInput label={t("admin.clinics.line2")} {...form.getInputProps("line2")} />
          <TextInput label={t("admin.clinics.postalCode")} withAsterisk {...form.getInputProps("postal_code")} />
          <TextInput label={t("admin.clinics.city")} withAsterisk {...form.getInputProps("city")} />
          <TextInput label={t("admin.clinics.country")} description={t("admin.clinics.countryHint")} withAsterisk maxLength={2} {...form.getInputProps("country")} />
          <TextInput label={t("admin.clinics.phone")} description={t("admin.clinics.phoneHint")} inputMode="tel" {...form.getInputProps("phone")} />
          <NumberInput label={t("admin.clinics.lat")} min={-90} max={90} decimalScale={6} withAsterisk {...form.getInputProps("lat")} />
          <NumberInput label={t("admin.clinics.lon")} min={-180} max={180} decimalScale={6} withAsterisk {...form.getInputProps("lon")} />
        </SimpleGrid>
        <Select
          label={t("admin.clinics.timezone")}
          searchable
          withAsterisk
          data={zones}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps("timezone")}
        />
        <FormFooter
          error={save.isError ? save.error : null}
          failedTitle={t("admin.clinics.failed")}
          saveLabel={editing ? t("admin.clinics.saveChange") : t("admin.clinics.save")}
          saving={save.isPending}
          onBack={onDone}
        />
      </Stack>
    </form>
  );
}

/** The admin's clinics: list them (by city), add one, change one. */
export default function ClinicsPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState("");
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Clinic | null>(null);
  const clinics = useQuery({ queryKey: adminKeys.clinics(filter), queryFn: () => adminApi.clinics(filter) });
  const rows = clinics.data?.items ?? [];
  return (
    <Stack>
      <PageHeader title={t("admin.clinics.title")} subtitle={t("admin.clinics.subtitle")}>
        {!adding && <Button onClick={() => setAdding(true)}>{t("admin.clinics.add")}</Button>}
      </PageHeader>
      {adding && (
        <Card withBorder radius="md" maw={820}>
          <Title order={2} size="h5" mb="sm">
            {t("admin.clinics.newTitle")}
          </Title>
          <ClinicForm onDone={() => setAdding(false)} />
        </Card>
      )}
      <CityFilter label={t("admin.clinics.cityFilter")} placeholder={t("admin.clinics.anyCity")} submitLabel={t("admin.clinics.filter")} onSearch={setFilter} />
      {clinics.isError && <ErrorNotice error={clinics.error} onRetry={() => void clinics.refetch()} />}
      {clinics.isPending && <Skeleton h={120} />}
      {clinics.isSuccess && rows.length === 0 && <Text c="dimmed">{t("admin.clinics.none")}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("admin.clinics.name")}</Table.Th>
                <Table.Th>{t("admin.clinics.address")}</Table.Th>
                <Table.Th>{t("admin.clinics.phoneColumn")}</Table.Th>
                <Table.Th>{t("admin.clinics.timezone")}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t("admin.clinics.actions")}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((clinic) => (
                <Table.Tr key={clinic.clinic_id}>
                  <Table.Td fw={600}>{clinic.name}</Table.Td>
                  <Table.Td>
                    {[clinic.address.line1, clinic.address.line2, `${clinic.address.postal_code} ${clinic.address.city}`, clinic.address.country].filter(Boolean).join(", ")}
                  </Table.Td>
                  <Table.Td>{clinic.phone ?? "—"}</Table.Td>
                  <Table.Td>{clinic.timezone}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" onClick={() => setEditing(clinic)} aria-label={t("admin.clinics.editLabel", { name: clinic.name })}>
                      {t("admin.clinics.edit")}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={t("admin.clinics.editTitle")} size="lg">
        {editing && <ClinicForm key={editing.clinic_id} editing={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
