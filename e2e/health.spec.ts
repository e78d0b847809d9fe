import { expect, test } from "@playwright/test";

// GET /api/health on the built site: 200 with every field when the database, the engine and the
// pool are fine; 503 "degraded" on the second server, whose sandbox image does not exist, where
// `?scope=pages` (for load balancers) still answers 200.
const port = Number(process.env.E2E_PORT ?? 3100);
const unavailablePort = Number(process.env.E2E_UNAVAILABLE_PORT ?? port + 100);

test("the health endpoint reports database, engine and pool, uncached", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("no-store");
  const body = await response.json();
  expect(body).toMatchObject({
    status: "ok",
    database: { ok: true, ms: expect.any(Number) },
    docker: { ok: true, ms: expect.any(Number), endpoint: expect.any(String) },
    pool: {
      started: true,
      size: expect.any(Number),
      ready: expect.any(Number),
      running: expect.any(Number),
      waiting: expect.any(Number),
      lastError: null,
      inFlight: { runs: { inFlight: expect.any(Number), waiting: expect.any(Number), maxInFlight: expect.any(Number), queueLimit: expect.any(Number) } },
    },
    version: expect.any(String),
  });
  // Monitors are not learners: no learner cookie is minted for them.
  expect(response.headers()["set-cookie"] ?? "").not.toContain("learner=");
  expect(JSON.stringify(body)).not.toMatch(/\.db\b|DATABASE_URL/);
});

test("the health endpoint answers 503 degraded when the sandbox cannot boot", async ({ request }) => {
  const url = `http://127.0.0.1:${unavailablePort}/api/health`;
  // The pool's first boot fails moments after start-up; poll briefly for it.
  await expect(async () => {
    const response = await request.get(url);
    expect(response.status()).toBe(503);
    expect(await response.json()).toMatchObject({ status: "degraded", database: { ok: true }, docker: { ok: true }, pool: { lastError: expect.stringContaining("npm run sandbox:image") } });
  }).toPass({ timeout: 30_000 });
  // A load balancer asking whether the instance serves pages keeps it: they still work.
  const forBalancer = await request.get(`${url}?scope=pages`);
  expect(forBalancer.status()).toBe(200);
  expect(await forBalancer.json()).toMatchObject({ status: "degraded" });
  expect((await request.get(`http://127.0.0.1:${unavailablePort}/`)).status()).toBe(200);
});
