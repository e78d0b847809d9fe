// HTTP plumbing of the JSON endpoints (app/api/runs): a capped JSON body reader, the
// cross-origin check, and responses that follow docs/architecture.md's contract (every body is
// JSON with a `kind`; 429/503 carry Retry-After; one log line per 4xx/5xx).
import "server-only";
import { AppError } from "@/lib/errors";

/**
 * Reads a JSON body of at most `limit` bytes without buffering more than that. A body that is
 * not JSON, too large or of another type throws AppError ("invalid", "too_large", "unsupported_type").
 */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new AppError("unsupported_type");
  const declared = Number(request.headers.get("content-length") ?? "0");
  const tooLarge = new AppError("too_large", `The request is larger than ${Math.round(limit / 1024)} KiB; shorten your code.`);
  if (declared > limit) throw tooLarge;
  if (!request.body) throw new AppError("invalid", "The request has no body.");

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge;
    }
    chunks.push(value);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("invalid", "The request is not valid UTF-8.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid", "The request is not valid JSON.");
  }
}

/**
 * True for a browser request made by another site: an Origin whose host is not this request's
 * host, or Sec-Fetch-Site: cross-site. Requests without Origin (curl, load tests) pass: browsers
 * always send Origin on a cross-origin POST.
 */
export function isCrossOrigin(headers: Pick<Headers, "get">): boolean {
  if (headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = headers.get("origin");
  if (origin === null) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true; // "null" (sandboxed frames, file:) and garbage
  }
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  return !host || originHost.toLowerCase() !== host.toLowerCase();
}

/** A JSON response; a `retryAfterMs` in the body also becomes a Retry-After header (whole seconds, at least 1). */
export function jsonResponse(status: number, body: { kind: string; retryAfterMs?: number } & Record<string, unknown>): Response {
  const headers = new Headers({ "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  if (body.retryAfterMs !== undefined) headers.set("retry-after", String(Math.max(1, Math.ceil(body.retryAfterMs / 1000))));
  return new Response(JSON.stringify(body), { status, headers });
}

/** The one log line of a refused or failed run: `run: <status> <kind> learner=<id prefix> address=<addr> <reason>`. */
export function logRefusal(status: number, kind: string, learnerId: string | null, address: string, reason: string): void {
  const learner = learnerId ? learnerId.slice(0, 8) : "-";
  const line = `run: ${status} ${kind} learner=${learner} address=${address} ${reason.replace(/\s+/g, " ").slice(0, 200)}`;
  if (status >= 500) console.error(line);
  else console.warn(line);
}
