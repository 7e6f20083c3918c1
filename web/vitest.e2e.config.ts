import { defineConfig } from "vitest/config";

// End-to-end tests: a real `chizai serve` on a test database, driven in
// Debian's Chromium through playwright-core. One file at a time (each starts
// its own server and browser; the machine has two cores).
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  test: {
    include: ["e2e/**/*.spec.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
