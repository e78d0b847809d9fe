// Checks a learner's source before anything reaches Docker.
import { MAX_SOURCE_BYTES } from "./limits";

/** Half of a UTF-16 surrogate pair: not a character, and not storable as UTF-8 text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type SourceCheck = { ok: true } | { ok: false; message: string };

export function validateSource(code: unknown): SourceCheck {
  if (typeof code !== "string") return { ok: false, message: "The code must be text." };
  if (Buffer.byteLength(code, "utf8") > MAX_SOURCE_BYTES)
    return { ok: false, message: `Your code is longer than ${MAX_SOURCE_BYTES / 1024} KiB; shorten it and run again.` };
  if (code.includes("\u0000")) return { ok: false, message: "Your code contains a NUL character; remove it and run again." };
  if (LONE_SURROGATE.test(code)) return { ok: false, message: "Your code contains a broken character (half of a UTF-16 pair); remove it and run again." };
  return { ok: true };
}
