// Admin password hashing (argon2id) and the strength rules for new admin passwords.
import argon2 from "argon2";

const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/** Spends the same work as a real check, so an unknown username takes as long as a wrong password. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= argon2.hash(crypto.randomUUID(), HASH_OPTIONS);
  await verifyPassword(await dummyHash, password);
}

const COMMON = [
  "password", "passw0rd", "123456", "qwerty", "letmein", "welcome", "admin", "administrator", "iloveyou",
  "monkey", "dragon", "football", "baseball", "abc123", "changeme", "secret", "elixir", "trustno1", "sunshine",
];

export const MIN_PASSWORD_LENGTH = 12;
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
