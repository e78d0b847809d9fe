// One learner run through POST /api/runs, the door the exercise page and scripts share (a thin
// adapter over lib/exercises/submit-run.ts): real sandbox, real database (data/test.db). Checks
// the route's statuses and bodies, and that only a graded run leaves a Submission row.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/runs/route";
import { db } from "@/lib/db";
import { syncLessons } from "@/lib/lessons/sync";

const jar = new Map<string, string>();
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
  }),
  headers: async () => requestHeaders,
}));
// Next runs `after` work once the response is written; here, once the handler has answered.
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (work: () => void) => void setImmediate(work),
}));

beforeAll(async () => {
  await syncLessons(db, path.join(process.cwd(), "content"));
});

let learner: string;
beforeEach(() => {
  learner = randomUUID();
  jar.clear();
  jar.set("learner", learner);
  requestHeaders = new Headers({ "x-forwarded-for": "127.0.0.1", host: "127.0.0.1:3000" });
});

function post(body: string, headers: Record<string, string> = {}): Promise<Response> {
  const all = { "content-type": "application/json", host: "127.0.0.1:3000", ...headers };
  requestHeaders = new Headers({ ...Object.fromEntries(requestHeaders), ...all });
  return POST(new Request("http://127.0.0.1:3000/api/runs", { method: "POST", headers: all, body }));
}

describe("POST /api/runs", () => {
  it("answers 200 with the verdict and stores exactly that submission", async () => {
    const response = await post(JSON.stringify({ exerciseId: "hello-world", code: 'IO.puts("Hello, world!")' }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ kind: "verdict", verdict: { status: "passed" }, attempts: 1, solved: true, failedAttempts: 0 });
    const rows = await db.submission.findMany({ where: { learnerId: learner } });
    expect(rows.map((r) => r.id)).toEqual([body.submissionId]);
    // Where the server's time went, phase by phase, the VM's own run time beside them.
    expect(response.headers.get("server-timing")).toMatch(
      /^request;dur=[\d.]+, learner;dur=[\d.]+, exercise;dur=[\d.]+, gate;dur=[\d.]+, sandbox;dur=[\d.]+, vm;dur=[\d.]+, grade;dur=[\d.]+, store;dur=[\d.]+, total;dur=[\d.]+$/,
    );
  });

  it("mints a learner id when the request has none", async () => {
    jar.clear();
    const response = await post(JSON.stringify({ exerciseId: "hello-world", code: 'IO.puts("hi")' }));
    expect(response.status).toBe(200);
    const minted = jar.get("learner");
    expect(minted).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await response.json()) as { submissionId: string };
    expect((await db.submission.findUnique({ where: { id: body.submissionId } }))?.learnerId).toBe(minted);
  });

  it("refuses malformed requests with 4xx JSON and stores nothing", async () => {
    const cases: [Promise<Response>, number, RegExp][] = [
      [post("{not json"), 400, /not valid JSON/],
      [post(JSON.stringify({ exerciseId: "hello-world" })), 400, /text/],
      [post(JSON.stringify({ exerciseId: "no-such-exercise", code: "IO.puts(1)" })), 400, /no longer exists/],
      [post(JSON.stringify({ exerciseId: "../etc", code: "IO.puts(1)" })), 400, /Unknown exercise/],
      [post(JSON.stringify({ exerciseId: "hello-world", code: "IO.puts(1)\u0000" })), 400, /NUL/],
      // A lone surrogate escaped in the JSON text (JSON.stringify would not write one).
      [post('{"exerciseId":"hello-world","code":"IO.puts(\\"\\ud800\\")"}'), 400, /broken character/],
      [post(JSON.stringify([1, 2])), 400, /./],
      [post(JSON.stringify({ exerciseId: "hello-world", code: "x".repeat(129 * 1024) })), 413, /KiB/],
      [post("exerciseId=hello-world", { "content-type": "application/x-www-form-urlencoded" }), 415, /application\/json/],
    ];
    for (const [pending, status, message] of cases) {
      const response = await pending;
      expect(response.status).toBe(status);
      const body = (await response.json()) as { kind: string; message: string };
      expect(body.kind).toBe("invalid");
      expect(body.message).toMatch(message);
      expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules/);
    }
    expect(await db.submission.count({ where: { learnerId: learner } })).toBe(0);
  });

  it("refuses cross-origin browser requests with 403", async () => {
    const code = JSON.stringify({ exerciseId: "hello-world", code: "IO.puts(1)" });
    const crossOrigin: Record<string, string>[] = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, { origin: "null" }];
    for (const headers of crossOrigin) {
      const response = await post(code, headers);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ kind: "forbidden" });
    }
    const same = await post(code, { origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" });
    expect(same.status).toBe(200);
    expect(await db.submission.count({ where: { learnerId: learner } })).toBe(1);
  });
});
