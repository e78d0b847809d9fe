import { describe, expect, it } from "vitest";
import { normaliseFailure } from "./normalise";

describe("normaliseFailure", () => {
  it("groups runtime errors that differ only in numbers, pids and line numbers", () => {
    const a = normaliseFailure("runtime_error", "** (ArithmeticError) bad argument in arithmetic expression: 7 / 0\n    main.exs:3: (file)");
    const b = normaliseFailure("runtime_error", "** (ArithmeticError) bad argument in arithmetic expression: 12 / 0\n    main.exs:9: (file)");
    expect(a).toBe(b);
    expect(a).toBe("** (ArithmeticError) bad argument in arithmetic expression: N / N");
    expect(normaliseFailure("runtime_error", "** (exit) #PID<0.123.0> exited")).toBe(normaliseFailure("runtime_error", "** (exit) #PID<0.99.1> exited"));
    expect(normaliseFailure("runtime_error", "** (exit) #Reference<0.1.2.3> x")).toContain("#Reference<…>");
  });

  it("hides variable names and quoted values, keeps the kind of mistake", () => {
    const a = normaliseFailure("compile_error", 'error: undefined variable "slices"\n  main.exs:2');
    const b = normaliseFailure("compile_error", 'error: undefined variable "pizza_count"');
    expect(a).toBe(b);
    expect(a).toBe('error: undefined variable "_"');
    expect(normaliseFailure("runtime_error", '** (MatchError) no match of right hand side value: "abc"')).toBe('** (MatchError) no match of right hand side value: "…"');
    expect(normaliseFailure("compile_error", "main.exs:4:7: syntax error before: ')'")).toBe("main.exs:N: syntax error before: ')'");
    expect(normaliseFailure("compile_error", "error at line 12")).toBe("error at line N");
  });

  it("keeps different mistakes apart", () => {
    expect(normaliseFailure("compile_error", 'undefined variable "x"')).not.toBe(normaliseFailure("compile_error", "undefined function puts/1"));
  });

  it("groups wrong outputs by text with numbers and spacing normalised", () => {
    expect(normaliseFailure("wrong_output", "3 slices\n")).toBe(normaliseFailure("wrong_output", "8  slices"));
    expect(normaliseFailure("wrong_output", "Hello world\n")).toBe("output: Hello world");
    expect(normaliseFailure("wrong_output", "")).toBe("output: (nothing printed)");
    expect(normaliseFailure("wrong_output", "x".repeat(500)).length).toBeLessThanOrEqual(160);
  });

  it("names the failing tests, also from a cut-off JSON array", () => {
    const json = JSON.stringify([{ name: "adds", passed: true, message: null }, { name: "handles 0", passed: false, message: "Assertion with == failed" }]);
    expect(normaliseFailure("tests_failed", json)).toBe("failing: handles N");
    expect(normaliseFailure("tests_failed", json.slice(0, json.length - 20))).toBe("failing: handles N");
    expect(normaliseFailure("tests_failed", null)).toBe("tests failed");
  });

  it("leaves limit verdicts to their name", () => {
    expect(normaliseFailure("timeout", "anything")).toBe("");
  });
});
