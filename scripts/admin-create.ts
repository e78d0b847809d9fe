// `npm run admin:create`: creates an admin account.
//   interactive:      npm run admin:create                 (asks for username and password, hidden)
//   non-interactive:  npm run admin:create -- --username alice   with the password on stdin or in ADMIN_PASSWORD
// Weak passwords are refused (lib/admin/password.ts says why).
import { parseArgs } from "node:util";
import readline from "node:readline";
import { AdminAccountError, createAdmin } from "@/lib/admin/accounts";
import { db } from "@/lib/db";

function ask(question: string, hidden = false): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    if (hidden) {
      const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
      out._writeToOutput = (s: string) => {
        if (s.startsWith(question)) out.output.write(question);
        else if (s.includes("\n") || s.includes("\r")) out.output.write("\n");
      };
    }
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

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
