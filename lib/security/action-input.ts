// Input checks for server actions, which are public endpoints: any client can call them with any
// arguments. Every action is wrapped in validatedAction: what it got is parsed with a zod schema
// first, and a malformed call gets a typed failure back and leaves one log line (which action,
// which fields, never the values).
import { z } from "zod";

/** Usernames, passwords and other form fields: longer than any legitimate value. */
export const MAX_FIELD_LENGTH = 200;
/** A path to return to after signing in. */
export const MAX_NEXT_PATH_LENGTH = 512;

export interface ActionRules<R> {
  /** The value the schema checks, from the action's arguments; default the argument list itself. */
  input?: (args: unknown[]) => unknown;
  /** The answer to a malformed call. */
  invalid: (args: unknown[], error: z.ZodError) => R;
  /** A failure not worth a log line (an empty form field is a person's slip, not a probe). */
  quiet?: (error: z.ZodError, args: unknown[]) => boolean;
}

/**
 * The one way a server action takes its arguments: `schema` checks them (or what `rules.input`
 * makes of them) before `action` runs; a malformed call gets `rules.invalid(...)` and one log line.
 */
export function validatedAction<T, R>(
  name: string,
  schema: z.ZodType<T>,
  rules: ActionRules<R>,
  action: (data: T, args: unknown[]) => Promise<R>,
): (...args: unknown[]) => Promise<R> {
  return async (...args: unknown[]) => {
    const parsed = schema.safeParse(rules.input ? rules.input(args) : args);
    if (parsed.success) return action(parsed.data, args);
    if (!rules.quiet?.(parsed.error, args)) console.warn(`action ${name}: invalid input (${describeIssues(parsed.error)})`);
    return rules.invalid(args, parsed.error);
  };
}

/** "path: code" per issue, capped, so a log line stays one short line whatever was sent. */
function describeIssues(error: z.ZodError): string {
  const text = error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join(".") || "(input)"}: ${i.code}`)
    .join("; ");
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * The fields of a form action's FormData as a plain object for a schema (File values stay Files,
 * so `z.string()` refuses them). Anything that is not a FormData gives null: the action was
 * called by hand with something else.
 */
export function formFields(form: unknown, names: readonly string[]): Record<string, FormDataEntryValue | undefined> | null {
  if (!(form instanceof FormData)) return null;
  return Object.fromEntries(names.map((name) => [name, form.get(name) ?? undefined]));
}
