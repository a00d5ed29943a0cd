import { Button, Drawer, Group, Select, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useDebouncedValue, useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconAdjustmentsHorizontal, IconSearch } from "@tabler/icons-react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { catalogue, keys } from "../../api/endpoints";
import { ErrorAlert } from "../../components/ErrorAlert";
import { dayjs } from "../../components/time";
import { DoctorCard } from "./DoctorCard";

/** Search by name, specialty and a day with free times; on a phone the two filters live in a drawer. */
export default function DoctorSearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const specialty = params.get("specialty") ?? "";
  const date = params.get("date") ?? "";
  const [text, setText] = useState(params.get("q") ?? "");
  const [q] = useDebouncedValue(text.trim(), 300);
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

  function setFilter(name: string, value: string | null) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  const filters = { q: q || undefined, specialty_id: specialty || undefined, date: date || undefined };
  const doctors = useInfiniteQuery({
    queryKey: keys.doctors(filters),
    queryFn: ({ pageParam }) => catalogue.doctors({ ...filters, cursor: pageParam, limit: 20 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = doctors.data?.pages.flatMap((p) => p.items) ?? [];
  const active = (specialty ? 1 : 0) + (date ? 1 : 0);

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
