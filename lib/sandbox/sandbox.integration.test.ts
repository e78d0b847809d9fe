// Drives the real Docker engine and the real sandbox image. Never sends packets anywhere:
// network isolation is checked from inside the container.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { listSandboxContainers, run } from "@/lib/sandbox";
import type { RunResult } from "@/lib/sandbox";

async function expectOrdinaryRunWorks(): Promise<void> {
  const result = await run({ code: 'IO.puts("still fine")' });
  expect(result).toMatchObject({ outcome: "ok", stdout: "still fine\n" });
}

async function expectNoContainers(): Promise<void> {
  expect(await listSandboxContainers()).toEqual([]);
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
    expect(result.durationMs).toBeLessThan(2_000);
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
    expect(Date.now() - started).toBeLessThan(5_000);
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
    expect(Date.now() - started).toBeLessThan(5_000);
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
    expect(Date.now() - started).toBeLessThan(8_000);
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
    await expectOrdinaryRunWorks();
  });

  it("reports System.halt as crashed with the exit code", async () => {
    const result = expectOutcome(await run({ code: 'IO.puts "bye"\nSystem.halt(3)' }), "crashed");
    expect(result).toMatchObject({ exitCode: 3, stdout: "bye\n" });
    await expectOrdinaryRunWorks();
  });

  it("contains a fork bomb with the pids limit", async () => {
    const code = "IO.puts :os.cmd(~c\"sh -c 'f() { f | f & }; f' 2>/dev/null; echo survived\")";
    const result = expectOutcome(await run({ code, timeoutMs: 3_000 }), "ok");
    expect(result.stdout).toBe("survived\n\n");
    await expectOrdinaryRunWorks();
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
      'for key <- ["Uid", "CapEff", "CapBnd", "NoNewPrivs"], do: IO.puts(Regex.run(~r/^#{key}:\\s*(.*)$/m, status) |> List.last())',
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
      "1",
      "{:error, :erofs}",
      ":ok",
      '"/tmp"',
      '["BINDIR", "EMU", "ERL_CRASH_DUMP_BYTES", "HOME", "HOSTNAME", "LANG", "PATH", "PROGNAME", "PWD", "ROOTDIR"]',
      "",
    ]);
  });

  it("runs several programs at once", async () => {
    const results = await Promise.all([1, 2, 3].map((n) => run({ code: `IO.puts ${n} * 10` })));
    expect(results.map((r) => [r.outcome, r.stdout])).toEqual([["ok", "10\n"], ["ok", "20\n"], ["ok", "30\n"]]);
  });

  it("says how to fix a missing image", async () => {
    process.env.SANDBOX_IMAGE = "elixir-lessons-sandbox:does-not-exist";
    try {
      const result = expectOutcome(await run({ code: "IO.puts 1" }), "unavailable");
      expect(result.message).toContain("npm run sandbox:image");
    } finally {
      delete process.env.SANDBOX_IMAGE;
    }
  });

  it("says how to fix an unreachable engine", async () => {
    process.env.DOCKER_HOST = "unix:///nonexistent/docker.sock";
    try {
      const result = expectOutcome(await run({ code: "IO.puts 1" }), "unavailable");
      expect(result.message).toMatch(/Docker engine.*start it/);
    } finally {
      delete process.env.DOCKER_HOST;
    }
  });
});
