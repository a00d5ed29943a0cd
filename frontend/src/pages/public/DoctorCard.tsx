import { Badge, Button, Card, Group, Stack, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import type { Doctor } from "../../api/types";
import { formatTime, zoneLabel } from "../../components/time";

export function fee(amount: number): string {
  return new Intl.NumberFormat("en-GB", { style: "currency", currency: "EUR" }).format(amount);
}

export function DoctorCard({ doctor, date }: { doctor: Doctor; date?: string }) {
  const profile = `/doctors/${encodeURIComponent(doctor.doctor_id)}${date ? `?week=${date}` : ""}`;
  const free = doctor.available_slots ?? [];
  return (
    <Card withBorder padding="md" data-testid="doctor-card">
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={700} fz="lg" component={Link} to={profile}>
            {doctor.name}
          </Text>
          <Badge variant="light">{doctor.specialty.name}</Badge>
        </Group>
        <Text fz="sm" c="dimmed">
          {doctor.experience_years} years of experience · {fee(doctor.consultation_fee)} per visit
        </Text>
        {doctor.bio && (
          <Text fz="sm" lineClamp={2}>
            {doctor.bio}
          </Text>
        )}
        {date && free.length > 0 && (
          <Stack gap={4}>
            <Text fz="xs" c="dimmed">
              Free that day ({zoneLabel(doctor.timezone)}):
            </Text>
            <Group gap={6}>
              {free.slice(0, 8).map((slot) => (
                <Badge key={slot.slot_id} variant="outline" color="teal">
                  {formatTime(slot.start, doctor.timezone)}
                </Badge>
              ))}
              {free.length > 8 && <Text fz="xs">+{free.length - 8} more</Text>}
            </Group>
          </Stack>
        )}
        <Group>
          <Button component={Link} to={profile} size="sm" aria-label={`See times of ${doctor.name}`}>
            See times
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
