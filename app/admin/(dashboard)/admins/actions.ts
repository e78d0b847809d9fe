"use server";
// Admin accounts: disabling and enabling an admin, changing one's own password, resetting
// another admin's. Each checks the session before anything else, its input included (a stranger
// gets a 404 and learns nothing about the form); the rules are in lib/admin/manage.ts.
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { requireAdminAction } from "@/lib/admin/auth";
import { AdminAccountError } from "@/lib/admin/accounts";
import { changeOwnPassword, disableAdmin, enableAdmin, resetOtherPassword } from "@/lib/admin/manage";
import { type AccountFormState, disableAdminSchema, passwordChangeSchema, resetPasswordSchema } from "@/lib/admin/schema";
import { ADMIN_COOKIE } from "@/lib/admin/session";
import { requestClientAddress } from "@/lib/http/request";
import { formFields, validatedAction } from "@/lib/security/action-input";

type FormAction = (previous: AccountFormState, form: FormData) => Promise<AccountFormState>;

const PASSWORD_FIELDS = ["currentPassword", "newPassword", "confirmPassword"];

const rules = (names: string[]) => ({
  input: (args: unknown[]) => formFields(args[1], names),
  invalid: (args: unknown[], error: { issues: { message: string }[] }) => ({
    error: (formFields(args[1], names) && error.issues[0]?.message) || "Fill in every field.",
    done: null,
  }),
  // An empty field is a person's slip; anything else (wrong types, oversized, no form) is logged.
  quiet: (error: { issues: { code: string }[] }, args: unknown[]) => formFields(args[1], names) !== null && error.issues.every((i) => i.code === "too_small"),
});

/** Expected refusals come back as the form's error; anything else is unexpected and throws. */
async function attempt(work: () => Promise<string>): Promise<AccountFormState> {
  try {
    return { error: null, done: await work() };
  } catch (error) {
    if (error instanceof AdminAccountError) return { error: error.message, done: null };
    throw error;
  }
}

/** The session check first, then the validated action (which reads the admin again, per request). */
const guarded = (action: FormAction): FormAction => async (previous, form) => {
  await requireAdminAction();
  return action(previous, form);
};

const changePasswordChecked: FormAction = validatedAction("adminChangePassword", passwordChangeSchema, rules(PASSWORD_FIELDS), async (change) => {
  const admin = await requireAdminAction();
  const token = (await cookies()).get(ADMIN_COOKIE)?.value ?? "";
  return attempt(async () => {
    await changeOwnPassword(admin.id, token, change, await requestClientAddress());
    return "Your password is changed. Your sessions elsewhere are signed out.";
  });
});

const resetPasswordChecked: FormAction = validatedAction("adminResetPassword", resetPasswordSchema, rules(["adminId", ...PASSWORD_FIELDS]), async ({ adminId, ...change }) => {
  const admin = await requireAdminAction();
  const state = await attempt(async () => {
    const target = await resetOtherPassword(admin.id, adminId, change, await requestClientAddress());
    return `"${target.username}" has a new password and is signed out everywhere. Give it to them by a safe channel.`;
  });
  revalidatePath("/admin/admins");
  return state;
});

const setAdminDisabledChecked: FormAction = validatedAction("adminSetDisabled", disableAdminSchema, rules(["adminId", "disabled"]), async ({ adminId, disabled }) => {
  const admin = await requireAdminAction();
  const state = await attempt(async () => {
    if (disabled === "true") {
      const target = await disableAdmin(admin.id, adminId);
      return `"${target.username}" is disabled and signed out.`;
    }
    const target = await enableAdmin(adminId);
    return `"${target.username}" is enabled.`;
  });
  revalidatePath("/admin/admins");
  return state;
});

export const changePassword = guarded(changePasswordChecked);
export const resetPassword = guarded(resetPasswordChecked);
export const setAdminDisabled = guarded(setAdminDisabledChecked);
