import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "src/generated/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    rules: {
      // Only ipc.ts talks to Rust: every refusal then arrives as a PlanRequestError.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@tauri-apps/api", "@tauri-apps/api/*"], message: "Call Rust through src/ipc.ts." },
            { group: ["**/generated/bindings"], importNames: ["commands"], message: "Call Rust through src/ipc.ts." },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/ipc.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["tests/**/*.{ts,tsx,mjs}", "*.config.{js,ts}"],
    // e2e callbacks passed to `execute` run in the page, so both worlds' globals appear.
    languageOptions: {
      globals: { process: "readonly", console: "readonly", Buffer: "readonly", setTimeout: "readonly", document: "readonly", window: "readonly", performance: "readonly", requestAnimationFrame: "readonly", getComputedStyle: "readonly", structuredClone: "readonly" },
    },
  },
);
