// Learner accounts: created from the current anonymous learner (same id, so all progress stays),
// signed into from any device (that device's anonymous progress is merged in). Every write waits
// out a locked database (retryWhileBusy); a database still busy past that is a "try again" answer.
import "server-only";
import { db } from "@/lib/db";
import { databaseFailure, databaseFailureNotice, databaseFailureReason, isUniqueViolation, retryWhileBusy } from "@/lib/db-errors";
import { signInSchema, signUpSchema } from "./credentials";
import { mergeAnonymousLearner } from "./merge";
import { hashPassword, verifyPassword } from "./password";
import { SIGN_IN_LIMITS, checkRateLimit, pruneAttempts, recordSignInAttempts } from "./rate-limit";
import { createLearnerSession } from "./session";

export type AccountResult =
  | { ok: true; learnerId: string; username: string; token: string; expiresAt: Date }
  | { ok: false; message: string; field?: "username" | "password" };

export async function signUp(input: unknown, anonymousId: string | null): Promise<AccountResult> {
  return answerDatabaseFailure(() => createAccount(input, anonymousId), "sign-up", "your account was not created");
}

export async function signIn(input: unknown, anonymousId: string | null, address: string): Promise<AccountResult> {
  return answerDatabaseFailure(() => checkAndSignIn(input, anonymousId, address), "sign-in", "you were not signed in");
}

async function answerDatabaseFailure(work: () => Promise<AccountResult>, what: string, outcome: string): Promise<AccountResult> {
  try {
    return await work();
  } catch (error) {
    const failure = databaseFailure(error);
    if (!failure) throw error;
    console.warn(`${what}: refused, the database is ${databaseFailureReason(failure)}`);
    return { ok: false, message: databaseFailureNotice(failure, outcome) };
  }
}

async function createAccount(input: unknown, anonymousId: string | null): Promise<AccountResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: issue?.message ?? "Check the form.", field: issue?.path[0] === "password" ? "password" : "username" };
  }
  const { username, password } = parsed.data;
  if (await db.learner.findUnique({ where: { username }, select: { id: true } })) {
    return { ok: false, message: "That username is taken; choose another.", field: "username" };
  }
  const passwordHash = await hashPassword(password);

  // The account takes over the anonymous learner (and so its progress) unless that id is
  // missing or already belongs to an account; then it starts fresh.
  const current = anonymousId ? await db.learner.findUnique({ where: { id: anonymousId }, select: { username: true } }) : null;
  const id = anonymousId && current?.username == null ? anonymousId : crypto.randomUUID();
  try {
    await retryWhileBusy(() => db.learner.upsert({ where: { id }, create: { id, username, passwordHash }, update: { username, passwordHash } }));
  } catch (error) {
    if (isUniqueViolation(error)) {
      return { ok: false, message: "That username is taken; choose another.", field: "username" };
    }
    throw error;
  }
  const session = await createLearnerSession(id);
  return { ok: true, learnerId: id, username, ...session };
}

async function checkAndSignIn(input: unknown, anonymousId: string | null, address: string): Promise<AccountResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Check the form." };
  const { username, password } = parsed.data;

  const keys = [
    { key: `learner:${username}`, limit: SIGN_IN_LIMITS.account },
    { key: `ip:${address}`, limit: SIGN_IN_LIMITS.address },
  ];
  const allowed = await checkRateLimit(keys);
  if (!allowed.allowed) {
    const minutes = Math.max(1, Math.ceil(allowed.retryAfterMs / 60_000));
    return { ok: false, message: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` };
  }

  const account = await db.learner.findUnique({ where: { username }, select: { id: true, username: true, passwordHash: true } });
  const valid = await verifyPassword(account?.passwordHash, password);
  await recordSignInAttempts(keys.map((k) => k.key), valid && account !== null);
  if (!valid || !account?.username) return { ok: false, message: "Wrong username or password." };

  if (anonymousId) await mergeAnonymousLearner(anonymousId, account.id);
  await pruneAttempts();
  const session = await createLearnerSession(account.id);
  return { ok: true, learnerId: account.id, username: account.username, ...session };
}
