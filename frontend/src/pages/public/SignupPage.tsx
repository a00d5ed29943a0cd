import { Title } from "@mantine/core";

export default function SignupPage() {
  return <Title order={1}>SignupPage</Title>;
}
