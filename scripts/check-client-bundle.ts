// `tsx scripts/check-client-bundle.ts [.next]`: after `next build`, scans everything the build
// serves to browsers as files (.next/static/**, prerendered HTML/RSC under .next/server/app and
// .next/server/pages) for what must never reach a browser unearned: every exercise's reference
// solution, hidden tests and expected output (read from content/ with lib/lessons), the values of
// secret environment variables present at build time, and markers of server-only modules.
// Prints each finding as "<file>: <what>", exits 1 when there is any, and ends with one JSON line.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { readCourse } from "@/lib/lessons/load";
import type { ParsedLesson } from "@/lib/lessons/parse";

export interface Needle {
  /** What was found, for the report: "solution of hello-world", "value of ADMIN_PASSWORD". */
  label: string;
  value: string;
}

export interface Finding {
  file: string;
  label: string;
}

/**
 * Shorter content values are not looked for: expected outputs like "3", "ok" or "got pong" occur
 * by chance in any minified bundle and in lesson prose, so a hit would prove nothing. Twelve
 * characters is about where a whole solution or output stops occurring by accident.
 */
export const MIN_CONTENT_LENGTH = 12;
/** Secrets shorter than this are reported as too short to look for (and too short to be secrets). */
export const MIN_SECRET_LENGTH = 8;

/** Environment variables whose values are secrets when set at build time. */
export function isSecretName(name: string): boolean {
  return name === "DATABASE_URL" || name === "ADMIN_PASSWORD" || /(_SECRET|_KEY|_TOKEN|_PASSWORD)$/.test(name);
}

/** Text only server code contains: if one shows up in the client output, a server module leaked. */
export const SERVER_MARKERS: Needle[] = [
  { label: "the server-only guard (a server-only module in a client bundle)", value: "cannot be imported from a Client Component module" },
  { label: "the Prisma client", value: "PrismaClient" },
  { label: "the Docker client", value: "dockerode" },
  { label: "the SQLite driver", value: "better-sqlite3" },
  { label: "the password hasher", value: "argon2id" },
  { label: "the sandbox container label", value: "elixir-lessons.sandbox" },
];

/**
 * Each exercise's solution, expected output and hidden tests. A value the lesson shows in its
 * own prose (outside the exercise's secret blocks) is public and skipped, as are short values.
 */
export function contentNeedles(lessons: ParsedLesson[], minLength = MIN_CONTENT_LENGTH): { needles: Needle[]; skipped: string[] } {
  const needles: Needle[] = [];
  const skipped: string[] = [];
  for (const lesson of lessons) {
    const publicText = lesson.body.replace(SECRET_BLOCK, "");
    for (const exercise of lesson.exercises) {
      const candidates: [string, string | null][] = [
        [`solution of ${exercise.id}`, exercise.solution],
        [`expected output of ${exercise.id}`, exercise.expectedOutput],
        [`hidden tests of ${exercise.id}`, exercise.testsVisible ? null : exercise.tests],
      ];
      for (const [label, raw] of candidates) {
        const value = raw?.trim();
        if (!value) continue;
        if (value.length < minLength) skipped.push(`${label} (shorter than ${minLength} characters)`);
        else if (publicText.includes(value)) skipped.push(`${label} (shown in the lesson text)`);
        else needles.push({ label, value });
      }
    }
  }
  return { needles, skipped };
}

/** Values of secret environment variables; names only in `skipped` when too short to look for. */
export function secretNeedles(env: Record<string, string | undefined>, minLength = MIN_SECRET_LENGTH): { needles: Needle[]; skipped: string[] } {
  const needles: Needle[] = [];
  const skipped: string[] = [];
  for (const [name, value] of Object.entries(env).sort(([a], [b]) => a.localeCompare(b))) {
    if (!value || !isSecretName(name)) continue;
    if (value.length < minLength) skipped.push(`value of ${name} (shorter than ${minLength} characters)`);
    else needles.push({ label: `value of ${name}`, value });
  }
  return { needles, skipped };
}

/** An exercise's fenced solution, expected or tests block (the word after the language says which). */
const SECRET_BLOCK = /^(`{3,}|~{3,})[^\S\n]*\S*[^\S\n]+(solution|expected|tests)\b[^\n]*\n[\s\S]*?^\1/gm;

const json = (s: string) => JSON.stringify(s).slice(1, -1);
const html = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

/** How a value can appear in built output: as is, in a JS/JSON string (once or twice escaped, as in the RSC payload inside HTML), in HTML text. */
export function encodings(value: string): string[] {
  return [...new Set([value, json(value), json(json(value)), html(value), value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")])];
}

const TEXT_FILE = /\.(js|mjs|cjs|css|json|map|html|rsc|txt|body|svg|meta)$/;

/** The files the build serves to browsers as they are (server code, which holds the answers, is left out). */
export function clientOutputFiles(nextDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, keep: (file: string) => boolean) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, keep);
      else if (keep(full)) found.push(full);
    }
  };
  walk(path.join(nextDir, "static"), (f) => TEXT_FILE.test(f));
  walk(path.join(nextDir, "server", "app"), (f) => /\.(html|rsc|body)$/.test(f));
  walk(path.join(nextDir, "server", "pages"), (f) => /\.html$/.test(f));
  return found.sort();
}

/** Every (file, needle) pair where one of the needle's encodings occurs in the file. */
export function scanFiles(files: string[], needles: Needle[]): Finding[] {
  const patterns = needles.map((n) => ({ label: n.label, forms: encodings(n.value) }));
  const findings: Finding[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    for (const { label, forms } of patterns) {
      if (forms.some((form) => text.includes(form))) findings.push({ file, label });
    }
  }
  return findings;
}

async function main(): Promise<number> {
  const nextDir = path.resolve(process.argv[2] ?? ".next");
  const contentDir = path.resolve(process.env.CONTENT_DIR ?? "content");
  if (!fs.existsSync(path.join(nextDir, "BUILD_ID"))) {
    console.error(`check-client-bundle: no build in ${nextDir}; run \`next build\` first.`);
    return 2;
  }
  const course = await readCourse(contentDir);
  if (course.lessons.length === 0) {
    console.error(`check-client-bundle: no lessons found in ${contentDir}; nothing to compare against.`);
    return 2;
  }
  const content = contentNeedles(course.lessons);
  const secrets = secretNeedles(process.env);
  const needles = [...content.needles, ...secrets.needles, ...SERVER_MARKERS];
  const files = clientOutputFiles(nextDir);
  const findings = scanFiles(files, needles);

  for (const skip of [...content.skipped, ...secrets.skipped]) console.log(`check-client-bundle: not looked for: ${skip}`);
  for (const f of findings) console.log(`${path.relative(process.cwd(), f.file)}: ${f.label}`);
  const bytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  console.log(
    findings.length === 0
      ? `check-client-bundle: ${files.length} files (${Math.round(bytes / 1024)} KiB) are clean of ${needles.length} needles`
      : `check-client-bundle: ${findings.length} finding(s); the client output must not contain these`,
  );
  console.log(JSON.stringify({ files: files.length, bytes, needles: needles.length, skipped: content.skipped.length + secrets.skipped.length, findings: findings.length }));
  return findings.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
