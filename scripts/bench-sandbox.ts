// `npm run bench:sandbox`: the naive path (a fresh container per submission) against the pool, in
// one process and one run. Prints latency p50/p95 of a trivial exercise at concurrency 1 and 4,
// sustained pool throughput (BENCH_SECONDS, default 60), and the pool's idle memory; then a
// tests exercise judged in two containers against the same tests run in the learner's own VM
// (the insecure baseline), alternating, pool settled before each. All of that runs under
// SANDBOX_RUNTIME. Then, for each runtime the engine offers (runc, gVisor's runsc), a pool of its
// own: latency p50/p95 at concurrency 1, sustained throughput (BENCH_RUNTIME_SECONDS, default 30)
// and the containers' CPU seconds per run. The last stdout line is one JSON object.
// BENCH_NAIVE_RUNS / BENCH_POOL_RUNS / BENCH_RUNTIME_RUNS change the sample sizes.
import fs from "node:fs";
import os from "node:os";
import { env, type SandboxRuntime } from "../lib/env";
import { dockerClient } from "../lib/sandbox/docker-client";
import { sandboxImageName } from "../lib/sandbox/image";
import { DEFAULT_TIMEOUT_MS } from "../lib/sandbox/limits";
import { INSTANCE_ID, listSandboxContainers, poolStatus, run, shutdown, warmUp } from "../lib/sandbox";
import type { SandboxPool } from "../lib/sandbox/pool";
import { createSandboxPool, runIn } from "../lib/sandbox/run";
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
const runtimeRuns = Number(process.env.BENCH_RUNTIME_RUNS ?? 20);
const runtimeSeconds = Number(process.env.BENCH_RUNTIME_SECONDS ?? 30);

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

/** Waits until `pool` has all its containers ready and no boot in flight. */
async function settled(pool: SandboxPool): Promise<void> {
  const deadline = Date.now() + 60_000;
  const done = () => {
    const status = pool.status();
    return status.ready >= status.size && status.booting === 0;
  };
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

/**
 * CPU nanoseconds of every container whose label starts with `prefix`, from its cgroup (v1
 * cpuacct, or v2 cpu.stat), sampled every 100 ms while `work` runs: a container's last
 * sample is taken at most 100 ms before its removal, so the figure is slightly low. Under
 * runsc the cgroup holds gVisor's Sentry and Gofer as well as the learner's code.
 */
async function containerCpuSeconds<T>(prefix: string, work: () => Promise<T>): Promise<[number, T]> {
  const seen = new Map<string, number>();
  const read = (id: string): number | null => {
    for (const file of [`/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`, `/sys/fs/cgroup/system.slice/docker-${id}.scope/cpu.stat`]) {
      try {
        const text = fs.readFileSync(file, "utf8");
        return file.endsWith("cpu.stat") ? Number(/usage_usec (\d+)/.exec(text)?.[1] ?? 0) * 1000 : Number(text.trim());
      } catch {
        // not this cgroup layout, or the container is gone
      }
    }
    return null;
  };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const info of await listSandboxContainers(dockerClient(), prefix).catch(() => [])) {
        const ns = read(info.Id);
        if (ns !== null) seen.set(info.Id, Math.max(ns, seen.get(info.Id) ?? 0));
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    const value = await work();
    return [[...seen.values()].reduce((sum, ns) => sum + ns, 0) / 1e9, value];
  } finally {
    sampling = false;
    await sampler;
  }
}

interface RuntimeFigures {
  pool_p50_ms: number;
  pool_p95_ms: number;
  throughput_rps: number;
  sustained_p50_ms: number;
  sustained_p95_ms: number;
  cpu_seconds_per_run: number;
  runs: number;
  busy: number;
}

/** One runtime's pool: latency at concurrency 1, then sustained throughput with its CPU cost. */
async function benchRuntime(runtime: SandboxRuntime): Promise<RuntimeFigures> {
  const label = `${INSTANCE_ID}.${runtime}`;
  const pool = createSandboxPool({ runtime, label });
  try {
    await pool.warmUp();
    const once = async () => {
      const [ms, result] = await timed(() => runIn(pool, { code: CODE }));
      return { ms, result };
    };
    await settled(pool);
    expectOk((await once()).result); // warm the engine's caches for this runtime
    const latency: number[] = [];
    for (let i = 0; i < runtimeRuns; i++) {
      await settled(pool);
      const { ms, result } = await once();
      expectOk(result);
      latency.push(ms);
    }
    const pooled = summary(`${runtime}: pool, concurrency 1`, latency);
    await settled(pool);

    let completed = 0;
    let busy = 0;
    const samples: number[] = [];
    const until = Date.now() + runtimeSeconds * 1000;
    const started = performance.now();
    const [cpuSeconds] = await containerCpuSeconds(label, () =>
      Promise.all(
        [1, 2, 3, 4].map(async () => {
          while (Date.now() < until) {
            const { ms, result } = await once();
            if (result.outcome === "ok") {
              completed += 1;
              samples.push(ms);
            } else if (result.outcome === "busy") busy += 1;
            else throw new Error(`unexpected result under ${runtime}: ${JSON.stringify(result)}`);
          }
        }),
      ),
    );
    const elapsed = (performance.now() - started) / 1000;
    const throughput = Math.round((completed / elapsed) * 100) / 100;
    const sustainedLatency = summary(`${runtime}: sustained, 4 clients for ${elapsed.toFixed(1)} s: ${completed} runs, ${throughput} runs/s, ${busy} busy; latency`, samples);
    const perRun = completed > 0 ? Math.round((cpuSeconds / completed) * 1000) / 1000 : Number.NaN;
    console.log(`${runtime}: ${perRun} CPU-seconds per run (containers' cgroups, boot included)`);
    return {
      pool_p50_ms: pooled.p50,
      pool_p95_ms: pooled.p95,
      throughput_rps: throughput,
      sustained_p50_ms: sustainedLatency.p50,
      sustained_p95_ms: sustainedLatency.p95,
      cpu_seconds_per_run: perRun,
      runs: completed,
      busy,
    };
  } finally {
    await pool.shutdown();
  }
}

/** The runtimes to compare: BENCH_RUNTIMES (comma-separated), default every one the engine offers. */
async function runtimesToCompare(): Promise<SandboxRuntime[]> {
  const offered = Object.keys(((await dockerClient().info()) as { Runtimes?: Record<string, unknown> }).Runtimes ?? {});
  const wanted = (process.env.BENCH_RUNTIMES ?? "runc,runsc").split(",").map((name) => name.trim());
  return (["runc", "runsc"] as const).filter((name) => wanted.includes(name) && offered.includes(name));
}

async function main(): Promise<void> {
  // Docker sockets are unref'd; the naive path drives sessions directly, so hold the loop open.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const image = await sandboxImageName();
  console.log(`runtime ${env.SANDBOX_RUNTIME} (SANDBOX_RUNTIME), image ${image}, pool size ${process.env.SANDBOX_POOL_SIZE ?? 2} (SANDBOX_POOL_SIZE), sustained ${seconds} s`);

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
  const loadBefore = os.loadavg()[0] ?? 0;
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
  // Every call of a judged run crosses the host twice each way, where the baseline crosses it
  // once each way in all, so the ratio grows with the machine's load: the load is part of the figure.
  const testsLoad = Math.round(((loadBefore + (os.loadavg()[0] ?? 0)) / 2) * 10) / 10;
  console.log(`judged / in-VM p50: ${(judgedTests.p50 / inVmTests.p50).toFixed(2)}, p95: ${(judgedTests.p95 / inVmTests.p95).toFixed(2)} (load average ${testsLoad})`);

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

  const runtimes: Partial<Record<SandboxRuntime, RuntimeFigures>> = {};
  for (const runtime of await runtimesToCompare()) runtimes[runtime] = await benchRuntime(runtime);

  clearInterval(keepAlive);
  console.log(
    JSON.stringify({
      runtime: env.SANDBOX_RUNTIME,
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
      tests_judged_p95_ratio: Math.round((judgedTests.p95 / inVmTests.p95) * 100) / 100,
      tests_load_average: testsLoad,
      throughput_rps: throughput,
      sustained_p50_ms: sustainedLatency.p50,
      sustained_p95_ms: sustainedLatency.p95,
      sustained_seconds: Math.round(elapsed),
      busy,
      pool_size: size,
      pool_idle_containers: idleContainers,
      pool_idle_memory_mib: Math.round((idleBytes / 2 ** 20) * 10) / 10,
      runtimes,
    }),
  );
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  await shutdown().catch(() => undefined);
  process.exit(1);
});
