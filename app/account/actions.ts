"use server";
// Sign up, sign in and sign out for learners. Cookies are set here; the rules live in lib/auth.
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { signIn, signUp, type AccountResult } from "@/lib/auth/accounts";
import {
  anonymousLearnerId,
  currentLearner,
  rotateAnonymousId,
  setLearnerSessionCookie,
  takeSessionCookie,
} from "@/lib/auth/learner";
import { deleteSession } from "@/lib/auth/session";
import { requestClientAddress } from "@/lib/http/request";
import { learnerFormSchema, type AccountFormState } from "@/lib/auth/schema";
import { formFields, validatedAction } from "@/lib/security/action-input";

function safeNext(value: string | undefined): string {
  return typeof value === "string" && /^\/(?!\/)[\w\-./#?=&]*$/.test(value) ? value : "/";
}

async function finish(result: AccountResult, username: string): Promise<AccountFormState> {
  if (!result.ok) return { message: result.message, field: result.field, username };
  await setLearnerSessionCookie(result.token, result.expiresAt);
  await rotateAnonymousId();
  return null;
}

/** The form's fields (useActionState's second argument), checked for shape and size before any account rule runs. */
const formRules = {
  input: (args: unknown[]) => formFields(args[1], ["username", "password", "next"]),
  invalid: (): AccountFormState => ({ message: "Check the form: enter a username and a password of at most 200 characters." }),
};

export const signUpAction: (prev: AccountFormState, formData: FormData) => Promise<AccountFormState> = validatedAction(
  "signUp",
  learnerFormSchema,
  formRules,
  async ({ username, password, next }) => {
    const current = await currentLearner();
    if (current?.username) return { message: `You are signed in as ${current.username}; sign out first.` };
    const state = await finish(await signUp({ username, password }, current?.id ?? null), username);
    if (state) return state;
    revalidatePath("/", "layout");
    redirect(safeNext(next));
  },
);

export const signInAction: (prev: AccountFormState, formData: FormData) => Promise<AccountFormState> = validatedAction(
  "signIn",
  learnerFormSchema,
  formRules,
  async ({ username, password, next }) => {
    const result = await signIn({ username, password }, await anonymousLearnerId(), await requestClientAddress());
    const state = await finish(result, username);
    if (state) return state;
    revalidatePath("/", "layout");
    redirect(safeNext(next));
  },
);

export async function signOutAction(): Promise<void> {
  const token = await takeSessionCookie();
  if (token) await deleteSession(token);
  await rotateAnonymousId();
  revalidatePath("/", "layout");
  redirect("/");
}
