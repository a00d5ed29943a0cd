import { ActionIcon, Anchor, Button, Group, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { IconDownload, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { files, keys } from "../api/endpoints";
import { ApiError } from "../api/errors";
import { AttachmentPicker } from "./AttachmentPicker";
import { ErrorAlert } from "./ErrorAlert";
import { formatDateTime } from "./time";
import { UploadProgress } from "./UploadProgress";
import { formatSize } from "./uploads";
import { useUploads } from "./useUploads";

/** The files of one appointment: listed with download links, uploaded with progress, removed by their owner. */
export function AppointmentFiles({ appointmentId, canEdit }: { appointmentId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<File[]>([]);
  const uploads = useUploads();
  const list = useQuery({ queryKey: keys.files(appointmentId), queryFn: () => files.list(appointmentId) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.files(appointmentId) });
  const upload = useMutation({
    mutationFn: () => uploads.run(appointmentId, picked),
    onSettled: () => {
      setPicked([]);
      void refresh();
    },
  });
  const remove = useMutation({ mutationFn: (fileId: string) => files.remove(appointmentId, fileId), onSuccess: refresh });
  const stored = (list.data?.items ?? []).filter((f) => f.status !== "PENDING");
  const unavailable = list.error instanceof ApiError && list.error.status === 404;

  return (
    <Stack gap="sm">
      <Title order={2} fz="h4">
        {t("files.title")}
      </Title>
      {unavailable ? (
        <Text c="dimmed" fz="sm">
          {t("files.unavailable")}
        </Text>
      ) : (
        <>
          <ErrorAlert error={list.error ?? remove.error} onRetry={() => void list.refetch()} />
          {stored.length === 0 && list.isSuccess && (
            <Text c="dimmed" fz="sm">
              {t("files.none")}
            </Text>
          )}
          {stored.length > 0 && (
            <Table.ScrollContainer minWidth={420}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("files.file")}</Table.Th>
                    <Table.Th>{t("files.size")}</Table.Th>
                    <Table.Th>{t("files.added")}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t("files.actions")}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {stored.map((file) => (
                    <Table.Tr key={file.file_id}>
                      <Table.Td>
                        {file.download_url ? (
                          <Anchor href={file.download_url} target="_blank" rel="noopener noreferrer">
                            {file.filename}
                          </Anchor>
                        ) : (
                          file.filename
                        )}
                      </Table.Td>
                      <Table.Td>{formatSize(file.size)}</Table.Td>
                      <Table.Td>{file.uploaded_at ? formatDateTime(file.uploaded_at) : "—"}</Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap" justify="flex-end">
                          {file.download_url && (
                            <ActionIcon
                              component="a"
                              href={file.download_url}
                              download={file.filename}
                              variant="subtle"
                              aria-label={t("files.download", { name: file.filename })}
                            >
                              <IconDownload size={18} aria-hidden />
                            </ActionIcon>
                          )}
                          {canEdit && (
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={t("files.delete", { name: file.filename })}
                              loading={remove.isPending && remove.variables === file.file_id}
                              onClick={() => remove.mutate(file.file_id)}
                            >
                              <IconTrash size={18} aria-hidden />
                            </ActionIcon>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {canEdit && (
            <Stack gap="xs">
              <AttachmentPicker
                value={picked}
                onChange={setPicked}
                alreadyStored={stored.length}
                disabled={upload.isPending}
                label={t("files.choose")}
              />
              {picked.length > 0 && (
                <Group>
                  <Button onClick={() => upload.mutate()} loading={upload.isPending}>
                    {t("files.upload", { count: picked.length })}
                  </Button>
                </Group>
              )}
              <UploadProgress items={uploads.items} />
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}
