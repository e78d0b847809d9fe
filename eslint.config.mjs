import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Imports go one way: app -> components -> lib. A module may import from its own layer and the
// layers below it, never above (test files, which exercise a layer from outside, are exempt).
const upward = (layers) =>
  layers.flatMap((layer) => [
    { group: [`@/${layer}`, `@/${layer}/**`], message: `Imports go app -> components -> lib: this layer may not import from ${layer}/.` },
    { group: [`**/../${layer}`, `**/../${layer}/**`], message: `Imports go app -> components -> lib: this layer may not import from ${layer}/.` },
  ]);

const eslintConfig = defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ["components/**/*.{ts,tsx}"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: upward(["app"]) }] },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: upward(["app", "components"]) }] },
  },
  // Override default ignores of eslint-config-next.
  globalIgnores([
    // Default ignores of eslint-config-next:
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    "lib/generated/**",
  ]),
]);

export default eslintConfig;
