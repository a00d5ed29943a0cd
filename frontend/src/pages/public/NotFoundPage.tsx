import { Button, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router-dom";

export function NotFoundPage() {
  return (
    <Stack align="flex-start" py="xl">
      <Title order={1}>Page not found</Title>
      <Text>There is nothing at this address. It may have moved, or the link may be mistyped.</Text>
      <Button component={Link} to="/">
        Go to the home page
      </Button>
    </Stack>
  );
}
