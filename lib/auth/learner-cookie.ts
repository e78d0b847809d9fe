// Learner cookie names and formats, shared by proxy.ts (which sets the anonymous id) and the server.
export const LEARNER_COOKIE = "learner";
const LEARNER_COOKIE_MAX_AGE = 60 * 60 * 24 * 400; // browsers cap cookies at 400 days
/** Holds a signed-in learner's session token (only its SHA-256 is stored). */
export const SESSION_COOKIE = "learner_session";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isLearnerId(value: string): boolean {
  return UUID.test(value);
}

/** Session tokens: 32 random bytes, base64url. */
export function isSessionToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

export function learnerCookieOptions(secure: boolean, maxAge = LEARNER_COOKIE_MAX_AGE) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge };
}
