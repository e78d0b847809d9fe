// The strength rules for new admin passwords and admin usernames.
// Hashing and checking (argon2id, dummy work for unknown users) are the learners' own.
export { hashPassword, verifyPassword } from "@/lib/auth/password";

const COMMON = [
  "password", "passw0rd", "123456", "qwerty", "letmein", "welcome", "admin", "administrator", "iloveyou",
  "monkey", "dragon", "football", "baseball", "abc123", "changeme", "secret", "elixir", "trustno1", "sunshine",
];

const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Why a password is too weak, or null when it is acceptable. */
export function passwordProblem(password: string, username = ""): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() !== password) return "must not start or end with whitespace";
  const lower = password.toLowerCase();
  if (new Set(lower).size < 6) return "uses too few different characters";
  if (username.length >= 3 && lower.includes(username.toLowerCase())) return "must not contain the username";
  const stripped = lower.replace(/[^a-z0-9]/g, "").replace(/\d+$/, "").replace(/^\d+/, "");
  if (COMMON.some((word) => stripped === word || lower.startsWith(word) && lower.length - word.length < 6)) return "is too common";
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length < 16 && classes < 3) return "needs 16+ characters, or 12+ with three of: lower case, upper case, digits, symbols";
  return null;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;

/** Admin usernames are stored lower-cased: 3-32 of a-z 0-9 . _ - */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}
