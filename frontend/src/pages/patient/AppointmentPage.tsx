import { Title } from "@mantine/core";

export default function AppointmentPage() {
  return <Title order={1}>AppointmentPage</Title>;
}
