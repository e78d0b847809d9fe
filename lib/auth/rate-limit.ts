// Sign-in rate limiting over the SignInAttempt table, for learners and admins alike. Each key (per
// account, per address) allows a number of failures in a sliding window; a success on a key
// forgives its earlier failures. Keys are prefixed by who signs in ("learner:", "ip:", "admin:",
// "admin-ip:"), so learner and admin failures never count together. Its writes wait out a locked
// database (retryWhileBusy), as every write of a sign-in does.
import "server-only";
import { db } from "@/lib/db";
import { retryWhileBusy } from "@/lib/db-errors";

export interface Limit {
  max: number;
  windowMs: number;
}

export const SIGN_IN_LIMITS = {
  /** "learner:<username>": guessing one account's password. */
  account: { max: 5, windowMs: 15 * 60 * 1000 },
  /** "ip:<address>": one client trying many accounts. */
  address: { max: 20, windowMs: 15 * 60 * 1000 },
} satisfies Record<string, Limit>;

export type RateCheck = { allowed: true } | { allowed: false; retryAfterMs: number };

export async function checkRateLimit(keys: { key: string; limit: Limit }[], now = new Date()): Promise<RateCheck> {
  let retryAfterMs = 0;
  for (const { key, limit } of keys) {
    const windowStart = new Date(now.getTime() - limit.windowMs);
    const lastSuccess = await db.signInAttempt.findFirst({
      where: { key, succeeded: true, createdAt: { gt: windowStart } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    const since = lastSuccess?.createdAt ?? windowStart;
    const failures = await db.signInAttempt.findMany({
      where: { key, succeeded: false, createdAt: { gt: since } },
      orderBy: { createdAt: "desc" },
      take: limit.max,
      select: { createdAt: true },
    });
    if (failures.length >= limit.max) {
      const oldestCounted = failures[failures.length - 1]!.createdAt;
      retryAfterMs = Math.max(retryAfterMs, oldestCounted.getTime() + limit.windowMs - now.getTime());
    }
  }
  return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
}

export async function recordSignInAttempts(keys: string[], succeeded: boolean, now = new Date()): Promise<void> {
  await retryWhileBusy(() => db.signInAttempt.createMany({ data: keys.map((key) => ({ key, succeeded, createdAt: now })) }));
}

/** Every window in use is at most this long; attempts older than it no longer count anywhere. */
export const LONGEST_WINDOW_MS = 60 * 60 * 1000;

/** Drops attempts older than any window (of any key), so the table stays small. */
export async function pruneAttempts(now = new Date()): Promise<void> {
  await retryWhileBusy(() => db.signInAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - LONGEST_WINDOW_MS) } } }));
}
