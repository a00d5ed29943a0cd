import { useQuery, useQueryClient } from "@tanstack/react-query";
import { catalogue, keys } from "../../api/endpoints";
import type { SlotList } from "../../api/types";
import { applySlotEvent, SLOT_EVENTS } from "../../components/slots";
import { useRealtimeEvent, useTopic } from "../../realtime/useRealtime";

/**
 * A doctor's slots between `from` and `to`, kept live: the doctor's slot topic is subscribed while the page is
 * open and each event is applied to the cached week in place (a bulk change refetches it).
 */
export function useDoctorSlots(doctorId: string, from: string, to: string, live: boolean, connected: boolean) {
  const queryClient = useQueryClient();
  useTopic(live ? `doctor#${doctorId}#slots` : null);
  useRealtimeEvent(SLOT_EVENTS, (event) => {
    if ((event.data as { doctor_id?: string }).doctor_id !== doctorId) return;
    let refetch = false;
    queryClient.setQueriesData<SlotList>({ queryKey: keys.slots(doctorId) }, (list) => {
      if (!list) return list;
      const next = applySlotEvent(list, event);
      if (next === "refetch") {
        refetch = true;
        return list;
      }
      return next;
    });
    if (refetch) void queryClient.invalidateQueries({ queryKey: keys.slots(doctorId) });
  });
  return useQuery({
    queryKey: keys.slots(doctorId, from, to),
    queryFn: () => catalogue.slots(doctorId, from, to),
    // Without a live connection (signed out, or the socket is down) the week is polled instead.
    refetchInterval: live && connected ? false : 20_000,
  });
}
