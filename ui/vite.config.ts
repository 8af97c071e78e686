import { defineConfig } from "vitest/config";

// No framework plugin: Preact's JSX is compiled by Vite's own transformer with Preact's
// automatic runtime. No dev server URL is used by the app (it loads the built dist/).
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    target: "safari16",
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  test: {
    environment: "jsdom",
    include: ["tests/unit/**/*.test.ts", "tests/unit/**/*.test.tsx"],
  },
});
