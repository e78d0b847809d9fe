"use client";
// Sign-up and sign-in forms; errors come back from the server action and are announced.
import { useActionState, useId } from "react";
import type { AccountFormState } from "@/lib/auth/schema";

type Action = (prev: AccountFormState, formData: FormData) => Promise<AccountFormState>;

export function AccountForm({
  action,
  mode,
  next,
  minPasswordLength,
}: {
  action: Action;
  mode: "sign-up" | "sign-in";
  next: string;
  minPasswordLength: number;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const id = useId();
  const signUp = mode === "sign-up";
  const errorId = `${id}-error`;
  return (
    <form action={formAction} aria-labelledby={`${id}-title`} className="rounded-xl border border-zinc-200 p-5 dark:border-zinc-800">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {signUp ? "Create an account" : "Sign in"}
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {signUp
          ? "Keeps everything you have done here so far, and lets you continue on another device."
          : "Anything you did on this device without an account is added to your account."}
      </p>
      <input type="hidden" name="next" value={next} />
      <label htmlFor={`${id}-username`} className="mt-4 block text-sm font-medium">
        Username
      </label>
      <input
        id={`${id}-username`}
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        defaultValue={state?.username ?? ""}
        aria-invalid={state?.field === "username" || undefined}
        aria-describedby={state ? errorId : undefined}
        className={inputClass}
      />
      <label htmlFor={`${id}-password`} className="mt-3 block text-sm font-medium">
        Password
      </label>
      <input
        id={`${id}-password`}
        name="password"
        type="password"
        autoComplete={signUp ? "new-password" : "current-password"}
        required
        minLength={signUp ? minPasswordLength : undefined}
        aria-invalid={state?.field === "password" || undefined}
        aria-describedby={[signUp ? `${id}-rule` : "", state ? errorId : ""].filter(Boolean).join(" ") || undefined}
        className={inputClass}
      />
      {signUp && (
        <p id={`${id}-rule`} className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          At least {minPasswordLength} characters; a few words make a good one.
        </p>
      )}
      <p id={errorId} role="alert" className="mt-2 min-h-5 text-sm text-red-700 dark:text-red-300">
        {state?.message}
      </p>
      <button
        type="submit"
        aria-disabled={pending}
        onClick={(e) => {
          if (pending) e.preventDefault();
        }}
        className="mt-2 rounded-md bg-violet-700 px-4 py-2 text-sm font-semibold text-white hover:bg-violet-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600 aria-disabled:opacity-60 dark:bg-violet-600 dark:hover:bg-violet-500"
      >
        {pending ? "Please wait…" : signUp ? "Create account" : "Sign in"}
      </button>
    </form>
  );
}

const inputClass =
  "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-violet-600 aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-900";
