// Format through the real sandbox: the answer is Elixir's own formatter's, and a syntax error
// leaves a line number and no text.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatCode } from "./format-code";

describe("formatCode", () => {
  it("formats as mix format does", { timeout: 60_000 }, async () => {
    const result = await formatCode("defmodule Shape do\ndef area({:square,side}),do: side*side\n      end", randomUUID(), "format-test");
    expect(result).toEqual({ kind: "formatted", code: "defmodule Shape do\n  def area({:square, side}), do: side * side\nend\n" });
  });

  it("answers a syntax error with its line", { timeout: 60_000 }, async () => {
    const result = await formatCode("x = 1\ny = (2 +\nIO.puts(x", randomUUID(), "format-test");
    expect(result).toMatchObject({ kind: "syntax_error" });
    expect(result.kind === "syntax_error" && result.message).toMatch(/^cannot format: line \d+$/);
  });
});
