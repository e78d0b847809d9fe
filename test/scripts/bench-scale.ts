// `npm run bench:scale`: throughput of the scale-out mode with one sandbox worker, then with two,
// in one run: two web processes on a fresh PostgreSQL database (cluster_bench) and Redis prefix,
// the same load (scripts/load.ts over both web processes) first with one worker connected, then
// with a second worker added. Prints runs/s and verdict p50/p95 for each and the ratio; the last
// stdout line is one JSON object. Needs `next build`. Both workers run on this host, so on a
// 2-core machine the second one adds containers, not cores: expect a ratio near 1 here
// (docs/operations.md "Scale-out" says how throughput grows with worker hosts).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import {
  Child,
  ClusterFailure,
  clusterEnv,
  dropPrefix,
  ensureBackends,
  freshDatabase,
  freshPrefix,
  startLoad,
  startWeb,
  startWorker,
  tail,
  type LoadSummary,
} from "./load-cluster";
import { removeContainersWithPrefix } from "@/lib/sandbox/container";

const { values } = parseArgs({
  options: {
    learners: { type: "string", default: "20" },
    duration: { type: "string", default: "40" },
    "pool-size": { type: "string", default: "2" },
  },
});
const LEARNERS = Number(values.learners);
const DURATION_S = Number(values.duration);
const POOL_SIZE = Number(values["pool-size"]);
if (!Number.isInteger(LEARNERS) || LEARNERS < 2 || !(DURATION_S >= 5) || !Number.isInteger(POOL_SIZE) || POOL_SIZE < 1) {
  console.error("usage: npm run bench:scale -- [--learners 20] [--duration 40] [--pool-size 2 (containers per worker)]");
  process.exit(2);
}

/** Verdicts per second, to two decimals (the load script's own figure has one). */
const rate = (s: LoadSummary) => (s.duration_s > 0 ? Math.round((s.accepted / s.duration_s) * 100) / 100 : 0);
const say = (line: string) => console.log(`bench:scale: ${line}`);
const children: Child[] = [];

async function phase(name: string, urls: string[], databaseUrl: string): Promise<LoadSummary> {
  const load = startLoad(`bench-${name}`, urls, databaseUrl, LEARNERS, DURATION_S);
  children.push(load.child);
  const summary = await load.summary;
  if (!summary.ok) throw new ClusterFailure(`the load with ${name} failed its checks; log ${load.child.log}:\n${tail(load.child.log)}`);
  say(`${name}: ${summary.accepted} verdicts in ${summary.duration_s} s = ${rate(summary)} runs/s; verdict p50 ${summary.p50_ms} ms, p95 ${summary.p95_ms} ms; ${summary.busy} busy`);
  return summary;
}

async function main(): Promise<Record<string, unknown>> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new ClusterFailure("no production build here: run `npx next build` first");
  const backends = await ensureBackends();
  const prefix = freshPrefix("t-cluster-bench");
  const group = `tclusterb${randomUUID().slice(0, 6)}`;
  const databaseUrl = await freshDatabase(backends.postgres, "cluster_bench");
  const env = clusterEnv({ databaseUrl, redisUrl: backends.redis, prefix, group, extra: { SANDBOX_POOL_SIZE: String(POOL_SIZE) } });
  try {
    const first = await startWorker("bench-worker-1", { ...env, SANDBOX_GROUP: `${group}-1` });
    children.push(first);
    const oneWorker = (answer: { status: number; body: { queue?: { workers?: number } } | null }) => (answer.body?.queue?.workers ?? 0) >= 1;
    const webs = [await startWeb("bench-web-a", 3610, env, oneWorker), await startWeb("bench-web-b", 3611, env, oneWorker)];
    children.push(...webs);
    const urls = webs.map((w) => w.url);
    say(`${LEARNERS} learners, ${DURATION_S} s per phase, ${POOL_SIZE} containers per worker, over ${urls.join(" and ")}`);

    const one = await phase("1 worker", urls, databaseUrl);
    const second = await startWorker("bench-worker-2", { ...env, SANDBOX_GROUP: `${group}-2` });
    children.push(second);
    const two = await phase("2 workers", urls, databaseUrl);

    for (const child of [...webs, second, first]) await child.terminate();
    const ratio = rate(one) > 0 ? Math.round((rate(two) / rate(one)) * 100) / 100 : null;
    say(`ratio 2 workers / 1 worker: ${ratio} (both workers share this host's ${os.cpus().length} cores)`);
    const figures = (s: LoadSummary) => ({ runs_per_s: rate(s), accepted: s.accepted, p50_ms: s.p50_ms, p95_ms: s.p95_ms, busy: s.busy });
    return { learners: LEARNERS, duration_s: DURATION_S, pool_size: POOL_SIZE, one_worker: figures(one), two_workers: figures(two), ratio };
  } finally {
    for (const child of children) if (child.running) child.killGroup();
    await Promise.all(children.map((c) => c.exited));
    await removeContainersWithPrefix(`${group}-`).catch(() => 0);
    await dropPrefix(backends.redis, prefix).catch(() => 0);
  }
}

main().then(
  (summary) => {
    console.log(JSON.stringify({ ok: true, ...summary }));
    process.exit(0);
  },
  (error: unknown) => {
    const reason = error instanceof Error ? (error instanceof ClusterFailure ? error.message : (error.stack ?? error.message)) : String(error);
    console.error(`bench:scale: FAILED: ${reason}`);
    console.log(JSON.stringify({ ok: false, reason: reason.split("\n")[0] }));
    process.exit(1);
  },
);
