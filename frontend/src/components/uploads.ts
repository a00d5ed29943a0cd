import { files } from "../api/endpoints";
import { ApiError } from "../api/errors";
import type { AppointmentFile } from "../api/types";
import i18n from "../i18n";
import { formatSize as size } from "../i18n/format";

export const ALLOWED_TYPES = ["application/pdf", "image/png", "image/jpeg"];
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 10;

/** Why a file cannot be attached, as a sentence; null when it can. */
export function fileProblem(file: File): string | null {
  if (!ALLOWED_TYPES.includes(file.type)) return i18n.t("files.wrongType", { name: file.name });
  if (file.size > MAX_FILE_BYTES) return i18n.t("files.tooLarge", { name: file.name });
  if (file.size === 0) return i18n.t("files.empty", { name: file.name });
  return null;
}

/** Adds picked files to a selection: refuses bad ones and anything past the limit, with one sentence each. */
export function addFiles(current: File[], picked: File[], alreadyStored = 0): { files: File[]; problems: string[] } {
  const problems: string[] = [];
  const next = [...current];
  for (const file of picked) {
    const problem = fileProblem(file);
    if (problem) problems.push(problem);
    else if (next.length + alreadyStored >= MAX_FILES) problems.push(i18n.t("files.tooMany", { max: MAX_FILES }));
    else if (!next.some((f) => f.name === file.name && f.size === file.size)) next.push(file);
  }
  return { files: next, problems: [...new Set(problems)] };
}

export function formatSize(bytes: number): string {
  return size(bytes);
}

/** The browser's form POST to the storage URL, with upload progress (fetch cannot report it). */
export function postForm(
  url: string,
  fields: Record<string, string>,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        reject(new ApiError(xhr.status, "UPLOAD_FAILED", ""));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, "NETWORK", "network error"));
    xhr.send(form);
  });
}

/** One file, start to finish: ask for an upload grant, send the bytes, confirm it arrived. */
export async function uploadFile(
  appointmentId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<AppointmentFile> {
  const grant = await files.start(appointmentId, { filename: file.name, content_type: file.type, size: file.size });
  await postForm(grant.upload.url, grant.upload.fields, file, onProgress);
  return files.complete(appointmentId, grant.file_id);
}
