// `npm run bench:sandbox`: the naive path (a fresh container per submission) against the pool, in
// one process and one run. Prints latency p50/p95 of a trivial exercise at concurrency 1 and 4,
// sustained pool throughput (BENCH_SECONDS, default 60), and the pool's idle memory; then a
// tests exercise judged in two containers against the same tests run in the learner's own VM
// (the insecure baseline), alternating, pool settled before each. All of that runs under
// SANDBOX_RUNTIME. Then, for each runtime the engine offers (runc, gVisor's runsc), a pool of its
// own: latency p50/p95 at concurrency 1, sustained throughput (BENCH_RUNTIME_SECONDS, default 30)
// and the containers' CPU seconds per run. The last stdout line is one JSON object.
// BENCH_NAIVE_RUNS / BENCH_POOL_RUNS / BENCH_RUNTIME_RUNS change the sample sizes; BENCH_PHASES
// (comma-separated: naive, pool, tests, sustained, runtimes; default all) picks phases, and the
// JSON then holds null for the figures of the phases left out.
//
// The sustained phase also counts the CPU it cost the whole host (/proc/stat busy time over the
// phase, every process: dockerd, containerd, the shims, runc, the containers, this process and
// whatever else runs, so run it on a quiet machine and read the load average printed with it)
// divided by the runs completed: `cpu_ms_per_run`, with the part of it in dockerd, containerd,
// the containers' cgroups and this process in `cpu_breakdown_ms_per_run`.
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import Docker from "dockerode";
import { env, type SandboxRuntime } from "../lib/env";
import { dockerClient } from "../lib/sandbox/docker-client";
import { sandboxImageName } from "../lib/sandbox/image";
import { DEFAULT_TIMEOUT_MS } from "../lib/sandbox/limits";
import { INSTANCE_ID, listSandboxContainers, poolStatus, run, shutdown, warmUp } from "../lib/sandbox";
import type { SandboxPool } from "../lib/sandbox/pool";
import { createSandboxPool, runIn } from "../lib/sandbox/run";
import { SandboxSession } from "../lib/sandbox/session";
import { findPid, hostBusyMs, procCpuMs } from "./proc-cpu";

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
const pathRuns = Number(process.env.BENCH_PATH_RUNS ?? 15);
const pathRounds = Number(process.env.BENCH_PATH_ROUNDS ?? 2);
const pathSeconds = Number(process.env.BENCH_PATH_SECONDS ?? 15);
const PHASES = ["naive", "pool", "tests", "sustained", "paths", "runtimes"] as const;
type Phase = (typeof PHASES)[number];
const phases = new Set((process.env.BENCH_PHASES ?? PHASES.join(",")).split(",").map((name) => name.trim()));
for (const name of phases) if (!(PHASES as readonly string[]).includes(name)) throw new Error(`BENCH_PHASES: unknown phase ${name} (known: ${PHASES.join(", ")})`);
const wants = (phase: Phase) => phases.has(phase);

/** CPU ms of the first process named `comm` (own time plus reaped children), or 0 when there is none. */
function processCpuMs(comm: string): number {
  const pid = findPid(comm);
  const [own, children] = (pid === null ? null : procCpuMs(pid)) ?? [0, 0];
  return own + children;
}

interface HostCpu {
  cpu_ms_per_run: number;
  cpu_breakdown_ms_per_run: { dockerd: number; containerd: number; containers: number; bench: number; rest: number };
  load_average: number;
}

/**
 * Host CPU over `work`, divided by the runs it reports: all processes (/proc/stat), and the part
 * in dockerd, containerd, the cgroups of containers labelled `prefix` and this process; `rest`
 * is everything else (shims, runc, the kernel's own threads, and other work on the machine).
 */
async function hostCpuPerRun(prefix: string, work: () => Promise<number>, ids?: () => Iterable<string>): Promise<[HostCpu, number]> {
  const before = { host: hostBusyMs(), dockerd: processCpuMs("dockerd"), containerd: processCpuMs("containerd"), bench: process.cpuUsage() };
  const loadBefore = os.loadavg()[0] ?? 0;
  const [containerSeconds, runs] = await containerCpuSeconds(prefix, work, ids);
  const bench = process.cpuUsage(before.bench);
  const total = hostBusyMs() - before.host;
  const parts = {
    dockerd: processCpuMs("dockerd") - before.dockerd,
    containerd: processCpuMs("containerd") - before.containerd,
    containers: containerSeconds * 1000,
    bench: (bench.user + bench.system) / 1000,
  };
  const perRun = (ms: number) => (runs > 0 ? Math.round(ms / runs) : Number.NaN);
  const figures: HostCpu = {
    cpu_ms_per_run: perRun(total),
    cpu_breakdown_ms_per_run: {
      dockerd: perRun(parts.dockerd),
      containerd: perRun(parts.containerd),
      containers: perRun(parts.containers),
      bench: perRun(parts.bench),
      rest: perRun(total - parts.dockerd - parts.containerd - parts.containers - parts.bench),
    },
    load_average: Math.round(((loadBefore + (os.loadavg()[0] ?? 0)) / 2) * 10) / 10,
  };
  console.log(`host CPU: ${figures.cpu_ms_per_run} ms per run (${JSON.stringify(figures.cpu_breakdown_ms_per_run)}), load average ${figures.load_average}`);
  return [figures, runs];
}

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
 * sample is taken at most 100 ms before its removal, so the figure is slightly low. `ids` lists
 * the containers to read (a pool's own), instead of asking the engine every time. Under
 * runsc the cgroup holds gVisor's Sentry and Gofer as well as the learner's code.
 */
async function containerCpuSeconds<T>(prefix: string, work: () => Promise<T>, ids?: () => Iterable<string>): Promise<[number, T]> {
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
      const live = ids ? [...ids()] : (await listSandboxContainers(dockerClient(), prefix).catch(() => [])).map((info) => info.Id);
      for (const id of live) {
        const ns = read(id);
        if (ns !== null) seen.set(id, Math.max(ns, seen.get(id) ?? 0));
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

/**
 * The engine client as it was before docker-client.ts kept docker-modem from formatting the
 * agent on every request: the "old" path of the paths phase.
 */
function oldDockerClient(): Docker {
  class PlainUnrefAgent extends http.Agent {
    override createConnection(...args: Parameters<http.Agent["createConnection"]>): ReturnType<http.Agent["createConnection"]> {
      const socket = super.createConnection(...args) as net.Socket | undefined;
      socket?.unref?.();
      return socket;
    }
  }
  oldClient ??= new Docker({ socketPath: "/var/run/docker.sock", agent: new PlainUnrefAgent() } as Docker.DockerOptions);
  return oldClient;
}
let oldClient: Docker | undefined;

const PATHS = { old: oldDockerClient, new: dockerClient } as const;
type PathName = keyof typeof PATHS;

interface PathFigures extends HostCpu {
  pool_p50_ms: number;
  pool_p95_ms: number;
  throughput_rps: number;
  runs: number;
}

/**
 * Today's path against the old one, side by side: a pool of each (size 2), latency at
 * concurrency 1 (pool settled, BENCH_PATH_RUNS each, interleaved), then BENCH_PATH_ROUNDS rounds
 * of BENCH_PATH_SECONDS of four closed-loop clients on each pool in turn, with the host's CPU
 * per run over each pool's sustained windows.
 */
async function benchPaths(): Promise<Record<PathName, PathFigures>> {
  const names = Object.keys(PATHS) as PathName[];
  const pools = Object.fromEntries(names.map((name) => [name, createSandboxPool({ docker: PATHS[name], label: `${INSTANCE_ID}.${name}`, size: 2 })])) as Record<PathName, SandboxPool>;
  try {
    await Promise.all(names.map((name) => pools[name].warmUp()));
    const latency = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<PathName, number[]>;
    for (const name of names) {
      await settled(pools[name]);
      expectOk(await runIn(pools[name], { code: CODE })); // warm the engine's caches for this client
    }
    for (let i = 0; i < pathRuns; i++) {
      for (const name of names) {
        for (const other of names) await settled(pools[other]);
        const [ms, result] = await timed(() => runIn(pools[name], { code: CODE }));
        expectOk(result);
        latency[name].push(ms);
      }
    }
    const totals = Object.fromEntries(names.map((name) => [name, { runs: 0, seconds: 0, cpu: 0, dockerd: 0, containerd: 0, containers: 0, bench: 0, rest: 0, load: 0 }]));
    for (let round = 0; round < pathRounds; round++) {
      for (const name of names) {
        const pool = pools[name];
        for (const other of names) await settled(pools[other]);
        const until = Date.now() + pathSeconds * 1000;
        const started = performance.now();
        const [cpu, runs] = await hostCpuPerRun(
          `${INSTANCE_ID}.${name}`,
          async () => {
            let completed = 0;
            await Promise.all(
              [1, 2, 3, 4].map(async () => {
                while (Date.now() < until) {
                  const result = await runIn(pool, { code: CODE });
                  if (result.outcome === "ok") completed += 1;
                  else if (result.outcome !== "busy") throw new Error(`unexpected result on the ${name} path: ${JSON.stringify(result)}`);
                }
              }),
            );
            return completed;
          },
          () => pool.liveContainerIds(),
        );
        const total = totals[name];
        if (!total) continue;
        total.runs += runs;
        total.seconds += (performance.now() - started) / 1000;
        total.cpu += cpu.cpu_ms_per_run * runs;
        for (const part of ["dockerd", "containerd", "containers", "bench", "rest"] as const) total[part] += cpu.cpu_breakdown_ms_per_run[part] * runs;
        total.load += cpu.load_average / pathRounds;
      }
    }
    const figures = {} as Record<PathName, PathFigures>;
    for (const name of names) {
      const total = totals[name];
      if (!total) continue;
      const lat = summary(`${name} path: pool, concurrency 1`, latency[name]);
      const perRun = (ms: number) => (total.runs > 0 ? Math.round(ms / total.runs) : Number.NaN);
      figures[name] = {
        pool_p50_ms: lat.p50,
        pool_p95_ms: lat.p95,
        throughput_rps: Math.round((total.runs / total.seconds) * 100) / 100,
        runs: total.runs,
        cpu_ms_per_run: perRun(total.cpu),
        cpu_breakdown_ms_per_run: {
          dockerd: perRun(total.dockerd),
          containerd: perRun(total.containerd),
          containers: perRun(total.containers),
          bench: perRun(total.bench),
          rest: perRun(total.rest),
        },
        load_average: Math.round(total.load * 10) / 10,
      };
      console.log(`${name} path: ${figures[name].throughput_rps} runs/s sustained (${total.runs} runs), ${figures[name].cpu_ms_per_run} CPU ms per run host-wide, load average ${figures[name].load_average}`);
    }
    if (figures.old && figures.new) {
      console.log(
        `new / old: CPU per run ${(figures.new.cpu_ms_per_run / figures.old.cpu_ms_per_run).toFixed(2)}, throughput ${(figures.new.throughput_rps / figures.old.throughput_rps).toFixed(2)}, pool p50 ${(figures.new.pool_p50_ms / figures.old.pool_p50_ms).toFixed(2)}`,
      );
    }
    return figures;
  } finally {
    await Promise.all(names.map((name) => pools[name].shutdown()));
  }
}

/** The runtimes to compare: BENCH_RUNTIMES (comma-separated), default every one the engine offers. */
async function runtimesToCompare(): Promise<SandboxRuntime[]> {
  const offered = Object.keys(((await dockerClient().info()) as { Runtimes?: Record<string, unknown> }).Runtimes ?? {});
  const wanted = (process.env.BENCH_RUNTIMES ?? "runc,runsc").split(",").map((name) => name.trim());
  return (["runc", "runsc"] as const).filter((name) => wanted.includes(name) && offered.includes(name));
}

type Latency = { p50: number; p95: number; n: number };
const NO_FIGURES: Latency = { p50: Number.NaN, p95: Number.NaN, n: 0 };
/** JSON has no NaN: a phase left out (BENCH_PHASES) gives null. */
const figure = (value: number) => (Number.isFinite(value) ? value : null);

async function main(): Promise<void> {
  // Docker sockets are unref'd; the naive path drives sessions directly, so hold the loop open.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const image = await sandboxImageName();
  console.log(
    `runtime ${env.SANDBOX_RUNTIME} (SANDBOX_RUNTIME), image ${image}, pool size ${process.env.SANDBOX_POOL_SIZE ?? 2} (SANDBOX_POOL_SIZE), sustained ${seconds} s, phases ${[...phases].join(",")}`,
  );

  let naive = NO_FIGURES;
  let naiveC4 = NO_FIGURES;
  if (wants("naive")) {
    await naiveOnce(image); // warm the engine's caches
    const naive1: number[] = [];
    for (let i = 0; i < naiveRuns; i++) naive1.push(await naiveOnce(image));
    naive = summary("naive, concurrency 1", naive1);
    const naive4: number[] = [];
    for (let i = 0; i < Math.max(1, Math.floor(naiveRuns / 4)); i++) naive4.push(...(await Promise.all([1, 2, 3, 4].map(() => naiveOnce(image)))));
    naiveC4 = summary("naive, concurrency 4", naive4);
  }

  let idleBytes = Number.NaN;
  let idleContainers = 0;
  let pool = NO_FIGURES;
  let poolC4 = NO_FIGURES;
  let judgedTests = NO_FIGURES;
  let inVmTests = NO_FIGURES;
  let testsLoad = Number.NaN;
  let size = Number(process.env.SANDBOX_POOL_SIZE ?? 2);
  if (wants("pool") || wants("tests")) {
    await warmUp();
    await poolReady(poolStatus()?.size ?? 1);
    size = poolStatus()?.size ?? size;
  }
  if (wants("pool")) {
    await new Promise((r) => setTimeout(r, 1_000));
    idleBytes = await idleMemoryBytes();
    idleContainers = poolStatus()?.ready ?? 0;
    console.log(`pool idle: ${idleContainers} container(s), ${(idleBytes / 2 ** 20).toFixed(1)} MiB in total`);

    const pool1: number[] = [];
    for (let i = 0; i < poolRuns; i++) {
      await poolReady(size);
      pool1.push(await poolOnce());
    }
    pool = summary("pool, concurrency 1 (pool settled between runs)", pool1);

    const pool4: number[] = [];
    for (let i = 0; i < Math.max(1, Math.floor(poolRuns / 4)); i++) {
      await poolReady(size);
      pool4.push(...(await Promise.all([1, 2, 3, 4].map(() => poolOnce()))));
    }
    poolC4 = summary(`pool, concurrency 4 (bursts of 4, pool of ${size})`, pool4);
  }

  if (wants("tests")) {
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
    judgedTests = summary("tests exercise, judged in two containers, concurrency 1", judged);
    inVmTests = summary("tests exercise, tests in the learner's VM (baseline), concurrency 1", inVm);
    // Every call of a judged run crosses the host twice each way, where the baseline crosses it
    // once each way in all, so the ratio grows with the machine's load: the load is part of the figure.
    testsLoad = Math.round(((loadBefore + (os.loadavg()[0] ?? 0)) / 2) * 10) / 10;
    console.log(`judged / in-VM p50: ${(judgedTests.p50 / inVmTests.p50).toFixed(2)}, p95: ${(judgedTests.p95 / inVmTests.p95).toFixed(2)} (load average ${testsLoad})`);
  }

  let throughput = Number.NaN;
  let sustainedLatency = NO_FIGURES;
  let elapsed = Number.NaN;
  let busy = 0;
  let hostCpu: HostCpu | null = null;
  if (wants("sustained")) {
    // A pool of its own with run()'s options, so the CPU sampler reads the pool's container ids
    // instead of asking the engine ten times a second (which would count in dockerd and here).
    await shutdown();
    const pool = createSandboxPool({ label: `${INSTANCE_ID}.sustained` });
    try {
      await pool.warmUp();
      await settled(pool);
      let completed = 0;
      const sustained: number[] = [];
      const until = Date.now() + seconds * 1000;
      const started = performance.now();
      [hostCpu] = await hostCpuPerRun(
        `${INSTANCE_ID}.sustained`,
        async () => {
          await Promise.all(
            [1, 2, 3, 4].map(async () => {
              while (Date.now() < until) {
                const [ms, result] = await timed(() => runIn(pool, { code: CODE }));
                if (result.outcome === "ok") {
                  completed += 1;
                  sustained.push(ms);
                } else if (result.outcome === "busy") busy += 1;
                else throw new Error(`unexpected result: ${JSON.stringify(result)}`);
              }
            }),
          );
          return completed;
        },
        () => pool.liveContainerIds(),
      );
      elapsed = (performance.now() - started) / 1000;
      throughput = Math.round((completed / elapsed) * 100) / 100;
      sustainedLatency = summary(`sustained, 4 clients for ${elapsed.toFixed(1)} s: ${completed} runs, ${throughput} runs/s, ${busy} busy; latency`, sustained);
    } finally {
      await pool.shutdown();
    }
  }

  await shutdown();

  const paths = wants("paths") ? await benchPaths() : null;

  const runtimes: Partial<Record<SandboxRuntime, RuntimeFigures>> = {};
  if (wants("runtimes")) for (const runtime of await runtimesToCompare()) runtimes[runtime] = await benchRuntime(runtime);

  clearInterval(keepAlive);
  console.log(
    JSON.stringify({
      runtime: env.SANDBOX_RUNTIME,
      naive_p50_ms: figure(naive.p50),
      naive_p95_ms: figure(naive.p95),
      naive_c4_p50_ms: figure(naiveC4.p50),
      naive_c4_p95_ms: figure(naiveC4.p95),
      pool_p50_ms: figure(pool.p50),
      pool_p95_ms: figure(pool.p95),
      pool_c4_p50_ms: figure(poolC4.p50),
      pool_c4_p95_ms: figure(poolC4.p95),
      tests_judged_p50_ms: figure(judgedTests.p50),
      tests_judged_p95_ms: figure(judgedTests.p95),
      tests_in_vm_p50_ms: figure(inVmTests.p50),
      tests_in_vm_p95_ms: figure(inVmTests.p95),
      tests_judged_ratio: figure(Math.round((judgedTests.p50 / inVmTests.p50) * 100) / 100),
      tests_judged_p95_ratio: figure(Math.round((judgedTests.p95 / inVmTests.p95) * 100) / 100),
      tests_load_average: figure(testsLoad),
      throughput_rps: figure(throughput),
      cpu_ms_per_run: hostCpu?.cpu_ms_per_run ?? null,
      cpu_breakdown_ms_per_run: hostCpu?.cpu_breakdown_ms_per_run ?? null,
      sustained_load_average: hostCpu?.load_average ?? null,
      sustained_p50_ms: figure(sustainedLatency.p50),
      sustained_p95_ms: figure(sustainedLatency.p95),
      sustained_seconds: figure(Math.round(elapsed)),
      busy,
      pool_size: size,
      pool_idle_containers: idleContainers,
      pool_idle_memory_mib: figure(Math.round((idleBytes / 2 ** 20) * 10) / 10),
      paths,
      runtimes,
    }),
  );
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  await shutdown().catch(() => undefined);
  process.exit(1);
});
