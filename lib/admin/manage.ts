// Looking after admin accounts once they exist: the list, disabling and enabling, changing one's
// own password and resetting another admin's (the admins page and `admin:reset-password`).
// Rules: an admin cannot disable themself nor the last active admin; a disabled admin's sessions
// are deleted in the same transaction, and a new password ends every other session of that admin.
// Every write goes through retryWhileBusy, like the learners' submissions.
import "server-only";
import { db } from "@/lib/db";
import { retryWhileBusy } from "@/lib/db-errors";
import { env } from "@/lib/env";
import { hashToken } from "@/lib/auth/session";
import { AdminAccountError } from "./accounts";
import { hashPassword, MAX_PASSWORD_LENGTH, normaliseUsername, passwordProblem, verifyPassword } from "./password";
import { recordAdminSignInAttempt, retryAfterSeconds } from "./rate-limit";

export interface AdminRow {
  id: string;
  username: string;
  createdAt: Date;
  disabledAt: Date | null;
  /** Sessions that have not expired. */
  sessions: number;
}

export async function listAdmins(now = new Date()): Promise<AdminRow[]> {
  const admins = await db.admin.findMany({
    orderBy: { username: "asc" },
    select: { id: true, username: true, createdAt: true, disabledAt: true, _count: { select: { sessions: { where: { expiresAt: { gt: now } } } } } },
  });
  return admins.map(({ _count, ...admin }) => ({ ...admin, sessions: _count.sessions }));
}

export async function findAdmin(id: string): Promise<{ id: string; username: string; disabledAt: Date | null } | null> {
  return db.admin.findUnique({ where: { id }, select: { id: true, username: true, disabledAt: true } });
}

const write = <T>(work: () => Promise<T>) => retryWhileBusy(work, { budgetMs: env.DATABASE_BUSY_RETRY_MS });

/**
 * Disables `targetId` on behalf of `actorId`, deleting its sessions. Refused for oneself and for
 * the last active admin. Serializable, so two admins disabling each other at the same moment
 * cannot leave nobody: on PostgreSQL one of them fails with a serialization failure, which
 * retryWhileBusy runs again and which then sees the other's change.
 */
export async function disableAdmin(actorId: string, targetId: string, now = new Date()): Promise<{ username: string }> {
  if (actorId === targetId) throw new AdminAccountError("You cannot disable your own account.");
  return write(() =>
    db.$transaction(
      async (tx) => {
        const target = await tx.admin.findUnique({ where: { id: targetId }, select: { username: true, disabledAt: true } });
        if (!target) throw new AdminAccountError("That admin does not exist.");
        if (target.disabledAt) return { username: target.username };
        await tx.admin.update({ where: { id: targetId }, data: { disabledAt: now } });
        await tx.adminSession.deleteMany({ where: { adminId: targetId } });
        if ((await tx.admin.count({ where: { disabledAt: null } })) === 0) {
          throw new AdminAccountError(`"${target.username}" is the last active admin; enable or create another admin first.`);
        }
        return { username: target.username };
      },
      { isolationLevel: "Serializable" },
    ),
  );
}

export async function enableAdmin(targetId: string): Promise<{ username: string }> {
  return write(async () => {
    const updated = await db.admin.updateManyAndReturn({ where: { id: targetId }, data: { disabledAt: null }, select: { username: true } });
    const row = updated[0];
    if (!row) throw new AdminAccountError("That admin does not exist.");
    return row;
  });
}

/** Why a new password and its confirmation are not acceptable, as a sentence, or null. */
function newPasswordProblem(password: string, confirm: string, username: string): string | null {
  const problem = passwordProblem(password, username);
  if (problem) return `The new password ${problem}.`;
  if (password !== confirm) return "The new password and its confirmation differ.";
  return null;
}

/** Stores a new hash for the admin and deletes all their sessions but `keepToken`'s. */
async function storePassword(adminId: string, password: string, keepToken?: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await write(() =>
    db.$transaction([
      db.admin.update({ where: { id: adminId }, data: { passwordHash } }),
      db.adminSession.deleteMany({ where: { adminId, ...(keepToken ? { id: { not: hashToken(keepToken) } } : {}) } }),
    ]),
  );
}

/**
 * Checks the acting admin's own password before a change made in their name, with the sign-in
 * rate limit: a stolen session cookie alone does not let anyone guess it, nor change it.
 */
async function confirmActor(actorId: string, password: string, ip: string, now: Date): Promise<void> {
  const actor = await db.admin.findUnique({ where: { id: actorId }, select: { username: true, passwordHash: true, disabledAt: true } });
  if (!actor || actor.disabledAt) throw new AdminAccountError("Your session has ended; sign in again.");
  const wait = await retryAfterSeconds(actor.username, ip, now);
  if (wait > 0) {
    const minutes = Math.max(1, Math.ceil(wait / 60));
    throw new AdminAccountError(`Too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
  const valid = password.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(actor.passwordHash, password));
  await recordAdminSignInAttempt(actor.username, ip, valid, now);
  if (!valid) throw new AdminAccountError("Your current password is wrong.");
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** A signed-in admin changes their own password; their other sessions end, this one stays. */
export async function changeOwnPassword(adminId: string, sessionToken: string, change: PasswordChange, ip: string, now = new Date()): Promise<void> {
  const admin = await findAdmin(adminId);
  if (!admin) throw new AdminAccountError("Your session has ended; sign in again.");
  const problem = newPasswordProblem(change.newPassword, change.confirmPassword, admin.username);
  if (problem) throw new AdminAccountError(problem);
  await confirmActor(adminId, change.currentPassword, ip, now);
  if (change.newPassword === change.currentPassword) throw new AdminAccountError("The new password is the same as the current one.");
  await storePassword(adminId, change.newPassword, sessionToken);
}

/** A signed-in admin sets another admin's password (confirmed with their own); all that admin's sessions end. */
export async function resetOtherPassword(actorId: string, targetId: string, change: PasswordChange, ip: string, now = new Date()): Promise<{ username: string }> {
  if (actorId === targetId) throw new AdminAccountError("Change your own password on your account page.");
  const target = await findAdmin(targetId);
  if (!target) throw new AdminAccountError("That admin does not exist.");
  const problem = newPasswordProblem(change.newPassword, change.confirmPassword, target.username);
  if (problem) throw new AdminAccountError(problem);
  await confirmActor(actorId, change.currentPassword, ip, now);
  await storePassword(targetId, change.newPassword);
  return { username: target.username };
}

/** `admin:reset-password`: sets the named admin's password and ends all their sessions. */
export async function resetPasswordByUsername(rawUsername: string, password: string): Promise<{ username: string; disabled: boolean }> {
  const username = normaliseUsername(rawUsername);
  const admin = await db.admin.findUnique({ where: { username }, select: { id: true, disabledAt: true } });
  if (!admin) throw new AdminAccountError(`there is no admin named "${username}"`);
  const problem = passwordProblem(password, username);
  if (problem) throw new AdminAccountError(`password ${problem}`);
  await storePassword(admin.id, password);
  return { username, disabled: admin.disabledAt !== null };
}
