// `npm run admin:create` without a terminal: username from --username, password from stdin or env.
import { spawnSync } from "node:child_process";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";

function adminCreate(args: string[], input: string, env: Record<string, string> = {}) {
  return spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/admin-create.ts", ...args], {
    input, encoding: "utf8", env: { ...process.env, ADMIN_PASSWORD: "", ADMIN_USERNAME: "", ...env }, timeout: 60_000,
  });
}

beforeEach(async () => {
  await db.$transaction([db.adminSession.deleteMany(), db.admin.deleteMany()]);
});

describe("admin:create", () => {
  it("refuses a weak password and creates nothing", () => {
    const run = adminCreate(["--username", "carol"], "password123\n");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/password must be at least 12 characters; nothing was created/);
  });

  it("creates an admin with the password from stdin, then refuses a duplicate", async () => {
    const run = adminCreate(["--username", "Carol"], "Lantern-Harbour-19\n");
    expect(run.stdout).toContain('created admin "carol"');
    expect(run.status).toBe(0);
    const admin = await db.admin.findUniqueOrThrow({ where: { username: "carol" } });
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
    const again = adminCreate(["--username", "carol"], "Lantern-Harbour-20\n");
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it("takes the password from ADMIN_PASSWORD and asks for a username when there is none", async () => {
    expect(adminCreate([], "", { ADMIN_PASSWORD: "Lantern-Harbour-19" }).status).toBe(2);
    expect(adminCreate(["--username", "dave"], "", { ADMIN_PASSWORD: "Lantern-Harbour-19" }).status).toBe(0);
    expect(await db.admin.count({ where: { username: "dave" } })).toBe(1);
  });
});
