// Admin accounts after creation, against the real database: disabling (never oneself, never the
// last active admin), what a disabled admin can still do (nothing), and password changes and
// resets, which end the other sessions. Also `admin:reset-password` as a command.
import { spawnSync } from "node:child_process";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AdminAccountError, createAdmin } from "./accounts";
import { changeOwnPassword, disableAdmin, enableAdmin, listAdmins, resetOtherPassword, resetPasswordByUsername } from "./manage";
import { MAX_FAILURES_PER_USERNAME } from "./rate-limit";
import { createAdminSession, validateSession } from "./session";
import { signInWithPassword } from "./sign-in";

const PASSWORD = "Sturdy-Password-77";
const NEW_PASSWORD = "Copper-Kettle-Rain-42";
const IP = "192.0.2.10";

beforeEach(async () => {
  await db.$transaction([db.adminSession.deleteMany(), db.admin.deleteMany(), db.signInAttempt.deleteMany()]);
});

async function hashOf(id: string): Promise<string> {
  return (await db.admin.findUniqueOrThrow({ where: { id }, select: { passwordHash: true } })).passwordHash;
}

describe("disabling admins", () => {
  it("refuses to disable oneself", async () => {
    const alice = await createAdmin("alice", PASSWORD);
    await createAdmin("bob", PASSWORD);
    await expect(disableAdmin(alice.id, alice.id)).rejects.toThrow(/your own account/);
    expect((await db.admin.findUniqueOrThrow({ where: { id: alice.id } })).disabledAt).toBeNull();
  });

  it("refuses to disable the last active admin, and leaves them and their sessions as they were", async () => {
    const alice = await createAdmin("alice", PASSWORD);
    const bob = await createAdmin("bob", PASSWORD);
    const carol = await createAdmin("carol", PASSWORD);
    await disableAdmin(alice.id, carol.id);
    // Bob disables Alice: Bob is then the only active one, and Bob is the actor, so Bob cannot go.
    await disableAdmin(bob.id, alice.id);
    const session = await createAdminSession(bob.id);
    // Carol is disabled and has no session, but the rule holds whoever asks: Bob is the last active admin.
    await expect(disableAdmin(carol.id, bob.id)).rejects.toThrow(/"bob" is the last active admin/);
    expect((await db.admin.findUniqueOrThrow({ where: { id: bob.id } })).disabledAt).toBeNull();
    expect(await validateSession(session.token)).toEqual({ id: bob.id, username: "bob" });
  });

  it("leaves one active admin when two disable each other at the same moment", async () => {
    const alice = await createAdmin("alice", PASSWORD);
    const bob = await createAdmin("bob", PASSWORD);
    const outcomes = await Promise.allSettled([disableAdmin(alice.id, bob.id), disableAdmin(bob.id, alice.id)]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected");
    expect(refused?.status === "rejected" && refused.reason).toBeInstanceOf(AdminAccountError);
    expect(await db.admin.count({ where: { disabledAt: null } })).toBe(1);
  });

  it("ends a disabled admin's sessions at once and refuses their sign-in, right password or not", async () => {
    const alice = await createAdmin("alice", PASSWORD);
    const bob = await createAdmin("bob", PASSWORD);
    const first = await createAdminSession(bob.id);
    const second = await createAdminSession(bob.id);
    expect(await validateSession(first.token)).not.toBeNull();

    expect(await disableAdmin(alice.id, bob.id)).toEqual({ username: "bob" });
    expect(await validateSession(first.token)).toBeNull();
    expect(await validateSession(second.token)).toBeNull();
    expect(await db.adminSession.count({ where: { adminId: bob.id } })).toBe(0);

    expect(await signInWithPassword("bob", PASSWORD, IP)).toEqual({ ok: false, reason: "disabled" });
    expect(await signInWithPassword("bob", "Wrong-Password-123", IP)).toEqual({ ok: false, reason: "invalid" });
    expect(await db.adminSession.count({ where: { adminId: bob.id } })).toBe(0);
    const rows = await listAdmins();
    expect(rows.map((r) => [r.username, r.disabledAt !== null, r.sessions])).toEqual([["alice", false, 0], ["bob", true, 0]]);

    await enableAdmin(bob.id);
    const again = await signInWithPassword("bob", PASSWORD, IP);
    expect(again.ok).toBe(true);
  });

  it("refuses a session made before the disabling even if it was not deleted", async () => {
    const alice = await createAdmin("alice", PASSWORD);
    const bob = await createAdmin("bob", PASSWORD);
    const session = await createAdminSession(bob.id);
    await db.admin.update({ where: { id: bob.id }, data: { disabledAt: new Date() } });
    expect(await validateSession(session.token)).toBeNull();
    expect(await validateSession((await createAdminSession(alice.id)).token)).toEqual({ id: alice.id, username: "alice" });
  });
});

describe("changing and resetting passwords", () => {
  it("changes one's own password with the current one, keeping this session and ending the others", async () => {
    const alice = await createAdmin("alice", PASSWORD);
    const here = await createAdminSession(alice.id);
    const elsewhere = await createAdminSession(alice.id);
    const before = await hashOf(alice.id);

    const change = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
    await expect(changeOwnPassword(alice.id, here.token, { ...change, confirmPassword: `${NEW_PASSWORD}x` }, IP)).rejects.toThrow(/confirmation differ/);
    await expect(changeOwnPassword(alice.id, here.token, { ...change, newPassword: "short", confirmPassword: "short" }, IP)).rejects.toThrow(/at least 12 characters/);
    await expect(changeOwnPassword(alice.id, here.token, { ...change, currentPassword: "Not-The-Password-1" }, IP)).rejects.toThrow(/current password is wrong/);
    await expect(changeOwnPassword(alice.id, here.token, { ...change, newPassword: PASSWORD, confirmPassword: PASSWORD }, IP)).rejects.toThrow(/same as the current/);
    expect(await hashOf(alice.id)).toBe(before);
    expect(await validateSession(elsewhere.token)).not.toBeNull();

    await changeOwnPassword(alice.id, here.token, change, IP);
    const after = await hashOf(alice.id);
    expect(after).not.toBe(before);
    expect(after).toMatch(/^\$argon2id\$/);
    expect(after).not.toContain(NEW_PASSWORD);
    expect(await validateSession(here.token)).toEqual({ id: alice.id, username: "alice" });
    expect(await validateSession(elsewhere.token)).toBeNull();
    expect((await signInWithPassword("alice", PASSWORD, IP)).ok).toBe(false);
    expect((await signInWithPassword("alice", NEW_PASSWORD, IP)).ok).toBe(true);
  });

  it("counts wrong current passwords against the sign-in limit", async () => {
    const alice = await createAdmin("alice", PASSWORD);
    const here = await createAdminSession(alice.id);
    const wrong = { currentPassword: "Not-The-Password-1", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
    for (let i = 0; i < MAX_FAILURES_PER_USERNAME; i++) await expect(changeOwnPassword(alice.id, here.token, wrong, IP)).rejects.toThrow(/wrong/);
    await expect(changeOwnPassword(alice.id, here.token, { ...wrong, currentPassword: PASSWORD }, IP)).rejects.toThrow(/Too many wrong passwords/);
    expect((await signInWithPassword("alice", PASSWORD, IP)).ok).toBe(false);
  });

  it("resets another admin's password, confirmed with one's own, and ends all their sessions", async () => {
    const alice = await createAdmin("alice", PASSWORD);
    const bob = await createAdmin("bob", PASSWORD);
    const bobs = await createAdminSession(bob.id);
    const before = await hashOf(bob.id);
    const reset = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };

    await expect(resetOtherPassword(alice.id, alice.id, reset, IP)).rejects.toThrow(/your own password/);
    await expect(resetOtherPassword(alice.id, bob.id, { ...reset, currentPassword: "Not-The-Password-1" }, IP)).rejects.toThrow(/current password is wrong/);
    await expect(resetOtherPassword(alice.id, bob.id, { ...reset, newPassword: "bob-Password-1234", confirmPassword: "bob-Password-1234" }, IP)).rejects.toThrow(/must not contain the username/);
    expect(await hashOf(bob.id)).toBe(before);

    expect(await resetOtherPassword(alice.id, bob.id, reset, IP)).toEqual({ username: "bob" });
    expect(await hashOf(bob.id)).not.toBe(before);
    expect(await validateSession(bobs.token)).toBeNull();
    expect((await signInWithPassword("bob", NEW_PASSWORD, IP)).ok).toBe(true);
  });

  it("resets by username for the command: new hash, every session ended", async () => {
    const alice = await createAdmin("alice", PASSWORD);
    const session = await createAdminSession(alice.id);
    const before = await hashOf(alice.id);
    await expect(resetPasswordByUsername("nobody", NEW_PASSWORD)).rejects.toThrow(/no admin named "nobody"/);
    await expect(resetPasswordByUsername("alice", "password1234")).rejects.toThrow(/password/);
    expect(await resetPasswordByUsername(" Alice ", NEW_PASSWORD)).toEqual({ username: "alice", disabled: false });
    expect(await hashOf(alice.id)).not.toBe(before);
    expect(await validateSession(session.token)).toBeNull();
  });
});

function resetCommand(args: string[], input: string) {
  return spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/admin-reset-password.ts", ...args], { input, encoding: "utf8", timeout: 60_000 });
}

describe("admin:reset-password", () => {
  it("reads the password from stdin, never prints it, and refuses what it cannot do", async () => {
    const alice = await createAdmin("alice", PASSWORD);
    const session = await createAdminSession(alice.id);
    const before = await hashOf(alice.id);

    const usage = resetCommand([], "");
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/USERNAME/);
    // A password given as an argument is refused, not used.
    const argv = resetCommand(["alice", NEW_PASSWORD], "");
    expect(argv.status).toBe(2);
    expect(argv.stderr).toMatch(/never given as an argument/);
    const weak = resetCommand(["alice"], "password\n");
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/at least 12 characters; nothing was changed/);
    expect(await hashOf(alice.id)).toBe(before);

    const done = resetCommand(["alice"], `${NEW_PASSWORD}\n`);
    expect(done.stderr).toBe("");
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('set a new password for "alice"');
    expect(done.stdout + done.stderr).not.toContain(NEW_PASSWORD);
    expect(await hashOf(alice.id)).not.toBe(before);
    expect(await validateSession(session.token)).toBeNull();
    expect((await signInWithPassword("alice", NEW_PASSWORD, IP)).ok).toBe(true);
  });
});
