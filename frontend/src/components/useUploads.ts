import { useCallback, useState } from "react";
import type { UploadItem } from "./UploadProgress";
import { uploadFile } from "./uploads";

/** Uploads files one after another to an appointment, keeping each one's progress for UploadProgress. */
export function useUploads() {
  const [items, setItems] = useState<UploadItem[]>([]);

  const run = useCallback(async (appointmentId: string, picked: File[]): Promise<number> => {
    const start: UploadItem[] = picked.map((file) => ({ file, progress: 0, status: "waiting" }));
    setItems(start);
    const update = (index: number, change: Partial<UploadItem>) =>
      setItems((all) => all.map((item, i) => (i === index ? { ...item, ...change } : item)));
    let failed = 0;
    for (const [index, file] of picked.entries()) {
      update(index, { status: "uploading" });
      try {
        await uploadFile(appointmentId, file, (progress) => update(index, { progress }));
        update(index, { status: "done", progress: 1 });
      } catch (error) {
        failed += 1;
        update(index, { status: "failed", error });
      }
    }
    return failed;
  }, []);

  const clear = useCallback(() => setItems([]), []);
  return { items, run, clear };
}
