import { Title } from "@mantine/core";

export default function AttendPage() {
  return <Title order={1}>AttendPage</Title>;
}
