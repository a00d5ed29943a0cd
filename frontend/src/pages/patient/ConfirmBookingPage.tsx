import { Title } from "@mantine/core";

export default function ConfirmBookingPage() {
  return <Title order={1}>ConfirmBookingPage</Title>;
}
