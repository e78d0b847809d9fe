import type { Metadata } from "next";
import { AccountForm } from "@/components/ui/account-forms";
import { currentLearner } from "@/lib/auth/learner";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/credentials";
import { signInAction, signOutAction, signUpAction } from "./actions";

export const metadata: Metadata = { title: "Your account · Elixir Lessons" };

export default async function AccountPage({ searchParams }: PageProps<"/account">) {
  const learner = await currentLearner();
  const nextParam = (await searchParams).next;
  const next = typeof nextParam === "string" && nextParam.startsWith("/") && !nextParam.startsWith("//") ? nextParam : "/";

  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-10">
      <h1 className="text-3xl font-bold tracking-tight">Your account</h1>
      {learner?.username ? (
        <section className="mt-6 space-y-4">
          <p data-testid="signed-in-as">
            You are signed in as <strong>{learner.username}</strong>. Your progress is saved to your account.
          </p>
          <form action={signOutAction}>
            <button
              type="submit"
              className="rounded-md border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              Sign out
            </button>
          </form>
        </section>
      ) : (
        <>
          <p className="mt-3 text-zinc-600 dark:text-zinc-400">
            You don&apos;t need an account: this browser remembers your progress. An account keeps it safe and lets you continue elsewhere.
          </p>
          <div className="mt-6 grid gap-6 md:grid-cols-2">
            <AccountForm action={signUpAction} mode="sign-up" next={next} minPasswordLength={MIN_PASSWORD_LENGTH} />
            <AccountForm action={signInAction} mode="sign-in" next={next} minPasswordLength={MIN_PASSWORD_LENGTH} />
          </div>
        </>
      )}
    </main>
  );
}
