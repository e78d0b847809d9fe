// Admin accounts, sessions and sign-in against the real database.
import argon2 from "argon2";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { AdminAccountError, bootstrapAdminFromEnv, createAdmin } from "./accounts";
import { MAX_FAILURES_PER_IP, MAX_FAILURES_PER_USERNAME, WINDOW_MS } from "./rate-limit";
import { hashToken } from "@/lib/auth/session";
import { createAdminSession, deleteSession, SESSION_TTL_MS, validateSession } from "./session";
import { signInWithPassword } from "./sign-in";

const PASSWORD = "Sturdy-Password-77";

beforeEach(async () => {
  await db.$transaction([db.adminSession.deleteMany(), db.admin.deleteMany(), db.signInAttempt.deleteMany()]);
});

describe("admin accounts", () => {
  it("stores an argon2 hash, never the password", async () => {
    const admin = await createAdmin("Alice", PASSWORD);
    expect(admin.username).toBe("alice");
    const row = await db.admin.findUniqueOrThrow({ where: { id: admin.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
  });

  it("refuses weak passwords, bad usernames and duplicates", async () => {
    await expect(createAdmin("alice", "password")).rejects.toThrow(AdminAccountError);
    await expect(createAdmin("a", PASSWORD)).rejects.toThrow(/username/);
    await createAdmin("alice", PASSWORD);
    await expect(createAdmin("ALICE", PASSWORD)).rejects.toThrow(/already exists/);
    expect(await db.admin.count()).toBe(1);
  });

  it("bootstraps the first admin from the environment only when none exists, with no default", async () => {
    expect(await bootstrapAdminFromEnv({})).toMatch(/skipped/);
    expect(await bootstrapAdminFromEnv({ ADMIN_USERNAME: "root" })).toMatch(/skipped/);
    expect(await db.admin.count()).toBe(0);
    await expect(bootstrapAdminFromEnv({ ADMIN_USERNAME: "root", ADMIN_PASSWORD: "admin" })).rejects.toThrow(/password/);
    expect(await bootstrapAdminFromEnv({ ADMIN_USERNAME: "root", ADMIN_PASSWORD: PASSWORD })).toBe('created admin "root"');
    expect(await bootstrapAdminFromEnv({ ADMIN_USERNAME: "other", ADMIN_PASSWORD: PASSWORD })).toMatch(/already exists/);
    expect((await db.admin.findMany()).map((a) => a.username)).toEqual(["root"]);
  });

  it("creates the first admin once when several web instances start at the same moment", async () => {
    const outcomes = await Promise.all([1, 2, 3].map(() => bootstrapAdminFromEnv({ ADMIN_USERNAME: "root", ADMIN_PASSWORD: PASSWORD })));
    expect(outcomes.filter((o) => o === 'created admin "root"')).toHaveLength(1);
    for (const other of outcomes.filter((o) => !o.startsWith("created"))) expect(other).toMatch(/^skipped: /);
    expect(await db.admin.count()).toBe(1);
  });
});

describe("admin sessions", () => {
  it("keeps only the SHA-256 of the random token and finds the admin by it", async () => {
    const admin = await createAdmin("alice", PASSWORD);
    const { token, expiresAt } = await createAdminSession(admin.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await db.adminSession.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(hashToken(token));
    expect(rows[0]!.id).not.toContain(token);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(SESSION_TTL_MS - 60_000);
    expect(await validateSession(token)).toEqual({ id: admin.id, username: "alice" });
    expect(await validateSession(hashToken(token))).toBeNull();
    expect(await validateSession(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(await validateSession(undefined)).toBeNull();
    expect(await validateSession("' OR 1=1 --")).toBeNull();
  });

  it("expires and signs out", async () => {
    const admin = await createAdmin("alice", PASSWORD);
    const past = new Date(Date.now() - SESSION_TTL_MS - 1000);
    const old = await createAdminSession(admin.id, past);
    expect(await validateSession(old.token)).toBeNull();
    expect(await db.adminSession.count()).toBe(0); // removed when seen expired
    const current = await createAdminSession(admin.id);
    expect(await validateSession(current.token, new Date(Date.now() + SESSION_TTL_MS + 1000))).toBeNull();
    const again = await createAdminSession(admin.id);
    await deleteSession(again.token);
    expect(await validateSession(again.token)).toBeNull();
  });
});

describe("sign-in", () => {
  it("signs in with the right password only, case-insensitive username", async () => {
    await createAdmin("alice", PASSWORD);
    const ok = await signInWithPassword(" Alice ", PASSWORD, "10.0.0.1");
    expect(ok).toMatchObject({ ok: true, username: "alice" });
    if (ok.ok) expect(await validateSession(ok.token)).toMatchObject({ username: "alice" });
    expect(await signInWithPassword("alice", "Sturdy-Password-78", "10.0.0.1")).toEqual({ ok: false, reason: "invalid" });
    expect(await db.signInAttempt.count({ where: { succeeded: false } })).toBe(2); // per username and per address
  });

  it("spends the same argon2 work on an unknown username and answers the same way", async () => {
    await createAdmin("alice", PASSWORD);
    const verify = vi.spyOn(argon2, "verify");
    try {
      expect(await signInWithPassword("mallory", PASSWORD, "10.0.0.2")).toEqual({ ok: false, reason: "invalid" });
      expect(verify).toHaveBeenCalledTimes(1);
      verify.mockClear();
      expect(await signInWithPassword("alice", "wrong-Password-1", "10.0.0.2")).toEqual({ ok: false, reason: "invalid" });
      expect(verify).toHaveBeenCalledTimes(1);
    } finally {
      verify.mockRestore();
    }
  });

  it("locks a username after repeated failures, even for the right password, until the window passes", async () => {
    await createAdmin("alice", PASSWORD);
    const t0 = new Date();
    for (let i = 0; i < MAX_FAILURES_PER_USERNAME; i++) {
      expect(await signInWithPassword("alice", `Wrong-Password-${i}`, `10.1.0.${i}`, t0)).toEqual({ ok: false, reason: "invalid" });
    }
    const locked = await signInWithPassword("alice", PASSWORD, "10.9.9.9", t0);
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    if (!locked.ok && locked.reason === "rate_limited") expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    const later = new Date(t0.getTime() + WINDOW_MS + 1000);
    expect(await signInWithPassword("alice", PASSWORD, "10.9.9.9", later)).toMatchObject({ ok: true });
  });

  it("limits one address trying many usernames", async () => {
    await createAdmin("alice", PASSWORD);
    const t0 = new Date();
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) await signInWithPassword(`user${i}`, "Wrong-Password-1", "10.2.0.1", t0);
    expect(await signInWithPassword("alice", PASSWORD, "10.2.0.1", t0)).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(await signInWithPassword("alice", PASSWORD, "10.2.0.2", t0)).toMatchObject({ ok: true });
  });

  it("a success clears earlier failures for that username", async () => {
    await createAdmin("alice", PASSWORD);
    const t0 = Date.now();
    for (let i = 0; i < MAX_FAILURES_PER_USERNAME - 1; i++) await signInWithPassword("alice", "Wrong-Password-1", "10.3.0.1", new Date(t0 + i));
    expect(await signInWithPassword("alice", PASSWORD, "10.3.0.1", new Date(t0 + 10))).toMatchObject({ ok: true });
    for (let i = 0; i < MAX_FAILURES_PER_USERNAME - 1; i++) await signInWithPassword("alice", "Wrong-Password-1", "10.3.0.1", new Date(t0 + 20 + i));
    expect(await signInWithPassword("alice", PASSWORD, "10.3.0.1", new Date(t0 + 40))).toMatchObject({ ok: true });
  });
});
