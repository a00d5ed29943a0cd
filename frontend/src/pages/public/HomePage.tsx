import { Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { catalogue, keys } from "../../api/endpoints";
import { ErrorAlert } from "../../components/ErrorAlert";

export default function HomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState("");
  const specialties = useQuery({ queryKey: keys.specialties, queryFn: catalogue.specialties });

  function search(event: FormEvent) {
    event.preventDefault();
    navigate(q.trim() ? `/doctors?q=${encodeURIComponent(q.trim())}` : "/doctors");
  }

  return (
    <Stack gap="xl">
      <Stack gap="sm" py="lg">
        <Title order={1}>{t("public.home.title")}</Title>
        <Text fz="lg" c="dimmed" maw={640}>
          {t("public.home.lead")}
        </Text>
        <form onSubmit={search} role="search" aria-label={t("public.home.search")}>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <TextInput
              label={t("public.home.field")}
              placeholder={t("public.home.placeholder")}
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              leftSection={<IconSearch size={16} aria-hidden />}
              w={{ base: "100%", sm: 380 }}
            />
            <Button type="submit">{t("public.home.submit")}</Button>
          </Group>
        </form>
      </Stack>
      <section aria-labelledby="specialties-heading">
        <Title order={2} id="specialties-heading" mb="sm">
          {t("public.home.specialties")}
        </Title>
        <ErrorAlert error={specialties.error} onRetry={() => void specialties.refetch()} />
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
          {specialties.isLoading &&
            Array.from({ length: 6 }, (_, i) => <Skeleton key={i} height={96} radius="md" />)}
          {specialties.data?.items.map((specialty) => (
            <Card
              key={specialty.specialty_id}
              withBorder
              component={Link}
              to={`/doctors?specialty=${encodeURIComponent(specialty.specialty_id)}`}
              aria-label={t("public.home.seeDoctors", { name: specialty.name })}
            >
              <Text fw={650}>{specialty.name}</Text>
              {specialty.description && (
                <Text fz="sm" c="dimmed" lineClamp={2}>
                  {specialty.description}
                </Text>
              )}
            </Card>
          ))}
        </SimpleGrid>
        {specialties.data && specialties.data.items.length === 0 && <Text c="dimmed">{t("public.home.noSpecialties")}</Text>}
      </section>
    </Stack>
  );
}
