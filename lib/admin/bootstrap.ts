// Called from instrumentation.ts on server start: the first admin from ADMIN_USERNAME/ADMIN_PASSWORD.
import "server-only";
import { AdminAccountError, bootstrapAdminFromEnv } from "./accounts";

export async function bootstrapAdminOnStart(): Promise<void> {
  try {
    const outcome = await bootstrapAdminFromEnv();
    if (outcome.startsWith("created")) console.log(`admin: ${outcome} from ADMIN_USERNAME/ADMIN_PASSWORD`);
  } catch (error) {
    const reason = error instanceof AdminAccountError ? error.message : (error as Error).message;
    console.error(`admin: could not create the first admin from ADMIN_USERNAME/ADMIN_PASSWORD: ${reason}`);
  }
}
