// `npm run admin:create`: creates an admin account.
//   interactive:      npm run admin:create                 (asks for username and password, hidden)
//   non-interactive:  npm run admin:create -- --username alice   with the password on stdin or in ADMIN_PASSWORD
// Weak passwords are refused (lib/admin/password.ts says why).
import { parseArgs } from "node:util";
import { AdminAccountError, createAdmin } from "@/lib/admin/accounts";
import { db } from "@/lib/db";
import { ask, readStdin } from "./prompt";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { username: { type: "string" }, help: { type: "boolean" } } });
  if (values.help) {
    console.log("usage: npm run admin:create [-- --username NAME]  (password: prompt, stdin, or ADMIN_PASSWORD)");
    return 0;
  }
  const interactive = process.stdin.isTTY === true;
  const username = values.username ?? (interactive ? await ask("Admin username: ") : process.env.ADMIN_USERNAME);
  if (!username) {
    console.error("admin:create: give --username NAME (or ADMIN_USERNAME) when not run in a terminal");
    return 2;
  }
  let password = process.env.ADMIN_PASSWORD;
  if (!password) {
    if (interactive) {
      password = await ask("Password (12+ characters): ", true);
      if ((await ask("Repeat the password: ", true)) !== password) {
        console.error("admin:create: the passwords differ; nothing was created");
        return 1;
      }
    } else {
      password = await readStdin();
    }
  }
  try {
    const admin = await createAdmin(username, password);
    console.log(`admin:create: created admin "${admin.username}"`);
    return 0;
  } catch (error) {
    if (error instanceof AdminAccountError) {
      console.error(`admin:create: ${error.message}; nothing was created`);
      return 1;
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
}

main().then((code) => process.exit(code));
