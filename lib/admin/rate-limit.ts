// Sign-in rate limiting on SignInAttempt rows: failures since the last success inside a sliding
// window, counted per username and per client address.
import "server-only";
import { db } from "@/lib/db";

export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_USERNAME = 5;
export const MAX_FAILURES_PER_IP = 20;

export function usernameKey(username: string): string {
  return `admin:${username}`;
}

export function ipKey(ip: string): string {
  return `admin-ip:${ip}`;
}

async function recentFailures(key: string, now: Date): Promise<{ count: number; oldest: Date | null }> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const lastSuccess = await db.signInAttempt.findFirst({
    where: { key, succeeded: true, createdAt: { gt: since } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const after = lastSuccess ? lastSuccess.createdAt : since;
  const where = { key, succeeded: false, createdAt: { gt: after } };
  const [count, oldest] = await Promise.all([
    db.signInAttempt.count({ where }),
    db.signInAttempt.findFirst({ where, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
  ]);
  return { count, oldest: oldest?.createdAt ?? null };
}

/** Seconds until another attempt is allowed for this username and address, or 0 when allowed now. */
export async function retryAfterSeconds(username: string, ip: string, now = new Date()): Promise<number> {
  const checks = [
    { key: usernameKey(username), max: MAX_FAILURES_PER_USERNAME },
    { key: ipKey(ip), max: MAX_FAILURES_PER_IP },
  ];
  let wait = 0;
  for (const { key, max } of checks) {
    const { count, oldest } = await recentFailures(key, now);
    if (count >= max && oldest) wait = Math.max(wait, Math.ceil((oldest.getTime() + WINDOW_MS - now.getTime()) / 1000));
  }
  return wait;
}

export async function recordAttempt(username: string, ip: string, succeeded: boolean, now = new Date()): Promise<void> {
  await db.signInAttempt.createMany({
    data: [
      { key: usernameKey(username), succeeded, createdAt: now },
      { key: ipKey(ip), succeeded, createdAt: now },
    ],
  });
}

/** Drops admin attempts older than the window; called on every sign-in so the table stays small. */
export async function pruneAttempts(now = new Date()): Promise<void> {
  await db.signInAttempt.deleteMany({ where: { key: { startsWith: "admin" }, createdAt: { lt: new Date(now.getTime() - WINDOW_MS) } } });
}
