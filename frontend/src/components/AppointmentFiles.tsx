import { ActionIcon, Anchor, Button, Group, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { IconDownload, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
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
        Files
      </Title>
      {unavailable ? (
        <Text c="dimmed" fz="sm">
          Files cannot be shared for this appointment right now.
        </Text>
      ) : (
        <>
          <ErrorAlert error={list.error ?? remove.error} onRetry={() => void list.refetch()} />
          {stored.length === 0 && list.isSuccess && (
            <Text c="dimmed" fz="sm">
              No files yet.
            </Text>
          )}
          {stored.length > 0 && (
            <Table.ScrollContainer minWidth={420}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>File</Table.Th>
                    <Table.Th>Size</Table.Th>
                    <Table.Th>Added</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
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
                              aria-label={`Download ${file.filename}`}
                            >
                              <IconDownload size={18} aria-hidden />
                            </ActionIcon>
                          )}
                          {canEdit && (
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={`Delete ${file.filename}`}
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
                label="Choose files"
              />
              {picked.length > 0 && (
                <Group>
                  <Button onClick={() => upload.mutate()} loading={upload.isPending}>
                    Upload {picked.length} {picked.length === 1 ? "file" : "files"}
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
