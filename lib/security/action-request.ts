// A first look at server-action requests (POST with a `Next-Action` header) in proxy.ts, before
// Next decodes them: Next answers an oversized body or a body that is not an encoded argument
// list with a 500 and a stack trace in the log; these get a 4xx with one log line instead.
// Relative, not "@/": next.config.ts loads this module too, without the path alias.
import { MAX_SOURCE_BYTES } from "../sandbox/limits";

/**
 * The largest legitimate action body is a draft save: up to MAX_SOURCE_BYTES of code as JSON
 * (quotes, backslashes, newlines and tabs double in size) plus the exercise id and framing.
 * next.config.ts gives Next the same limit (experimental.serverActions.bodySizeLimit).
 */
export const SERVER_ACTION_BODY_LIMIT = 2 * MAX_SOURCE_BYTES + 16 * 1024;

export type ActionRefusal = { status: 400 | 413 | 415; message: string };

/** Why the action request is refused before it reaches Next, or null to let it through. */
export async function checkActionRequest(request: Request): Promise<ActionRefusal | null> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(length) && length > SERVER_ACTION_BODY_LIMIT) {
    return { status: 413, message: `The request is larger than ${SERVER_ACTION_BODY_LIMIT / 1024} KiB.` };
  }
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "multipart/form-data" || type === "application/x-www-form-urlencoded") {
    return (await request.clone().formData().then(() => true, () => false)) ? null : { status: 400, message: "The form data could not be read." };
  }
  if (type !== "text/plain" && type !== "") return { status: 415, message: "Unsupported content type." };
  const text = await request.clone().text();
  if (text.length > SERVER_ACTION_BODY_LIMIT) return { status: 413, message: `The request is larger than ${SERVER_ACTION_BODY_LIMIT / 1024} KiB.` };
  try {
    if (Array.isArray(JSON.parse(text))) return null;
  } catch {
    // falls through
  }
  return { status: 400, message: "The action's arguments could not be read." };
}
