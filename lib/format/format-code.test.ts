import { describe, expect, it } from "vitest";
import { formatProgram, parseFormatOutput } from "./format-code";

describe("formatProgram", () => {
  it("carries the code as base64, so no quote or interpolation in it reaches the program's source", () => {
    const program = formatProgram('IO.puts("#{System.halt()}")\n"""');
    expect(program).not.toContain("System.halt");
    expect(program).toContain(`Base.decode64!("${Buffer.from('IO.puts("#{System.halt()}")\n"""').toString("base64")}")`);
  });
});

describe("parseFormatOutput", () => {
  it("reads the formatted text", () => {
    expect(parseFormatOutput("ok\ndefmodule A do\nend\n")).toEqual({ kind: "formatted", code: "defmodule A do\nend\n" });
    expect(parseFormatOutput("ok\n")).toEqual({ kind: "formatted", code: "" });
  });
  it("answers a syntax error with its line", () => {
    expect(parseFormatOutput("error 6\ntoken missing on nofile:6:10")).toEqual({ kind: "syntax_error", line: 6, message: "cannot format: line 6" });
    expect(parseFormatOutput("error \nsomething")).toMatchObject({ kind: "syntax_error", line: null });
  });
  it("refuses anything else", () => {
    expect(parseFormatOutput("formatted")).toBeNull();
    expect(parseFormatOutput("oops\nx")).toBeNull();
  });
});
