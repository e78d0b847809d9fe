// Playground snippets shared by permalink. A snippet is stored under a hash of its code, so the
// same code always gets the same link and a stored snippet cannot change; it carries no learner,
// address or time, so a link says nothing about who shared it. Sharing is size-capped and
// rate-limited per learner and per address (lib/runs/gate.ts: in Redis in scale-out mode, so every
// web instance shares the buckets).
import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import { admitShare } from "@/lib/runs/gate";
import { validateSource } from "@/lib/sandbox/validate";

/** Larger than any playground fragment worth sharing, small enough that storage stays cheap. */
export const MAX_SNIPPET_BYTES = 16 * 1024;
/** base64url of 16 bytes. */
const SNIPPET_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export type ShareResult = { ok: true; id: string } | { ok: false; message: string; retryAfterMs?: number };

export function snippetId(code: string): string {
  return createHash("sha256").update(code, "utf8").digest().subarray(0, 16).toString("base64url");
}

export async function shareSnippet(code: string, learnerId: string, address: string): Promise<ShareResult> {
  const check = validateSource(code);
  if (!check.ok) return { ok: false, message: check.message };
  if (code.trim() === "") return { ok: false, message: "There is no code to share." };
  if (Buffer.byteLength(code, "utf8") > MAX_SNIPPET_BYTES) return { ok: false, message: `A shared snippet holds at most ${MAX_SNIPPET_BYTES / 1024} KiB of code.` };
  const decision = await admitShare(learnerId, address);
  if (!decision.ok) return { ok: false, message: "You are sharing faster than this site allows; wait a minute and share again.", retryAfterMs: decision.retryAfterMs };
  const id = snippetId(code);
  try {
    await db.snippet.create({ data: { id, code } });
  } catch (error) {
    // The same code shared before: the same row, the same link.
    if (!isUniqueViolation(error)) throw error;
  }
  return { ok: true, id };
}

export async function getSnippet(id: string): Promise<string | null> {
  if (!SNIPPET_ID_PATTERN.test(id)) return null;
  const row = await db.snippet.findUnique({ where: { id }, select: { code: true } });
  return row?.code ?? null;
}
