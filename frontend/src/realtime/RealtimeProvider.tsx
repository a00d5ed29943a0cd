import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { api } from "../api";
import { loadConfig } from "../api/config";
import { useAuth } from "../auth/context";
import { RealtimeConnection, type SocketFactory, type Status } from "./connection";
import { RealtimeContext } from "./context";

interface Props {
  children: ReactNode;
  socket?: SocketFactory;
}

/** One connection per tab while signed in; public visitors get live slot states too once they sign in. */
export function RealtimeProvider({ children, socket }: Props) {
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>("idle");
  const connection = useMemo(
    () =>
      new RealtimeConnection({
        url: async () => {
          const token = await api.freshAccessToken();
          if (!token) return null;
          const { wsUrl } = await loadConfig();
          if (!wsUrl) return null;
          return `${wsUrl}${wsUrl.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}`;
        },
        socket,
        onStatus: (next) => {
          setStatus(next);
          document.body.dataset.realtime = next;
        },
        // Exposed on <body> so browser tests can wait until a page is live instead of sleeping.
        onTopics: (topics) => {
          document.body.dataset.liveTopics = topics.join(" ");
        },
        onReconnect: () => {
          void queryClient.invalidateQueries();
        },
      }),
    [queryClient, socket],
  );

  const userId = user?.user_id ?? null;
  useEffect(() => {
    if (!userId) return;
    connection.start();
    return () => connection.stop();
  }, [connection, userId]);

  const value = useMemo(() => ({ connection, status }), [connection, status]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
