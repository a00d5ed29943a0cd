import { ActionIcon, Alert, Badge, Button, Card, Group, Menu, Modal, Skeleton, Stack, Table, Text, TextInput, Textarea, Title, VisuallyHidden } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { IconDots } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { adminApi, adminKeys, type SpecialtyChange } from "../../api/admin";
import { fieldErrors } from "../../api/errors";
import type { Specialty } from "../../api/types";
import i18n from "../../i18n";
import { portalMessage } from "../doctor/messages";
import classes from "../doctor/doctor.module.css";
import { ErrorNotice, PageHeader } from "../doctor/ui";

const nameRule = (value: string) => {
  const name = value.trim();
  if (name.length < 2) return i18n.t("admin.specialties.nameShort");
  if (name.length > 80) return i18n.t("admin.specialties.nameLong");
  return null;
};
const descriptionRule = (value: string) => (value.length > 1000 ? i18n.t("admin.specialties.descriptionLong") : null);

function useRefreshCatalogue() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: adminKeys.specialties });
    void queryClient.invalidateQueries({ queryKey: ["specialties"] });
  };
}

function NewSpecialty() {
  const { t } = useTranslation();
  const refresh = useRefreshCatalogue();
  const form = useForm({
    mode: "controlled",
    initialValues: { name: "", description: "" },
    validate: { name: nameRule, description: descriptionRule },
  });
  const create = useMutation({
    mutationFn: (values: { name: string; description: string }) =>
      adminApi.createSpecialty({ name: values.name.trim(), description: values.description.trim() }),
    onSuccess: (specialty) => {
      refresh();
      toasts.show({ color: "green", message: t("admin.specialties.offered", { name: specialty.name }) });
      form.reset();
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="new-specialty">
      <Title order={2} size="h4" id="new-specialty" mb="sm">
        {t("admin.specialties.add")}
      </Title>
      <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
        <Stack>
          <TextInput label={t("admin.specialties.name")} withAsterisk maxLength={80} {...form.getInputProps("name")} />
          <Textarea
            label={t("admin.specialties.description")}
            description={t("admin.specialties.descriptionHint")}
            autosize
            minRows={2}
            maxLength={1000}
            {...form.getInputProps("description")}
          />
          {create.isError && (
            <Alert color="red" role="alert">
              {portalMessage(create.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              {t("admin.specialties.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function EditSpecialty({ specialty, onClose }: { specialty: Specialty; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshCatalogue();
  const form = useForm({
    mode: "controlled",
    initialValues: { name: specialty.name, description: specialty.description },
    validate: { name: nameRule, description: descriptionRule },
  });
  const save = useMutation({
    mutationFn: (change: SpecialtyChange) => adminApi.updateSpecialty(specialty.specialty_id, change),
    onSuccess: (saved) => {
      refresh();
      toasts.show({ color: "green", message: t("admin.specialties.saved", { name: saved.name }) });
      onClose();
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  return (
    <Modal opened onClose={onClose} title={t("admin.specialties.editTitle", { name: specialty.name })}>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          const change: SpecialtyChange = {};
          if (values.name.trim() !== specialty.name) change.name = values.name.trim();
          if (values.description.trim() !== specialty.description) change.description = values.description.trim();
          if (Object.keys(change).length === 0) onClose();
          else save.mutate(change);
        })}
      >
        <Stack>
          <TextInput label={t("admin.specialties.name")} withAsterisk maxLength={80} data-autofocus {...form.getInputProps("name")} />
          <Textarea label={t("admin.specialties.description")} autosize minRows={3} maxLength={1000} {...form.getInputProps("description")} />
          {save.isError && (
            <Alert color="red" role="alert">
              {portalMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("actions.back")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("admin.specialties.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function SpecialtiesPage() {
  const { t } = useTranslation();
  const refresh = useRefreshCatalogue();
  const [editing, setEditing] = useState<Specialty | null>(null);
  const [deactivating, setDeactivating] = useState<Specialty | null>(null);
  const list = useQuery({ queryKey: adminKeys.specialties, queryFn: adminApi.specialties });
  const toggle = useMutation({
    mutationFn: (specialty: Specialty) => adminApi.updateSpecialty(specialty.specialty_id, { active: !specialty.active }),
    onSuccess: (specialty) => {
      refresh();
      setDeactivating(null);
      toasts.show({
        color: "green",
        message: specialty.active
          ? t("admin.specialties.activated", { name: specialty.name })
          : t("admin.specialties.deactivated", { name: specialty.name }),
      });
    },
    onError: (error) => toasts.show({ color: "red", title: t("doctor.week.notChanged"), message: portalMessage(error) }),
  });

  return (
    <Stack>
      <PageHeader title={t("admin.specialties.title")} subtitle={t("admin.specialties.subtitle")} />
      <NewSpecialty />
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton h={200} />
      ) : (
        list.data &&
        (list.data.items.length === 0 ? (
          <Text c="dimmed">{t("admin.specialties.none")}</Text>
        ) : (
          <Table striped highlightOnHover withTableBorder verticalSpacing="sm" className={classes.stackTable}>
            <Table.Caption>{t("admin.specialties.caption", { count: list.data.items.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("admin.specialties.name")}</Table.Th>
                <Table.Th scope="col">{t("admin.specialties.description")}</Table.Th>
                <Table.Th scope="col">{t("admin.specialties.shown")}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t("admin.specialties.actions")}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((s) => (
                <Table.Tr key={s.specialty_id}>
                  <Table.Td data-label={t("admin.specialties.name")} fw={600}>
                    {s.name}
                  </Table.Td>
                  <Table.Td data-label={t("admin.specialties.description")}>
                    <Text size="sm" lineClamp={2}>
                      {s.description || "—"}
                    </Text>
                  </Table.Td>
                  <Table.Td data-label={t("admin.specialties.shown")}>
                    <Badge color={s.active ? "green" : "gray"} c="dark.7" variant="dot">
                      {s.active ? t("admin.specialties.active") : t("admin.specialties.inactive")}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" justify="flex-end">
                      <Button size="xs" variant="default" onClick={() => setEditing(s)} aria-label={t("admin.specialties.editLabel", { name: s.name })}>
                        {t("admin.specialties.edit")}
                      </Button>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={t("actions.moreFor", { name: s.name })}>
                            <IconDots size={18} aria-hidden />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {s.active ? (
                            <Menu.Item color="red.9" onClick={() => setDeactivating(s)}>
                              {t("admin.specialties.deactivate")}
                            </Menu.Item>
                          ) : (
                            <Menu.Item onClick={() => toggle.mutate(s)}>{t("admin.specialties.activate")}</Menu.Item>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ))
      )}
      {editing && <EditSpecialty specialty={editing} onClose={() => setEditing(null)} />}
      <Modal
        opened={deactivating !== null}
        onClose={() => setDeactivating(null)}
        title={deactivating ? t("admin.specialties.deactivateTitle", { name: deactivating.name }) : ""}
      >
        <Stack>
          <Text size="sm">{t("admin.specialties.deactivateBody")}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeactivating(null)} data-autofocus>
              {t("actions.back")}
            </Button>
            <Button color="red.9" loading={toggle.isPending} onClick={() => deactivating && toggle.mutate(deactivating)}>
              {t("admin.specialties.deactivate")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
