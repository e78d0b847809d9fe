"use server";
// Sign up, sign in and sign out for learners. Cookies are set here; the rules live in lib/auth.
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { signIn, signUp, type AccountResult } from "@/lib/auth/accounts";
import {
  anonymousLearnerId,
  clientAddress,
  currentLearner,
  rotateAnonymousId,
  setSessionCookie,
  takeSessionCookie,
} from "@/lib/auth/learner";
import { deleteSession } from "@/lib/auth/session";

export type AccountFormState = { message: string; field?: "username" | "password"; username?: string } | null;

function safeNext(value: FormDataEntryValue | null): string {
  return typeof value === "string" && /^\/(?!\/)[\w\-./#?=&]*$/.test(value) ? value : "/";
}

async function finish(result: AccountResult, username: string): Promise<AccountFormState> {
  if (!result.ok) return { message: result.message, field: result.field, username };
  await setSessionCookie(result.token, result.expiresAt);
  await rotateAnonymousId();
  return null;
}

export async function signUpAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const username = String(formData.get("username") ?? "");
  const current = await currentLearner();
  if (current?.username) return { message: `You are signed in as ${current.username}; sign out first.` };
  const state = await finish(await signUp({ username, password: formData.get("password") }, current?.id ?? null), username);
  if (state) return state;
  revalidatePath("/", "layout");
  redirect(safeNext(formData.get("next")));
}

export async function signInAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const username = String(formData.get("username") ?? "");
  const result = await signIn({ username, password: formData.get("password") }, await anonymousLearnerId(), await clientAddress());
  const state = await finish(result, username);
  if (state) return state;
  revalidatePath("/", "layout");
  redirect(safeNext(formData.get("next")));
}

export async function signOutAction(): Promise<void> {
  const token = await takeSessionCookie();
  if (token) await deleteSession(token);
  await rotateAnonymousId();
  revalidatePath("/", "layout");
  redirect("/");
}
