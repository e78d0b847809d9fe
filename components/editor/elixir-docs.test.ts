import { describe, expect, it } from "vitest";
import { ElixirDocs, arityLabel, callSite, completionContext, nameAt, ownDefinitions, signatureParameters, splitArguments } from "./elixir-docs";

describe("completionContext", () => {
  it("completes a module's functions after a dot", () => {
    expect(completionContext("  list |> Enum.ma")).toEqual({ kind: "member", module: "Enum", prefix: "ma" });
    expect(completionContext("String.Chars.")).toEqual({ kind: "member", module: "String.Chars", prefix: "" });
  });
  it("completes module names, bare words, and nothing in strings, comments or atoms", () => {
    expect(completionContext("x = Enu")).toEqual({ kind: "module", prefix: "Enu" });
    expect(completionContext("  is_ato")).toEqual({ kind: "word", prefix: "is_ato" });
    expect(completionContext('IO.puts("Enum.ma')).toEqual({ kind: "none" });
    expect(completionContext("# Enum.ma")).toEqual({ kind: "none" });
    expect(completionContext(":ok")).toEqual({ kind: "none" });
  });
});

describe("ownDefinitions", () => {
  it("finds the learner's modules and functions with their arities", () => {
    const code = "defmodule Shape do\n  def area({:square, s}), do: s * s\n  def area(w, h), do: w * h\n  defp helper, do: 1\nend\n\ndefmodule Shape.Util do\n  def zero(), do: 0\nend";
    expect(ownDefinitions(code)).toEqual([
      { name: "Shape", functions: [
        { name: "area", arity: 1, signature: "area({:square, s})", private: false },
        { name: "area", arity: 2, signature: "area(w, h)", private: false },
        { name: "helper", arity: 0, signature: "helper()", private: true },
      ] },
      { name: "Shape.Util", functions: [{ name: "zero", arity: 0, signature: "zero()", private: false }] },
    ]);
  });
  it("names a nested module after its parent", () => {
    expect(ownDefinitions("defmodule A do\n  defmodule B do\n    def f(x), do: x\n  end\nend").map((m) => m.name)).toEqual(["A", "A.B"]);
  });
});

describe("callSite", () => {
  it("finds the call and the argument the cursor is in", () => {
    expect(callSite("Enum.map([1, 2], ")).toEqual({ module: "Enum", name: "map", argument: 1 });
    expect(callSite("String.split(")).toEqual({ module: "String", name: "split", argument: 0 });
    expect(callSite("foo(bar(1), {2, 3}, ")).toEqual({ module: null, name: "foo", argument: 2 });
  });
  it("counts the piped value as the first argument", () => {
    expect(callSite("list |> Enum.map(")).toEqual({ module: "Enum", name: "map", argument: 1 });
  });
  it("is null outside any call", () => {
    expect(callSite("x = [1, ")).toBeNull();
    expect(callSite("x = 1")).toBeNull();
  });
});

describe("nameAt", () => {
  it("finds the dotted name under the cursor", () => {
    expect(nameAt("  Enum.map(list, f)", 8)).toEqual({ module: "Enum", name: "map", start: 2, end: 10 });
    expect(nameAt("  Enum.map(list, f)", 3)).toEqual({ module: "Enum", name: "map", start: 2, end: 10 });
    expect(nameAt("String.Chars", 3)).toEqual({ module: "String.Chars", name: "", start: 0, end: 12 });
    expect(nameAt("is_atom(x)", 2)).toEqual({ module: null, name: "is_atom", start: 0, end: 7 });
  });
});

describe("the index", () => {
  const docs = new ElixirDocs({
    elixir: "1.18.3",
    modules: [
      { name: "Enum", doc: "", functions: [{ name: "map", arity: 2, kind: "function", defaults: 0, signature: "map(enumerable, fun)", doc: "Maps." }] },
      { name: "Kernel", doc: "", functions: [{ name: "is_atom", arity: 1, kind: "function", defaults: 0, signature: "is_atom(term)", doc: "Atom?" }] },
    ],
  });
  it("answers qualified and imported functions", () => {
    expect(docs.functions("Enum", "map").map(arityLabel)).toEqual(["map/2"]);
    expect(docs.functions(null, "is_atom").map(arityLabel)).toEqual(["is_atom/1"]);
    expect(docs.functions(null, "map")).toEqual([]);
  });
  it("labels arities, with defaults as a range", () => {
    expect(arityLabel({ name: "split", arity: 3, defaults: 2 })).toBe("split/1..3");
    expect(signatureParameters("map(enumerable, fun)")).toEqual(["enumerable", "fun"]);
    expect(splitArguments("a, {b, c}, [d, e]")).toEqual(["a", "{b, c}", "[d, e]"]);
  });
});
