import { Badge, type BadgeProps } from "@mantine/core";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { formatRemaining } from "./time";
import { useNow } from "./useNow";

interface Props extends Omit<BadgeProps, "children"> {
  until: string;
  onExpire?: () => void;
  /** Read before the time, e.g. "Held for you for". */
  label?: string;
}

/** mm:ss left until `until`; turns red in the last minute and calls onExpire once at zero. */
export function Countdown({ until, onExpire, label, ...badge }: Props) {
  const { t } = useTranslation();
  const end = new Date(until).getTime();
  const now = useNow(1000, true);
  const left = end - now;
  const fired = useRef(false);
  useEffect(() => {
    fired.current = false;
  }, [until]);
  useEffect(() => {
    if (left <= 0 && !fired.current) {
      fired.current = true;
      onExpire?.();
    }
  }, [left, onExpire]);
  const text = formatRemaining(left);
  return (
    <Badge
      color={left <= 60_000 ? "red" : "blue"}
      variant="light"
      size="lg"
      role="timer"
      aria-live="off"
      aria-label={`${label ? `${label} ` : ""}${t("time.remaining", { time: text })}`}
      {...badge}
    >
      {label ? `${label} ${text}` : text}
    </Badge>
  );
}
