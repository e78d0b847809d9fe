// Test exercises in two containers against the real engine: what the judge can test through the
// learner's public functions, and the verdict-forgery attack suite (the learner's code tries
// every trick to pass tests it fails, or to read the hidden tests) that none of them must win.
import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { INSTANCE_ID, listSandboxContainers, run as runOnce, shutdown } from "@/lib/sandbox";
import type { RunRequest, RunResult, TestResult } from "@/lib/sandbox";

/**
 * Under runsc every call from a test to the learner's code crosses two Sentries on the ptrace
 * platform: runs without a budget of their own get twice the default (5 s) there.
 */
const run = (request: RunRequest): Promise<RunResult> =>
  runOnce(env.SANDBOX_RUNTIME === "runsc" && request.timeoutMs === undefined ? { ...request, timeoutMs: 10_000 } : request);

function expectOutcome<T extends RunResult["outcome"]>(result: RunResult, outcome: T): Extract<RunResult, { outcome: T }> {
  expect(result.outcome, JSON.stringify(result)).toBe(outcome);
  return result as Extract<RunResult, { outcome: T }>;
}

function passedAll(result: RunResult): boolean {
  return result.outcome === "ok" && (result.tests ?? []).length > 0 && (result.tests ?? []).every((t) => t.passed);
}

const names = (tests: TestResult[]) => tests.map((t) => `${t.name}:${t.passed ? "pass" : "fail"}`);

// A wrong solution: every test below fails against it.
const WRONG = "defmodule Calc do\n  def add(_a, _b), do: 0\nend\n";
const CALC_TESTS = 'test "adds" do\n  assert Calc.add(1, 2) == 3\nend\n\ntest "adds negatives" do\n  assert Calc.add(-1, -2) == -3\nend\n';

describe("judged test exercises", () => {
  afterAll(async () => {
    await shutdown();
    expect(await listSandboxContainers(undefined, INSTANCE_ID)).toEqual([]);
  });

  it("tests structs, protocols, exceptions and funs passed both ways through the learner's functions", async () => {
    const code = [
      "defmodule Point do",
      "  defstruct x: 0, y: 0",
      "  def new(x, y), do: %Point{x: x, y: y}",
      "  def adder(n), do: fn m -> n + m end",
      "  def apply_twice(f, v), do: f.(f.(v))",
      "end",
      "defimpl String.Chars, for: Point do",
      "  def to_string(%Point{x: x, y: y}), do: \"(#{x}, #{y})\"",
      "end",
      "defmodule Bad do",
      "  defexception [:why]",
      "  def message(e), do: \"bad: #{e.why}\"",
      "  def check!(n) when n < 0, do: raise(Bad, why: n)",
      "  def check!(n), do: n",
      "end",
    ].join("\n");
    const tests = [
      'test "struct" do\n  assert Point.new(1, 2) == %Point{x: 1, y: 2}\n  assert %Point{} = Point.new(0, 0)\nend',
      'test "protocol" do\n  assert to_string(Point.new(3, 4)) == "(3, 4)"\nend',
      'test "fun from the learner" do\n  add2 = Point.adder(2)\n  assert add2.(5) == 7\nend',
      'test "fun to the learner" do\n  assert Point.apply_twice(fn v -> v * 3 end, 2) == 18\nend',
      'test "learner exception" do\n  error = assert_raise Bad, fn -> Bad.check!(-1) end\n  assert Exception.message(error) == "bad: -1"\n  assert Bad.check!(4) == 4\nend',
      'test "missing function" do\n  Point.nope()\nend',
    ].join("\n");
    const result = expectOutcome(await run({ code, tests }), "ok");
    expect(names(result.tests ?? [])).toEqual([
      "struct:pass",
      "protocol:pass",
      "fun from the learner:pass",
      "fun to the learner:pass",
      "learner exception:pass",
      "missing function:fail",
    ]);
    expect(result.tests?.[5]?.message).toMatch(/UndefinedFunctionError.*Point\.nope\/0/);
  });

  it("reports a learner's exception with its line, and output per test or to capture_io", async () => {
    const code = 'defmodule Greeter do\n  def hello(name) do\n    IO.puts("Hello, #{name}!")\n    String.length(name)\n  end\n\n  def boom, do: raise(ArgumentError, "no")\nend\nIO.puts("loaded")';
    const tests = [
      'test "prints" do\n  assert ExUnit.CaptureIO.capture_io(fn -> Greeter.hello("Ada") end) == "Hello, Ada!\\n"\nend',
      'test "shown" do\n  assert Greeter.hello("Joe") == 3\nend',
      'test "raises" do\n  Greeter.boom()\nend',
    ].join("\n");
    const result = expectOutcome(await run({ code, tests }), "ok");
    expect(result.stdout).toBe("loaded\n");
    expect(result.tests?.[0]).toMatchObject({ passed: true });
    expect(result.tests?.[0]?.output ?? null).toBeNull();
    expect(result.tests?.[1]).toMatchObject({ passed: true, output: "Hello, Joe!\n" });
    expect(result.tests?.[2]?.message).toMatch(/ArgumentError\) no[\s\S]*main\.exs:7/);
  });

  it("tests a GenServer through its API, stops each test's linked processes, and reaches the learner's VM with remote/3", async () => {
    const code = [
      "defmodule Counter do",
      "  use GenServer",
      "  def start_link(n), do: GenServer.start_link(__MODULE__, n, name: __MODULE__)",
      "  def increment, do: GenServer.cast(__MODULE__, :inc)",
      "  def value, do: GenServer.call(__MODULE__, :value)",
      "  def subscribe(pid), do: GenServer.cast(__MODULE__, {:subscribe, pid})",
      "  @impl true",
      "  def init(n), do: {:ok, {n, []}}",
      "  @impl true",
      "  def handle_cast(:inc, {n, subs}) do",
      "    Enum.each(subs, &send(&1, {:changed, n + 1}))",
      "    {:noreply, {n + 1, subs}}",
      "  end",
      "  def handle_cast({:subscribe, pid}, {n, subs}), do: {:noreply, {n, [pid | subs]}}",
      "  @impl true",
      "  def handle_call(:value, _from, {n, _} = state), do: {:reply, n, state}",
      "end",
    ].join("\n");
    const tests = [
      'test "starts and counts" do\n  {:ok, pid} = Counter.start_link(5)\n  Counter.increment()\n  assert Counter.value() == 6\n  assert remote(Process, :whereis, [Counter]) == pid\nend',
      'test "the named server of the last test is gone" do\n  assert remote(Process, :whereis, [Counter]) == nil\n  {:ok, _} = Counter.start_link(0)\n  assert Counter.value() == 0\nend',
      'test "notifies the test process" do\n  {:ok, _} = Counter.start_link(1)\n  Counter.subscribe(self())\n  Counter.increment()\n  assert_receive {:changed, 2}, 1000\nend',
    ].join("\n");
    const result = expectOutcome(await run({ code, tests }), "ok");
    expect(names(result.tests ?? []), JSON.stringify(result.tests)).toEqual([
      "starts and counts:pass",
      "the named server of the last test is gone:pass",
      "notifies the test process:pass",
    ]);
  });

  it("compiles tests that need the learner's module while compiling (import, a call in an attribute) once its proxy exists", async () => {
    const code = "defmodule Calc do\n  def add(a, b), do: a + b\nend";
    const tests = [
      "import Calc",
      "@two Calc.add(1, 1)",
      'test "imported" do\n  assert add(1, 2) == 3\nend',
      'test "attribute" do\n  assert @two == 2\nend',
      'test "a missing function" do\n  assert Calc.sub(2, 1) == 1\nend',
    ].join("\n");
    const result = expectOutcome(await run({ code, tests }), "ok");
    expect(names(result.tests ?? [])).toEqual(["imported:pass", "attribute:pass", "a missing function:fail"]);
    expect(result.tests?.[2]?.message).toMatch(/UndefinedFunctionError.*Calc\.sub\/2/);
  });

  it("keeps the learner's limits as outcomes: timeout, memory, halt", async () => {
    const loop = expectOutcome(await run({ code: "defmodule L do\n  def f, do: f()\nend", tests: 'test "t" do\n  L.f()\nend', timeoutMs: 1500 }), "timeout");
    expect(loop.timeoutMs).toBe(1500);
    expectOutcome(await run({ code: "defmodule M do\n  def f, do: Enum.to_list(1..100_000_000)\nend", tests: 'test "t" do\n  M.f()\nend' }), "memory_limit");
    expectOutcome(await run({ code: "defmodule H do\n  def f, do: System.halt(0)\nend", tests: 'test "t" do\n  assert H.f() == 1\nend' }), "crashed");
    expectOutcome(await run({ code: "raise \"top\"", tests: 'test "t" do\n  assert true\nend' }), "runtime_error");
  });

  describe("verdict forgery: a wrong solution's tricks", () => {
    const tricks: Record<string, string> = {
      "redefines ExUnit's runner, assertions and formatter": [
        "defmodule ExUnit.Assertions do",
        "  defmacro assert(_), do: true",
        "end",
        "defmodule ExUnit.Runner do",
        "  def run(_, _), do: %{failures: 0, total: 0}",
        "end",
        "defmodule Sandbox.Harness.Collector do",
        "  def init(_), do: {:ok, 0}",
        "end",
      ].join("\n"),
      "reloads the harness and the judge's modules": [
        "for mod <- [Sandbox.Harness, Sandbox.Judge, Sandbox.Serve, Sandbox.Wire] do",
        "  :code.purge(mod)",
        "  Code.compile_string(\"defmodule #{inspect(mod)} do\\n  def main, do: :ok\\nend\")",
        "end",
      ].join("\n"),
      "writes result-shaped and relay-shaped lines to the real stdout": [
        "out = Port.open({:fd, 0, 1}, [:out, :binary])",
        'ok = Base.encode64(~S({"status":"ok","tests":[{"name":"adds","passed":true,"message":null}]}))',
        'Port.command(out, ~s({"t":"result","r":"#{ok}","mac":"#{String.duplicate("0", 64)}"}\\n))',
        'Port.command(out, ~s({"t":"reply","id":2,"d":"#{Base.encode64(:erlang.term_to_binary({:ok, 3, ""}))}"}\\n))',
      ].join("\n"),
      "kills every other process of its VM": "for pid <- Process.list(), pid != self(), do: Process.exit(pid, :kill)",
      "sends every process a made-up result": [
        "for pid <- Process.list(), pid != self() do",
        '  send(pid, {:evaluated, make_ref(), %{status: "ok", tests: [%{name: "adds", passed: true, message: nil}]}})',
        '  send(pid, {:sandbox, {:reply, 1, Base.encode64(:erlang.term_to_binary({:ok, 3, ""}))}})',
        "end",
      ].join("\n"),
      "halts its VM": "System.halt(0)",
      "halts from inside the function under test": "defmodule Calc do\n  def add(_, _), do: System.halt(0)\nend",
      "answers every call with a value equal to anything": [
        "defmodule Calc do",
        "  def add(_, _), do: %{__struct__: ExUnit.AssertionError, message: \"\"}",
        "end",
      ].join("\n"),
    };

    for (const [trick, code] of Object.entries(tricks)) {
      it(`${trick}: no test passes`, async () => {
        const result = await run({ code: `${WRONG}${code}\n`, tests: CALC_TESTS });
        expect(passedAll(result), JSON.stringify(result)).toBe(false);
        if (result.outcome === "ok") expect(result.tests?.every((t) => !t.passed), JSON.stringify(result.tests)).toBe(true);
      });
    }

    it("sends a forged interface ahead of the real one (reserved and duplicate functions, the judge's own modules): the judge survives it and defines nothing from it", async () => {
      // A right solution, so that only the forged interface can make the tests fail: its Calc
      // entry lists reserved functions and is refused, so no proxy of Calc exists.
      const forged = [
        "out = Port.open({:fd, 0, 1}, [:out, :binary])",
        "forged = [",
        "  %{module: Calc, exports: [add: 2, module_info: 0, __info__: 1, add: 2], struct: nil, impl: nil},",
        "  %{module: Sandbox.Judge, exports: [begin_test: 1, call: 3], struct: nil, impl: nil},",
        "  %{module: ExUnit.Assertions, exports: [assert: 1], struct: nil, impl: nil},",
        "  %{module: Sandbox.LearnerTests, exports: [__ex_unit__: 0], struct: nil, impl: nil},",
        "  %{module: Forged, exports: [{:f, 300}], struct: nil, impl: nil}",
        "]",
        'Port.command(out, ~s({"t":"iface","d":"#{Base.encode64(:erlang.term_to_binary(forged))}"}\\n))',
      ].join("\n");
      const result = expectOutcome(await run({ code: `defmodule Calc do\n  def add(a, b), do: a + b\nend\n${forged}\n`, tests: CALC_TESTS }), "ok");
      expect(names(result.tests ?? [])).toEqual(["adds:fail", "adds negatives:fail"]);
      expect(result.tests?.[0]?.message).toMatch(/UndefinedFunctionError.*Calc\.add\/2/);
    });

    it("the right solution still passes after all that", async () => {
      const result = await run({ code: "defmodule Calc do\n  def add(a, b), do: a + b\nend", tests: CALC_TESTS });
      expect(passedAll(result), JSON.stringify(result)).toBe(true);
    });
  });

  it("a right solution that searches its own memory, every process and every ETS table finds no trace of the hidden tests", async () => {
    // The hidden tests carry MARKER (in a comment, a test name and an expected value); the
    // arguments they pass carry CONTROL, which does reach the learner's VM. The learner's code is
    // given each text as a list of its bytes plus one, so the search itself never holds either
    // text in memory: it finds a 4-byte prefix, then compares the rest byte by byte. Finding
    // CONTROL proves the search works.
    const marker = "hidden-test-marker-4f1c9a77e2";
    const control = "control-argument-9b2e61d0c4";
    const code = [
      "defmodule Spy do",
      "  def scan(arg, shifted_patterns) do",
      "    pats = Enum.map(shifted_patterns, fn bytes -> Enum.map(bytes, &(&1 - 1)) end)",
      "    memory = scan_memory(pats)",
      "    terms = scan_terms(pats)",
      "    count = fn hits -> Enum.map(pats, fn p -> Enum.count(hits, &(&1 == p)) end) end",
      "    {String.length(arg), count.(memory), count.(terms)}",
      "  end",
      "  defp found(chunk, pats) do",
      "    Enum.filter(pats, fn pat ->",
      "      prefix = :erlang.list_to_binary(Enum.take(pat, 4))",
      "      n = length(pat)",
      "      Enum.any?(:binary.matches(chunk, prefix), fn {at, _} ->",
      "        at + n <= byte_size(chunk) and :binary.bin_to_list(binary_part(chunk, at, n)) == pat",
      "      end)",
      "    end)",
      "  end",
      "  defp scan_terms(pats) do",
      // This process's own backtrace would print the patterns as text: it is left out.
      "    procs = for pid <- Process.list(), info = Process.info(pid, if(pid == self(), do: [:dictionary, :messages], else: [:dictionary, :messages, :backtrace])), info != nil, do: :erlang.term_to_binary(info)",
      "    tables = for t <- :ets.all(), :ets.info(t, :protection) != :private, do: :erlang.term_to_binary(:ets.tab2list(t))",
      "    Enum.flat_map(procs ++ tables, &found(&1, pats))",
      "  end",
      "  defp scan_memory(pats) do",
      "    {:ok, mem} = :file.open(~c\"/proc/self/mem\", [:read, :binary, :raw])",
      "    File.read!(\"/proc/self/maps\") |> String.split(\"\\n\", trim: true) |> Enum.flat_map(fn line ->",
      "      [range, perms | _] = String.split(line, \" \")",
      "      [from, to] = range |> String.split(\"-\") |> Enum.map(&String.to_integer(&1, 16))",
      "      if String.starts_with?(perms, \"r\") and to - from <= 64 * 1024 * 1024, do: read(mem, from, to, pats, []), else: []",
      "    end)",
      "  end",
      "  defp read(_mem, from, to, _pats, acc) when from >= to, do: acc",
      "  defp read(mem, from, to, pats, acc) do",
      "    size = min(1_048_576, to - from)",
      "    acc = case :file.pread(mem, from, min(size + 64, to - from)) do",
      "      {:ok, chunk} -> found(chunk, pats) ++ acc",
      "      _ -> acc",
      "    end",
      "    read(mem, from + size, to, pats, acc)",
      "  end",
      "end",
    ].join("\n");
    const shifted = (text: string) => `[${[...Buffer.from(text)].map((b) => b + 1).join(", ")}]`;
    const tests = [
      `# ${marker}`,
      `test "search (${marker})" do`,
      `  {length, [control_in_memory, marker_in_memory], [_, marker_in_terms]} = Spy.scan("${control}", [${shifted(control)}, ${shifted(marker)}])`,
      `  assert length != "${marker}"`,
      "  assert control_in_memory > 0",
      "  assert marker_in_memory == 0",
      "  assert marker_in_terms == 0",
      "end",
    ].join("\n");
    const result = expectOutcome(await run({ code, tests, timeoutMs: 20_000 }), "ok");
    expect(result.tests, JSON.stringify(result.tests)).toEqual([expect.objectContaining({ passed: true })]);
  }, 60_000);
});
