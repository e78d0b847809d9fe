// Shared snippets on the real database: content-addressed (the same code, the same id, one row),
// nothing but the code stored, and size and rate limits.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { MAX_SNIPPET_BYTES, getSnippet, shareSnippet, snippetId } from "./snippets";

describe("shared snippets", () => {
  it("stores code under its hash, once, and reads it back", async () => {
    const code = `IO.puts("snippet ${randomUUID()}")`;
    const first = await shareSnippet(code, randomUUID(), "10.0.0.1");
    const again = await shareSnippet(code, randomUUID(), "10.0.0.2");
    expect(first).toEqual({ ok: true, id: snippetId(code) });
    expect(again).toEqual(first);
    expect(await getSnippet(snippetId(code))).toBe(code);
    expect(await db.snippet.count({ where: { id: snippetId(code) } })).toBe(1);
    // Only the id and the code: no learner, address or time.
    expect(Object.keys((await db.snippet.findUnique({ where: { id: snippetId(code) } }))!).sort()).toEqual(["code", "id"]);
  });

  it("refuses empty and oversized code, and unknown or malformed ids read as nothing", async () => {
    expect(await shareSnippet("  \n", randomUUID(), "10.0.0.3")).toMatchObject({ ok: false });
    expect(await shareSnippet("x".repeat(MAX_SNIPPET_BYTES + 1), randomUUID(), "10.0.0.3")).toMatchObject({ ok: false });
    expect(await getSnippet("AAAAAAAAAAAAAAAAAAAAAA")).toBeNull();
    expect(await getSnippet("../etc")).toBeNull();
  });

  it("rate-limits one learner's sharing", async () => {
    const learner = randomUUID();
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await shareSnippet(`IO.puts(${i}) # ${learner}`, learner, "10.0.0.4"));
    expect(results.slice(0, 10).every((r) => r.ok)).toBe(true);
    expect(results[11]).toMatchObject({ ok: false, retryAfterMs: expect.any(Number) });
  });
});
