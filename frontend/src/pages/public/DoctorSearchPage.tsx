import { Button, Drawer, Group, Select, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useDebouncedValue, useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconAdjustmentsHorizontal, IconCurrentLocation, IconSearch } from "@tabler/icons-react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { catalogue, keys } from "../../api/endpoints";
import { ErrorAlert } from "../../components/ErrorAlert";
import { dayjs } from "../../components/time";
import { languageName } from "../../i18n/format";
import { DoctorCard } from "./DoctorCard";

/** Languages offered in the search's language filter (ISO 639-1). */
const LANGUAGES = ["ar", "cs", "de", "en", "es", "fr", "he", "it", "ja", "nl", "pl", "pt", "ru", "ta", "tr", "uk"];

/** Search by name, specialty, a day with free times, a city or "near me", the mode, a language and an order; on a
 * phone the filters live in a drawer. */
export default function DoctorSearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const specialty = params.get("specialty") ?? "";
  const date = params.get("date") ?? "";
  const near = params.get("near") ?? "";
  const radius = params.get("radius") ?? "10";
  const mode = params.get("mode") ?? "";
  const language = params.get("language") ?? "";
  const sort = params.get("sort") ?? "";
  const [text, setText] = useState(params.get("q") ?? "");
  const [q] = useDebouncedValue(text.trim(), 300);
  const [cityText, setCityText] = useState(params.get("city") ?? "");
  const [city] = useDebouncedValue(cityText.trim(), 300);
  const [locating, setLocating] = useState(false);
  const [noLocation, setNoLocation] = useState(false);
  const phone = useMediaQuery("(max-width: 48em)");
  const [drawer, { open, close }] = useDisclosure(false);
  const specialties = useQuery({ queryKey: keys.specialties, queryFn: catalogue.specialties });

  useEffect(() => {
    if ((params.get("q") ?? "") === q) return;
    const next = new URLSearchParams(params);
    if (q) next.set("q", q);
    else next.delete("q");
    setParams(next, { replace: true });
  }, [q, params, setParams]);

  useEffect(() => {
    if ((params.get("city") ?? "") === city) return;
    const next = new URLSearchParams(params);
    if (city) {
      next.set("city", city);
      next.delete("near");
      if (next.get("sort") === "distance") next.delete("sort");
    } else next.delete("city");
    setParams(next, { replace: true });
  }, [city, params, setParams]);

  /** "Near me": the browser's position (rounded to about 100 m), which replaces a typed city. */
  function locate() {
    if (near) {
      setFilter("near", null);
      return;
    }
    if (!("geolocation" in navigator)) {
      setNoLocation(true);
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        setNoLocation(false);
        setCityText("");
        const next = new URLSearchParams(params);
        next.set("near", `${position.coords.latitude.toFixed(3)},${position.coords.longitude.toFixed(3)}`);
        next.delete("city");
        next.set("sort", "distance");
        setParams(next, { replace: true });
      },
      () => {
        setLocating(false);
        setNoLocation(true);
      },
      { timeout: 10_000, maximumAge: 600_000 },
    );
  }

  function setFilter(name: string, value: string | null) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  const filters = {
    q: q || undefined,
    specialty_id: specialty || undefined,
    date: date || undefined,
    city: (!near && city) || undefined,
    near: near || undefined,
    radius_km: near ? Number(radius) : undefined,
    mode: mode || undefined,
    language: language || undefined,
    sort: (sort === "distance" && !near ? undefined : sort) || undefined,
  };
  const doctors = useInfiniteQuery({
    queryKey: keys.doctors(filters),
    queryFn: ({ pageParam }) => catalogue.doctors({ ...filters, cursor: pageParam, limit: 20 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = doctors.data?.pages.flatMap((p) => p.items) ?? [];
  const active = [specialty, date, near || city, mode, language, sort].filter(Boolean).length;

  const nameField = (
    <TextInput
      label={t("public.search.name")}
      placeholder={t("public.search.namePlaceholder")}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      leftSection={<IconSearch size={16} aria-hidden />}
      w={{ base: "100%", sm: 260 }}
    />
  );
  const otherFilters = (
    <>
      <Select
        label={t("public.search.specialty")}
        placeholder={t("public.search.anySpecialty")}
        clearable
        data={(specialties.data?.items ?? []).map((s) => ({ value: s.specialty_id, label: s.name }))}
        value={specialty || null}
        onChange={(value) => setFilter("specialty", value)}
        w={{ base: "100%", sm: 220 }}
        comboboxProps={{ withinPortal: true }}
      />
      <DatePickerInput
        label={t("public.search.freeOn")}
        placeholder={t("public.search.anyDay")}
        clearable
        minDate={dayjs().format("YYYY-MM-DD")}
        maxDate={dayjs().add(90, "day").format("YYYY-MM-DD")}
        value={date || null}
        onChange={(value) => setFilter("date", value ? dayjs(value).format("YYYY-MM-DD") : null)}
        valueFormat="ddd D MMM YYYY"
        w={{ base: "100%", sm: 200 }}
      />
      <TextInput
        label={t("public.search.city")}
        placeholder={t("public.search.cityPlaceholder")}
        value={near ? "" : cityText}
        onChange={(e) => setCityText(e.currentTarget.value)}
        disabled={Boolean(near)}
        w={{ base: "100%", sm: 180 }}
      />
      <Button
        variant={near ? "filled" : "default"}
        leftSection={<IconCurrentLocation size={16} aria-hidden />}
        onClick={locate}
        loading={locating}
        aria-pressed={Boolean(near)}
        data-testid="near-me"
      >
        {near ? t("public.search.nearMeOn") : t("public.search.nearMe")}
      </Button>
      {near && (
        <Select
          label={t("public.search.radius")}
          data={["5", "10", "25", "50", "100"].map((km) => ({ value: km, label: t("public.search.radiusKm", { km }) }))}
          value={radius}
          onChange={(value) => setFilter("radius", value)}
          w={{ base: "100%", sm: 110 }}
          comboboxProps={{ withinPortal: true }}
          allowDeselect={false}
        />
      )}
      <Select
        label={t("public.search.mode")}
        placeholder={t("public.search.anyMode")}
        clearable
        data={[
          { value: "in_person", label: t("public.search.inPerson") },
          { value: "video", label: t("public.search.video") },
        ]}
        value={mode || null}
        onChange={(value) => setFilter("mode", value)}
        w={{ base: "100%", sm: 170 }}
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        label={t("public.search.language")}
        placeholder={t("public.search.anyLanguage")}
        clearable
        searchable
        data={LANGUAGES.map((code) => ({ value: code, label: languageName(code) }))}
        value={language || null}
        onChange={(value) => setFilter("language", value)}
        w={{ base: "100%", sm: 160 }}
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        label={t("public.search.sort")}
        data={[
          { value: "relevance", label: t("public.search.sortRelevance") },
          { value: "next_available", label: t("public.search.sortNext") },
          { value: "rating", label: t("public.search.sortRating") },
          ...(near ? [{ value: "distance", label: t("public.search.sortDistance") }] : []),
        ]}
        value={(sort === "distance" && !near ? "" : sort) || "relevance"}
        onChange={(value) => setFilter("sort", value === "relevance" ? null : value)}
        w={{ base: "100%", sm: 170 }}
        comboboxProps={{ withinPortal: true }}
        allowDeselect={false}
      />
    </>
  );

  return (
    <Stack>
      <Title order={1}>{t("public.search.title")}</Title>
      <Group align="flex-end" gap="sm" wrap="wrap" role="search" aria-label={t("public.search.filters")}>
        {nameField}
        {phone ? (
          <Button
            variant="default"
            leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden />}
            onClick={open}
            fullWidth
            aria-haspopup="dialog"
          >
            {active ? t("public.search.filtersCount", { count: active }) : t("public.search.filtersButton")}
          </Button>
        ) : (
          otherFilters
        )}
      </Group>
      {phone && (
        <Drawer opened={drawer} onClose={close} title={t("public.search.filters")} position="bottom" size="auto" closeButtonProps={{ "aria-label": t("actions.dismiss") }}>
          <Stack pb="md">
            {otherFilters}
            <Button onClick={close}>{t("public.search.showResults")}</Button>
          </Stack>
        </Drawer>
      )}
      {noLocation && (
        <Text fz="sm" c="red.9" role="alert">
          {t("public.search.noLocation")}
        </Text>
      )}
      <ErrorAlert error={doctors.error} onRetry={() => void doctors.refetch()} />
      <div aria-live="polite" aria-busy={doctors.isFetching}>
        {doctors.isLoading ? (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} height={150} radius="md" />
            ))}
          </SimpleGrid>
        ) : items.length === 0 && !doctors.error ? (
          <Text c="dimmed">{date ? t("public.search.noneThatDay") : t("public.search.none")}</Text>
        ) : (
          <>
            <Text fz="sm" c="dimmed" mb="xs">
              {t("public.search.count", { count: items.length })}
              {doctors.hasNextPage ? ` ${t("public.search.soFar")}` : ""}
            </Text>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {items.map((doctor) => (
                <DoctorCard key={doctor.doctor_id} doctor={doctor} date={date || undefined} />
              ))}
            </SimpleGrid>
          </>
        )}
      </div>
      {doctors.hasNextPage && (
        <Button variant="default" onClick={() => void doctors.fetchNextPage()} loading={doctors.isFetchingNextPage}>
          {t("public.search.more")}
        </Button>
      )}
    </Stack>
  );
}
