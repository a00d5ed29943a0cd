import { Alert, Title } from "@mantine/core";

/** Stands in for the doctor and admin sections until their pages are routed (see App.tsx). */
export function SectionPlaceholder({ section }: { section: "doctor" | "admin" }) {
  return (
    <>
      <Title order={1}>{section === "doctor" ? "Doctor portal" : "Administration"}</Title>
      <Alert mt="md" color="gray">
        This section is not available yet.
      </Alert>
    </>
  );
}
