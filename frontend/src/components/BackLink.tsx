import { Button } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useNavigate } from "react-router-dom";

/** Whether this tab came to the page from another page of the app (React Router counts entries in `idx`). */
export function canGoBack(): boolean {
  const state = window.history.state as { idx?: number } | null;
  return typeof state?.idx === "number" && state.idx > 0;
}

/** "Back" goes back where the person came from; opened from a link (a mail), it goes to `fallback`. */
export function BackLink({ fallback, label }: { fallback: string; label: string }) {
  const navigate = useNavigate();
  return (
    <Button
      variant="subtle"
      w="fit-content"
      px={0}
      leftSection={<IconArrowLeft size={16} aria-hidden />}
      component="a"
      href={fallback}
      onClick={(event: React.MouseEvent) => {
        event.preventDefault();
        if (canGoBack()) navigate(-1);
        else navigate(fallback);
      }}
    >
      {label}
    </Button>
  );
}
