// What must never reach a browser unearned, and where to look for it: every exercise's reference
// solution, hidden tests and expected output, the values of secret environment variables, and
// markers of server-only modules; looked for in the files a build serves to browsers as they are.
// Used by test/scripts/check-client-bundle.ts after every build and by e2e/security.spec.ts on pages.
import fs from "node:fs";
import path from "node:path";
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
const MIN_CONTENT_LENGTH = 12;
/** Secrets shorter than this are reported as too short to look for (and too short to be secrets). */
const MIN_SECRET_LENGTH = 8;

/** Environment variables whose values are secrets when set at build time. */
function isSecretName(name: string): boolean {
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
