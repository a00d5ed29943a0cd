import { ActionIcon, Button, FileButton, Group, List, Stack, Text } from "@mantine/core";
import { IconPaperclip, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ALLOWED_TYPES, MAX_FILES, addFiles, formatSize } from "./uploads";

interface Props {
  value: File[];
  onChange: (files: File[]) => void;
  /** Files the appointment already has, counted against the limit. */
  alreadyStored?: number;
  disabled?: boolean;
  label?: string;
}

/** Choose PDF, PNG or JPEG files (10 MB each, 10 in all); refused ones are explained, not silently dropped. */
export function AttachmentPicker({ value, onChange, alreadyStored = 0, disabled, label }: Props) {
  const { t } = useTranslation();
  const [problems, setProblems] = useState<string[]>([]);
  return (
    <Stack gap="xs">
      <Group gap="sm">
        <FileButton
          multiple
          accept={ALLOWED_TYPES.join(",")}
          disabled={disabled}
          onChange={(picked) => {
            const result = addFiles(value, picked, alreadyStored);
            setProblems(result.problems);
            onChange(result.files);
          }}
        >
          {(props) => (
            <Button {...props} variant="default" leftSection={<IconPaperclip size={16} aria-hidden />}>
              {label ?? t("files.attach")}
            </Button>
          )}
        </FileButton>
        <Text fz="xs" c="dimmed">
          {t("files.rules", { max: MAX_FILES })}
        </Text>
      </Group>
      {problems.map((problem) => (
        <Text key={problem} fz="sm" c="red.8" role="alert">
          {problem}
        </Text>
      ))}
      {value.length > 0 && (
        <List spacing={4} listStyleType="none" aria-label={t("files.toAttach")}>
          {value.map((file) => (
            <List.Item key={`${file.name}-${file.size}`}>
              <Group gap="xs" wrap="nowrap">
                <Text fz="sm" truncate>
                  {file.name} <Text span c="dimmed" fz="xs">({formatSize(file.size)})</Text>
                </Text>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={t("files.remove", { name: file.name })}
                  disabled={disabled}
                  onClick={() => onChange(value.filter((f) => f !== file))}
                >
                  <IconX size={14} aria-hidden />
                </ActionIcon>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
