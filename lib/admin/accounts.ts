// Creating admin accounts: the `admin:create` command and the first-start bootstrap from env.
import "server-only";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import { env as processEnv } from "@/lib/env";
import { hashPassword, normaliseUsername, passwordProblem, USERNAME_PATTERN } from "./password";

export class AdminAccountError extends Error {}

export async function createAdmin(rawUsername: string, password: string): Promise<{ id: string; username: string }> {
  const username = normaliseUsername(rawUsername);
  if (!USERNAME_PATTERN.test(username)) throw new AdminAccountError("username must be 3-32 characters of a-z, 0-9, '.', '_' or '-'");
  const problem = passwordProblem(password, username);
  if (problem) throw new AdminAccountError(`password ${problem}`);
  if (await db.admin.findUnique({ where: { username }, select: { id: true } })) {
    throw new AdminAccountError(`an admin named "${username}" already exists`);
  }
  const passwordHash = await hashPassword(password);
  return db.admin.create({ data: { username, passwordHash }, select: { id: true, username: true } });
}

/**
 * On first start: creates the first admin from ADMIN_USERNAME / ADMIN_PASSWORD when no admin
 * exists yet. Does nothing when they are unset or an admin exists; there is no default password.
 */
export async function bootstrapAdminFromEnv(env: { ADMIN_USERNAME?: string; ADMIN_PASSWORD?: string } = processEnv): Promise<string> {
  const username = env.ADMIN_USERNAME?.trim();
  const password = env.ADMIN_PASSWORD;
  if (!username || !password) return "skipped: ADMIN_USERNAME/ADMIN_PASSWORD not set";
  if ((await db.admin.count()) > 0) return "skipped: an admin already exists";
  try {
    const admin = await createAdmin(username, password);
    return `created admin "${admin.username}"`;
  } catch (error) {
    // Several web instances starting at once (scale-out): the first one creates it.
    if (isUniqueViolation(error) || (error instanceof AdminAccountError && (await db.admin.count()) > 0)) return "skipped: another instance created the admin";
    throw error;
  }
}
