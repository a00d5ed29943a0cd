import type { Plan } from "../../api/billing";
import i18n from "../../i18n";
import { formatMoney } from "../../i18n/format";

/** "29,00 € / Monat": a plan's price as people read it (the amount stays a decimal string until shown). */
export function planPrice(plan: Pick<Plan, "price" | "interval">): string {
  return i18n.t("billing.price", {
    amount: formatMoney(Number(plan.price.amount), plan.price.currency),
    interval: i18n.t(`billing.interval.${plan.interval}`),
  });
}
