// `npm run db:backup [-- FILE]`: a consistent snapshot of the database DATABASE_URL names, taken
// while the site serves (lib/db-backup.ts). Without FILE it writes backups/<kind>-<time>.db or
// .dump. Prints the file's path on stdout; restore it with `npm run db:restore FILE`.
import path from "node:path";
import { backupDatabase, backupFileName } from "@/lib/db-backup";
import { redactUrl } from "@/lib/database-url";

const url = process.env.DATABASE_URL;
const file = process.argv[2] ?? backupFileName(url, path.resolve(process.env.BACKUP_DIR ?? "backups"));
backupDatabase(url, file).then(
  (result) => {
    console.error(`db:backup: ${redactUrl(url ?? "file:./data/app.db")} -> ${result.file} (${(result.bytes / 1e6).toFixed(1)} MB in ${result.ms} ms)`);
    console.log(result.file);
  },
  (error: unknown) => {
    console.error(`db:backup: failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
