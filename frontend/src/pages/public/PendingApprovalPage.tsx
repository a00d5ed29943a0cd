import { Title } from "@mantine/core";

export default function PendingApprovalPage() {
  return <Title order={1}>PendingApprovalPage</Title>;
}
