// Checks a learner's source before anything reaches Docker.
import { MAX_SOURCE_BYTES } from "./limits";

export type SourceCheck = { ok: true } | { ok: false; message: string };

export function validateSource(code: unknown): SourceCheck {
  if (typeof code !== "string") return { ok: false, message: "The code must be text." };
  if (Buffer.byteLength(code, "utf8") > MAX_SOURCE_BYTES)
    return { ok: false, message: `Your code is longer than ${MAX_SOURCE_BYTES / 1024} KiB; shorten it and run again.` };
  if (code.includes("\u0000")) return { ok: false, message: "Your code contains a NUL character; remove it and run again." };
  return { ok: true };
}
