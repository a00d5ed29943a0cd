import { Alert, Badge, Button, Card, Group, Modal, Skeleton, Stack, Table, Text, TextInput, Textarea, Title, VisuallyHidden } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { adminApi, adminKeys, type SpecialtyChange } from "../../api/admin";
import { fieldErrors } from "../../api/errors";
import { portalMessage } from "../doctor/messages";
import type { Specialty } from "../../api/types";
import classes from "../doctor/doctor.module.css";
import { ErrorNotice, PageHeader } from "../doctor/ui";

const nameRule = (value: string) => {
  const name = value.trim();
  if (name.length < 2) return "A name has at least 2 characters.";
  if (name.length > 80) return "Keep the name under 80 characters.";
  return null;
};
const descriptionRule = (value: string) => (value.length > 1000 ? "Keep the description under 1,000 characters." : null);

function useRefreshCatalogue() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: adminKeys.specialties });
    void queryClient.invalidateQueries({ queryKey: ["specialties"] });
  };
}

function NewSpecialty() {
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
      toasts.show({ color: "green", message: `${specialty.name} is now offered to patients.` });
      form.reset();
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="new-specialty">
      <Title order={2} size="h4" id="new-specialty" mb="sm">
        Add a specialty
      </Title>
      <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
        <Stack>
          <TextInput label="Name" withAsterisk maxLength={80} {...form.getInputProps("name")} />
          <Textarea label="Description" description="Tell patients what it covers." autosize minRows={2} maxLength={1000} {...form.getInputProps("description")} />
          {create.isError && (
            <Alert color="red" role="alert">
              {portalMessage(create.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Add specialty
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function EditSpecialty({ specialty, onClose }: { specialty: Specialty; onClose: () => void }) {
  const refresh = useRefreshCatalogue();
  const form = useForm({
    mode: "controlled",
    initialValues: { name: specialty.name, description: specialty.description },
    validate: { name: nameRule, description: descriptionRule },
  });
  const save = useMutation({
    mutationFn: (change: SpecialtyChange) => adminApi.updateSpecialty(specialty.specialty_id, change),
    onSuccess: () => {
      refresh();
      toasts.show({ color: "green", message: "Specialty saved." });
      onClose();
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  return (
    <Modal opened onClose={onClose} title={`Edit ${specialty.name}`}>
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
          <TextInput label="Name" withAsterisk maxLength={80} data-autofocus {...form.getInputProps("name")} />
          <Textarea label="Description" autosize minRows={3} maxLength={1000} {...form.getInputProps("description")} />
          {save.isError && (
            <Alert color="red" role="alert">
              {portalMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function SpecialtiesPage() {
  const refresh = useRefreshCatalogue();
  const [editing, setEditing] = useState<Specialty | null>(null);
  const list = useQuery({ queryKey: adminKeys.specialties, queryFn: adminApi.specialties });
  const toggle = useMutation({
    mutationFn: (specialty: Specialty) => adminApi.updateSpecialty(specialty.specialty_id, { active: !specialty.active }),
    onSuccess: (specialty) => {
      refresh();
      toasts.show({
        color: "green",
        message: specialty.active ? `${specialty.name} is offered to patients again.` : `${specialty.name} is hidden from patients.`,
      });
    },
    onError: (error) => toasts.show({ color: "red", title: "Not changed", message: portalMessage(error) }),
  });

  return (
    <Stack>
      <PageHeader title="Specialties" subtitle="What patients can search by. A deactivated specialty is hidden from them." />
      <NewSpecialty />
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton h={200} />
      ) : (
        list.data && (
          <Table striped highlightOnHover withTableBorder verticalSpacing="sm" className={classes.stackTable}>
            <Table.Caption>{list.data.items.length} specialties</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Description</Table.Th>
                <Table.Th scope="col">Shown to patients</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((s) => (
                <Table.Tr key={s.specialty_id}>
                  <Table.Td data-label="Name" fw={600}>{s.name}</Table.Td>
                  <Table.Td data-label="Description">
                    <Text size="sm" lineClamp={2}>
                      {s.description || "—"}
                    </Text>
                  </Table.Td>
                  <Table.Td data-label="Shown">
                    <Badge color={s.active ? "green" : "gray"} c={s.active ? "green.9" : "gray.8"} variant="light">
                      {s.active ? "Active" : "Inactive"}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" justify="flex-end">
                      <Button size="xs" variant="default" onClick={() => setEditing(s)} aria-label={`Edit ${s.name}`}>
                        Edit
                      </Button>
                      <Button
                        size="xs"
                        variant="outline"
                        color={s.active ? "red.9" : undefined}
                        loading={toggle.isPending && toggle.variables?.specialty_id === s.specialty_id}
                        onClick={() => toggle.mutate(s)}
                        aria-label={`${s.active ? "Deactivate" : "Activate"} ${s.name}`}
                      >
                        {s.active ? "Deactivate" : "Activate"}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )
      )}
      {editing && <EditSpecialty specialty={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
