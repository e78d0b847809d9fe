"use server";
// Sign up, sign in and sign out for learners. Cookies are set here; the rules live in lib/auth.
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { signIn, signUp, type AccountResult } from "@/lib/auth/accounts";
import {
  anonymousLearnerId,
  currentLearner,
  rotateAnonymousId,
  setSessionCookie,
  takeSessionCookie,
} from "@/lib/auth/learner";
import { deleteSession } from "@/lib/auth/session";
import { requestClientAddress } from "@/lib/http/request";
import { formFields, parseActionInput } from "@/lib/security/action-input";
import { learnerFormSchema } from "@/lib/security/action-schemas";

export type AccountFormState = { message: string; field?: "username" | "password"; username?: string } | null;

function safeNext(value: string | undefined): string {
  return typeof value === "string" && /^\/(?!\/)[\w\-./#?=&]*$/.test(value) ? value : "/";
}

async function finish(result: AccountResult, username: string): Promise<AccountFormState> {
  if (!result.ok) return { message: result.message, field: result.field, username };
  await setSessionCookie(result.token, result.expiresAt);
  await rotateAnonymousId();
  return null;
}

/** The form's fields, checked for shape and size before any account rule runs. */
function readForm(action: string, formData: unknown) {
  return parseActionInput(action, learnerFormSchema, formFields(formData, ["username", "password", "next"]));
}

const INVALID_FORM: AccountFormState = { message: "Check the form: enter a username and a password of at most 200 characters." };

export async function signUpAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const form = readForm("signUp", formData);
  if (!form.ok) return INVALID_FORM;
  const { username, password, next } = form.data;
  const current = await currentLearner();
  if (current?.username) return { message: `You are signed in as ${current.username}; sign out first.` };
  const state = await finish(await signUp({ username, password }, current?.id ?? null), username);
  if (state) return state;
  revalidatePath("/", "layout");
  redirect(safeNext(next));
}

export async function signInAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const form = readForm("signIn", formData);
  if (!form.ok) return INVALID_FORM;
  const { username, password, next } = form.data;
  const result = await signIn({ username, password }, await anonymousLearnerId(), await requestClientAddress());
  const state = await finish(result, username);
  if (state) return state;
  revalidatePath("/", "layout");
  redirect(safeNext(next));
}

export async function signOutAction(): Promise<void> {
  const token = await takeSessionCookie();
  if (token) await deleteSession(token);
  await rotateAnonymousId();
  revalidatePath("/", "layout");
  redirect("/");
}
