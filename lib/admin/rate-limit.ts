// Admin sign-in limits: failures per username and per client address, over the shared
// SignInAttempt rate limiter (lib/auth/rate-limit.ts) with admin-only keys.
import "server-only";
import { checkRateLimit, recordSignInAttempts, type Limit } from "@/lib/auth/rate-limit";

export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_USERNAME = 5;
export const MAX_FAILURES_PER_IP = 20;

function usernameKey(username: string): string {
  return `admin:${username}`;
}

function ipKey(ip: string): string {
  return `admin-ip:${ip}`;
}

function keys(username: string, ip: string): { key: string; limit: Limit }[] {
  return [
    { key: usernameKey(username), limit: { max: MAX_FAILURES_PER_USERNAME, windowMs: WINDOW_MS } },
    { key: ipKey(ip), limit: { max: MAX_FAILURES_PER_IP, windowMs: WINDOW_MS } },
  ];
}

/** Seconds until another attempt is allowed for this username and address, or 0 when allowed now. */
export async function retryAfterSeconds(username: string, ip: string, now = new Date()): Promise<number> {
  const check = await checkRateLimit(keys(username, ip), now);
  return check.allowed ? 0 : Math.ceil(check.retryAfterMs / 1000);
}

export async function recordAdminSignInAttempt(username: string, ip: string, succeeded: boolean, now = new Date()): Promise<void> {
  await recordSignInAttempts(keys(username, ip).map((k) => k.key), succeeded, now);
}

export { pruneAttempts } from "@/lib/auth/rate-limit";
