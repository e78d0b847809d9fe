import Link from "next/link";
import { PasswordForm } from "@/components/admin/account-forms";
import { requireAdminPage } from "@/lib/admin/auth";
import { changePassword } from "../admins/actions";

export default async function AdminOwnAccountPage() {
  const me = await requireAdminPage();
  return (
    <main>
      <h1 className="mt-6 text-2xl font-bold">Your account</h1>
      <p className="mt-2 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
        Signed in as <span className="font-medium">{me.username}</span>. Changing your password keeps you signed in here and signs you out everywhere else.{" "}
        <Link href="/admin/admins" className="text-violet-700 hover:underline dark:text-violet-300">All admins</Link>
      </p>
      <h2 className="mt-6 text-lg font-semibold">Change your password</h2>
      <PasswordForm action={changePassword} username={me.username} currentLabel="Current password" submitLabel="Change password" />
    </main>
  );
}
