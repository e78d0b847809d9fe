// Drives the real Docker engine and the real sandbox image. Never sends packets anywhere:
// network isolation is checked from inside the container.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { INSTANCE_ID, listSandboxContainers, run, shutdown } from "@/lib/sandbox";
import type { RunResult } from "@/lib/sandbox";
import { dockerClient } from "./docker-client";

const RUNSC = env.SANDBOX_RUNTIME === "runsc";
/**
 * Wall-clock bounds that include work inside the VM are this many times wider under runsc: every
 * syscall of the BEAM goes through the Sentry, on the ptrace platform a context switch each.
 */
const SLACK = RUNSC ? 2 : 1;
/**
 * What a write outside /tmp gets: runc reports the read-only root (erofs); gVisor checks the
 * file's owner first (root, not uid 65534) and answers eacces. Either way the write is refused;
 * the mount test below shows the root is read-only under both.
 */
const READ_ONLY_ROOT_ERROR = RUNSC ? ":eacces" : ":erofs";

async function expectOrdinaryRunWorks(): Promise<void> {
  const result = await run({ code: 'IO.puts("still fine")' });
  expect(result).toMatchObject({ outcome: "ok", stdout: "still fine\n" });
}

/** The host is unaffected: the engine answers, and once the pool is shut down none of this process's containers is left. */
async function expectNoContainers(): Promise<void> {
  await shutdown();
  expect(await listSandboxContainers(undefined, INSTANCE_ID)).toEqual([]);
  expect(String(await dockerClient().ping())).toBe("OK");
}

function expectOutcome<T extends RunResult["outcome"]>(result: RunResult, outcome: T): Extract<RunResult, { outcome: T }> {
  expect(result.outcome, JSON.stringify(result)).toBe(outcome);
  return result as Extract<RunResult, { outcome: T }>;
}

describe("sandbox run()", () => {
  afterEach(expectNoContainers);
  afterAll(expectNoContainers);

  it("runs a program and returns its output", async () => {
    const result = expectOutcome(await run({ code: 'IO.puts "hi"' }), "ok");
    expect(result).toMatchObject({ stdout: "hi\n", stderr: "", truncated: false });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.durationMs).toBeLessThan(2_000 * SLACK);
  });

  // The warm-up must leave the VM as a learner's program expects it. ExUnit.run/1 raises the
  // backtrace depth to 20, at which evaluated code runs 4 to 5 times slower (harness.ex).
  it("evaluates the program at the VM's default backtrace depth", async () => {
    const result = expectOutcome(await run({ code: "IO.inspect(:erlang.system_flag(:backtrace_depth, 8))" }), "ok");
    expect(result.stdout).toBe("8\n");
  });

  it("captures stderr, Logger output and modules defined by the learner", async () => {
    const code = [
      "require Logger",
      "defmodule Greeter do",
      '  def hello(name), do: "Hello, #{name}!"',
      "end",
      'IO.puts Greeter.hello("Ada")',
      'IO.puts :stderr, "to stderr"',
      'Logger.info("logged")',
    ].join("\n");
    const result = expectOutcome(await run({ code }), "ok");
    expect(result.stdout).toMatch(/^Hello, Ada!\n[\s\S]*\[info\] logged\n$/);
    expect(result.stderr).toBe("to stderr\n");
  });

  it("reports a syntax error with its line", async () => {
    const result = expectOutcome(await run({ code: 'IO.puts "one"\nIO.puts("two"\nIO.puts "three"\n' }), "compile_error");
    expect(result.line).toBeGreaterThanOrEqual(2);
    expect(result.message).toMatch(/main\.exs/);
    const simple = expectOutcome(await run({ code: "x = 1\ny = )\n" }), "compile_error");
    expect(simple.line).toBe(2);
    expect(simple.stdout).toBe("");
  });

  it("reports a compile error found by the compiler with its line", async () => {
    const result = expectOutcome(await run({ code: 'IO.puts "a"\n\nIO.puts undefined_thing\n' }), "compile_error");
    expect(result).toMatchObject({ line: 3, message: expect.stringContaining("undefined_thing") });
  });

  it("reports a runtime error with the learner's line and only the learner's frames", async () => {
    const result = expectOutcome(await run({ code: 'IO.puts "before"\nx = 1\nraise "boom"\n' }), "runtime_error");
    expect(result).toMatchObject({ line: 3, message: "** (RuntimeError) boom", stdout: "before\n" });
    expect(result.stacktrace).toContain("main.exs:3");
    expect(result.stacktrace).not.toMatch(/harness|Sandbox\.|elixir_eval|erl_eval|\(elixir/i);
  });

  it("reports errors inside learner functions, throws and exits", async () => {
    const nested = expectOutcome(await run({ code: "defmodule M do\n  def f(x), do: 1 / x\nend\nM.f(0)\n" }), "runtime_error");
    expect(nested.message).toContain("ArithmeticError");
    expect(nested.line).toBe(2);
    expect(nested.stacktrace).toMatch(/main\.exs:2: M\.f\/1[\s\S]*main\.exs:4/);
    expect(expectOutcome(await run({ code: "throw :ball" }), "runtime_error").message).toBe("** (throw) :ball");
    expect(expectOutcome(await run({ code: "exit(:shutdown)" }), "runtime_error").message).toBe("** (exit) shutdown");
  });

  it("keeps a huge error message short instead of flooding", async () => {
    const result = expectOutcome(await run({ code: 'raise String.duplicate("é", 100_000)' }), "runtime_error");
    expect(result.line).toBe(1);
    expect(Buffer.byteLength(result.message)).toBeLessThanOrEqual(8 * 1024 + 3);
    expect(result.message.endsWith("é…")).toBe(true);
  });

  it("times out an endless program, kills the container and keeps working", async () => {
    const started = Date.now();
    const result = expectOutcome(await run({ code: 'IO.puts "waiting"\nProcess.sleep(:infinity)', timeoutMs: 500 }), "timeout");
    expect(result).toMatchObject({ timeoutMs: 500, stdout: "waiting\n" });
    expect(Date.now() - started).toBeLessThan(5_000 * SLACK);
    await expectNoContainers();
    await expectOrdinaryRunWorks();
  });

  it("times out a busy loop too", async () => {
    const code = "defmodule Spin do\n  def loop(n), do: loop(n + 1)\nend\nSpin.loop(0)";
    expectOutcome(await run({ code, timeoutMs: 700 }), "timeout");
    await expectOrdinaryRunWorks();
  });

  it("stops an output flood quickly with output_limit", async () => {
    const started = Date.now();
    const result = expectOutcome(await run({ code: 'Stream.repeatedly(fn -> IO.puts("flood") end) |> Stream.run()' }), "output_limit");
    expect(Date.now() - started).toBeLessThan(5_000 * SLACK);
    expect(result.truncated).toBe(true);
    expect(result.stdout.startsWith("flood\nflood\n")).toBe(true);
    expect(Buffer.byteLength(result.stdout)).toBeLessThanOrEqual(64 * 1024);
    await expectOrdinaryRunWorks();
  });

  it("stops a flood written to the real stdout behind the harness's back", async () => {
    const code = [
      "stdout = Port.open({:fd, 0, 1}, [:out, :binary])",
      'line = String.duplicate("x", 1000) <> "\\n"',
      "Stream.repeatedly(fn -> Port.command(stdout, line) end) |> Stream.run()",
    ].join("\n");
    const started = Date.now();
    const result = expectOutcome(await run({ code, timeoutMs: 10_000 }), "output_limit");
    expect(Date.now() - started).toBeLessThan(8_000 * SLACK);
    expect(result.truncated).toBe(true);
    expect(result.stdout.startsWith("x".repeat(1000))).toBe(true);
    await expectOrdinaryRunWorks();
  });

  it("stops a flood written to the VM's own stderr", async () => {
    const code = 'line = String.duplicate("y", 1000)\nStream.repeatedly(fn -> :erlang.display_string(:stderr, line) end) |> Stream.run()';
    expectOutcome(await run({ code, timeoutMs: 10_000 }), "output_limit");
    await expectOrdinaryRunWorks();
  });

  it("reports a memory bomb as memory_limit", async () => {
    expectOutcome(await run({ code: "Enum.to_list(1..100_000_000) |> length() |> IO.puts", timeoutMs: 20_000 }), "memory_limit");
    const spread = "for _ <- 1..8, do: spawn(fn -> Enum.to_list(1..6_000_000) |> length(); Process.sleep(:infinity) end)\nProcess.sleep(:infinity)";
    expectOutcome(await run({ code: spread, timeoutMs: 20_000 }), "memory_limit");
    await expectNoContainers();
    await expectOrdinaryRunWorks();
  });

  it("reports System.halt as crashed with the exit code", async () => {
    const result = expectOutcome(await run({ code: 'IO.puts "bye"\nSystem.halt(3)' }), "crashed");
    expect(result).toMatchObject({ exitCode: 3, stdout: "bye\n" });
    await expectOrdinaryRunWorks();
  });

  it("has no shell or tools to fork a bomb with", async () => {
    // With no /bin/sh, :os.cmd either returns nothing or fails to open its port (badarg, or an
    // :epipe exit signal from the linked port, depending on timing in ERTS); either way nothing
    // ran. It runs in a monitored process of its own, so an exit signal cannot end the script.
    const code = [
      '{pid, ref} = spawn_monitor(fn -> exit({:done, :os.cmd(~c"sh -c \'f() { f | f & }; f\'; echo survived")}) end)',
      'result = receive do',
      '  {:DOWN, ^ref, :process, ^pid, {:done, output}} -> output',
      '  {:DOWN, ^ref, :process, ^pid, reason} -> {:refused, reason}',
      'end',
      'IO.inspect(result == [] or match?({:refused, _}, result))',
      'IO.inspect File.ls!("/usr/bin")',
      'IO.inspect Enum.map(["/bin/sh", "/bin/bash", "/usr/bin/perl", "/usr/bin/env"], &File.exists?/1)',
    ].join("\n");
    const result = expectOutcome(await run({ code, timeoutMs: 3_000 }), "ok");
    expect(result.stdout).toBe("true\n[]\n[false, false, false, false]\n");
    await expectOrdinaryRunWorks();
  });

  it("stops an OS process bomb through ports at the pids limit as process_limit", async () => {
    const code = [
      'exe = Path.wildcard("/usr/lib/erlang/erts-*/bin/inet_gethost") |> hd()',
      "for _ <- 1..500, do: Port.open({:spawn_executable, exe}, [:binary])",
      'IO.puts "not reached"',
    ].join("\n");
    expectOutcome(await run({ code, timeoutMs: 10_000 }), "process_limit");
    await expectNoContainers();
    await expectOrdinaryRunWorks();
  });

  it("stops a BEAM process bomb as process_limit", async () => {
    const code = "defmodule Bomb do\n  def go, do: spawn(fn -> go(); go(); Process.sleep(:infinity) end)\nend\nBomb.go()\nProcess.sleep(:infinity)";
    expectOutcome(await run({ code, timeoutMs: 10_000 }), "process_limit");
    expectOutcome(await run({ code: "Stream.repeatedly(fn -> spawn(fn -> Process.sleep(:infinity) end) end) |> Stream.run()", timeoutMs: 10_000 }), "process_limit");
    await expectNoContainers();
    await expectOrdinaryRunWorks();
  });

  it("stops atom table exhaustion before it crashes the VM", async () => {
    const code = 'for i <- 1..2_000_000, do: String.to_atom("atom_#{i}")';
    const result = expectOutcome(await run({ code, timeoutMs: 15_000 * SLACK }), "runtime_error");
    expect(result.message).toMatch(/too many atoms/);
    await expectNoContainers();
    await expectOrdinaryRunWorks();
  });

  it("keeps nothing between runs and runs nothing from /tmp", async () => {
    const write = await run({ code: 'File.write!("/tmp/secret", "left behind")\nIO.puts File.exists?("/tmp/secret")' });
    expect(write).toMatchObject({ outcome: "ok", stdout: "true\n" });
    const read = await run({ code: 'IO.puts File.exists?("/tmp/secret")' });
    expect(read).toMatchObject({ outcome: "ok", stdout: "false\n" });
  });

  it("fills the tmpfs without harm and cannot write outside /tmp", async () => {
    const code = [
      'chunk = String.duplicate("x", 1_048_576)',
      '{:ok, f} = File.open("/tmp/fill", [:write, :raw])',
      "written = Enum.reduce_while(1..64, 0, fn _, n -> case :file.write(f, chunk) do :ok -> {:cont, n + 1}; _ -> {:halt, n} end end)",
      "IO.puts written < 64",
      'IO.inspect File.write("/fill", "x")',
      'IO.inspect File.write("/opt/sandbox/x", "x")',
      'IO.inspect File.write("/dev/shm/x", "x")',
    ].join("\n");
    const result = expectOutcome(await run({ code, timeoutMs: 10_000 }), "ok");
    expect(result.stdout.split("\n").slice(0, 3)).toEqual(["true", `{:error, ${READ_ONLY_ROOT_ERROR}}`, `{:error, ${READ_ONLY_ROOT_ERROR}}`]);
    expect(result.stdout).not.toContain(":ok");
    await expectOrdinaryRunWorks();
  });

  it("reports System.halt and :init.stop mid-run as crashed", async () => {
    expectOutcome(await run({ code: "IO.puts 1\n:init.stop()\nProcess.sleep(:infinity)", timeoutMs: 5_000 }), "crashed");
    await expectNoContainers();
    await expectOrdinaryRunWorks();
  });

  it("reports killing the harness as crashed, not as a result", async () => {
    const code = "for pid <- Process.list(), pid != self(), do: Process.exit(pid, :kill)\nProcess.sleep(:infinity)";
    const result = await run({ code, timeoutMs: 3_000 });
    expect(["crashed", "timeout"]).toContain(result.outcome);
    await expectNoContainers();
    await expectOrdinaryRunWorks();
  });

  it("refuses very large source before it reaches Docker", async () => {
    const result = expectOutcome(await run({ code: `IO.puts 1\n${"#".repeat(70 * 1024)}` }), "rejected");
    expect(result.message).toContain("64 KiB");
    expectOutcome(await run({ code: "IO.puts 1\u0000" }), "rejected");
    expect(await listSandboxContainers(undefined, INSTANCE_ID)).toEqual([]);
  });

  it("handles a single huge line without a newline", async () => {
    const result = expectOutcome(await run({ code: 'IO.write(String.duplicate("z", 10_000_000))', timeoutMs: 10_000 }), "output_limit");
    expect(result.truncated).toBe(true);
    await expectOrdinaryRunWorks();
  });

  it("runs ExUnit tests against the learner's code in written order", async () => {
    const code = 'defmodule Calc do\n  def add(a, b), do: a + b\n  def div(a, b), do: a / b\nend\nIO.puts "loaded"';
    const tests = [
      'test "adds" do\n  assert Calc.add(1, 2) == 3\nend',
      'test "adds wrong" do\n  assert Calc.add(1, 1) == 3\nend',
      'test "divides by zero" do\n  Calc.div(1, 0)\nend',
    ].join("\n");
    const result = expectOutcome(await run({ code, tests }), "ok");
    expect(result.stdout).toBe("loaded\n");
    expect(result.tests).toEqual([
      { name: "adds", passed: true, message: null },
      { name: "adds wrong", passed: false, message: "Assertion with == failed\ncode: assert Calc.add(1, 1) == 3\nleft: 2\nright: 3" },
      { name: "divides by zero", passed: false, message: expect.stringMatching(/ArithmeticError[\s\S]*main\.exs:3/) },
    ]);
    expect(result.stdout + result.stderr).not.toContain("assert");
  });

  it("blames the learner's compile error, not the tests, and flags broken tests as the exercise's fault", async () => {
    expectOutcome(await run({ code: "IO.puts(", tests: 'test "t" do\n  assert true\nend' }), "compile_error");
    const broken = expectOutcome(await run({ code: "IO.puts 1", tests: 'test "t" do\n  assert (\nend' }), "runtime_error");
    expect(broken.message).toMatch(/exercise's tests could not be compiled/);
  });

  it("refuses a result frame forged on the real stdout", async () => {
    const fake = JSON.stringify({ t: "result", r: Buffer.from('{"status":"ok"}').toString("base64"), mac: "0".repeat(64) });
    const code = `stdout = Port.open({:fd, 0, 1}, [:out, :binary])\nPort.command(stdout, ~S(${fake}) <> "\\n")\nProcess.sleep(200)\nraise "real"`;
    const result = expectOutcome(await run({ code }), "runtime_error");
    expect(result.message).toBe("** (RuntimeError) real");
    expect(result.stdout).toContain(fake);
    await expectOrdinaryRunWorks();
  });

  // The harness clears tracing before it signs (sandbox-image/harness.ex). A trace session of the
  // learner's own (OTP 27) is outside the legacy session that `:erlang.trace/3` resets: clearing
  // must destroy it, or a call trace on :crypto.mac/4 would hand the tracer the run's key.
  it("clears every trace session the learner's code made before the harness signs", async () => {
    const code = [
      "me = self()",
      "tracer = spawn(fn -> receive do message -> send(me, {:traced, message}) end end)",
      "session = :trace.session_create(:spy, tracer, [])",
      ":trace.process(session, me, true, [:call])",
      ":trace.function(session, {:crypto, :mac, 4}, [], [])",
      ":crypto.mac(:hmac, :sha256, \"before\", \"x\")",
      "IO.inspect(receive(do: ({:traced, {:trace, _, :call, {:crypto, :mac, [_, _, key, _]}}} -> key), after: (1000 -> :not_traced)))",
      "Sandbox.Harness.untrace_all()",
      ":crypto.mac(:hmac, :sha256, \"after\", \"x\")",
      "IO.inspect(receive(do: ({:traced, _} -> :traced), after: (200 -> :not_traced)))",
      "IO.inspect(:trace.session_info(:all))",
    ].join("\n");
    const result = expectOutcome(await run({ code }), "ok");
    expect(result.stdout).toBe('"before"\n:not_traced\n[legacy: :default]\n');
  });

  it("does not leak host environment variables", async () => {
    process.env.SANDBOX_TEST_SECRET = "host-secret";
    try {
      const result = expectOutcome(await run({ code: 'IO.inspect System.get_env("SANDBOX_TEST_SECRET")\nIO.inspect System.get_env("DATABASE_URL")' }), "ok");
      expect(result.stdout).toBe("nil\nnil\n");
    } finally {
      delete process.env.SANDBOX_TEST_SECRET;
    }
  });

  it("returns invalid UTF-8 output without crashing", async () => {
    const result = expectOutcome(await run({ code: 'IO.binwrite(<<255, 254, ?o, ?k, 10>>)\nIO.write(<<0xC3>>)\nIO.binwrite(:stderr, <<0xFF, 10>>)' }), "ok");
    expect(result.stdout).toBe("\uFFFD\uFFFDok\n\uFFFD");
    expect(result.stderr).toBe("\uFFFD\n");
    await expectOrdinaryRunWorks();
  });

  it("treats a learner printing a fake frame as plain output", async () => {
    const fake = '{"t":"result","status":"compile_error","message":"forged","line":1}';
    const code = `IO.puts(~S(${fake}))\nIO.puts(~S({"t":"out","d":"Zm9yZ2Vk"}))\nraise "real"`;
    const result = expectOutcome(await run({ code }), "runtime_error");
    expect(result.stdout).toBe(`${fake}\n{"t":"out","d":"Zm9yZ2Vk"}\n`);
    expect(result.message).toBe("** (RuntimeError) real");
    await expectOrdinaryRunWorks();
  });

  // Hard and symbolic links are allowed by Docker's default profile and left out of the sandbox's
  // (lib/sandbox/seccomp.json): the call fails with EPERM, the program goes on, the next run works.
  // runsc answers syscalls in its own kernel and keeps the engine's default (container.ts).
  it.skipIf(RUNSC)("refuses a syscall outside the seccomp profile as an error the program sees", async () => {
    const code = [
      'File.write!("/tmp/a", "x")',
      'IO.inspect File.ln_s("/tmp/a", "/tmp/b")',
      'IO.inspect File.ln("/tmp/a", "/tmp/c")',
      'IO.inspect {File.exists?("/tmp/b"), File.exists?("/tmp/c")}',
      'IO.inspect File.cp("/tmp/a", "/tmp/d")',
    ].join("\n");
    const result = expectOutcome(await run({ code }), "ok");
    expect(result.stdout).toBe("{:error, :eperm}\n{:error, :eperm}\n{false, false}\n:ok\n");
    await expectOrdinaryRunWorks();
  });

  it("gives the learner no network: only the loopback interface and no routes", async () => {
    const code = [
      "{:ok, ifs} = :inet.getifaddrs()",
      'IO.puts(ifs |> Enum.map(&elem(&1, 0)) |> Enum.join(","))',
      'IO.puts(File.read!("/proc/net/route") |> String.split("\\n", trim: true) |> length())',
      'IO.puts(File.read!("/proc/net/dev") |> String.split("\\n", trim: true) |> Enum.drop(2) |> Enum.map(&(String.split(&1, ":") |> hd() |> String.trim())) |> Enum.join(","))',
    ].join("\n");
    const result = expectOutcome(await run({ code }), "ok");
    expect(result.stdout).toBe("lo\n1\nlo\n");
  });

  it("runs unprivileged on a read-only root with a noexec /tmp", async () => {
    const code = [
      'status = File.read!("/proc/self/status")',
      'for key <- ["Uid", "CapEff", "CapBnd", "NoNewPrivs"], do: IO.puts((Regex.run(~r/^#{key}:\\s*(.*)$/m, status) || [nil, "absent"]) |> List.last())',
      'mounts = File.read!("/proc/self/mounts") |> String.split("\\n", trim: true) |> Enum.map(&String.split(&1, " "))',
      'for dir <- ["/", "/tmp"], do: IO.puts(Enum.find_value(Enum.reverse(mounts), fn [_, ^dir, _, options | _] -> options; _ -> nil end) |> String.split(",") |> Enum.filter(&(&1 in ["ro", "rw", "noexec", "nosuid", "nodev"])) |> Enum.sort() |> Enum.join(","))',
      'IO.inspect File.write("/etc/owned", "x")',
      'IO.inspect File.write("/tmp/ok", "x")',
      'IO.inspect File.cwd!()',
      'IO.inspect System.get_env() |> Map.keys() |> Enum.sort(), limit: :infinity, width: :infinity',
    ].join("\n");
    const result = expectOutcome(await run({ code }), "ok");
    expect(result.stdout.split("\n")).toEqual([
      "65534\t65534\t65534\t65534",
      "0000000000000000",
      "0000000000000000",
      // gVisor's /proc/self/status has no NoNewPrivs line; runsc still sets the flag the engine passes.
      RUNSC ? "absent" : "1",
      "ro",
      // gVisor's tmpfs lists neither nodev nor nosuid; uid 65534 with no capabilities can make no
      // device node, and a set-uid file it writes would run as 65534 again.
      RUNSC ? "noexec,rw" : "nodev,noexec,nosuid,rw",
      `{:error, ${READ_ONLY_ROOT_ERROR}}`,
      ":ok",
      '"/tmp"',
      '["BINDIR", "EMU", "ERL_CRASH_DUMP_BYTES", "HOME", "HOSTNAME", "LANG", "PATH", "PROGNAME", "ROOTDIR"]',
      "",
    ]);
  });

  it("runs several programs at once", async () => {
    const results = await Promise.all([1, 2, 3].map((n) => run({ code: `IO.puts ${n} * 10` })));
    expect(results.map((r) => [r.outcome, r.stdout])).toEqual([["ok", "10\n"], ["ok", "20\n"], ["ok", "30\n"]]);
  });

  it("says how to fix a missing image", async () => {
    await shutdown();
    process.env.SANDBOX_IMAGE = "elixir-lessons-sandbox:does-not-exist";
    try {
      const result = expectOutcome(await run({ code: "IO.puts 1" }), "unavailable");
      expect(result.message).toContain("npm run sandbox:image");
    } finally {
      delete process.env.SANDBOX_IMAGE;
      await shutdown();
    }
    await expectOrdinaryRunWorks();
  });

  it("says how to fix an unreachable engine", async () => {
    await shutdown();
    process.env.DOCKER_HOST = "unix:///nonexistent/docker.sock";
    try {
      const result = expectOutcome(await run({ code: "IO.puts 1" }), "unavailable");
      expect(result.message).toMatch(/Docker engine.*start it/);
    } finally {
      delete process.env.DOCKER_HOST;
      await shutdown();
    }
    await expectOrdinaryRunWorks();
  });

  it("answers busy past the queue bound instead of hanging", async () => {
    const { SandboxPool } = await import("./pool");
    const never = new Promise<never>(() => undefined);
    const pool = new SandboxPool({
      size: 0,
      queueLimit: 1,
      queueWaitMs: 300,
      bootConcurrency: 1,
      docker: dockerClient,
      image: () => never,
      label: `${INSTANCE_ID}-busy`,
      describeFailure: () => "x",
    });
    const first = pool.acquire();
    expect(await pool.acquire()).toMatchObject({ kind: "busy" });
    expect(await first).toMatchObject({ kind: "busy" });
  });
});

describe("sandbox pool", () => {
  afterEach(expectNoContainers);

  it("keeps containers booted, uses each once and replaces it", async () => {
    const { warmUp, poolStatus } = await import("@/lib/sandbox");
    await warmUp();
    const before = new Set((await listSandboxContainers(undefined, INSTANCE_ID)).map((c) => c.Id));
    expect(before.size).toBeGreaterThanOrEqual(1);
    const result = expectOutcome(await run({ code: "IO.puts 1" }), "ok");
    expect(result.durationMs).toBeLessThan(2_000 * SLACK);
    await warmUp();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = (await listSandboxContainers(undefined, INSTANCE_ID)).map((c) => c.Id);
    // Exactly one of the ready containers was used and is gone; a new one took its place.
    expect(after.filter((id) => before.has(id))).toHaveLength(before.size - 1);
    expect(poolStatus()).toMatchObject({ ready: before.size, running: 0, waiting: 0 });
  });

  it("removes a run's containers and boots their replacements only when its housekeeping starts that", async () => {
    const { warmUp, poolStatus } = await import("@/lib/sandbox");
    await warmUp();
    const size = poolStatus()?.size ?? 0;
    expect(size).toBeGreaterThanOrEqual(2);
    const held: (() => void)[] = [];
    const housekeeping = (work: () => void) => void held.push(work);
    const before = new Set((await listSandboxContainers(undefined, INSTANCE_ID)).map((c) => c.Id));

    expectOutcome(await run({ code: 'IO.puts "one"' }, { housekeeping }), "ok");
    // A judged run hands over both of its containers.
    const judged = await run({ code: "defmodule M do\n  def f, do: 1\nend", tests: 'test "f" do\n  assert M.f() == 1\nend' }, { housekeeping });
    expectOutcome(judged, "ok");
    expect(held).toHaveLength(3);
    // Nothing was removed yet: the used containers are still there, counted as being removed.
    const waiting = (await listSandboxContainers(undefined, INSTANCE_ID)).map((c) => c.Id);
    expect(waiting.filter((id) => before.has(id))).toHaveLength(before.size);
    expect(poolStatus()).toMatchObject({ running: 0, removing: 3 });

    for (const work of held) work();
    await warmUp();
    await expect.poll(() => poolStatus()?.removing, { timeout: 30_000 }).toBe(0);
    const after = new Set((await listSandboxContainers(undefined, INSTANCE_ID)).map((c) => c.Id));
    for (const id of before) expect(after.has(id)).toBe(false);
    expect(poolStatus()).toMatchObject({ ready: size, running: 0 });
  });

  it("removes released containers at shutdown whose housekeeping never started", async () => {
    const { poolStatus } = await import("@/lib/sandbox");
    expectOutcome(await run({ code: 'IO.puts "two"' }, { housekeeping: () => undefined }), "ok");
    expect(poolStatus()).toMatchObject({ removing: 1 });
    // afterEach: shutdown() leaves no container of this process behind.
  });

  it("removes a run's container at once when its housekeeping refuses the work", async () => {
    const { poolStatus } = await import("@/lib/sandbox");
    const refuse = () => {
      throw new Error("`after` was called outside a request scope");
    };
    expectOutcome(await run({ code: 'IO.puts "three"' }, { housekeeping: refuse }), "ok");
    await expect.poll(() => poolStatus()?.removing, { timeout: 30_000 }).toBe(0);
  });

  it("drops a ready container killed from outside and still answers", async () => {
    const { warmUp } = await import("@/lib/sandbox");
    await warmUp();
    const docker = dockerClient();
    for (const info of await listSandboxContainers(docker, INSTANCE_ID)) await docker.getContainer(info.Id).kill().catch(() => undefined);
    // The engine reports the exits within moments; the pool drops those containers and boots new ones.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expectOrdinaryRunWorks();
  });

  it("answers unavailable while the engine is unreachable and rebuilds itself when it is back", async () => {
    const { poolStatus } = await import("@/lib/sandbox");
    process.env.DOCKER_HOST = "unix:///nonexistent/docker.sock";
    try {
      expectOutcome(await run({ code: "IO.puts 1" }), "unavailable");
      const started = Date.now();
      expectOutcome(await run({ code: "IO.puts 1" }), "unavailable");
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      delete process.env.DOCKER_HOST;
    }
    // No shutdown in between: the same pool recovers on its next retry.
    let result: RunResult | null = null;
    for (let tries = 0; tries < 40 && result?.outcome !== "ok"; tries++) {
      result = await run({ code: 'IO.puts("back")' });
      if (result.outcome !== "ok") await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(result).toMatchObject({ outcome: "ok", stdout: "back\n" });
    expect(poolStatus()?.lastError).toBeNull();
  });

  it("drains runs in flight on shutdown before removing the containers", async () => {
    const { warmUp } = await import("@/lib/sandbox");
    await warmUp();
    const running = run({ code: 'Process.sleep(700)\nIO.puts "finished"' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await shutdown(10_000);
    expect(await running).toMatchObject({ outcome: "ok", stdout: "finished\n" });
    expect(await listSandboxContainers(undefined, INSTANCE_ID)).toEqual([]);
  });

  it("lets a script exit without shutdown(), and its containers end by themselves", async () => {
    const { spawnSync } = await import("node:child_process");
    const script = 'import { run } from "./lib/sandbox"; run({ code: "IO.puts 42" }).then((r) => console.log(r.outcome, r.stdout.trim()));';
    const started = Date.now();
    const child = spawnSync("npx", ["tsx", "-e", script], { encoding: "utf8", timeout: 60_000, env: { ...process.env, SANDBOX_GROUP: "itestscript" } });
    expect(child.stdout.trim()).toBe("ok 42");
    expect(Date.now() - started).toBeLessThan(30_000);
    for (let waited = 0; waited < 10_000; waited += 250) {
      if ((await listSandboxContainers(undefined, "itestscript.")).length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await listSandboxContainers(undefined, "itestscript.")).toEqual([]);
  });
});
