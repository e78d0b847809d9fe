"use client";
// The admin account forms: a new password (one's own, or another admin's), and the disable /
// enable button of a row on the admins page. Each shows its action's error or what it did.
import { useActionState } from "react";
import type { AccountFormState } from "@/lib/admin/schema";

type FormAction = (previous: AccountFormState, form: FormData) => Promise<AccountFormState>;

const INITIAL: AccountFormState = { error: null, done: null };
const INPUT = "mt-1 block w-full rounded border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900";

function Outcome({ state }: { state: AccountFormState }) {
  if (state.error) {
    return (
      <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
        {state.error}
      </p>
    );
  }
  if (state.done) {
    return (
      <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-800 dark:border-green-800 dark:bg-green-950 dark:text-green-200">
        {state.done}
      </p>
    );
  }
  return null;
}

/**
 * Current (or, for another admin, the acting admin's own) password, the new one and its
 * confirmation. The fields are emptied after each try; nothing typed is kept in the state.
 */
export function PasswordForm({ action, adminId, currentLabel, submitLabel, username }: { action: FormAction; adminId?: string; currentLabel: string; submitLabel: string; username: string }) {
  const [state, formAction, pending] = useActionState<AccountFormState, FormData>(action, INITIAL);
  return (
    <form action={formAction} className="mt-4 max-w-sm space-y-4" data-testid="password-form">
      {/* For password managers: whose password this is. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      {adminId && <input type="hidden" name="adminId" value={adminId} />}
      <label className="block">
        <span className="text-sm font-medium">{currentLabel}</span>
        <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={256} className={INPUT} />
      </label>
      <div>
        <label className="block">
          <span className="text-sm font-medium">New password</span>
          <input name="newPassword" type="password" autoComplete="new-password" required minLength={12} maxLength={256} aria-describedby="password-rules" className={INPUT} />
        </label>
        <p id="password-rules" className="mt-1 text-xs text-zinc-500">
          At least 16 characters, or 12 with three of: lower case, upper case, digits, symbols. Not the username, not a common word.
        </p>
      </div>
      <label className="block">
        <span className="text-sm font-medium">Repeat the new password</span>
        <input name="confirmPassword" type="password" autoComplete="new-password" required minLength={12} maxLength={256} className={INPUT} />
      </label>
      <Outcome state={state} />
      <button type="submit" disabled={pending} className="rounded bg-violet-700 px-4 py-2 text-white hover:bg-violet-800 disabled:opacity-60">
        {pending ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}

/** Disable or enable one admin, from their row on the admins page. */
export function DisableForm({ action, adminId, username, disabled }: { action: FormAction; adminId: string; username: string; disabled: boolean }) {
  const [state, formAction, pending] = useActionState<AccountFormState, FormData>(action, INITIAL);
  return (
    <form action={formAction} className="flex flex-col items-start gap-1">
      <input type="hidden" name="adminId" value={adminId} />
      <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
      <button type="submit" disabled={pending} aria-label={`${disabled ? "Enable" : "Disable"} ${username}`}
        className="rounded border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800">
        {disabled ? "Enable" : "Disable"}
      </button>
      {state.error && <span role="alert" className="max-w-xs text-xs text-red-700 dark:text-red-300">{state.error}</span>}
    </form>
  );
}
