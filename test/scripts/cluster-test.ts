// `npm run test:cluster`: the scale-out proof, on loopback. A fresh PostgreSQL database
// (elixir_cluster) and Redis key prefix; two web processes and two sandbox workers; the load script
// drives both web processes; mid-load one worker is SIGKILLed while it has a job in flight (a run
// that sleeps 3 s, so "in flight" is certain). Then: every accepted submission stored exactly once
// with a verdict and nothing else stored; no 5xx but the contract's 503s; the killed worker's job
// answered (by the other worker) with one verdict under one submission id; no container of the
// killed worker left; every process stops on SIGTERM and exits cleanly. A third web process
// pointed at a Redis port nothing listens on shows the web tier still serves pages and answers
// runs 503 "unavailable" naming Redis. Needs `next build`. Exit 1 with the reason on any failure;
// last stdout line: one JSON summary. Logs: data/cluster/.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { env as settings } from "@/lib/env";
import type { VerdictStatus } from "@/lib/grading/types";
import { contentDir } from "@/lib/lessons/content";
import { loadLessons } from "@/lib/lessons/load";
import { listSandboxContainers, removeContainersWithPrefix } from "@/lib/sandbox/container";
import {
  Child,
  ClusterFailure,
  LOG_DIR,
  clusterEnv,
  closedPort,
  countKeys,
  dropPrefix,
  endScript,
  ensureBackends,
  freshDatabase,
  freshPrefix,
  health,
  sleep,
  startLoad,
  startWeb,
  startWorker,
  tail,
  type WorkerProcess,
} from "./load-cluster";

const PORTS = { webA: 3600, webB: 3601, webNoRedis: 3602, deadRedis: [3790, 3791, 3792, 3793] };
const DATABASE = "elixir_cluster";
/** Short, so the killed worker's job moves to the other worker within seconds. */
const WORKER_LOCK_MS = 5_000;
const SLOW_SLEEP_MS = 3_000;
/**
 * How long the slow run may wait in the queue behind the load's runs before a worker takes it, and
 * for its answer. Under runsc a run costs about four times the CPU (docs/sandbox.md "Figures"), so
 * the same queue drains that much slower: one run of the whole suite under runsc saw the slow run
 * wait over 60 s behind 20 learners.
 */
const QUEUE_WAIT_MS = settings.SANDBOX_RUNTIME === "runsc" ? 180_000 : 60_000;

const { values } = parseArgs({
  options: {
    learners: { type: "string", default: "20" },
    duration: { type: "string", default: "30" },
  },
});
const LEARNERS = Number(values.learners);
const DURATION_S = Number(values.duration);
if (!Number.isInteger(LEARNERS) || LEARNERS < 2 || !(DURATION_S >= 10)) {
  console.error("usage: npm run test:cluster -- [--learners 20 (at least 2)] [--duration 30 (at least 10)]");
  process.exit(2);
}

const say = (line: string) => console.log(`cluster: ${line}`);
const children: Child[] = [];

function check(condition: boolean, reason: string, log?: Child): asserts condition {
  if (!condition) throw new ClusterFailure(log ? `${reason}; log ${log.log}:\n${tail(log.log)}` : reason);
}

const startedAt = Date.now();

async function main(): Promise<Record<string, unknown>> {
  check(fs.existsSync(".next/BUILD_ID"), "no production build here: run `npx next build` first");
  const backends = await ensureBackends();
  const prefix = freshPrefix("t-cluster");
  const group = `tcluster${randomUUID().slice(0, 8)}`;
  check((await countKeys(backends.redis, prefix)) === 0, `Redis prefix ${prefix} is not fresh`);
  say(`fresh database ${DATABASE}, Redis prefix ${prefix}, sandbox group ${group}; logs in ${path.relative(process.cwd(), LOG_DIR)}/`);
  const databaseUrl = await freshDatabase(backends.postgres, DATABASE);
  const env = clusterEnv({ databaseUrl, redisUrl: backends.redis, prefix, group, extra: { WORKER_LOCK_MS: String(WORKER_LOCK_MS) } });

  try {
    return await scenario(backends.redis, databaseUrl, prefix, group, env);
  } finally {
    for (const child of children) if (child.running) child.killGroup();
    await Promise.all(children.map((c) => c.exited));
    await removeContainersWithPrefix(`${group}-`).catch(() => 0);
    await dropPrefix(backends.redis, prefix).catch(() => 0);
  }
}

async function scenario(redisUrl: string, databaseUrl: string, prefix: string, group: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  // Workers first: a web instance reports "degraded" until one is connected.
  const workers: WorkerProcess[] = [];
  for (const name of ["worker-1", "worker-2"]) {
    const worker = await startWorker(name, { ...env, SANDBOX_GROUP: `${group}-${name.slice(-1)}` });
    children.push(worker);
    workers.push(worker);
    say(`${name} ready: ${worker.workerId}, concurrency ${worker.concurrency}`);
  }
  check(new Set(workers.map((w) => w.workerId)).size === 2, "the two workers printed the same worker id");

  const twoWorkers = (answer: { status: number; body: { queue?: { ok?: boolean; workers?: number } } | null }) =>
    answer.status === 200 && answer.body?.queue?.ok === true && (answer.body.queue.workers ?? 0) >= 2;
  const webA = await startWeb("web-a", PORTS.webA, env, twoWorkers);
  children.push(webA);
  const webB = await startWeb("web-b", PORTS.webB, env, twoWorkers);
  children.push(webB);
  say(`web processes ready on ${webA.url} and ${webB.url}, each sees 2 workers`);

  const redisDown = await redisDownCheck(env);

  // The load, on both web processes; a run that sleeps 3 s is sent beside it, and the worker
  // that takes it is SIGKILLed while it runs.
  const load = startLoad("load", [webA.url, webB.url], databaseUrl, LEARNERS, DURATION_S);
  children.push(load.child);
  say(`load: ${LEARNERS} learners for ${DURATION_S} s over both web processes`);
  await sleep(Math.min(10_000, (DURATION_S * 1000) / 3));
  for (const child of [webA, webB, ...workers]) child.assertAlive();

  // Each worker has its own SANDBOX_GROUP, so its containers are told apart by label.
  const labelPrefix = (worker: WorkerProcess) => `${group}-${worker.name.slice(-1)}.`;
  const kill = await killWorkerMidRun(redisUrl, prefix, databaseUrl, webB.url, workers, labelPrefix);
  const survivor = workers.find((w) => w !== kill.killed) as WorkerProcess;

  const summary = await load.summary;
  say(`load finished: ${summary.accepted} verdicts, ${summary.busy} busy, ${summary.unavailable} unavailable, ${summary.errors_5xx} 5xx; ${summary.runs_per_s} runs/s`);
  check(summary.ok, `the load script failed its own checks (missing ${summary.missing}, extra ${summary.extra}, duplicates ${summary.duplicates}, 5xx ${summary.errors_5xx}, other errors ${summary.errors_other}, timeouts ${summary.timeouts}, hung ${summary.hung})`, load.child);
  check(summary.accepted > 0, "no run was accepted", load.child);
  for (const site of summary.urls) check(site.verdicts > 0, `${site.url} answered no run with a verdict`, load.child);
  for (const child of [webA, webB, survivor]) child.assertAlive();

  // The database holds exactly the load's submissions and the slow run, each with a verdict.
  const books = await databaseBooks(databaseUrl);
  check(books.total === summary.stored + 1, `the database holds ${books.total} submissions; the load accounted for ${summary.stored} and the slow run for 1: something else was stored`);
  check(books.withoutVerdict === 0, `${books.withoutVerdict} stored submission(s) have no verdict`);

  // The killed worker's containers: removed by the survivor's sweep (every 60 s), else by a reap here.
  const killedPrefix = labelPrefix(kill.killed);
  let killedLeft = (await listSandboxContainers(undefined, killedPrefix)).length;
  const killedLeftAfterLoad = killedLeft;
  const sweepDeadline = kill.at + 75_000;
  while (killedLeft > 0 && Date.now() < sweepDeadline && survivor.running) {
    await sleep(2_000);
    killedLeft = (await listSandboxContainers(undefined, killedPrefix)).length;
  }
  const removedBy = killedLeft === 0 ? "the surviving worker's sweep" : "the final reap";
  if (killedLeft > 0) await removeContainersWithPrefix(killedPrefix);
  check((await listSandboxContainers(undefined, killedPrefix)).length === 0, `containers of the killed worker remain (prefix ${killedPrefix})`);
  say(`killed worker's containers: ${kill.containersAtKill} at the kill, ${killedLeftAfterLoad} after the load, removed by ${removedBy}`);

  // Everything stops on SIGTERM: web processes drain and exit (143, by design: killed by the
  // signal they handled), the worker finishes what it has, removes its containers and exits 0.
  const exits: Record<string, number | string | null> = {};
  for (const child of [webA, webB]) {
    const exit = await child.terminate();
    exits[child.name] = exit.code ?? exit.signal;
    check(exit.code === 0 || exit.code === 143, `${child.name} exited with ${exit.code ?? exit.signal} on SIGTERM`, child);
  }
  const workerExit = await survivor.terminate();
  exits[survivor.name] = workerExit.code ?? workerExit.signal;
  check(workerExit.code === 0, `${survivor.name} exited with ${workerExit.code ?? workerExit.signal} on SIGTERM (must be 0)`, survivor);
  const left = await listSandboxContainers(undefined, `${group}-`);
  check(left.length === 0, `${left.length} sandbox container(s) of this test remain after every process stopped: ${left.map((c) => c.Labels?.["elixir-lessons.sandbox"]).join(", ")}`);

  return {
    learners: LEARNERS,
    duration_s: summary.duration_s,
    accepted: summary.accepted,
    stored: summary.stored,
    busy: summary.busy,
    unavailable: summary.unavailable,
    rate_limited: summary.rate_limited,
    errors_5xx: summary.errors_5xx,
    runs_per_s: summary.runs_per_s,
    p50_ms: summary.p50_ms,
    p95_ms: summary.p95_ms,
    per_url: summary.urls.map((u) => ({ url: u.url, verdicts: u.verdicts, busy: u.busy, unavailable: u.unavailable })),
    killed_worker: kill.killed.workerId,
    killed_jobs_active: kill.activeOnKilled,
    slow_run: kill.slowRun,
    killed_containers: { at_kill: kill.containersAtKill, after_load: killedLeftAfterLoad, removed_by: removedBy },
    redis_down: redisDown,
    exits,
  };
}

/**
 * A page's HTTP status. A request that fails below HTTP (undici's "fetch failed": the connection
 * refused or dropped before an answer) is logged with its cause and sent once more: it happened
 * once, to the first request while the fresh process warmed its pages, and what this check proves
 * is the page's status with Redis down, not that one connection.
 */
async function pageStatusOf(url: string): Promise<number> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(60_000) })).status;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    say(`GET ${url}: ${error.message} (${String(error.cause)}); asking once more`);
    return (await fetch(url, { signal: AbortSignal.timeout(60_000) })).status;
  }
}

/** A web process whose Redis is a port nothing listens on: pages 200, runs 503 unavailable naming Redis, health degraded. */
async function redisDownCheck(env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const port = await closedPort(PORTS.deadRedis);
  const web = await startWeb("web-no-redis", PORTS.webNoRedis, { ...env, REDIS_URL: `redis://127.0.0.1:${port}` }, (answer) => answer.body !== null);
  children.push(web);
  const lesson = (await firstExercise()).lessonPath;
  const pageStatus = await pageStatusOf(`${web.url}/`);
  const lessonStatus = await pageStatusOf(`${web.url}${lesson}`);
  const started = Date.now();
  const exercise = await firstExercise();
  const response = await fetch(`${web.url}/api/runs`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: `learner=${randomUUID()}` },
    body: JSON.stringify({ exerciseId: exercise.exerciseId, code: exercise.solution }),
    signal: AbortSignal.timeout(60_000),
  });
  const runMs = Date.now() - started;
  const body = (await response.json().catch(() => ({}))) as { kind?: string; message?: string };
  const healthAnswer = await health(web.url);
  const pagesHealth = await health(web.url, "pages");
  const result = {
    page_status: pageStatus,
    lesson_status: lessonStatus,
    run_status: response.status,
    run_kind: body.kind,
    run_message: body.message,
    run_ms: runMs,
    health_http: healthAnswer.status,
    health_status: healthAnswer.body?.status,
    health_queue_ok: healthAnswer.body?.queue?.ok,
    health_pages_http: pagesHealth.status,
  };
  say(`Redis down (port ${port}): pages ${pageStatus}/${lessonStatus}, run ${response.status} ${body.kind} in ${runMs} ms ("${body.message}"), health ${healthAnswer.body?.status} (${healthAnswer.status}; ?scope=pages ${pagesHealth.status})`);
  check(pageStatus === 200 && lessonStatus === 200, `with Redis down the course page answered ${pageStatus} and a lesson ${lessonStatus} (want 200)`, web);
  check(response.status === 503 && body.kind === "unavailable", `with Redis down a run answered ${response.status} ${body.kind} (want 503 unavailable)`, web);
  check(/redis/i.test(body.message ?? ""), `with Redis down the run's message does not name Redis: "${body.message}"`, web);
  check(healthAnswer.body?.status === "degraded" && healthAnswer.body.queue?.ok === false, `with Redis down /api/health says ${JSON.stringify(healthAnswer.body)}`, web);
  check(healthAnswer.status === 503 && pagesHealth.status === 200, `with Redis down /api/health answered ${healthAnswer.status} (want 503) and ?scope=pages ${pagesHealth.status} (want 200: the instance still serves pages)`, web);
  const exit = await web.terminate();
  check(exit.code === 0 || exit.code === 143, `web-no-redis exited with ${exit.code ?? exit.signal} on SIGTERM`, web);
  return result;
}

let exerciseCache: { lessonPath: string; exerciseId: string; solution: string } | null = null;
async function firstExercise(): Promise<{ lessonPath: string; exerciseId: string; solution: string }> {
  if (exerciseCache) return exerciseCache;
  const lessons = (await loadLessons(contentDir())).filter((l) => !l.frontmatter.draft);
  for (const lesson of lessons) {
    const exercise = lesson.exercises[0];
    if (exercise) return (exerciseCache = { lessonPath: `/lessons/${lesson.frontmatter.slug}`, exerciseId: exercise.id, solution: exercise.solution });
  }
  throw new ClusterFailure("no exercise in the content folder");
}

interface Kill {
  killed: WorkerProcess;
  containersAtKill: number;
  at: number;
  activeOnKilled: number;
  slowRun: Record<string, unknown>;
}

/**
 * Sends a run that sleeps 3 s, finds its job among BullMQ's active jobs, SIGKILLs the worker that
 * holds it (job.processedBy is the worker's BullMQ name, its id from the ready line), then waits
 * for the learner's answer: one verdict, stored once, necessarily run by the other worker.
 */
async function killWorkerMidRun(
  redisUrl: string,
  prefix: string,
  databaseUrl: string,
  webUrl: string,
  workers: WorkerProcess[],
  labelPrefix: (worker: WorkerProcess) => string,
): Promise<Kill> {
  const exercise = await firstExercise();
  const marker = `cluster-kill-${randomUUID()}`;
  const learner = randomUUID();
  const code = `# ${marker}\nProcess.sleep(${SLOW_SLEEP_MS})\n${exercise.solution}`;
  const sent = Date.now();
  const answer = fetch(`${webUrl}/api/runs`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: `learner=${learner}` },
    body: JSON.stringify({ exerciseId: exercise.exerciseId, code }),
    signal: AbortSignal.timeout(QUEUE_WAIT_MS + 60_000),
  }).then(async (response) => ({ status: response.status, at: Date.now(), body: (await response.json().catch(() => ({}))) as Record<string, unknown>, setCookie: response.headers.get("set-cookie") }));

  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("runs", { connection, prefix });
  let killed: WorkerProcess | undefined;
  let activeOnKilled = 0;
  let killedAt = 0;
  try {
    for (const started = Date.now(); !killed; await sleep(100)) {
      check(Date.now() - started < QUEUE_WAIT_MS, `the slow run's job never became active in BullMQ within ${QUEUE_WAIT_MS / 1000} s`);
      const active = await queue.getActive();
      const job = active.find((j) => JSON.stringify(j.data).includes(marker));
      if (!job) continue;
      check(typeof job.processedBy === "string" && job.processedBy.length > 0, `the active job ${job.id} names no worker (job.processedBy): the worker must use its id as its BullMQ name`);
      killed = workers.find((w) => w.workerId === job.processedBy);
      check(killed !== undefined, `the active job ${job.id} is processed by "${job.processedBy}", none of ${workers.map((w) => w.workerId).join(", ")}`);
      activeOnKilled = active.filter((j) => j.processedBy === job.processedBy).length;
      killed.killGroup();
      killedAt = Date.now();
      say(`SIGKILLed ${killed.name} (${killed.workerId}) with ${activeOnKilled} job(s) in flight, among them the slow run ${job.id}, ${killedAt - sent} ms after it was sent`);
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
  await killed.exited;
  const containersAtKill = (await listSandboxContainers(undefined, labelPrefix(killed))).length;

  const result = await answer;
  const submissionId = typeof result.body.submissionId === "string" ? result.body.submissionId : null;
  const verdict = (result.body.verdict as { status?: string } | undefined)?.status;
  say(`the slow run answered ${result.status} ${String(result.body.kind)} ${verdict ?? ""} ${result.at - killedAt} ms after the kill`);
  check(result.status === 200 && result.body.kind === "verdict" && submissionId !== null, `the killed worker's run answered ${result.status} ${JSON.stringify(result.body)} (want a verdict from the other worker)`);
  check(verdict === "passed", `the killed worker's run (a reference solution after a sleep) got "${verdict}", not passed`);
  const learnerId = /(?:^|[;,]\s*)learner=([0-9a-f-]{36})/.exec(result.setCookie ?? "")?.[1] ?? learner;
  const rows = await query<{ id: string }>(databaseUrl, `SELECT "id" FROM "Submission" WHERE "learnerId" = $1`, [learnerId]);
  check(rows.length === 1 && rows[0]?.id === submissionId, `the killed worker's run is stored ${rows.length} time(s) (ids ${rows.map((r) => r.id).join(", ")}; answered ${submissionId})`);
  return {
    killed,
    containersAtKill,
    at: killedAt,
    activeOnKilled,
    slowRun: { submission_id: submissionId, verdict, answered_ms_after_kill: result.at - killedAt, stored: rows.length },
  };
}

async function query<Row extends pg.QueryResultRow>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** The verdicts a stored run may carry (lib/grading/types.ts; busy and unavailable are never stored). */
const GRADED: VerdictStatus[] = ["passed", "wrong_output", "tests_failed", "compile_error", "runtime_error", "timeout", "memory_limit", "process_limit", "output_limit", "crashed"];

async function databaseBooks(databaseUrl: string): Promise<{ total: number; withoutVerdict: number }> {
  const [row] = await query<{ total: string; without_verdict: string }>(
    databaseUrl,
    `SELECT count(*) AS total, count(*) FILTER (WHERE "verdict" IS NULL OR NOT ("verdict" = ANY($1::text[]))) AS without_verdict FROM "Submission"`,
    [GRADED],
  );
  return { total: Number(row?.total ?? 0), withoutVerdict: Number(row?.without_verdict ?? 0) };
}

endScript("cluster", main(), startedAt, say);
