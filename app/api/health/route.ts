// GET /api/health: database, Docker engine and sandbox pool (or, in scale-out mode, run queue)
// state for monitors and load balancers (lib/health.ts). 200 when all is well, 503 otherwise;
// with `?scope=pages` (for load balancers) 200 unless the database is down. Never cached.
import { checkHealth, healthHttpStatus } from "@/lib/health";
import { admissionStatus } from "@/lib/runs/gate";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request): Promise<Response> {
  admissionStatus(); // sets up the bound on runs, which then reports its counts under pool.inFlight.runs
  const scope = new URL(request.url).searchParams.get("scope") === "pages" ? "pages" : "all";
  const report = await checkHealth();
  return Response.json(report, { status: healthHttpStatus(report, scope), headers: { "Cache-Control": "no-store" } });
}
