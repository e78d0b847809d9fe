// Test data the end-to-end specs need beyond content/: hints on the first exercise when the
// lessons do not have any yet. Runs against the e2e database only (DATABASE_URL from serve.sh).
import { db } from "@/lib/db";

async function main() {
  if (!process.env.DATABASE_URL?.includes("e2e")) throw new Error("e2e/seed.ts only seeds an e2e database");
  const exercise = await db.exercise.findUnique({ where: { id: "hello-world" }, select: { hints: true } });
  if (exercise && exercise.hints === "[]") {
    await db.exercise.update({
      where: { id: "hello-world" },
      data: { hints: JSON.stringify(["`IO.puts/1` prints a string followed by a newline.", 'Mind the comma and the exclamation mark: "Hello, world!"']) },
    });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
