// Anonymous learner identity: a random id in an httpOnly cookie, set by proxy.ts on the first
// visit. It is unguessable (122 random bits), so it needs no signature.
import "server-only";
import { cookies } from "next/headers";
import { LEARNER_COOKIE, isLearnerId } from "./learner-cookie";

export async function currentLearnerId(): Promise<string | null> {
  const value = (await cookies()).get(LEARNER_COOKIE)?.value;
  return value && isLearnerId(value) ? value : null;
}
