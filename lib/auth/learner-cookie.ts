// The learner cookie's name and format, shared by proxy.ts (which sets it) and the server.
export const LEARNER_COOKIE = "learner";
export const LEARNER_COOKIE_MAX_AGE = 60 * 60 * 24 * 400; // browsers cap cookies at 400 days

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isLearnerId(value: string): boolean {
  return UUID.test(value);
}
