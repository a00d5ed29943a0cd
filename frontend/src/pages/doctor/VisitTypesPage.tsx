import { Alert, Badge, Button, Card, Checkbox, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Skeleton, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { IconMapPin, IconVideo } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { doctorApi, doctorKeys, type AppointmentTypeChange, type AppointmentTypeInput, type ClinicPlace } from "../../api/doctor";
import type { AppointmentType } from "../../api/types";
import { CityFilter } from "../../components/CityFilter";
import i18n from "../../i18n";
import { appCurrency, formatPrice } from "../../i18n/format";
import { portalMessage } from "./messages";
import { ErrorNotice, PageHeader } from "./ui";
import classes from "./doctor.module.css";
import { FormFooter } from "../../components/FormFooter";

/** The ISO 4217 codes the API takes, with their minor digits (docs/api.md, "Appointment types and video visits"). */
export const CURRENCY_DIGITS: Record<string, number> = {
  EUR: 2, USD: 2, GBP: 2, CHF: 2, SEK: 2, NOK: 2, DKK: 2, PLN: 2, CZK: 2, HUF: 2, RON: 2, CAD: 2, AUD: 2, JPY: 0, KWD: 3,
};

type Values = {
  name: string;
  duration_minutes: number | string;
  amount: string;
  currency: string;
  mode: "in_person" | "video";
  clinic_id: string | null;
  description: string;
};

/** A price as typed ("80", "80,5", "80.50") to the API's decimal string, or null when it is not one. */
export function amountOf(typed: string, currency: string): string | null {
  const text = typed.trim().replace(",", ".");
  const digits = CURRENCY_DIGITS[currency] ?? 2;
  const pattern = digits ? new RegExp(`^\\d{1,7}(\\.\\d{1,${digits}})?$`) : /^\d{1,9}$/;
  return pattern.test(text) ? text : null;
}

function valuesOf(type?: AppointmentType): Values {
  if (!type) {
    const currency = appCurrency();
    return { name: "", duration_minutes: 30, amount: "", currency: currency in CURRENCY_DIGITS ? currency : "EUR", mode: "in_person", clinic_id: null, description: "" };
  }
  return {
    name: type.name,
    duration_minutes: type.duration_minutes,
    amount: type.price.amount,
    currency: type.price.currency,
    mode: type.mode,
    clinic_id: type.clinic_id,
    description: type.description,
  };
}

export function typeInput(values: Values): AppointmentTypeInput {
  const input: AppointmentTypeInput = {
    name: values.name.trim(),
    duration_minutes: Number(values.duration_minutes),
    price: { amount: amountOf(values.amount, values.currency) ?? values.amount, currency: values.currency },
    mode: values.mode,
    description: values.description.trim(),
  };
  if (values.mode === "in_person" && values.clinic_id) input.clinic_id = values.clinic_id;
  return input;
}

/** Only what changed (mode and clinic are fixed once a type exists: its slots and bookings carry them). */
export function typeChange(before: AppointmentType, values: Values): AppointmentTypeChange {
  const after = typeInput(values);
  const change: AppointmentTypeChange = {};
  if (after.name !== before.name) change.name = after.name;
  if (after.duration_minutes !== before.duration_minutes) change.duration_minutes = after.duration_minutes;
  if (Number(after.price.amount) !== Number(before.price.amount) || after.price.currency !== before.price.currency) change.price = after.price;
  if ((after.description ?? "") !== before.description) change.description = after.description;
  return change;
}

function TypeForm({ editing, clinics, onDone }: { editing?: AppointmentType; clinics: ClinicPlace[]; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    mode: "controlled",
    // A doctor at one clinic has nothing to choose: it is preset.
    initialValues: { ...valuesOf(editing), ...(!editing && clinics.length === 1 ? { clinic_id: clinics[0]!.clinic_id } : {}) },
    validate: {
      name: (v) => (v.trim().length < 1 || v.trim().length > 80 ? i18n.t("doctor.types.nameRange") : null),
      duration_minutes: (v) => {
        const n = Number(v);
        return v === "" || !Number.isInteger(n) || n < 5 || n > 240 || n % 5 ? i18n.t("doctor.types.durationRange") : null;
      },
      amount: (v, values) => (amountOf(v, values.currency) === null ? i18n.t("doctor.types.amountInvalid", { currency: values.currency, digits: CURRENCY_DIGITS[values.currency] ?? 2 }) : null),
      clinic_id: (v, values) => (values.mode === "in_person" && !editing && !v ? i18n.t("doctor.types.clinicMissing") : null),
      description: (v) => (v.length > 500 ? i18n.t("doctor.types.descriptionLong") : null),
    },
  });
  const save = useMutation({
    mutationFn: (values: Values) => {
      if (!editing) return doctorApi.createType(typeInput(values));
      const change = typeChange(editing, values);
      return Object.keys(change).length ? doctorApi.updateType(editing.appointment_type_id, change) : Promise.resolve(editing);
    },
    onSuccess: (type) => {
      void queryClient.invalidateQueries({ queryKey: doctorKeys.types });
      toasts.show({ color: "green", message: editing ? t("doctor.types.changed", { name: type.name }) : t("doctor.types.created", { name: type.name }) });
      form.reset();
      onDone();
    },
  });
  const fixed = !!editing;
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))} aria-label={editing ? t("doctor.types.editTitle") : t("doctor.types.newTitle")}>
      <Stack>
        <TextInput label={t("doctor.types.name")} placeholder={t("doctor.types.namePlaceholder")} withAsterisk maxLength={80} {...form.getInputProps("name")} />
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <NumberInput label={t("doctor.types.duration")} min={5} max={240} step={5} withAsterisk {...form.getInputProps("duration_minutes")} />
          <TextInput label={t("doctor.types.amount")} inputMode="decimal" placeholder="80.00" withAsterisk {...form.getInputProps("amount")} />
          <Select
            label={t("doctor.types.currency")}
            data={Object.keys(CURRENCY_DIGITS)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps("currency")}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="type-mode-label">
            {t("doctor.types.mode")}
          </Text>
          <SegmentedControl
            aria-labelledby="type-mode-label"
            disabled={fixed}
            data={[
              { value: "in_person", label: t("public.types.inPerson") },
              { value: "video", label: t("public.types.video") },
            ]}
            {...form.getInputProps("mode")}
          />
          {fixed && (
            <Text size="xs" c="dimmed">
              {t("doctor.types.modeFixed")}
            </Text>
          )}
        </Stack>
        {form.values.mode === "in_person" &&
          (clinics.length ? (
            <Select
              label={t("doctor.types.clinic")}
              placeholder={t("doctor.types.clinicPlaceholder")}
              withAsterisk={!fixed}
              disabled={fixed}
              data={clinics.map((clinic) => ({ value: clinic.clinic_id, label: `${clinic.name}, ${clinic.city}` }))}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps("clinic_id")}
            />
          ) : (
            <Alert color="yellow" role="status">
              {t("doctor.types.noClinics")}
            </Alert>
          ))}
        <Textarea label={t("doctor.types.description")} autosize minRows={2} maxLength={500} {...form.getInputProps("description")} />
        <FormFooter
          error={save.isError ? save.error : null}
          failedTitle={t("doctor.types.failed")}
          saveLabel={editing ? t("doctor.types.saveChange") : t("doctor.types.save")}
          saving={save.isPending}
          onBack={onDone}
        />
      </Stack>
    </form>
  );
}

function TypeCard({ type, clinics, onEdit }: { type: AppointmentType; clinics: ClinicPlace[]; onEdit: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => (type.active ? doctorApi.deactivateType(type.appointment_type_id) : doctorApi.updateType(type.appointment_type_id, { active: true })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: doctorKeys.types }),
  });
  const clinic = clinics.find((c) => c.clinic_id === type.clinic_id);
  return (
    <Card withBorder radius="md" padding="sm" data-testid="type-card">
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="nowrap" miw={0}>
            {type.mode === "video" ? <IconVideo size={16} aria-hidden /> : <IconMapPin size={16} aria-hidden />}
            <Text fw={600} truncate>
              {type.name}
            </Text>
            {!type.active && (
              <Badge color="gray" variant="light" c="gray.8">
                {t("doctor.types.inactive")}
              </Badge>
            )}
          </Group>
          <Text fz="sm">
            {t("public.types.minutes", { count: type.duration_minutes })} · <strong>{formatPrice(type.price)}</strong>
          </Text>
        </Group>
        <Text fz="sm" c="dimmed">
          {type.mode === "video" ? t("public.types.video") : clinic ? `${t("public.types.inPerson")} · ${clinic.name}, ${clinic.city}` : t("public.types.inPerson")}
          {type.description ? ` · ${type.description}` : ""}
        </Text>
        {toggle.isError && (
          <Alert color="red" role="alert">
            {portalMessage(toggle.error)}
          </Alert>
        )}
        <Group gap="xs" justify="flex-end">
          <Button size="xs" variant="default" onClick={onEdit} aria-label={t("doctor.types.editLabel", { name: type.name })}>
            {t("doctor.types.edit")}
          </Button>
          <Button
            size="xs"
            variant="default"
            c={type.active ? "red.9" : "green.9"}
            loading={toggle.isPending}
            onClick={() => toggle.mutate()}
            aria-label={type.active ? t("doctor.types.deactivateLabel", { name: type.name }) : t("doctor.types.reactivateLabel", { name: type.name })}
          >
            {type.active ? t("doctor.types.deactivate") : t("doctor.types.reactivate")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

interface ClinicSource {
  queryKey: readonly unknown[];
  load: () => Promise<{ items: ClinicPlace[] }>;
  save: (clinicIds: string[]) => Promise<{ items: ClinicPlace[] }>;
}

const OWN_CLINICS: ClinicSource = { queryKey: doctorKeys.clinics, load: doctorApi.myClinics, save: doctorApi.setMyClinics };

/**
 * A doctor's clinics: look clinics up by city, tick the ones they work at, save the list (it replaces the old one).
 * The doctor's own by default; the admin's doctors page passes another doctor's.
 */
export function MyClinics({ source = OWN_CLINICS, onSaved }: { source?: ClinicSource; onSaved?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [searched, setSearched] = useState<string | null>(null);
  const mine = useQuery({ queryKey: source.queryKey, queryFn: source.load });
  const [chosen, setChosen] = useState<ClinicPlace[] | null>(null);
  const current = chosen ?? mine.data?.items ?? [];
  const found = useQuery({
    queryKey: doctorKeys.clinicsIn(searched ?? ""),
    queryFn: () => doctorApi.clinics(searched ?? ""),
    enabled: searched !== null,
  });
  const save = useMutation({
    mutationFn: () => source.save(current.map((c) => c.clinic_id)),
    onSuccess: (reply) => {
      queryClient.setQueryData(source.queryKey, reply);
      setChosen(null);
      onSaved?.();
      toasts.show({ color: "green", message: t("doctor.clinics.saved", { count: reply.items.length }) });
    },
  });
  const has = (id: string) => current.some((c) => c.clinic_id === id);
  const flip = (place: ClinicPlace) => setChosen(has(place.clinic_id) ? current.filter((c) => c.clinic_id !== place.clinic_id) : [...current, place]);
  return (
    <Stack>
      {source === OWN_CLINICS && (
        <Text size="sm" c="dimmed">
          {t("doctor.clinics.intro")}
        </Text>
      )}
      {mine.isError && <ErrorNotice error={mine.error} onRetry={() => void mine.refetch()} />}
      {mine.isPending ? (
        <Skeleton h={40} />
      ) : current.length === 0 ? (
        <Text c="dimmed">{t("doctor.clinics.none")}</Text>
      ) : (
        <Stack gap={4} component="ul" className={classes.plainList} aria-label={t("doctor.clinics.mine")}>
          {current.map((place) => (
            <li key={place.clinic_id}>
              <Checkbox checked onChange={() => flip(place)} label={`${place.name}, ${place.city}`} />
            </li>
          ))}
        </Stack>
      )}
      <CityFilter label={t("doctor.clinics.city")} placeholder={t("doctor.clinics.cityPlaceholder")} submitLabel={t("doctor.clinics.find")} onSearch={setSearched} />
      {found.isError && <ErrorNotice error={found.error} onRetry={() => void found.refetch()} />}
      {found.isSuccess && found.data.length === 0 && <Text c="dimmed">{t("doctor.clinics.noneFound")}</Text>}
      {found.isSuccess && found.data.length > 0 && (
        <Stack gap={4} component="ul" className={classes.plainList} aria-label={t("doctor.clinics.found")}>
          {found.data.map((clinic) => (
            <li key={clinic.clinic_id}>
              <Checkbox
                checked={has(clinic.clinic_id)}
                onChange={() => flip({ clinic_id: clinic.clinic_id, name: clinic.name, city: clinic.address.city, lat: clinic.lat, lon: clinic.lon })}
                label={`${clinic.name}, ${clinic.address.line1}, ${clinic.address.postal_code} ${clinic.address.city}`}
              />
            </li>
          ))}
        </Stack>
      )}
      {save.isError && (
        <Alert color="red" role="alert" title={t("doctor.clinics.failed")}>
          {portalMessage(save.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={chosen === null}>
          {source === OWN_CLINICS ? t("doctor.clinics.save") : t("doctor.clinics.saveOther")}
        </Button>
      </Group>
    </Stack>
  );
}

/** The visits the doctor offers (active and deactivated) and the clinics they work at. */
export default function VisitTypesPage() {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<AppointmentType | null>(null);
  const types = useQuery({ queryKey: doctorKeys.types, queryFn: doctorApi.myTypes });
  const clinics = useQuery({ queryKey: doctorKeys.clinics, queryFn: doctorApi.myClinics });
  const places = clinics.data?.items ?? [];
  const all = types.data?.items ?? [];
  const sorted = [...all.filter((type) => type.active), ...all.filter((type) => !type.active)];
  return (
    <Stack maw={820}>
      <PageHeader title={t("doctor.types.title")} subtitle={t("doctor.types.subtitle")}>
        {!adding && <Button onClick={() => setAdding(true)}>{t("doctor.types.add")}</Button>}
      </PageHeader>
      {adding && (
        <Card withBorder radius="md">
          <Title order={2} size="h5" mb="sm">
            {t("doctor.types.newTitle")}
          </Title>
          <TypeForm clinics={places} onDone={() => setAdding(false)} />
        </Card>
      )}
      {types.isError && <ErrorNotice error={types.error} onRetry={() => void types.refetch()} />}
      {types.isPending && <Skeleton h={120} />}
      {types.isSuccess && all.length === 0 && !adding && <Text c="dimmed">{t("doctor.types.none")}</Text>}
      <Stack gap="xs" component="ul" className={classes.plainList} aria-label={t("doctor.types.title")}>
        {sorted.map((type) => (
          <li key={type.appointment_type_id}>
            <TypeCard type={type} clinics={places} onEdit={() => setEditing(type)} />
          </li>
        ))}
      </Stack>
      <Card withBorder radius="md">
        <Title order={2} size="h4" mb="sm">
          {t("doctor.clinics.title")}
        </Title>
        <MyClinics />
      </Card>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={t("doctor.types.editTitle")} size="lg">
        {editing && <TypeForm key={editing.appointment_type_id} editing={editing} clinics={places} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
