import { createContext } from "react";
import type { RealtimeConnection, Status } from "./connection";

export interface RealtimeState {
  connection: RealtimeConnection;
  status: Status;
}

export const RealtimeContext = createContext<RealtimeState | null>(null);
