import { Alert, Button, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { portalMessage } from "../pages/doctor/messages";

/**
 * The end of an edit form in the portals: why the last save failed (if it did), then Back and the form's submit
 * button. The save button is the form's `type="submit"`, so Enter saves as well.
 */
export function FormFooter({
  error,
  failedTitle,
  saveLabel,
  saving,
  onBack,
}: {
  error: unknown;
  failedTitle: string;
  saveLabel: string;
  saving: boolean;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {error != null && (
        <Alert color="red" role="alert" title={failedTitle}>
          {portalMessage(error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onBack}>
          {t("actions.back")}
        </Button>
        <Button type="submit" loading={saving}>
          {saveLabel}
        </Button>
      </Group>
    </>
  );
}
