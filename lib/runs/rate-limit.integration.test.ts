// Rate limits through POST /api/runs with tiny limits: the learner's and the address's buckets
// answer 429 with Retry-After, and a limited run is not stored. Real sandbox and database.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { forgetProcessSingleton } from "@/lib/server/singleton.mjs";

/** lib/runs/gate.ts keeps its limits under this key; forgetting it makes the next run read the stubbed settings. */
const GATE_KEY = "runs.gate";

const jar = new Map<string, string>();
let address = "198.51.100.1";
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
  }),
  headers: async () => new Headers({ "x-forwarded-for": address }),
}));

let POST: (request: Request) => Promise<Response>;
let db: typeof import("@/lib/db").db;

beforeAll(async () => {
  vi.stubEnv("RATE_RUNS_LEARNER_BURST", "1");
  vi.stubEnv("RATE_RUNS_LEARNER_PER_MINUTE", "0.1");
  vi.stubEnv("RATE_RUNS_ADDRESS_BURST", "2");
  vi.stubEnv("RATE_RUNS_ADDRESS_PER_MINUTE", "0.1");
  forgetProcessSingleton(GATE_KEY);
  vi.resetModules();
  ({ POST } = await import("@/app/api/runs/route"));
  ({ db } = await import("@/lib/db"));
  const { syncLessons } = await import("@/lib/lessons/sync");
  await syncLessons(db, path.join(process.cwd(), "content"));
});

afterAll(() => {
  vi.unstubAllEnvs();
  forgetProcessSingleton(GATE_KEY);
});

async function runAs(learner: string) {
  jar.set("learner", learner);
  const response = await POST(
    new Request("http://127.0.0.1/api/runs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ exerciseId: "hello-world", code: 'IO.puts("Hello, world!")' }),
    }),
  );
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as Record<string, unknown> };
}

describe("rate limits on POST /api/runs", () => {
  it("limits per learner, then per address, with 429, Retry-After and nothing stored", async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    expect((await runAs(a)).status).toBe(200);

    const again = await runAs(a);
    expect(again).toMatchObject({ status: 429, body: { kind: "rate_limited", message: expect.stringMatching(/faster than this site allows/) } });
    expect(Number(again.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(again.body.retryAfterMs).toBeGreaterThan(0);

    expect((await runAs(b)).status).toBe(200); // the address's second token
    expect(await runAs(c)).toMatchObject({ status: 429, body: { kind: "rate_limited" } }); // the address is out

    address = "198.51.100.2"; // another address is not affected
    expect((await runAs(c)).status).toBe(200);

    expect(await db.submission.count({ where: { learnerId: { in: [a, b, c] } } })).toBe(3);
  });
});
