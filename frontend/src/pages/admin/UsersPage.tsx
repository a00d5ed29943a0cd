import { ActionIcon, Alert, Badge, Button, Group, Menu, Modal, Radio, Select, Skeleton, Stack, Table, Text, TextInput, VisuallyHidden } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications as toasts } from "@mantine/notifications";
import { IconDots, IconSearch } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { adminApi, adminKeys, type AdminUser } from "../../api/admin";
import type { Page, Role } from "../../api/types";
import { useAuth } from "../../auth/context";
import { portalMessage } from "../doctor/messages";
import classes from "../doctor/doctor.module.css";
import { ErrorNotice, PageHeader } from "../doctor/ui";
import { dateTimeIn } from "../doctor/zoned";

type Pending = { user: AdminUser; enable: boolean };
type RoleChoice = Role | "all";

const ROLES: Role[] = ["patient", "doctor", "admin"];
/** Where each role's listing stands: the next cursor, or null once it is read to the end. */
type Cursors = Partial<Record<Role, string | null>>;

/**
 * The API lists accounts one role at a time (the role index), so "All roles" reads each role's listing side by
 * side, a page of each at a time, and merges them by name.
 */
async function pageOfRoles(roles: Role[], email: string, cursors: Cursors): Promise<{ items: AdminUser[]; next: Cursors }> {
  const next: Cursors = {};
  const pages = await Promise.all(
    roles.map(async (role): Promise<[Role, Page<AdminUser>] | null> => {
      if (cursors[role] === null) return null;
      return [role, await adminApi.users({ role, email }, cursors[role] ?? undefined)];
    }),
  );
  const items: AdminUser[] = [];
  for (const found of pages) {
    if (!found) continue;
    const [role, page] = found;
    items.push(...page.items);
    next[role] = page.next_cursor;
  }
  for (const role of roles) if (!(role in next)) next[role] = null;
  return { items, next };
}

/** A name search runs over what is loaded; an e-mail search asks the server (its filter is an e-mail prefix). */
export function matches(user: AdminUser, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  return user.name.toLowerCase().includes(needle) || user.email.toLowerCase().startsWith(needle);
}

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
  const { t } = useTranslation();
  const { user: me } = useAuth();
  const zone = me?.timezone ?? "UTC";
  const queryClient = useQueryClient();
  const [role, setRole] = useState<RoleChoice>("all");
  const [text, setText] = useState("");
  const [debounced] = useDebouncedValue(text.trim().toLowerCase(), 300);
  const roles = role === "all" ? ROLES : [role];
  const [pending, setPending] = useState<Pending | null>(null);
  const [appointments, setAppointments] = useState<Appointments | null>(null);
  const choosing = pending !== null && !pending.enable && pending.user.role === "doctor";
  // Every account of the chosen roles, page by page (the name search filters these).
  const list = useInfiniteQuery({
    queryKey: adminKeys.users({ role: role === "all" ? "" : role }),
    queryFn: ({ pageParam }) => pageOfRoles(roles, "", pageParam),
    initialPageParam: {} as Cursors,
    getNextPageParam: (last) => (Object.values(last.next).some((c) => c) ? last.next : undefined),
  });
  // Accounts whose e-mail starts with the search, from the server, in case they are not loaded yet.
  const byEmail = useQuery({
    queryKey: adminKeys.users({ role: role === "all" ? "" : role, email: debounced }),
    queryFn: () => pageOfRoles(roles, debounced, {}),
    enabled: debounced.length > 0,
  });
  const loaded = list.data?.pages.flatMap((p) => p.items) ?? [];
  const merged = new Map<string, AdminUser>();
  for (const u of [...loaded.filter((u) => matches(u, debounced)), ...(debounced ? (byEmail.data?.items ?? []) : [])]) {
    merged.set(u.user_id, u);
  }
  const users = [...merged.values()].sort((a, b) => a.name.localeCompare(b.name));
  const change = useMutation({
    mutationFn: async ({ user, enable }: Pending) =>
      enable ? { user: await adminApi.enableUser(user.user_id), cancelled: 0 } : disableAccount(user, appointments),
    onSuccess: ({ user, cancelled }) => {
      void queryClient.invalidateQueries({ queryKey: ["admin", "users"] });
      toasts.show({
        color: "green",
        message:
          user.status === "disabled"
            ? t("admin.users.disabledDone", { name: user.name }) +
              (cancelled ? " " + t("admin.users.appointmentsCancelled", { count: cancelled }) : "")
            : t("admin.users.enabledDone", { name: user.name }),
      });
      setPending(null);
    },
  });
  const error = list.error ?? byEmail.error;

  return (
    <Stack>
      <PageHeader title={t("admin.users.title")} subtitle={t("admin.users.subtitle")} />
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label={t("admin.users.search")}
          placeholder={t("admin.users.searchPlaceholder")}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          type="search"
          leftSection={<IconSearch size={16} aria-hidden />}
          w={{ base: "100%", xs: 300 }}
        />
        <Select
          label={t("admin.users.role")}
          value={role}
          onChange={(value) => setRole((value ?? "all") as RoleChoice)}
          allowDeselect={false}
          data={[
            { value: "all", label: t("admin.users.allRoles") },
            { value: "patient", label: t("admin.users.patients") },
            { value: "doctor", label: t("admin.users.doctors") },
            { value: "admin", label: t("admin.users.admins") },
          ]}
          w={{ base: "100%", xs: 200 }}
        />
      </Group>
      {error && <ErrorNotice error={error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton h={200} />
      ) : users.length === 0 && !error ? (
        <Text c="dimmed">{t("admin.users.none")}</Text>
      ) : (
        users.length > 0 && (
          <Table striped highlightOnHover withTableBorder verticalSpacing="sm" className={classes.stackTable}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("admin.users.name")}</Table.Th>
                <Table.Th scope="col">{t("admin.users.email")}</Table.Th>
                <Table.Th scope="col">{t("admin.users.role")}</Table.Th>
                <Table.Th scope="col">{t("admin.users.status")}</Table.Th>
                <Table.Th scope="col">{t("admin.users.since")}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t("admin.users.actions")}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.map((u) => {
                const disabled = u.status === "disabled";
                const self = u.user_id === me?.user_id;
                return (
                  <Table.Tr key={u.user_id} data-testid="user-row">
                    <Table.Td data-label={t("admin.users.name")} fw={600}>
                      {u.name}
                    </Table.Td>
                    <Table.Td data-label={t("admin.users.email")} style={{ wordBreak: "break-all" }}>
                      {u.email}
                    </Table.Td>
                    <Table.Td data-label={t("admin.users.role")}>{t(`admin.users.roleName.${u.role}`)}</Table.Td>
                    <Table.Td data-label={t("admin.users.status")}>
                      <Badge color={disabled ? "red" : "green"} c="dark.7" variant="dot">
                        {disabled ? t("admin.users.disabled") : t("admin.users.active")}
                      </Badge>
                    </Table.Td>
                    <Table.Td data-label={t("admin.users.since")}>{dateTimeIn(u.created_at, zone)}</Table.Td>
                    <Table.Td>
                      {!self && (
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={t("actions.moreFor", { name: u.name })}>
                              <IconDots size={18} aria-hidden />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item
                              color={disabled ? undefined : "red.9"}
                              onClick={() => {
                                change.reset();
                                setAppointments(null);
                                setPending({ user: u, enable: disabled });
                              }}
                            >
                              {disabled ? t("admin.users.enable") : t("admin.users.disable")}
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
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
            {t("actions.showMore")}
          </Button>
        </Group>
      )}
      <Modal
        opened={pending !== null}
        onClose={() => setPending(null)}
        title={
          pending
            ? pending.enable
              ? t("admin.users.enableTitle", { name: pending.user.name })
              : t("admin.users.disableTitle", { name: pending.user.name })
            : ""
        }
      >
        <Stack>
          <Text size="sm">{pending?.enable ? t("admin.users.enableBody") : t("admin.users.disableBody")}</Text>
          {pending && !pending.enable && pending.user.role === "patient" && (
            <Text size="sm">{t("admin.users.patientAppointments")}</Text>
          )}
          {choosing && (
            <Radio.Group
              label={t("admin.users.doctorAppointments")}
              description={t("admin.users.doctorAppointmentsHint")}
              value={appointments}
              onChange={(value) => setAppointments(value as Appointments)}
              required
            >
              <Stack gap="xs" mt="xs">
                <Radio value="cancel" label={t("admin.users.cancelThem")} />
                <Radio value="keep" label={t("admin.users.keepThem")} />
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
              {t("actions.back")}
            </Button>
            <Button
              color={pending?.enable ? undefined : "red.9"}
              loading={change.isPending}
              disabled={choosing && appointments === null}
              onClick={() => pending && change.mutate(pending)}
            >
              {pending?.enable ? t("admin.users.enable") : t("admin.users.disable")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
