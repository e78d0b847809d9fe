// Reads and validates the environment once. Every setting has a default, so `npm start` works
// with no configuration at all.
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./database-url";

const schema = z.object({
  DATABASE_URL: z.string().startsWith("file:").default(DEFAULT_DATABASE_URL),
  CONTENT_DIR: z.string().min(1).default("content"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type Env = z.infer<typeof schema>;

export const env: Env = (() => {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
})();
