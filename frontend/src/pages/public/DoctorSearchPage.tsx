import { Title } from "@mantine/core";

export default function DoctorSearchPage() {
  return <Title order={1}>DoctorSearchPage</Title>;
}
