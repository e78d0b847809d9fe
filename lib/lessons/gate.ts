// The publishing gate of content:sync: before an exercise goes live it is proved in the real
// sandbox exactly as content:check proves it (the reference solution passes, the starter does not),
// and so are its lesson's runnable examples (none ends in a limit or a crash). Only what changed is
// run: each exercise, and each page's set of examples, has a gate hash (its graded content and the
// sandbox image), stored in the database once proved. A hash content:check or an earlier gate proved
// on this machine is trusted too (data/content-checked.json), so a fresh database, such as the
// end-to-end servers', does not run the whole course again.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { SandboxRuntime } from "@/lib/env";
import { checkContent, type CheckReport, type ContentProblem, type Runner } from "./check";
import type { ParsedDocument, ParsedExercise } from "./parse";

/** Where proved hashes are kept between databases: one file per checkout. */
export const TRUST_FILE = "data/content-checked.json";
/** The trust file keeps at most this many hashes, the newest. */
const TRUST_LIMIT = 20_000;

export interface GateOptions {
  run: Runner;
  /** Which sandbox the runs use (the hash of its image's sources): part of every gate hash, so another sandbox proves nothing. */
  image: string;
  /** File of hashes proved on this machine (default TRUST_FILE; null: trust only the database). */
  trustFile?: string | null;
  /** Progress lines, one per run. */
  onResult?: (line: string) => void;
  concurrency?: number;
}

type Page = Pick<ParsedDocument<unknown>, "file" | "exercises" | "examples">;

/**
 * What the gate hashes name as "the sandbox": the image (its repository and source hash) and the
 * OCI runtime that runs it. gVisor answers the syscalls itself, counts memory and threads its own
 * way and is slower, so an exercise near a limit or the timeout can end differently under runsc:
 * what runc proved is proved again under runsc, and the other way round. Under runc the name is
 * the image alone, so hashes proved before the runtime became part of it stay valid.
 */
export function gateSandbox(image: string, runtime: SandboxRuntime): string {
  return runtime === "runc" ? image : `${image} runtime=${runtime}`;
}

export function exerciseGateHash(image: string, exercise: ParsedExercise): string {
  const { id, starterCode, solution, check, expectedOutput, tests } = exercise;
  return sha256(JSON.stringify(["exercise", image, id, starterCode, solution, check, expectedOutput, tests]));
}

/** The hash of a page's examples, or null when it has none. */
export function examplesGateHash(image: string, page: Page): string | null {
  return page.examples.length === 0 ? null : sha256(JSON.stringify(["examples", image, page.examples.map((e) => e.code)]));
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export interface GateVerdict {
  /** Gate hashes proved now or before (in the database or the trust file). */
  proved: Set<string>;
  /** Exercises held back, by id, with what is wrong. */
  heldBack: Map<string, ContentProblem[]>;
  /** Problems of examples, page by page (the file as printed). */
  examples: Map<string, ContentProblem[]>;
  /** Exercises and example sets run now, and those skipped as proved on this machine before. */
  checked: { exercises: number; examplePages: number; trusted: number };
}

/**
 * Proves in the sandbox every exercise and example set of `pages` whose gate hash is in neither
 * `known` (hashes stored in the database) nor the trust file.
 */
export async function runGate(contentDir: string, pages: Page[], known: Set<string>, options: GateOptions): Promise<GateVerdict> {
  const trustFile = options.trustFile === undefined ? TRUST_FILE : options.trustFile;
  const trusted = trustFile ? await readTrusted(trustFile) : new Set<string>();
  const verdict: GateVerdict = { proved: new Set(), heldBack: new Map(), examples: new Map(), checked: { exercises: 0, examplePages: 0, trusted: 0 } };
  const exercisesToRun = new Set<ParsedExercise>();
  const examplesToRun = new Set<string>();
  const hashes = new Map<ParsedExercise, string>();
  const exampleHashes = new Map<string, string>();
  const settled = (hash: string) => {
    if (known.has(hash)) verdict.proved.add(hash);
    else if (trusted.has(hash)) {
      verdict.proved.add(hash);
      verdict.checked.trusted += 1;
    } else return false;
    return true;
  };
  for (const page of pages) {
    for (const exercise of page.exercises) {
      const hash = exerciseGateHash(options.image, exercise);
      hashes.set(exercise, hash);
      if (!settled(hash)) exercisesToRun.add(exercise);
    }
    const hash = examplesGateHash(options.image, page);
    if (hash) {
      exampleHashes.set(page.file, hash);
      if (!settled(hash)) examplesToRun.add(page.file);
    }
  }
  const files = pages.filter((p) => examplesToRun.has(p.file) || p.exercises.some((e) => exercisesToRun.has(e))).map((p) => p.file);
  if (files.length === 0) return verdict;

  const report = await checkContent(contentDir, {
    run: options.run,
    concurrency: options.concurrency ?? 2,
    onResult: options.onResult,
    only: files,
    select: { exercise: (_file, exercise) => exercisesToRun.has(exercise), examples: (file) => examplesToRun.has(file) },
  });
  const byWhere = groupByWhere(report);
  const newlyProved: string[] = [];
  for (const page of pages) {
    for (const exercise of page.exercises) {
      if (!exercisesToRun.has(exercise)) continue;
      verdict.checked.exercises += 1;
      const problems = byWhere.get(`${page.file}:${exercise.line}`) ?? [];
      if (problems.length > 0) verdict.heldBack.set(exercise.id, problems);
      else newlyProved.push(hashes.get(exercise) ?? "");
    }
    if (!examplesToRun.has(page.file)) continue;
    verdict.checked.examplePages += 1;
    const problems = page.examples.flatMap((e) => byWhere.get(`${page.file}:${e.line}`) ?? []);
    if (problems.length > 0) verdict.examples.set(page.file, problems);
    else newlyProved.push(exampleHashes.get(page.file) ?? "");
  }
  for (const hash of newlyProved) verdict.proved.add(hash);
  if (trustFile) await recordTrusted(trustFile, newlyProved);
  return verdict;
}

function groupByWhere(report: CheckReport): Map<string, ContentProblem[]> {
  const byWhere = new Map<string, ContentProblem[]>();
  for (const problem of report.problems) byWhere.set(problem.where, [...(byWhere.get(problem.where) ?? []), problem]);
  return byWhere;
}

/**
 * After a content:check, records the gate hashes of what it proved (exercises and example sets
 * without a problem), so the next sync into any database of this checkout trusts them.
 */
export async function recordCheckReport(pages: Page[], report: CheckReport, only: string[], image: string, trustFile = TRUST_FILE): Promise<number> {
  const byWhere = groupByWhere(report);
  const wanted = only.length > 0 ? new Set(only.map((f) => path.normalize(f))) : null;
  const proved: string[] = [];
  for (const page of pages) {
    if (wanted && !wanted.has(path.normalize(page.file))) continue;
    for (const exercise of page.exercises) {
      if (!byWhere.has(`${page.file}:${exercise.line}`)) proved.push(exerciseGateHash(image, exercise));
    }
    const hash = examplesGateHash(image, page);
    if (hash && page.examples.every((e) => !byWhere.has(`${page.file}:${e.line}`))) proved.push(hash);
  }
  await recordTrusted(trustFile, proved);
  return proved.length;
}

async function readTrusted(file: string): Promise<Set<string>> {
  return new Set(Object.keys(await readTrustFile(file)));
}

async function readTrustFile(file: string): Promise<Record<string, string>> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(file, "utf8"));
    const hashes: unknown = parsed && typeof parsed === "object" ? Reflect.get(parsed, "hashes") : null;
    if (!hashes || typeof hashes !== "object") return {};
    return Object.fromEntries(Object.entries(hashes).filter((e): e is [string, string] => /^[0-9a-f]{64}$/.test(e[0]) && typeof e[1] === "string"));
  } catch {
    return {};
  }
}

/** Adds hashes to the trust file (read again just before, written whole by a rename: runs may overlap). */
async function recordTrusted(file: string, hashes: string[]): Promise<void> {
  if (hashes.length === 0) return;
  const now = new Date().toISOString();
  const all = { ...(await readTrustFile(file)), ...Object.fromEntries(hashes.map((h) => [h, now])) };
  const kept = Object.entries(all)
    .sort((a, b) => b[1].localeCompare(a[1]))
    .slice(0, TRUST_LIMIT);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(temporary, `${JSON.stringify({ version: 1, hashes: Object.fromEntries(kept) })}\n`);
  await fs.rename(temporary, file);
}
