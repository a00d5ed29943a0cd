import { Title } from "@mantine/core";

export default function ForgotPasswordPage() {
  return <Title order={1}>ForgotPasswordPage</Title>;
}
