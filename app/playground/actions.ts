"use server";
// The playground's server actions: run code, format it, share it as a permalink. Runs and formats
// go through the same limits as an exercise run (lib/playground/run-code.ts, lib/format); sharing
// has its own cap and rate limit (lib/snippets). Each validates its argument first.
import { after } from "next/server";
import { z } from "zod";
import { ensureLearnerId } from "@/lib/auth/learner";
import { USER_MESSAGES } from "@/lib/errors";
import { sourceSchema } from "@/lib/exercises/schema";
import { formatCode, type FormatResult } from "@/lib/format/format-code";
import { logRefusal } from "@/lib/http/json";
import { requestClientAddress } from "@/lib/http/request";
import type { ExampleRunState } from "@/lib/lessons/example-types";
import { runCode } from "@/lib/playground/run-code";
import { shareSnippet, type ShareResult } from "@/lib/snippets/snippets";
import { validatedAction } from "@/lib/security/action-input";

const codeArgument = z.tuple([sourceSchema]);

function firstMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue && issue.path.length > 0 && issue.message ? issue.message : USER_MESSAGES.malformed;
}

export const runPlaygroundAction = validatedAction(
  "runPlayground",
  codeArgument,
  { invalid: (_args, error): ExampleRunState => ({ kind: "invalid", message: firstMessage(error) }) },
  async ([code]) => {
    const address = await requestClientAddress();
    const learnerId = await ensureLearnerId();
    const state = await runCode(code, learnerId, address, after);
    if (state.kind === "busy" || state.kind === "unavailable") logRefusal(503, state.kind, learnerId, address, `action runPlayground: ${state.message}`);
    if (state.kind === "rate_limited") logRefusal(429, state.kind, learnerId, address, "action runPlayground");
    return state;
  },
);

export const formatPlaygroundAction = validatedAction(
  "formatPlayground",
  codeArgument,
  { invalid: (_args, error): FormatResult => ({ kind: "invalid", message: firstMessage(error) }) },
  async ([code]) => formatCode(code, await ensureLearnerId(), await requestClientAddress(), after),
);

/** Stores the code under its hash and answers the id for the permalink; nothing about the sharer is kept. */
export const shareSnippetAction = validatedAction(
  "shareSnippet",
  codeArgument,
  { invalid: (_args, error): ShareResult => ({ ok: false, message: firstMessage(error) }) },
  async ([code]) => {
    const address = await requestClientAddress();
    const learnerId = await ensureLearnerId();
    const result = await shareSnippet(code, learnerId, address);
    if (!result.ok && result.retryAfterMs !== undefined) logRefusal(429, "rate_limited", learnerId, address, "action shareSnippet");
    return result;
  },
);
