// GET /api/health: database, Docker engine and sandbox pool state for monitors and load
// balancers (lib/health.ts). 200 when all is well, 503 otherwise; never cached.
import { checkHealth, healthHttpStatus } from "@/lib/health";
import { admissionStatus } from "@/lib/runs/gate";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(): Promise<Response> {
  admissionStatus(); // sets up the bound on runs, which then reports its counts under pool.inFlight.runs
  const report = await checkHealth();
  return Response.json(report, { status: healthHttpStatus(report), headers: { "Cache-Control": "no-store" } });
}
