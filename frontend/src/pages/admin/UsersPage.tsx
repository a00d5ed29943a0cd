import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Radio,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications as toasts } from "@mantine/notifications";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { adminApi, adminKeys, type AdminUser, type UserFilters } from "../../api/admin";
import { portalMessage } from "../doctor/messages";
import type { Role } from "../../api/types";
import { useAuth } from "../../auth/context";
import classes from "../doctor/doctor.module.css";
import { ErrorNotice, PageHeader } from "../doctor/ui";
import { dateTimeIn } from "../doctor/zoned";

type Pending = { user: AdminUser; enable: boolean };
type Appointments = "cancel" | "keep";

/** Disables the account; a doctor's or patient's future appointments are cancelled a batch per call, so it calls
 * again while some are left. Answers the account and how many appointments went. */
async function disableAccount(user: AdminUser, appointments: Appointments | null): Promise<{ user: AdminUser; cancelled: number }> {
  const choice = user.role === "doctor" ? appointments === "cancel" : undefined;
  let cancelled = 0;
  for (let round = 0; round < 20; round += 1) {
    const answer = await adminApi.disableUser(user.user_id, choice);
    cancelled += answer.cancelled_appointments ?? 0;
    if (!answer.appointments_left) return { user: answer, cancelled };
  }
  return { user: { ...user, status: "disabled" }, cancelled };
}

export default function UsersPage() {
  const { user: me } = useAuth();
  const zone = me?.timezone ?? "UTC";
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>("patient");
  const [email, setEmail] = useState("");
  const [debouncedEmail] = useDebouncedValue(email.trim().toLowerCase(), 300);
  const filters: UserFilters = { role, email: debouncedEmail };
  const [pending, setPending] = useState<Pending | null>(null);
  const [appointments, setAppointments] = useState<Appointments | null>(null);
  const choosing = pending !== null && !pending.enable && pending.user.role === "doctor";
  const list = useInfiniteQuery({
    queryKey: adminKeys.users(filters),
    queryFn: ({ pageParam }) => adminApi.users(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const users = list.data?.pages.flatMap((p) => p.items) ?? [];
  const change = useMutation({
    mutationFn: async ({ user, enable }: Pending) =>
      enable ? { user: await adminApi.enableUser(user.user_id), cancelled: 0 } : disableAccount(user, appointments),
    onSuccess: ({ user, cancelled }) => {
      void queryClient.invalidateQueries({ queryKey: ["admin", "users"] });
      const gone = cancelled ? ` ${cancelled} future appointment${cancelled === 1 ? " was" : "s were"} cancelled.` : "";
      toasts.show({
        color: "green",
        message: user.status === "disabled" ? `${user.name} can no longer sign in.${gone}` : `${user.name} can sign in again.`,
      });
      setPending(null);
    },
  });

  return (
    <Stack>
      <PageHeader title="Users" subtitle="Find accounts and disable or enable them. A disabled account cannot sign in." />
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Role"
          value={role}
          onChange={(value) => setRole((value ?? "patient") as Role)}
          allowDeselect={false}
          data={[
            { value: "patient", label: "Patients" },
            { value: "doctor", label: "Doctors" },
            { value: "admin", label: "Administrators" },
          ]}
          w={180}
        />
        <TextInput
          label="E-mail address"
          placeholder="name@example.com"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          type="search"
          w={{ base: "100%", xs: 300 }}
        />
      </Group>
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton h={200} />
      ) : users.length === 0 && !list.isError ? (
        <Text c="dimmed">No accounts match.</Text>
      ) : (
        users.length > 0 && (
          <Table striped highlightOnHover withTableBorder verticalSpacing="sm" className={classes.stackTable}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">E-mail</Table.Th>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Since</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.map((u) => {
                const disabled = u.status === "disabled";
                const self = u.user_id === me?.user_id;
                return (
                  <Table.Tr key={u.user_id}>
                    <Table.Td data-label="Name" fw={600}>{u.name}</Table.Td>
                    <Table.Td data-label="E-mail" style={{ wordBreak: "break-all" }}>{u.email}</Table.Td>
                    <Table.Td data-label="Role">{u.role}</Table.Td>
                    <Table.Td data-label="Status">
                      <Badge color={disabled ? "red" : "green"} c={disabled ? "red.9" : "green.9"} variant="light">
                        {disabled ? "Disabled" : "Active"}
                      </Badge>
                    </Table.Td>
                    <Table.Td data-label="Since">{dateTimeIn(u.created_at, zone)}</Table.Td>
                    <Table.Td>
                      {!self && (
                        <Button
                          size="xs"
                          variant="outline"
                          color={disabled ? undefined : "red.9"}
                          onClick={() => {
                            change.reset();
                            setAppointments(null);
                            setPending({ user: u, enable: disabled });
                          }}
                          aria-label={`${disabled ? "Enable" : "Disable"} ${u.name}`}
                        >
                          {disabled ? "Enable" : "Disable"}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )
      )}
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            Show more
          </Button>
        </Group>
      )}
      <Modal
        opened={pending !== null}
        onClose={() => setPending(null)}
        title={pending ? `${pending.enable ? "Enable" : "Disable"} ${pending.user.name}?` : ""}
      >
        <Stack>
          <Text size="sm">
            {pending?.enable
              ? "They can sign in again straight away."
              : "They are signed out at once and cannot sign in until you enable the account again."}
          </Text>
          {pending && !pending.enable && pending.user.role === "patient" && (
            <Text size="sm">Their future appointments are cancelled and the slots freed for others.</Text>
          )}
          {choosing && (
            <Radio.Group
              label="Their future appointments"
              description="They leave the directory at once and take no new bookings."
              value={appointments}
              onChange={(value) => setAppointments(value as Appointments)}
              required
            >
              <Stack gap="xs" mt="xs">
                <Radio value="cancel" label="Cancel them: patients are told and e-mailed, the slots freed" />
                <Radio value="keep" label="Keep them: you arrange them with the patients" />
              </Stack>
            </Radio.Group>
          )}
          {change.isError && (
            <Alert color="red" role="alert">
              {portalMessage(change.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPending(null)} data-autofocus>
              Back
            </Button>
            <Button
              color={pending?.enable ? undefined : "red.9"}
              loading={change.isPending}
              disabled={choosing && appointments === null}
              onClick={() => pending && change.mutate(pending)}
            >
              {pending?.enable ? "Enable account" : "Disable account"}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
