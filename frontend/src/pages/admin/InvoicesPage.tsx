import { Button, Stack, Table } from "@mantine/core";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { billingApi, billingKeys } from "../../api/billing";
import { formatDay, formatMoney } from "../../i18n/format";
import { QueryTable } from "../../components/QueryTable";
import { ErrorNotice, PageHeader } from "../doctor/ui";

export default function InvoicesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const invoices = useQuery({ queryKey: billingKeys.openInvoices, queryFn: billingApi.openInvoices });
  const pay = useMutation({
    mutationFn: billingApi.markPaid,
    onSuccess: (invoice) => {
      void queryClient.invalidateQueries({ queryKey: billingKeys.openInvoices });
      toasts.show({ color: "green", message: t("billing.invoices.paid", { number: invoice.number }) });
    },
  });
  return (
    <Stack>
      <PageHeader title={t("billing.invoices.title")} subtitle={t("billing.invoices.subtitle")} />
      {pay.isError && <ErrorNotice error={pay.error} />}
      <QueryTable
        query={invoices}
        empty={t("billing.invoices.none")}
        minWidth={680}
        headers={[
          t("billing.myPlan.number"),
          t("billing.invoices.doctor"),
          t("billing.invoices.plan"),
          t("billing.myPlan.amount"),
          t("billing.myPlan.due"),
          null,
        ]}
        row={(invoice) => (
          <Table.Tr key={invoice.invoice_id}>
            <Table.Td>{invoice.number}</Table.Td>
            <Table.Td>{invoice.doctor_name ?? invoice.doctor_id}</Table.Td>
            <Table.Td>{invoice.plan_name}</Table.Td>
            <Table.Td>{formatMoney(Number(invoice.price.amount), invoice.price.currency)}</Table.Td>
            <Table.Td>{formatDay(invoice.due_at)}</Table.Td>
            <Table.Td>
              <Button
                size="xs"
                aria-label={t("billing.invoices.markPaidLabel", { number: invoice.number })}
                loading={pay.isPending && pay.variables === invoice.invoice_id}
                onClick={() => pay.mutate(invoice.invoice_id)}
              >
                {t("billing.invoices.markPaid")}
              </Button>
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}
