import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { signIn, signUp } from "./accounts";
import { mergeAnonymousLearner } from "./merge";
import { hashPassword, verifyPassword } from "./password";
import { LONGEST_WINDOW_MS, SIGN_IN_LIMITS, checkRateLimit, pruneAttempts, recordSignInAttempts } from "./rate-limit";
import { createLearnerSession, deleteSession, hashToken, learnerForSession, SESSION_TTL_MS } from "./session";

// Real SQLite database (data/test.db, migrated by the global setup); exercises are seeded here.
const EXERCISES = ["acct-one", "acct-two", "acct-three"];

beforeAll(async () => {
  const lesson = await db.lesson.upsert({
    where: { slug: "accounts-test" },
    create: { slug: "accounts-test", title: "T", summary: "S", position: 900, sourcePath: "x.mdx", contentHash: "h" },
    update: {},
  });
  for (const [position, id] of EXERCISES.entries()) {
    await db.exercise.upsert({
      where: { id },
      create: { id, lessonId: lesson.id, title: id, position, starterCode: "# start", solution: "IO.puts(1)", expectedOutput: "1" },
      update: {},
    });
  }
});

function user(): string {
  return `u${randomUUID().slice(0, 8)}`;
}

async function seedProgress(learnerId: string, at: Date) {
  await db.learner.upsert({ where: { id: learnerId }, create: { id: learnerId }, update: {} });
  const base = { learnerId, outcome: "ok", stdout: "", stderr: "", durationMs: 5 };
  await db.submission.create({ data: { ...base, exerciseId: "acct-one", code: "IO.puts(1)", verdict: "passed", passed: true, createdAt: at } });
  await db.draft.create({ data: { learnerId, exerciseId: "acct-two", code: `draft of ${learnerId} at ${at.toISOString()}`, updatedAt: at } });
  await db.hintReveal.create({ data: { learnerId, exerciseId: "acct-two", hintIndex: 0, createdAt: at } });
  await db.solutionView.create({ data: { learnerId, exerciseId: "acct-one", createdAt: at } });
}

describe("passwords", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse batterY")).toBe(false);
    expect(await verifyPassword(null, "correct horse battery")).toBe(false);
    expect(await verifyPassword("garbage", "x")).toBe(false);
  });
});

describe("sign-up", () => {
  it("turns the anonymous learner into the account, so its progress stays", async () => {
    const anonymous = randomUUID();
    await seedProgress(anonymous, new Date());
    const name = user();
    const result = await signUp({ username: ` ${name.toUpperCase()} `, password: "a long enough password" }, anonymous);
    expect(result).toMatchObject({ ok: true, learnerId: anonymous, username: name });
    const row = await db.learner.findUniqueOrThrow({ where: { id: anonymous }, include: { submissions: true, drafts: true } });
    expect(row.username).toBe(name);
    expect(row.passwordHash).not.toContain("a long enough password");
    expect(row.submissions).toHaveLength(1);
    expect(row.drafts).toHaveLength(1);
  });

  it("refuses short passwords, bad usernames and taken usernames", async () => {
    const name = user();
    expect(await signUp({ username: name, password: "short" }, randomUUID())).toMatchObject({ ok: false, field: "password" });
    expect(await signUp({ username: "no spaces allowed", password: "a long enough password" }, randomUUID())).toMatchObject({ ok: false, field: "username" });
    expect(await signUp({ username: name, password: "a long enough password" }, randomUUID())).toMatchObject({ ok: true });
    expect(await signUp({ username: name, password: "another long password" }, randomUUID())).toMatchObject({ ok: false, message: /taken/ });
  });

  it("tells the loser of two sign-ups racing for one username that it is taken, on either database", async () => {
    const name = user();
    const results = await Promise.all([1, 2, 3].map(() => signUp({ username: name, password: "a long enough password" }, randomUUID())));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const lost of results.filter((r) => !r.ok)) expect(lost).toMatchObject({ ok: false, field: "username", message: /taken/ });
    expect(await db.learner.count({ where: { username: name } })).toBe(1);
  });

  it("never takes over an id that already belongs to an account", async () => {
    const first = await signUp({ username: user(), password: "a long enough password" }, randomUUID());
    if (!first.ok) throw new Error(first.message);
    const second = await signUp({ username: user(), password: "a long enough password" }, first.learnerId);
    expect(second.ok && second.learnerId).not.toBe(first.learnerId);
  });
});

describe("sign-in", () => {
  it("merges this device's anonymous progress into the account, newer draft winning", async () => {
    const name = user();
    const accountAnon = randomUUID();
    await seedProgress(accountAnon, new Date("2026-01-01T00:00:00Z"));
    const account = await signUp({ username: name, password: "a long enough password" }, accountAnon);
    if (!account.ok) throw new Error(account.message);

    const device = randomUUID();
    await seedProgress(device, new Date("2026-02-01T00:00:00Z"));
    await db.hintReveal.create({ data: { learnerId: device, exerciseId: "acct-two", hintIndex: 1 } });
    const signedIn = await signIn({ username: name, password: "a long enough password" }, device, `test-${name}`);
    expect(signedIn).toMatchObject({ ok: true, learnerId: account.learnerId });

    const merged = await db.learner.findUniqueOrThrow({
      where: { id: account.learnerId },
      include: { submissions: true, drafts: true, hintReveals: true, solutionViews: true },
    });
    expect(merged.submissions).toHaveLength(2);
    expect(merged.drafts).toHaveLength(1);
    expect(merged.drafts[0]?.code).toContain(device); // the newer draft
    expect(merged.hintReveals.map((h) => h.hintIndex).sort()).toEqual([0, 1]);
    expect(merged.solutionViews).toHaveLength(1);
    expect(merged.solutionViews[0]?.createdAt.toISOString()).toBe("2026-01-01T00:00:00.000Z"); // the earlier view
    expect(await db.learner.findUnique({ where: { id: device } })).toBeNull();
  });

  it("keeps the account's draft when it is the newer one, and never merges an account", async () => {
    const name = user();
    const accountAnon = randomUUID();
    await seedProgress(accountAnon, new Date("2026-03-01T00:00:00Z"));
    const account = await signUp({ username: name, password: "a long enough password" }, accountAnon);
    if (!account.ok) throw new Error(account.message);
    const device = randomUUID();
    await seedProgress(device, new Date("2026-01-01T00:00:00Z"));
    expect(await mergeAnonymousLearner(device, account.learnerId)).toMatchObject({ submissions: 1, drafts: 0, hintReveals: 0 });
    const draft = await db.draft.findFirstOrThrow({ where: { learnerId: account.learnerId } });
    expect(draft.code).toContain(accountAnon);

    const other = await signUp({ username: user(), password: "a long enough password" }, randomUUID());
    if (!other.ok) throw new Error(other.message);
    expect(await mergeAnonymousLearner(other.learnerId, account.learnerId)).toBeNull();
    expect(await db.learner.findUnique({ where: { id: other.learnerId } })).not.toBeNull();
  });

  it("answers the same for an unknown user and a wrong password", async () => {
    const name = user();
    await signUp({ username: name, password: "a long enough password" }, randomUUID());
    const wrong = await signIn({ username: name, password: "not the password" }, null, `test-${name}`);
    const unknown = await signIn({ username: user(), password: "not the password" }, null, `test-${name}`);
    expect(wrong).toEqual({ ok: false, message: "Wrong username or password." });
    expect(unknown).toEqual(wrong);
  });

  it("locks an account after repeated failures, even for the right password, until the window passes", async () => {
    const name = user();
    await signUp({ username: name, password: "a long enough password" }, randomUUID());
    for (let i = 0; i < SIGN_IN_LIMITS.account.max; i++) {
      expect(await signIn({ username: name, password: `wrong ${i}` }, null, `addr-${name}-${i}`)).toMatchObject({ ok: false });
    }
    const locked = await signIn({ username: name, password: "a long enough password" }, null, `addr-${name}-ok`);
    expect(locked).toMatchObject({ ok: false, message: /Too many failed sign-ins/ });

    const key = { key: `learner:${name}`, limit: SIGN_IN_LIMITS.account };
    const later = new Date(Date.now() + SIGN_IN_LIMITS.account.windowMs + 1000);
    expect(await checkRateLimit([key], later)).toEqual({ allowed: true });
  });

  it("limits one address trying many accounts, and only that address", async () => {
    const name = user();
    await signUp({ username: name, password: "a long enough password" }, randomUUID());
    const address = `addr-${name}`;
    for (let i = 0; i < SIGN_IN_LIMITS.address.max; i++) {
      expect(await signIn({ username: user(), password: "not the password" }, null, address)).toEqual({ ok: false, message: "Wrong username or password." });
    }
    const blocked = await signIn({ username: name, password: "a long enough password" }, null, address);
    expect(blocked).toMatchObject({ ok: false, message: /Too many failed sign-ins/ });
    expect(await signIn({ username: name, password: "a long enough password" }, null, `${address}-other`)).toMatchObject({ ok: true, username: name });
  });
});

describe("rate limit", () => {
  it("counts failures per key in the window and forgives them after a success", async () => {
    const key = `ip:test-${randomUUID()}`;
    const limit = { max: 3, windowMs: 60_000 };
    const now = new Date();
    await recordSignInAttempts([key], false, new Date(now.getTime() - 120_000)); // outside the window
    await recordSignInAttempts([key], false, now);
    await recordSignInAttempts([key], false, now);
    expect(await checkRateLimit([{ key, limit }], now)).toEqual({ allowed: true });
    await recordSignInAttempts([key], false, now);
    const blocked = await checkRateLimit([{ key, limit }], now);
    expect(blocked.allowed).toBe(false);
    if (!blocked.allowed) expect(blocked.retryAfterMs).toBeGreaterThan(50_000);

    await recordSignInAttempts([key], true, new Date(now.getTime() + 1));
    expect(await checkRateLimit([{ key, limit }], new Date(now.getTime() + 2))).toEqual({ allowed: true });
  });

  it("prunes attempts of every kind of key once no window can count them", async () => {
    const suffix = randomUUID();
    const keys = [`learner:${suffix}`, `ip:${suffix}`, `admin:${suffix}`, `admin-ip:${suffix}`];
    const now = new Date();
    await recordSignInAttempts(keys, false, new Date(now.getTime() - LONGEST_WINDOW_MS - 1000));
    await recordSignInAttempts(keys, false, now);
    await pruneAttempts(now);
    const left = await db.signInAttempt.findMany({ where: { key: { in: keys } }, select: { key: true, createdAt: true } });
    expect(left.map((a) => a.key).sort()).toEqual([...keys].sort());
    expect(left.every((a) => a.createdAt.getTime() === now.getTime())).toBe(true);
  });
});

describe("sessions", () => {
  it("stores only the token's hash, resolves to the account, expires and signs out", async () => {
    const account = await signUp({ username: user(), password: "a long enough password" }, randomUUID());
    if (!account.ok) throw new Error(account.message);
    expect(await db.learnerSession.findUnique({ where: { id: account.token } })).toBeNull();
    expect(await db.learnerSession.findUnique({ where: { id: hashToken(account.token) } })).not.toBeNull();
    expect(await learnerForSession(account.token)).toEqual({ id: account.learnerId, username: account.username });

    const later = new Date(Date.now() + SESSION_TTL_MS + 1000);
    const { token } = await createLearnerSession(account.learnerId);
    expect(await learnerForSession(token, later)).toBeNull();
    expect(await db.learnerSession.findUnique({ where: { id: hashToken(token) } })).toBeNull();

    await deleteSession(account.token);
    expect(await learnerForSession(account.token)).toBeNull();
    expect(await learnerForSession("x".repeat(43))).toBeNull();
  });

  it("does not resolve a session of an anonymous learner", async () => {
    const id = randomUUID();
    await db.learner.create({ data: { id } });
    const { token } = await createLearnerSession(id);
    expect(await learnerForSession(token)).toBeNull();
  });
});
