import { Title } from "@mantine/core";

export default function MyAppointmentsPage() {
  return <Title order={1}>MyAppointmentsPage</Title>;
}
