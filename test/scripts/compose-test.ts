// `npm run test:compose`: the Compose deployment (compose.yaml) built and run for real, as an
// operator would start it. Needs the images (`npm run deploy:images`) and the sandbox image.
// Under a project name of its own: `compose up`; wait until the proxy answers and both web
// replicas see both workers; sign up in Chromium through the proxy; run an exercise as that
// learner; send slow runs (they sleep 3 s) and SIGKILL the worker container that holds one of them
// while it runs; every accepted run must come back with one verdict and be stored exactly once,
// and nothing else stored. Then `compose down -v`, and no container, network, volume or sandbox
// container of the stack may be left. Only 127.0.0.1 is published; PostgreSQL and Redis are read
// through `docker exec`. Exit 1 with the reason on any failure; last stdout line: a JSON summary.
import { execFile, execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { chromium } from "@playwright/test";
import { loadLessons } from "@/lib/lessons/load";
import { ClusterFailure, endScript, sleep } from "./load-cluster";

const exec = promisify(execFile);
const PROJECT = process.env.COMPOSE_TEST_PROJECT ?? "elixir-lessons-test";
const HTTP_PORT = Number(process.env.COMPOSE_TEST_PORT ?? 3690);
const BASE_URL = `http://127.0.0.1:${HTTP_PORT}`;
const GROUP = `compose${randomBytes(4).toString("hex")}`;
const REDIS_PREFIX = "elixir-lessons";
const SLOW_RUNS = 6;
const SLOW_SLEEP_MS = 3_000;
const IMAGES = ["app:latest", "postgres:17", "redis:7", "proxy:latest"].map((tag) => `elixir-lessons-${tag}`);

const startedAt = Date.now();
const say = (line: string) => console.log(`compose: ${line} (${Math.round((Date.now() - startedAt) / 1000)} s)`);
function check(condition: boolean, reason: string): asserts condition {
  if (!condition) throw new ClusterFailure(reason);
}

const env: NodeJS.ProcessEnv = {
  ...process.env,
  POSTGRES_PASSWORD: randomBytes(16).toString("hex"),
  REDIS_PASSWORD: randomBytes(16).toString("hex"),
  HTTP_PORT: String(HTTP_PORT),
  SANDBOX_GROUP: GROUP,
  REDIS_PREFIX,
  // Short, so the killed worker's jobs move to the other worker within seconds.
  WORKER_LOCK_MS: "5000",
};

async function docker(args: string[], timeoutMs = 60_000): Promise<string> {
  try {
    const { stdout } = await exec("docker", args, { encoding: "utf8", timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    const failed = error as { stderr?: string; message: string };
    throw new ClusterFailure(`docker ${args.slice(0, 3).join(" ")} failed: ${(failed.stderr || failed.message).trim().split("\n").slice(-5).join(" / ")}`);
  }
}

let composeCommand: string[] | null = null;
async function compose(args: string[], timeoutMs = 600_000): Promise<string> {
  if (!composeCommand) {
    for (const candidate of [["docker", "compose"], ["docker-compose"]]) {
      try {
        await exec(candidate[0] ?? "", [...candidate.slice(1), "version"], { timeout: 20_000 });
        composeCommand = candidate;
        break;
      } catch {
        // not this one
      }
    }
    check(composeCommand !== null, "neither `docker compose` nor `docker-compose` works (scripts/ensure-compose.sh installs it)");
  }
  const [command, ...rest] = composeCommand;
  try {
    // Synchronous: nothing else runs meanwhile, and the process cannot run out of work while
    // Compose stops the stack.
    return execFileSync(command ?? "", [...rest, "-p", PROJECT, "-f", "compose.yaml", ...args], { env, encoding: "utf8", timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string; message: string };
    throw new ClusterFailure(`compose ${args.join(" ")} failed: ${(failed.stderr || failed.stdout || failed.message).trim().split("\n").slice(-15).join("\n")}`);
  }
}

/** Ids of this project's containers, of one service or all. */
async function containers(service?: string, all = false): Promise<string[]> {
  const filters = ["--filter", `label=com.docker.compose.project=${PROJECT}`];
  if (service) filters.push("--filter", `label=com.docker.compose.service=${service}`);
  const out = await docker(["ps", ...(all ? ["-a"] : []), "-q", "--no-trunc", ...filters]);
  return out ? out.split("\n") : [];
}

async function leftovers(): Promise<{ containers: number; networks: string[]; volumes: string[] }> {
  const label = `label=com.docker.compose.project=${PROJECT}`;
  const networks = (await docker(["network", "ls", "-q", "--filter", label])).split("\n").filter(Boolean);
  const volumes = (await docker(["volume", "ls", "-q", "--filter", label])).split("\n").filter(Boolean);
  return { containers: (await containers(undefined, true)).length, networks, volumes };
}

/** Sandbox containers whose label starts with `prefix` (through the CLI, like every other call here). */
async function sandboxContainers(prefix: string): Promise<string[]> {
  const out = await docker(["ps", "-a", "--filter", "label=elixir-lessons.sandbox", "--format", '{{.ID}} {{.Label "elixir-lessons.sandbox"}}']);
  return out.split("\n").filter((line) => line.split(" ")[1]?.startsWith(prefix)).map((line) => line.split(" ")[0] ?? "");
}

async function removeSandboxContainers(prefix: string): Promise<void> {
  const ids = await sandboxContainers(prefix);
  if (ids.length > 0) await docker(["rm", "-f", ...ids]);
}

async function psql(sql: string): Promise<string[]> {
  const [postgres] = await containers("postgres");
  check(postgres !== undefined, "the postgres container is not running");
  const out = await docker(["exec", postgres, "psql", "-U", "elixir", "-d", "elixir_lessons", "-tAqc", sql]);
  return out ? out.split("\n") : [];
}

async function redis(args: string[]): Promise<string[]> {
  const [container] = await containers("redis");
  check(container !== undefined, "the redis container is not running");
  const out = await docker(["exec", "-e", `REDISCLI_AUTH=${env.REDIS_PASSWORD}`, container, "redis-cli", "--no-auth-warning", ...args]);
  return out ? out.split("\n") : [];
}

interface Health {
  status?: string;
  queue?: { ok?: boolean; workers?: number };
}

async function health(): Promise<{ status: number; body: Health | null }> {
  try {
    const response = await fetch(`${BASE_URL}/api/health`, { signal: AbortSignal.timeout(5_000) });
    return { status: response.status, body: (await response.json().catch(() => null)) as Health | null };
  } catch {
    return { status: 0, body: null };
  }
}

async function firstExercise(): Promise<{ lessonPath: string; exerciseId: string; solution: string }> {
  const lessons = (await loadLessons(path.resolve("content"))).filter((l) => !l.frontmatter.draft);
  for (const lesson of lessons) {
    const exercise = lesson.exercises[0];
    if (exercise) return { lessonPath: `/lessons/${lesson.frontmatter.slug}`, exerciseId: exercise.id, solution: exercise.solution };
  }
  throw new ClusterFailure("no exercise in the content folder");
}

interface RunAnswer {
  status: number;
  kind?: string;
  verdict?: string;
  submissionId?: string;
}

async function postRun(cookie: string, exerciseId: string, code: string): Promise<RunAnswer> {
  const response = await fetch(`${BASE_URL}/api/runs`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ exerciseId, code }),
    signal: AbortSignal.timeout(120_000),
  });
  const body = (await response.json().catch(() => ({}))) as { kind?: string; verdict?: { status?: string }; submissionId?: string };
  return { status: response.status, kind: body.kind, verdict: body.verdict?.status, submissionId: body.submissionId };
}

/** Signs up in Chromium through the proxy; returns the cookies a browser would send. */
async function signUp(username: string, password: string): Promise<string> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  try {
    const context = await browser.newContext({ baseURL: BASE_URL });
    const page = await context.newPage();
    await page.goto("/account", { timeout: 60_000 });
    const form = page.getByRole("form", { name: "Create an account" });
    await form.getByLabel("Username").fill(username);
    await form.getByLabel("Password").fill(password);
    await form.getByRole("button", { name: "Create account" }).click();
    await page.getByTestId("account-link").filter({ hasText: `Signed in as ${username}` }).waitFor({ timeout: 60_000 });
    const cookies = await context.cookies();
    check(cookies.some((c) => c.name === "learner_session"), "signing up set no learner_session cookie");
    return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await browser.close();
  }
}

async function main(): Promise<Record<string, unknown>> {
  for (const image of IMAGES) {
    check((await exec("docker", ["image", "inspect", image]).then(() => true, () => false)), `image ${image} is missing: run \`npm run deploy:images\` first`);
  }
  const leftoverBefore = await leftovers();
  if (leftoverBefore.containers + leftoverBefore.networks.length + leftoverBefore.volumes.length > 0) {
    say(`removing what an earlier run of project ${PROJECT} left`);
    await compose(["down", "-v", "--remove-orphans", "--timeout", "5"]);
  }
  try {
    return await scenario();
  } catch (error) {
    // Anything a failed scenario left: the stack, and sandbox containers of its workers.
    say(`failed (${(error as Error).message.split("\n")[0]}); removing the stack`);
    for (const service of ["migrate", "web", "worker", "proxy"]) {
      for (const id of await containers(service, true).catch(() => [])) {
        const logs = await docker(["logs", "--tail", "15", id]).catch(() => "");
        if (logs) console.error(`--- ${service} ${id.slice(0, 12)} (last lines)\n${logs}`);
      }
    }
    await compose(["down", "-v", "--remove-orphans", "--timeout", "5"]).catch((e: Error) => say(`compose down failed: ${e.message}`));
    await removeSandboxContainers(`${GROUP}.`).catch(() => undefined);
    throw error;
  }
}

async function scenario(): Promise<Record<string, unknown>> {
  const timings: Record<string, number> = {};
  let t = Date.now();
  say(`compose up (project ${PROJECT}, proxy on ${BASE_URL}, sandbox group ${GROUP})`);
  await compose(["up", "-d", "--no-build"]);
  timings.up_s = Math.round((Date.now() - t) / 1000);

  t = Date.now();
  let last: { status: number; body: Health | null } = { status: 0, body: null };
  for (const deadline = Date.now() + 240_000; Date.now() < deadline; await sleep(1_000)) {
    last = await health();
    if (last.status === 200 && (last.body?.queue?.workers ?? 0) >= 2) break;
  }
  check(last.status === 200 && (last.body?.queue?.workers ?? 0) >= 2, `the stack is not healthy through the proxy within 240 s: ${last.status} ${JSON.stringify(last.body)}`);
  const web = await containers("web");
  const workers = await containers("worker");
  check(web.length === 2 && workers.length === 2, `want 2 web and 2 worker containers running, have ${web.length} and ${workers.length}`);
  for (const id of web) check((await docker(["inspect", "-f", "{{.State.Health.Status}}", id])) === "healthy", `web container ${id.slice(0, 12)} is not healthy`);
  const published = await docker(["ps", "--filter", `label=com.docker.compose.project=${PROJECT}`, "--format", "{{.Ports}}"]);
  for (const binding of published.split(/[\n,]/).map((p) => p.trim()).filter((p) => p.includes("->"))) {
    check(binding.startsWith("127.0.0.1:"), `a port is published beyond loopback: ${binding}`);
  }
  timings.healthy_s = Math.round((Date.now() - t) / 1000);
  say(`healthy: ${last.body?.status}, ${last.body?.queue?.workers} workers connected`);

  // Which worker container is which BullMQ worker: each prints its id once it takes jobs.
  const workerIds = new Map<string, string>();
  for (const id of workers) {
    const logs = await docker(["logs", id]);
    const match = /worker: ready (\S+)/.exec(logs);
    check(match !== null, `worker ${id.slice(0, 12)} printed no ready line:\n${logs.slice(-2000)}`);
    workerIds.set(match[1] ?? "", id);
  }

  t = Date.now();
  const exercise = await firstExercise();
  const username = `compose-${randomBytes(4).toString("hex")}`;
  const cookie = await signUp(username, "Long-enough-passphrase-1");
  const own = await postRun(cookie, exercise.exerciseId, exercise.solution);
  check(own.status === 200 && own.kind === "verdict" && own.verdict === "passed" && own.submissionId !== undefined, `the signed-up learner's run answered ${JSON.stringify(own)}`);
  const [owner] = await psql(`SELECT l."username" FROM "Submission" s JOIN "Learner" l ON l."id" = s."learnerId" WHERE s."id" = '${own.submissionId}'`);
  check(owner === username, `the learner's run is stored for "${owner}", not ${username}`);
  timings.sign_up_and_run_s = Math.round((Date.now() - t) / 1000);
  say(`signed up as ${username} in Chromium and ran ${exercise.exerciseId} through the proxy: passed, stored for that learner`);

  // Slow runs from learners of their own; SIGKILL the worker holding one while it sleeps.
  t = Date.now();
  const marker = `compose-kill-${randomUUID()}`;
  const slow = Array.from({ length: SLOW_RUNS }, () =>
    postRun(`learner=${randomUUID()}`, exercise.exerciseId, `# ${marker}\nProcess.sleep(${SLOW_SLEEP_MS})\n${exercise.solution}`),
  );
  let killed: { container: string; workerId: string; activeJobs: number } | null = null;
  for (const deadline = Date.now() + 60_000; !killed && Date.now() < deadline; await sleep(200)) {
    const active = await redis(["LRANGE", `${REDIS_PREFIX}:runs:active`, "0", "-1"]);
    const byWorker = new Map<string, number>();
    for (const job of active) {
      const holder = (await redis(["HGET", `${REDIS_PREFIX}:runs:${job}`, "pb"]))[0] ?? "";
      if (workerIds.has(holder)) byWorker.set(holder, (byWorker.get(holder) ?? 0) + 1);
    }
    const [workerId, activeJobs] = [...byWorker.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    if (workerId && activeJobs) {
      const container = workerIds.get(workerId) ?? "";
      await docker(["kill", "--signal", "KILL", container]);
      killed = { container, workerId, activeJobs };
      say(`SIGKILLed worker container ${container.slice(0, 12)} (${workerId}) with ${activeJobs} job(s) in flight`);
    }
  }
  check(killed !== null, "no slow run became active on a worker within 60 s");
  const answers = await Promise.all(slow);
  const notPassed = answers.filter((a) => !(a.status === 200 && a.kind === "verdict" && a.verdict === "passed"));
  check(notPassed.length === 0, `${notPassed.length} of the ${SLOW_RUNS} slow runs did not pass: ${JSON.stringify(notPassed)}`);
  timings.kill_s = Math.round((Date.now() - t) / 1000);
  say(`all ${SLOW_RUNS} slow runs answered passed after the kill`);

  // Every accepted run stored exactly once, and nothing else.
  const accepted = [own, ...answers].map((a) => a.submissionId ?? "");
  const stored = await psql(`SELECT "id" FROM "Submission" ORDER BY "id"`);
  check(new Set(accepted).size === accepted.length, `two runs were answered with the same submission id: ${accepted.join(", ")}`);
  check(stored.length === accepted.length && [...accepted].sort().join() === stored.join(), `stored submissions ${JSON.stringify(stored)} differ from the accepted runs ${JSON.stringify([...accepted].sort())}`);
  say(`${accepted.length} accepted runs, ${stored.length} stored, each once`);

  t = Date.now();
  await compose(["down", "-v", "--remove-orphans", "--timeout", "30"]);
  timings.down_s = Math.round((Date.now() - t) / 1000);
  const left = await leftovers();
  check(left.containers === 0 && left.networks.length === 0 && left.volumes.length === 0, `compose down -v left ${left.containers} container(s), networks ${left.networks.join(", ")}, volumes ${left.volumes.join(", ")}`);
  // The surviving worker removed its own sandbox containers on SIGTERM; the killed one's are
  // removed by the survivor's sweep (every 60 s) if it ran in time, else here.
  const sandboxLeft = (await sandboxContainers(`${GROUP}.`)).length;
  if (sandboxLeft > 0) await removeSandboxContainers(`${GROUP}.`);
  check((await sandboxContainers(`${GROUP}.`)).length === 0, `sandbox containers of group ${GROUP} remain`);
  say(`compose down -v: no container, network or volume left; ${sandboxLeft} sandbox container(s) of the killed worker removed after it`);
  return { project: PROJECT, killed_worker: killed.workerId, killed_jobs_active: killed.activeJobs, accepted: accepted.length, stored: stored.length, killed_worker_sandbox_leftovers: sandboxLeft, timings };
}

// A promise that never settles would otherwise end the process with status 0.
process.on("beforeExit", () => {
  console.error("compose: FAILED: the script stopped before it finished");
  process.exit(1);
});

endScript("compose", main(), startedAt, say);
