import { Button, Group, Select, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { catalogue, keys } from "../../api/endpoints";
import { ErrorAlert } from "../../components/ErrorAlert";
import { dayjs } from "../../components/time";
import { DoctorCard } from "./DoctorCard";

export default function DoctorSearchPage() {
  const [params, setParams] = useSearchParams();
  const specialty = params.get("specialty") ?? "";
  const date = params.get("date") ?? "";
  const [text, setText] = useState(params.get("q") ?? "");
  const [q] = useDebouncedValue(text.trim(), 300);
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

  return (
    <Stack>
      <Title order={1}>Find a doctor</Title>
      <Group align="flex-end" gap="sm" wrap="wrap" role="search" aria-label="Filter doctors">
        <TextInput
          label="Name or specialty"
          placeholder="e.g. Schmidt"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          leftSection={<IconSearch size={16} aria-hidden />}
          w={{ base: "100%", sm: 260 }}
        />
        <Select
          label="Specialty"
          placeholder="Any specialty"
          clearable
          data={(specialties.data?.items ?? []).map((s) => ({ value: s.specialty_id, label: s.name }))}
          value={specialty || null}
          onChange={(value) => setFilter("specialty", value)}
          w={{ base: "100%", sm: 220 }}
        />
        <DatePickerInput
          label="Free on"
          placeholder="Any day"
          clearable
          minDate={dayjs().format("YYYY-MM-DD")}
          maxDate={dayjs().add(90, "day").format("YYYY-MM-DD")}
          value={date || null}
          onChange={(value) => setFilter("date", value ? dayjs(value).format("YYYY-MM-DD") : null)}
          valueFormat="ddd D MMM YYYY"
          w={{ base: "100%", sm: 200 }}
        />
      </Group>
      <ErrorAlert error={doctors.error} onRetry={() => void doctors.refetch()} />
      <div aria-live="polite" aria-busy={doctors.isFetching}>
        {doctors.isLoading ? (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} height={150} radius="md" />
            ))}
          </SimpleGrid>
        ) : items.length === 0 && !doctors.error ? (
          <Text c="dimmed">
            {date ? "No doctor matching these filters has a free time that day. Try another day." : "No doctor matches these filters."}
          </Text>
        ) : (
          <>
            <Text fz="sm" c="dimmed" mb="xs">
              {items.length} {items.length === 1 ? "doctor" : "doctors"}
              {doctors.hasNextPage ? " so far" : ""}
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
          Show more doctors
        </Button>
      )}
    </Stack>
  );
}
