import { defineConfig } from "vitest/config";

// Unit tests of the front-end's own logic (formatting, the API client).
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  test: { include: ["tests/**/*.test.ts"], environment: "node" },
});
