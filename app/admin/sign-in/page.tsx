import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentAdmin } from "@/lib/admin/auth";
import { SignInForm } from "@/components/admin/sign-in-form";
import { signIn } from "../actions";

export const metadata: Metadata = { title: "Admin sign-in · Elixir Lessons", robots: { index: false } };

export default async function AdminSignInPage() {
  if (await currentAdmin()) redirect("/admin");
  return (
    <main className="mx-auto w-full max-w-sm px-4 py-16">
      <h1 className="text-2xl font-bold">Admin sign-in</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">For the people who run the course.</p>
      <SignInForm signIn={signIn} />
    </main>
  );
}
