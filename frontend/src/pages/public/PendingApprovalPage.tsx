import { Alert, Button, Paper, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router-dom";
import { useAuth } from "../../auth/context";

export default function PendingApprovalPage() {
  const { user } = useAuth();
  const rejected = user?.doctor_status === "REJECTED";
  const suspended = user?.doctor_status === "SUSPENDED";
  return (
    <Paper maw={560} mx="auto" mt="lg" p="lg" withBorder>
      <Stack>
        <Title order={1} fz="h2">
          {rejected ? "Your application was not approved" : suspended ? "Your account is suspended" : "Waiting for approval"}
        </Title>
        {rejected || suspended ? (
          <Alert color="orange">
            We have sent you an e-mail with the reason. Please contact support if you have questions.
          </Alert>
        ) : (
          <Text>
            Thank you for signing up{user ? `, ${user.name}` : ""}. An administrator checks every doctor account. We
            will e-mail you as soon as yours is approved; then you can publish your availability and patients can find
            you in search.
          </Text>
        )}
        {user?.doctor_status === "APPROVED" ? (
          <Button component={Link} to="/doctor">
            Go to your dashboard
          </Button>
        ) : (
          <Button component={Link} to="/" variant="default">
            Back to the home page
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
