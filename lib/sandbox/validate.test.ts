import { describe, expect, it } from "vitest";
import { MAX_SOURCE_BYTES, clampTimeout } from "./limits";
import { run } from "./run";
import { validateSource } from "./validate";

describe("validateSource", () => {
  it("accepts ordinary code up to the limit, counted in UTF-8 bytes", () => {
    expect(validateSource('IO.puts "hi"')).toEqual({ ok: true });
    expect(validateSource("a".repeat(MAX_SOURCE_BYTES))).toEqual({ ok: true });
    expect(validateSource("é".repeat(MAX_SOURCE_BYTES / 2 + 1)).ok).toBe(false);
  });

  it("rejects oversized code, NUL bytes and non-strings", () => {
    expect(validateSource("a".repeat(MAX_SOURCE_BYTES + 1))).toMatchObject({ ok: false, message: expect.stringContaining("64 KiB") });
    expect(validateSource("IO.puts 1\u0000")).toMatchObject({ ok: false, message: expect.stringContaining("NUL") });
    expect(validateSource(42).ok).toBe(false);
  });

  it("rejects half of a UTF-16 surrogate pair and keeps whole pairs", () => {
    expect(validateSource('IO.puts "\ud800"')).toMatchObject({ ok: false, message: expect.stringContaining("broken character") });
    expect(validateSource('IO.puts "\udc00x"').ok).toBe(false);
    expect(validateSource('IO.puts "x\ud83d"').ok).toBe(false);
    expect(validateSource('IO.puts "😀 ok"')).toEqual({ ok: true });
  });

  it("makes run() refuse such code before reaching Docker", async () => {
    const result = await run({ code: "x\u0000" });
    expect(result).toMatchObject({ outcome: "rejected", message: expect.stringContaining("NUL") });
  });
});

describe("clampTimeout", () => {
  it("defaults, rounds and clamps", () => {
    expect(clampTimeout(undefined)).toBe(5000);
    expect(clampTimeout(Number.NaN)).toBe(5000);
    expect(clampTimeout(1234.6)).toBe(1235);
    expect(clampTimeout(1)).toBe(100);
    expect(clampTimeout(10 ** 9)).toBe(30_000);
  });
});
