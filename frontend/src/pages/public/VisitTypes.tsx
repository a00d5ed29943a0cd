import { Badge, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import { IconMapPin, IconVideo } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { catalogue, keys } from "../../api/endpoints";
import type { DoctorProfile } from "../../api/types";
import { formatPrice } from "../../i18n/format";

/** The visits a doctor offers (length, price, in person or by video) and the clinics they work at. */
export function VisitTypes({ doctor }: { doctor: DoctorProfile }) {
  const { t } = useTranslation();
  const types = useQuery({
    queryKey: keys.appointmentTypes(doctor.doctor_id),
    queryFn: () => catalogue.appointmentTypes(doctor.doctor_id),
  });
  const offered = types.data?.items ?? [];
  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        <section aria-labelledby="types-heading">
          <Title order={2} fz="h4" id="types-heading" mb="xs">
            {t("public.types.title")}
          </Title>
          {types.isSuccess && offered.length === 0 ? (
            <Text c="dimmed" fz="sm">
              {t("public.types.none")}
            </Text>
          ) : (
            <Stack gap={6} data-testid="visit-types">
              {offered.map((type) => (
                <Group key={type.appointment_type_id} justify="space-between" wrap="wrap" gap="xs">
                  <Group gap="xs" wrap="nowrap">
                    {type.mode === "video" ? <IconVideo size={16} aria-hidden /> : <IconMapPin size={16} aria-hidden />}
                    <Text fw={600}>{type.name}</Text>
                    <Badge variant="light" color={type.mode === "video" ? "grape" : "blue"} c={type.mode === "video" ? "grape.9" : "blue.9"}>
                      {type.mode === "video" ? t("public.types.video") : t("public.types.inPerson")}
                    </Badge>
                  </Group>
                  <Text fz="sm">
                    {t("public.types.minutes", { count: type.duration_minutes })} · <strong>{formatPrice(type.price)}</strong>
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </section>
        <section aria-labelledby="clinics-heading">
          <Title order={2} fz="h4" id="clinics-heading" mb="xs">
            {t("public.clinics.title")}
          </Title>
          {doctor.clinics.length === 0 ? (
            <Text c="dimmed" fz="sm">
              {t("public.clinics.none")}
            </Text>
          ) : (
            <List spacing={4} fz="sm" icon={<IconMapPin size={16} aria-hidden />}>
              {doctor.clinics.map((clinic) => (
                <List.Item key={clinic.clinic_id}>
                  {clinic.name}, {clinic.city}
                </List.Item>
              ))}
            </List>
          )}
        </section>
      </Stack>
    </Paper>
  );
}
