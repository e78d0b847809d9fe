// Learner sessions: a random token in a cookie, only its SHA-256 in LearnerSession.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { retryWhileBusy } from "@/lib/db-errors";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** What the database keeps of a session token (learner and admin sessions alike). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A fresh 256-bit session token, base64url (43 characters). */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export async function createLearnerSession(learnerId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await retryWhileBusy(() => db.learnerSession.create({ data: { id: hashToken(token), learnerId, expiresAt } }));
  return { token, expiresAt };
}

export interface SessionLearner {
  id: string;
  username: string;
}

/** The account behind a session token, or null when the token is unknown or expired (expired rows are removed). */
export async function learnerForSession(token: string, now = new Date()): Promise<SessionLearner | null> {
  const session = await db.learnerSession.findUnique({
    where: { id: hashToken(token) },
    select: { id: true, expiresAt: true, learner: { select: { id: true, username: true } } },
  });
  if (!session) return null;
  if (session.expiresAt <= now) {
    await db.learnerSession.deleteMany({ where: { id: session.id } });
    return null;
  }
  const { id, username } = session.learner;
  return username ? { id, username } : null;
}

export async function deleteSession(token: string): Promise<void> {
  await db.learnerSession.deleteMany({ where: { id: hashToken(token) } });
}
