import { Title } from "@mantine/core";

export default function ResetPasswordPage() {
  return <Title order={1}>ResetPasswordPage</Title>;
}
