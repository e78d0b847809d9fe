import { describe, expect, it } from "vitest";
import { hashPassword, normaliseUsername, passwordProblem, verifyPassword } from "./password";

describe("admin passwords", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("Correct-Horse-42!");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain("Correct-Horse-42!");
    expect(await verifyPassword(hash, "Correct-Horse-42!")).toBe(true);
    expect(await verifyPassword(hash, "correct-horse-42!")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
    expect(await hashPassword("Correct-Horse-42!")).not.toBe(hash); // salted
  });

  it("refuses weak passwords and says why", () => {
    expect(passwordProblem("short1!A")).toMatch(/at least 12/);
    expect(passwordProblem("Password123456")).toMatch(/too common/);
    expect(passwordProblem("aaaaaaaaaaaaaaaa")).toMatch(/too few different/);
    expect(passwordProblem("alice-Secure-99", "alice")).toMatch(/username/);
    expect(passwordProblem("lowercaseonly")).toMatch(/16\+ characters/);
    expect(passwordProblem(" Leading-Space-9")).toMatch(/whitespace/);
    expect(passwordProblem("x".repeat(300))).toMatch(/at most/);
  });

  it("accepts strong passwords and passphrases", () => {
    expect(passwordProblem("Tr0ub4dor&3-plus")).toBeNull();
    expect(passwordProblem("purple monkey dishwasher lamp")).toBeNull();
  });

  it("normalises usernames to lower case", () => {
    expect(normaliseUsername("  Alice ")).toBe("alice");
  });
});
