// Who is asking: the signed-in account (session cookie) or else the anonymous learner (the
// `learner` cookie set by proxy.ts). An anonymous id that has become an account's id is only
// honoured with a session, so an old cookie value cannot stand in for a password.
import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { db } from "@/lib/db";
import { cookiesShouldBeSecure } from "@/lib/http/request";
import { LEARNER_COOKIE, SESSION_COOKIE, isLearnerId, isSessionToken, learnerCookieOptions } from "./learner-cookie";
import { learnerForSession } from "./session";

export interface CurrentLearner {
  id: string;
  /** Set when signed in. */
  username: string | null;
}

export const currentLearner = cache(async (): Promise<CurrentLearner | null> => {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (token && isSessionToken(token)) {
    const account = await learnerForSession(token);
    if (account) return account;
  }
  const id = anonymousIdFrom(jar.get(LEARNER_COOKIE)?.value);
  if (!id || (await isAccount(id))) return null;
  return { id, username: null };
});

export async function currentLearnerId(): Promise<string | null> {
  return (await currentLearner())?.id ?? null;
}

/** For server actions: the current learner, minting a fresh anonymous id (and cookie) when there is none. */
export async function ensureLearnerId(): Promise<string> {
  const learner = await currentLearner();
  if (learner) return learner.id;
  return rotateAnonymousId();
}

/** The raw anonymous id from the cookie, for merging it into an account at sign-in. */
export async function anonymousLearnerId(): Promise<string | null> {
  return anonymousIdFrom((await cookies()).get(LEARNER_COOKIE)?.value);
}

/** Gives this browser a new anonymous id (after sign-up, sign-in and sign-out). Actions only. */
export async function rotateAnonymousId(): Promise<string> {
  const id = crypto.randomUUID();
  (await cookies()).set(LEARNER_COOKIE, id, learnerCookieOptions(await cookiesShouldBeSecure()));
  return id;
}

export async function setLearnerSessionCookie(token: string, expiresAt: Date): Promise<void> {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  (await cookies()).set(SESSION_COOKIE, token, learnerCookieOptions(await cookiesShouldBeSecure(), maxAge));
}

export async function takeSessionCookie(): Promise<string | null> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value ?? null;
  jar.delete(SESSION_COOKIE);
  return token && isSessionToken(token) ? token : null;
}

function anonymousIdFrom(value: string | undefined): string | null {
  return value && isLearnerId(value) ? value : null;
}

async function isAccount(id: string): Promise<boolean> {
  const row = await db.learner.findUnique({ where: { id }, select: { username: true } });
  return row?.username != null;
}

