// The lesson entity's input rules, shared by the example server action and lib/lessons/run-example.ts.
import { z } from "zod";

/** An example's id: the first 16 hex digits of its code's hash (lib/lessons/parse.ts). */
const exampleIdSchema = z.string("Unknown example.").regex(/^[0-9a-f]{16}$/, "Unknown example.");

/** runExampleAction(exampleId) */
export const exampleRequestSchema = z.tuple([z.string().max(64)]);

export const exampleInputSchema = z.object({ exampleId: exampleIdSchema });
