"use server";
// "Run this" on a lesson's example: takes the example's id only, never code. Like exercise runs it
// goes through the rate limits and the admission bound (lib/runs).
import { z } from "zod";
import { currentLearnerId } from "@/lib/auth/learner";
import { requestClientAddress } from "@/lib/http/request";
import type { ExampleRunState } from "@/lib/lessons/example-types";
import { runExample } from "@/lib/lessons/run-example";
import { logRefusal } from "@/lib/runs/http";
import { parseActionInput } from "@/lib/security/action-input";

const exampleRequestSchema = z.tuple([z.string().max(64)]);

export async function runExampleAction(...input: unknown[]): Promise<ExampleRunState> {
  const parsed = parseActionInput("runExample", exampleRequestSchema, input);
  if (!parsed.ok) return { kind: "invalid", message: "This request was malformed; reload the page and try again." };
  const address = await requestClientAddress();
  const learnerId = await currentLearnerId();
  const state = await runExample({ exampleId: parsed.data[0] }, learnerId, { address });
  if (state.kind === "invalid") logRefusal(400, "invalid", learnerId, address, `action runExample: ${state.message}`);
  if (state.kind === "busy" || state.kind === "unavailable") logRefusal(503, state.kind, learnerId, address, `action runExample: ${state.message}`);
  if (state.kind === "rate_limited") logRefusal(429, state.kind, learnerId, address, "action runExample");
  return state;
}
