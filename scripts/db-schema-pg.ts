// Generates prisma/postgres/schema.prisma from prisma/schema.prisma, the one source of truth for
// the models: the same models with the postgresql provider and the client generated into
// lib/generated/prisma-pg. `npm run db:schema-pg` writes it; `--check` exits 1 when the committed
// file differs (a unit test does the same). Run it after every change to prisma/schema.prisma,
// then add a migration to each of prisma/migrations and prisma/postgres/migrations.
import fs from "node:fs";
import path from "node:path";

export const SQLITE_SCHEMA = path.join("prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join("prisma", "postgres", "schema.prisma");

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run db:schema-pg\` (scripts/db-schema-pg.ts): do not edit.
// Change prisma/schema.prisma, run \`npm run db:schema-pg\`, then add a migration to each of
// prisma/migrations (SQLite) and prisma/postgres/migrations (PostgreSQL); CI checks all three agree.
`;

/** Replaces the body of the one `<kind> <name> { ... }` block whose lines match, or throws. */
function replaceBlock(source: string, kind: string, name: string, body: (block: string) => string): string {
  const pattern = new RegExp(`^${kind} ${name} \\{\\n([\\s\\S]*?)^\\}`, "m");
  const match = pattern.exec(source);
  if (!match || pattern.exec(source.slice(match.index + match[0].length))) throw new Error(`${SQLITE_SCHEMA}: expected exactly one "${kind} ${name} { … }" block`);
  return source.slice(0, match.index) + `${kind} ${name} {\n${body(match[1] ?? "")}}` + source.slice(match.index + match[0].length);
}

/** Sets `key = value` inside a block, keeping its alignment; the key must be there already. */
function setKey(block: string, key: string, value: string): string {
  const pattern = new RegExp(`^(\\s*${key}\\s*=\\s*).*$`, "m");
  if (!pattern.test(block)) throw new Error(`${SQLITE_SCHEMA}: "${key}" not found where expected`);
  return block.replace(pattern, (_, lead: string) => `${lead}${value}`);
}

export function postgresSchema(sqlite: string): string {
  let out = sqlite.replace(/\r\n/g, "\n");
  out = replaceBlock(out, "generator", "client", (block) => setKey(block, "output", '"../../lib/generated/prisma-pg"'));
  out = replaceBlock(out, "datasource", "db", (block) => {
    const withProvider = setKey(block, "provider", '"postgresql"');
    // The url line is only for Prisma 6's parser; the CLI and the app connect through the adapter.
    return setKey(withProvider.replace(/^\s*\/\/.*\n/gm, ""), "url", '"postgresql://localhost/elixir_lessons"')
      .replace(/^(\s*)(url\s*=)/m, "$1// Prisma 6 wants a url here; the CLI and the app connect through the pg adapter\n$1// configured from DATABASE_URL (prisma.config.ts, lib/db.ts).\n$1$2");
  });
  if (/@db\.|provider\s*=\s*"sqlite"/.test(out)) throw new Error(`${SQLITE_SCHEMA}: SQLite-specific attributes cannot be translated`);
  return HEADER + "\n" + out;
}

function main(): void {
  const generated = postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  if (process.argv.includes("--check")) {
    const committed = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : "";
    if (committed !== generated) {
      console.error(`${POSTGRES_SCHEMA} is out of date: run \`npm run db:schema-pg\` and add a PostgreSQL migration.`);
      process.exit(1);
    }
    console.log(`${POSTGRES_SCHEMA} is up to date`);
    return;
  }
  fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, generated);
  console.log(`wrote ${POSTGRES_SCHEMA}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? "")) main();
