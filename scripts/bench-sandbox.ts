// `npm run bench:sandbox`: the naive path (a fresh container per submission) against the pool, in
// one process and one run. Prints latency p50/p95 of a trivial exercise at concurrency 1 and 4,
// sustained pool throughput (BENCH_SECONDS, default 60), and the pool's idle memory; then a
// tests exercise judged in two containers against the same tests run in the learner's own VM
// (the insecure baseline), alternating, pool settled before each. The last stdout line is one
// JSON object. BENCH_NAIVE_RUNS / BENCH_POOL_RUNS change the sample sizes.
import { dockerClient } from "../lib/sandbox/docker-client";
import { sandboxImageName } from "../lib/sandbox/image";
import { DEFAULT_TIMEOUT_MS } from "../lib/sandbox/limits";
import { INSTANCE_ID, listSandboxContainers, poolStatus, run, shutdown, warmUp } from "../lib/sandbox";
import { SandboxSession } from "../lib/sandbox/session";

const CODE = "IO.puts 1";
const TESTS_CODE = "defmodule Calc do\n  def add(a, b), do: a + b\n  def twice(f, x), do: f.(f.(x))\nend";
const TESTS = [
  'test "adds" do\n  assert Calc.add(1, 2) == 3\nend',
  'test "adds negatives" do\n  assert Calc.add(-1, -2) == -3\nend',
  'test "applies twice" do\n  assert Calc.twice(fn x -> x * 3 end, 2) == 18\nend',
].join("\n");
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const naiveRuns = Number(process.env.BENCH_NAIVE_RUNS ?? 10);
const poolRuns = Number(process.env.BENCH_POOL_RUNS ?? 30);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] ?? Number.NaN) * 10) / 10;
}

function summary(label: string, samples: number[]) {
  const result = { p50: percentile(samples, 50), p95: percentile(samples, 95), n: samples.length };
  console.log(`${label}: p50 ${result.p50} ms, p95 ${result.p95} ms (n=${result.n})`);
  return result;
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await work();
  return [performance.now() - started, value];
}

function expectOk(result: { outcome: string; stdout?: string }): void {
  if (result.outcome !== "ok" || result.stdout !== "1\n") throw new Error(`unexpected result: ${JSON.stringify(result)}`);
}

async function naiveOnce(image: string): Promise<number> {
  const [ms, result] = await timed(async () => {
    const session = await SandboxSession.start(dockerClient(), image, `${INSTANCE_ID}.naive`);
    try {
      return await session.submit(CODE, DEFAULT_TIMEOUT_MS);
    } finally {
      await session.dispose();
    }
  });
  expectOk(result);
  return ms;
}

async function poolOnce(): Promise<number> {
  const [ms, result] = await timed(() => run({ code: CODE }));
  expectOk(result);
  return ms;
}

/** Waits until the pool has `count` ready containers and no boot in flight (not counted in any latency). */
async function poolReady(count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  const settled = () => {
    const status = poolStatus();
    return (status?.ready ?? 0) >= count && status?.booting === 0;
  };
  while (!settled() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

async function idleMemoryBytes(): Promise<number> {
  const docker = dockerClient();
  const mine = await listSandboxContainers(docker, INSTANCE_ID);
  const stats = await Promise.all(
    mine.map((info) => docker.getContainer(info.Id).stats({ stream: false }) as Promise<{ memory_stats?: { usage?: number; stats?: { cache?: number } } }>),
  );
  return stats.reduce((sum, s) => sum + (s.memory_stats?.usage ?? 0) - (s.memory_stats?.stats?.cache ?? 0), 0);
}

async function main(): Promise<void> {
  // Docker sockets are unref'd; the naive path drives sessions directly, so hold the loop open.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const image = await sandboxImageName();
  console.log(`image ${image}, pool size ${process.env.SANDBOX_POOL_SIZE ?? 2} (SANDBOX_POOL_SIZE), sustained ${seconds} s`);

  await naiveOnce(image); // warm the engine's caches
  const naive1: number[] = [];
  for (let i = 0; i < naiveRuns; i++) naive1.push(await naiveOnce(image));
  const naive = summary("naive, concurrency 1", naive1);
  const naive4: number[] = [];
  for (let i = 0; i < Math.max(1, Math.floor(naiveRuns / 4)); i++) naive4.push(...(await Promise.all([1, 2, 3, 4].map(() => naiveOnce(image)))));
  const naiveC4 = summary("naive, concurrency 4", naive4);

  await warmUp();
  await poolReady(poolStatus()?.size ?? 1);
  await new Promise((r) => setTimeout(r, 1_000));
  const idleBytes = await idleMemoryBytes();
  const idleContainers = poolStatus()?.ready ?? 0;
  console.log(`pool idle: ${idleContainers} container(s), ${(idleBytes / 2 ** 20).toFixed(1)} MiB in total`);

  const pool1: number[] = [];
  for (let i = 0; i < poolRuns; i++) {
    await poolReady(poolStatus()?.size ?? 1);
    pool1.push(await poolOnce());
  }
  const pool = summary("pool, concurrency 1 (pool settled between runs)", pool1);

  const size = poolStatus()?.size ?? 2;
  const pool4: number[] = [];
  for (let i = 0; i < Math.max(1, Math.floor(poolRuns / 4)); i++) {
    await poolReady(size);
    pool4.push(...(await Promise.all([1, 2, 3, 4].map(() => poolOnce()))));
  }
  const poolC4 = summary(`pool, concurrency 4 (bursts of 4, pool of ${size})`, pool4);

  const judged: number[] = [];
  const inVm: number[] = [];
  for (let i = 0; i < poolRuns; i++) {
    for (const [samples, testsInLearnerVm] of [
      [judged, false],
      [inVm, true],
    ] as const) {
      await poolReady(size);
      const [ms, result] = await timed(() => run({ code: TESTS_CODE, tests: TESTS }, { testsInLearnerVm }));
      if (result.outcome !== "ok" || result.tests?.length !== 3 || !result.tests.every((t) => t.passed)) throw new Error(`unexpected result: ${JSON.stringify(result)}`);
      samples.push(ms);
    }
  }
  const judgedTests = summary("tests exercise, judged in two containers, concurrency 1", judged);
  const inVmTests = summary("tests exercise, tests in the learner's VM (baseline), concurrency 1", inVm);
  console.log(`judged / in-VM p50: ${(judgedTests.p50 / inVmTests.p50).toFixed(2)}`);

  let completed = 0;
  let busy = 0;
  const sustained: number[] = [];
  const until = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    [1, 2, 3, 4].map(async () => {
      while (Date.now() < until) {
        const [ms, result] = await timed(() => run({ code: CODE }));
        if (result.outcome === "ok") {
          completed += 1;
          sustained.push(ms);
        } else if (result.outcome === "busy") busy += 1;
        else throw new Error(`unexpected result: ${JSON.stringify(result)}`);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const throughput = Math.round((completed / elapsed) * 100) / 100;
  const sustainedLatency = summary(`sustained, 4 clients for ${elapsed.toFixed(1)} s: ${completed} runs, ${throughput} runs/s, ${busy} busy; latency`, sustained);

  await shutdown();
  clearInterval(keepAlive);
  console.log(
    JSON.stringify({
      naive_p50_ms: naive.p50,
      naive_p95_ms: naive.p95,
      naive_c4_p50_ms: naiveC4.p50,
      naive_c4_p95_ms: naiveC4.p95,
      pool_p50_ms: pool.p50,
      pool_p95_ms: pool.p95,
      pool_c4_p50_ms: poolC4.p50,
      pool_c4_p95_ms: poolC4.p95,
      tests_judged_p50_ms: judgedTests.p50,
      tests_judged_p95_ms: judgedTests.p95,
      tests_in_vm_p50_ms: inVmTests.p50,
      tests_in_vm_p95_ms: inVmTests.p95,
      tests_judged_ratio: Math.round((judgedTests.p50 / inVmTests.p50) * 100) / 100,
      throughput_rps: throughput,
      sustained_p50_ms: sustainedLatency.p50,
      sustained_p95_ms: sustainedLatency.p95,
      sustained_seconds: Math.round(elapsed),
      busy,
      pool_size: size,
      pool_idle_containers: idleContainers,
      pool_idle_memory_mib: Math.round((idleBytes / 2 ** 20) * 10) / 10,
    }),
  );
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  await shutdown().catch(() => undefined);
  process.exit(1);
});
