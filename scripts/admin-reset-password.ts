// `npm run admin:reset-password -- USERNAME`: sets a new password for an admin and ends all of
// their sessions. The password never comes from the command line (it would land in the shell's
// history and the process list): it is asked for twice, hidden, in a terminal, or read from stdin.
// Weak passwords are refused (lib/admin/password.ts says why). Nothing about the password is printed.
import { parseArgs } from "node:util";
import { AdminAccountError } from "@/lib/admin/accounts";
import { resetPasswordByUsername } from "@/lib/admin/manage";
import { db } from "@/lib/db";
import { ask, readStdin } from "./prompt";

const USAGE = `usage: npm run admin:reset-password -- USERNAME

Sets a new password for the admin USERNAME and signs them out everywhere. In a terminal the
password is asked for twice, hidden; otherwise it is read from stdin (one line). It is never
taken from the command line. Exits 0 on success, 1 when refused (unknown admin, weak password,
the two entries differ), 2 on wrong usage.`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: { help: { type: "boolean", short: "h" } }, allowPositionals: true });
  } catch (error) {
    console.error(`admin:reset-password: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [username, ...extra] = parsed.positionals;
  if (!username || extra.length > 0) {
    console.error(`admin:reset-password: give exactly one USERNAME${extra.length > 0 ? " (the password is asked for, never given as an argument)" : ""}\n\n${USAGE}`);
    return 2;
  }
  try {
    let password: string;
    if (process.stdin.isTTY === true) {
      password = await ask("New password (12+ characters): ", true);
      if ((await ask("Repeat the new password: ", true)) !== password) {
        console.error("admin:reset-password: the passwords differ; nothing was changed");
        return 1;
      }
    } else {
      password = await readStdin();
    }
    const reset = await resetPasswordByUsername(username, password);
    console.log(`admin:reset-password: set a new password for "${reset.username}" and ended their sessions${reset.disabled ? " (the account is still disabled: enable it on /admin/admins)" : ""}`);
    return 0;
  } catch (error) {
    if (error instanceof AdminAccountError) {
      console.error(`admin:reset-password: ${error.message}; nothing was changed`);
      return 1;
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
}

main().then((code) => process.exit(code));
