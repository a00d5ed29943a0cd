import { Group, Progress, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { friendlyMessage } from "../api/errors";
import { formatSize } from "./uploads";

export interface UploadItem {
  file: File;
  progress: number;
  status: "waiting" | "uploading" | "done" | "failed";
  error?: unknown;
}

/** One progress bar per file, labelled for screen readers. */
export function UploadProgress({ items }: { items: UploadItem[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <Stack gap="xs" aria-label={t("files.uploads")}>
      {items.map((item) => {
        const percent = Math.round(item.progress * 100);
        const state =
          item.status === "done"
            ? t("files.uploaded")
            : item.status === "failed"
              ? t("files.failed")
              : item.status === "waiting"
                ? t("files.waiting")
                : `${percent}%`;
        return (
          <div key={`${item.file.name}-${item.file.size}`}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text fz="sm" truncate>
                {item.file.name} <Text span c="dimmed" fz="xs">({formatSize(item.file.size)})</Text>
              </Text>
              <Text fz="xs" c={item.status === "failed" ? "red.8" : "dimmed"}>
                {state}
              </Text>
            </Group>
            <Progress
              value={item.status === "done" ? 100 : percent}
              color={item.status === "failed" ? "red" : item.status === "done" ? "teal" : "blue"}
              aria-label={t("files.uploadOf", { name: item.file.name, state })}
              animated={item.status === "uploading"}
            />
            {item.status === "failed" && (
              <Text fz="xs" c="red.8" role="alert">
                {friendlyMessage(item.error)}
              </Text>
            )}
          </div>
        );
      })}
    </Stack>
  );
}
