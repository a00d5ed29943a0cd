import { Title } from "@mantine/core";

export default function BookedPage() {
  return <Title order={1}>BookedPage</Title>;
}
