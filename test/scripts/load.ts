// `npm run load`: a class of simulated learners against the built site on loopback, then a check
// of the database. Needs `next build` first. Without --url it serves the build itself on a free
// loopback port with a fresh database (e2e/serve.sh PORT load -> data/load.db) and stops it after.
// Each learner (one autocannon connection, its own `learner` cookie) loads the course page and a
// lesson and submits code for that lesson's exercise: the reference solution, the starter (wrong),
// a compile error and a runtime error, in turn. A "busy", "unavailable" or "rate limited" answer
// makes the learner wait as the UI does (Retry-After: reading the lesson meanwhile) and then
// resubmit the same code. After --duration no learner starts another run; each stops at its next
// answer, so no run is cut off. Then: accepted runs (200s, by submissionId) must be stored exactly
// once, and nothing else for these learners; any 5xx other than the contract's 503 busy/unavailable
// is an error. Exit 1 on any mismatch, error or hung request. Last stdout line: one JSON object.
// Scale-out: --url may be given more than once (learners spread round-robin over the web
// instances, counted per URL), and --db postgresql://… does the accounting in PostgreSQL.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { isPostgresUrl, resolveSqliteUrl } from "@/lib/database-url";
import { loadLessons } from "@/lib/lessons/load";
import { classifyRunAnswer, percentile, reconcile, storedSubmissions } from "./load-accounting";
import { contentDir } from "@/lib/lessons/content";

const USAGE = `usage: npm run load -- [--learners 30] [--duration 60] [--rate 1] [--url http://127.0.0.1:PORT ... --db data/app.db|postgresql://…] [--timeout 60] [--drain 120]
  --learners  simulated learners, one connection and cookie each
  --duration  seconds of traffic (then every learner finishes the request it has in flight)
  --rate      requests per second per learner at most (their "think time")
  --url       a running site on loopback instead of starting the build; repeat it for several web
              instances of one site (learners round-robin over them)
  --db        with --url: the site's database, a SQLite file or a postgresql:// URL on loopback
              (default: DATABASE_URL, else data/app.db)
  --timeout   seconds before one request counts as hung
  --drain     seconds allowed after --duration for the last answers`;

interface Options {
  learners: number;
  duration: number;
  rate: number;
  urls: string[];
  db: string | null;
  timeout: number;
  drain: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      learners: { type: "string", default: "30" },
      duration: { type: "string", default: "60" },
      rate: { type: "string", default: "1" },
      url: { type: "string", multiple: true },
      db: { type: "string" },
      timeout: { type: "string", default: "60" },
      drain: { type: "string", default: "120" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (name: string, raw: string, max: number): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || n > max) throw new UsageError(`--${name} must be a number above 0 and at most ${max} (got "${raw}")`);
    return n;
  };
  const urls = (values.url ?? []).map((url) => {
    const parsed = parseUrl("--url", url);
    if (parsed.protocol !== "http:" || !isLoopback(parsed.hostname)) {
      throw new UsageError(`--url must be http:// on loopback (127.0.0.0/8, ::1, localhost); got ${url}`);
    }
    return url.replace(/\/$/, "");
  });
  if (new Set(urls).size !== urls.length) throw new UsageError("each --url may be given once");
  if (values.db !== undefined && urls.length === 0) throw new UsageError("--db needs --url (without --url the script serves the build on its own database)");
  if (values.db !== undefined && isPostgresUrl(values.db) && !isLoopback(parseUrl("--db", values.db).hostname)) {
    throw new UsageError("--db must name a PostgreSQL server on loopback (127.0.0.0/8, ::1, localhost)");
  }
  const learnerCount = Math.round(positive("learners", values.learners, 1000));
  if (learnerCount < urls.length) throw new UsageError(`--learners (${learnerCount}) must be at least the number of --url (${urls.length})`);
  return {
    learners: learnerCount,
    duration: positive("duration", values.duration, 3600),
    rate: Math.round(positive("rate", values.rate, 100)),
    urls,
    db: values.db ?? null,
    timeout: positive("timeout", values.timeout, 600),
    drain: positive("drain", values.drain, 3600),
  };
}

class UsageError extends Error {}

function parseUrl(flag: string, url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new UsageError(`${flag} is not a URL: ${url.replace(/\/\/[^@/]*@/, "//…@")}`);
  }
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

// ---------------------------------------------------------------------------------------------
// What the learners submit.

type CodeKind = "correct" | "wrong" | "compile_error" | "runtime_error";
const CODE_KINDS: CodeKind[] = ["correct", "wrong", "compile_error", "runtime_error"];

interface Target {
  lessonPath: string;
  exerciseId: string;
  code: Record<CodeKind, string>;
}

async function targets(): Promise<Target[]> {
  const lessons = (await loadLessons(contentDir())).filter((l) => !l.frontmatter.draft);
  const found = lessons.flatMap((lesson) =>
    lesson.exercises.map((exercise) => ({
      lessonPath: `/lessons/${lesson.frontmatter.slug}`,
      exerciseId: exercise.id,
      code: {
        correct: exercise.solution,
        wrong: exercise.starterCode,
        compile_error: "defmodule LoadTest do\n  def broken(, do: :nope\nend\n",
        runtime_error: 'raise "load test: a deliberate runtime error"\n',
      },
    })),
  );
  if (found.length === 0) throw new Error("no exercises found in the content folder");
  return found;
}

/** The verdict each kind of code must get; the starter only must not pass. */
function verdictFits(kind: CodeKind, status: string): boolean {
  switch (kind) {
    case "correct":
      return status === "passed";
    case "wrong":
      return status !== "passed";
    default:
      return status === kind;
  }
}

// ---------------------------------------------------------------------------------------------
// The figures, shared by every learner.

const figures = {
  runsAnswered: 0,
  acceptedIds: [] as string[],
  verdictMs: [] as number[],
  pageMs: [] as number[],
  pages: 0,
  busy: 0,
  unavailable: 0,
  rateLimited: 0,
  errors5xx: 0,
  errorsOther: 0,
  unexpectedVerdicts: 0,
  examples: [] as string[],
};

/** Counts per web instance (--url), to show the learners really were spread over them. */
interface SiteCounts {
  url: string;
  learners: number;
  runs: number;
  verdicts: number;
  busy: number;
  unavailable: number;
  errors: number;
  pages: number;
}
const perSite: SiteCounts[] = [];

function note(example: string): void {
  if (figures.examples.length < 10) figures.examples.push(example);
}

interface Learner {
  site: SiteCounts;
  cookie: string;
  ids: Set<string>;
  target: Target;
  submissions: number;
  /** Code to submit again after a "try again" answer, like the UI's automatic retry. */
  retryCode: { kind: CodeKind; code: string } | null;
  retryAt: number;
  runInFlight: boolean;
  /** What the request in flight was, for the latency the client reports right after. */
  last: { type: "page" | "run"; status: number; verdict: boolean } | null;
}

let draining = false;
const learners: Learner[] = [];

function learnerRequests(learner: Learner, client: autocannon.Client): autocannon.Request[] {
  const headers = () => ({ cookie: `learner=${learner.cookie}` });
  const page = (pathOf: () => string): autocannon.Request => ({
    setupRequest: (request) => ({ ...request, method: "GET", path: pathOf(), headers: headers(), body: undefined }),
    onResponse: (status, _body, _context, responseHeaders) => onAnswer(learner, client, "page", status, "", responseHeaders),
  });
  const run: autocannon.Request = {
    setupRequest: (request) => {
      // Waiting out a Retry-After, or finishing: read the lesson instead of sending a run.
      if (draining || Date.now() < learner.retryAt) {
        return { ...request, method: "GET", path: learner.target.lessonPath, headers: headers(), body: undefined };
      }
      const next = learner.retryCode ?? nextCode(learner);
      learner.retryCode = next;
      learner.runInFlight = true;
      const body = JSON.stringify({ exerciseId: learner.target.exerciseId, code: next.code });
      return { ...request, method: "POST", path: "/api/runs", headers: { ...headers(), "content-type": "application/json" }, body };
    },
    onResponse: (status, body, _context, responseHeaders) => {
      if (!learner.runInFlight) return onAnswer(learner, client, "page", status, body, responseHeaders);
      learner.runInFlight = false;
      onAnswer(learner, client, "run", status, body, responseHeaders);
    },
  };
  const course = page(() => "/");
  const lesson = page(() => learner.target.lessonPath);
  return [course, lesson, run, run, lesson, run];
}

function nextCode(learner: Learner): { kind: CodeKind; code: string } {
  const kind = CODE_KINDS[learner.submissions++ % CODE_KINDS.length] ?? "correct";
  return { kind, code: learner.target.code[kind] };
}

function header(headers: autocannon.Request["headers"], name: string): string | undefined {
  const value = headers?.[name] ?? headers?.[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function onAnswer(learner: Learner, client: autocannon.Client, type: "page" | "run", status: number, body: string, headers: autocannon.Request["headers"]): void {
  const setCookie = header(headers, "set-cookie");
  const fresh = setCookie && /(?:^|[;,]\s*)learner=([0-9a-f-]{36})/.exec(setCookie)?.[1];
  if (fresh && fresh !== learner.cookie) {
    learner.cookie = fresh;
    learner.ids.add(fresh);
  }
  let verdict = false;
  const site = learner.site;
  if (type === "page") {
    figures.pages++;
    site.pages++;
    if (status !== 200) site.errors++;
    if (status >= 500) {
      figures.errors5xx++;
      note(`page ${status}`);
    } else if (status !== 200) {
      figures.errorsOther++;
      note(`page ${status}`);
    }
  } else {
    figures.runsAnswered++;
    site.runs++;
    const answer = classifyRunAnswer(status, body, header(headers, "retry-after"));
    const submitted = learner.retryCode;
    switch (answer.kind) {
      case "verdict":
        verdict = true;
        site.verdicts++;
        figures.acceptedIds.push(answer.submissionId);
        if (submitted && !verdictFits(submitted.kind, answer.status)) {
          figures.unexpectedVerdicts++;
          note(`${submitted.kind} code for ${learner.target.exerciseId} got ${answer.status}`);
        }
        learner.retryCode = null;
        break;
      case "busy":
      case "unavailable":
      case "rate_limited":
        if (answer.kind === "busy") {
          figures.busy++;
          site.busy++;
        } else if (answer.kind === "unavailable") {
          figures.unavailable++;
          site.unavailable++;
        }
        else figures.rateLimited++;
        learner.retryAt = Date.now() + answer.retryAfterMs;
        break;
      case "error":
        site.errors++;
        if (status >= 500) figures.errors5xx++;
        else figures.errorsOther++;
        note(`run ${answer.reason}: ${body.slice(0, 160)}`);
        learner.retryCode = null;
        break;
      default:
        site.errors++;
        figures.errorsOther++;
        note(`run ${status} ${answer.kind}: ${body.slice(0, 160)}`);
        learner.retryCode = null;
    }
  }
  learner.last = { type, status, verdict };
  // After --duration each learner stops at its next answer: nothing of it is in flight then.
  // (maxConnectionRequests is autocannon's own per-connection stop, read at the next request.)
  if (draining) (client as unknown as { responseMax: number; reqsMade: number }).responseMax = Math.max(1, (client as unknown as { reqsMade: number }).reqsMade);
}

// ---------------------------------------------------------------------------------------------
// The site under test.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

interface Site {
  urls: string[];
  /** A SQLite file path or a postgresql:// URL. */
  database: string;
  stop: () => Promise<void>;
  log: string | null;
}

async function startSite(): Promise<Site> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new UsageError("no production build here: run `npx next build` first (or pass --url)");
  const port = await freePort();
  const log = path.resolve("data/load-server.log");
  fs.mkdirSync("data", { recursive: true });
  const out = fs.openSync(log, "w");
  const child: ChildProcess = spawn("bash", ["e2e/serve.sh", String(port), "load"], { detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  let exited = false;
  child.once("exit", () => (exited = true));
  const stop = async () => {
    if (exited || child.pid === undefined) return;
    process.kill(-child.pid, "SIGTERM");
    for (let waited = 0; waited < 30_000 && !exited; waited += 200) await sleep(200);
    if (!exited) process.kill(-child.pid, "SIGKILL");
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let waited = 0; ; waited += 500) {
      if (exited) throw new Error(`the site exited while starting; see ${log}`);
      if (waited > 180_000) throw new Error(`the site did not answer within 180 s; see ${log}`);
      const ok = await fetch(`${url}/`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false);
      if (ok) break;
      await sleep(500);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls: [url], database: resolveSqliteUrl("file:./data/load.db").slice("file:".length), stop, log };
}

/** --db, else DATABASE_URL (a PostgreSQL URL as it is, a SQLite URL as its file). */
function siteDatabase(db: string | null): string {
  if (db !== null) return db;
  const url = process.env.DATABASE_URL;
  if (url && isPostgresUrl(url)) {
    if (!isLoopback(parseUrl("DATABASE_URL", url).hostname)) throw new UsageError("DATABASE_URL names a PostgreSQL server off loopback; pass --db");
    return url;
  }
  return resolveSqliteUrl(url).slice("file:".length);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const plan = await targets();
  const site: Site = options.urls.length > 0 ? { urls: options.urls, database: siteDatabase(options.db), stop: async () => {}, log: null } : await startSite();
  if (!isPostgresUrl(site.database) && !fs.existsSync(site.database)) {
    await site.stop();
    throw new UsageError(`database file not found: ${site.database} (pass --db)`);
  }
  for (const url of site.urls) perSite.push({ url, learners: 0, runs: 0, verdicts: 0, busy: 0, unavailable: 0, errors: 0, pages: 0 });
  for (let i = 0; i < options.learners; i++) (perSite[i % perSite.length] as SiteCounts).learners++;
  console.log(`load: ${options.learners} learners, ${options.duration} s, at most ${options.rate} request(s)/s each, against ${site.urls.join(", ")}`);

  let trafficMs = 0;
  let timeouts = 0;
  try {
    const started = Date.now();
    const drainTimer = setTimeout(() => {
      draining = true;
      trafficMs = Date.now() - started;
      console.log(`load: ${options.duration} s up; waiting for the last answers`);
    }, options.duration * 1000);
    // One autocannon instance per web instance; learner i talks to URL i mod n all along.
    const results = await Promise.all(
      perSite.map((counts) =>
        autocannon({
          url: counts.url,
          connections: counts.learners,
          connectionRate: options.rate,
          pipelining: 1,
          duration: options.duration + options.drain,
          timeout: options.timeout,
          requests: [{ method: "GET", path: "/" }],
          setupClient: (client) => {
            const index = learners.length;
            const cookie = randomUUID();
            const learner: Learner = {
              site: counts,
              cookie,
              ids: new Set([cookie]),
              target: plan[index % plan.length] ?? (plan[0] as Target),
              submissions: index, // start the learners at different kinds of code
              retryCode: null,
              retryAt: 0,
              runInFlight: false,
              last: null,
            };
            learners.push(learner);
            client.setRequests(learnerRequests(learner, client));
            client.on("response", (_status: number, _bytes: number, ms: number) => {
              if (!learner.last) return;
              if (learner.last.type === "page") figures.pageMs.push(ms);
              else if (learner.last.verdict) figures.verdictMs.push(ms);
              learner.last = null;
            });
          },
        }),
      ),
    );
    clearTimeout(drainTimer);
    if (!draining) trafficMs = Date.now() - started;
    timeouts = results.reduce((sum, r) => sum + r.timeouts, 0);
  } finally {
    await site.stop();
  }

  const hung = learners.filter((l) => l.runInFlight).length;
  const stored = await storedSubmissions(site.database, learners.flatMap((l) => [...l.ids]));
  const books = reconcile(figures.acceptedIds, stored);
  const durationS = Math.round(trafficMs / 100) / 10;
  const summary = {
    learners: options.learners,
    duration_s: durationS,
    submitted: figures.runsAnswered,
    accepted: books.accepted,
    stored: books.stored,
    missing: books.missing.length,
    extra: books.extra.length,
    duplicates: books.duplicates.length,
    busy: figures.busy,
    unavailable: figures.unavailable,
    rate_limited: figures.rateLimited,
    errors_5xx: figures.errors5xx,
    errors_other: figures.errorsOther,
    timeouts,
    hung,
    unexpected_verdicts: figures.unexpectedVerdicts,
    p50_ms: percentile(figures.verdictMs, 50),
    p95_ms: percentile(figures.verdictMs, 95),
    pages: figures.pages,
    page_p50_ms: percentile(figures.pageMs, 50),
    page_p95_ms: percentile(figures.pageMs, 95),
    runs_per_s: durationS > 0 ? Math.round((books.accepted / durationS) * 10) / 10 : 0,
    urls: perSite,
    // A run with no verdict at all tested nothing (every learner still loading pages, say).
    ok: books.accepted > 0 && books.ok && figures.errors5xx === 0 && figures.errorsOther === 0 && timeouts === 0 && hung === 0,
  };

  console.log(`load: runs answered ${summary.submitted}: ${summary.accepted} verdicts, ${summary.busy} busy, ${summary.unavailable} unavailable, ${summary.rate_limited} rate limited`);
  console.log(`load: verdict latency p50 ${summary.p50_ms} ms, p95 ${summary.p95_ms} ms; ${summary.runs_per_s} verdicts/s`);
  console.log(`load: ${summary.pages} page loads, p50 ${summary.page_p50_ms} ms, p95 ${summary.page_p95_ms} ms`);
  if (perSite.length > 1) {
    for (const c of perSite) console.log(`load:   ${c.url}: ${c.learners} learners, ${c.runs} runs answered, ${c.verdicts} verdicts, ${c.busy} busy, ${c.unavailable} unavailable, ${c.pages} pages, ${c.errors} errors`);
  }
  console.log(`load: database holds ${books.stored} submissions of these learners for ${books.accepted} accepted runs` +
    (books.ok ? " (each exactly once)" : `: ${books.missing.length} missing, ${books.extra.length} not accepted, ${books.duplicates.length} duplicated`));
  if (summary.unexpected_verdicts > 0) console.log(`load: ${summary.unexpected_verdicts} verdict(s) differ from what the code should get (reported, not failed)`);
  for (const example of figures.examples) console.log(`load:   e.g. ${example}`);
  if (summary.accepted === 0) console.log("load: no run got a verdict in the time given, so nothing was tested (are pages loading too slowly? see page_p50_ms)");
  if (!summary.ok) {
    console.log(`load: FAILED${site.log ? ` (server log: ${site.log})` : ""}`);
  }
  console.log(JSON.stringify(summary));
  return summary.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? `load: ${error.message}\n${USAGE}` : error);
    process.exit(2);
  },
);
