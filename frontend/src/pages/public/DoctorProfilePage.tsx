import { Title } from "@mantine/core";

export default function DoctorProfilePage() {
  return <Title order={1}>DoctorProfilePage</Title>;
}
