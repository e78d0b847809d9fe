// `npm run db:restore FILE`: replaces the database DATABASE_URL names with a backup made by
// `npm run db:backup` (lib/db-backup.ts). Stop the site first; start it again afterwards (the
// migrations newer than the backup apply at start, or with `npm run db:migrate`).
import { restoreDatabase } from "@/lib/db-backup";
import { redactUrl } from "@/lib/database-url";

const url = process.env.DATABASE_URL;
const file = process.argv[2];
if (!file) {
  console.error("usage: npm run db:restore FILE   (a backups/*.db or backups/*.dump file from npm run db:backup)");
  process.exit(2);
}
restoreDatabase(url, file).then(
  (result) => {
    console.log(`db:restore: ${file} -> ${redactUrl(url ?? "file:./data/app.db")} in ${result.ms} ms${result.kept ? `; the replaced database is kept as ${result.kept}` : ""}`);
  },
  (error: unknown) => {
    console.error(`db:restore: failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
