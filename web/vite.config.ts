import { defineConfig } from "vite";

// Preact through esbuild's automatic JSX runtime: no Babel preset needed.
// Built files go to dist/ with hashed names under assets/ (served by
// `chizai serve` with a one-year cache); index.html is served uncached.
// Each file is also written gzip-compressed beside itself (FILE.gz), which
// the server sends to browsers that accept gzip.
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 400,
  },
  plugins: [gzipBeside()],
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
});

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Plugin } from "vite";

function gzipBeside(): Plugin {
  return {
    name: "chizai-gzip-beside",
    apply: "build",
    writeBundle(options, bundle) {
      const dir = options.dir ?? "dist";
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(name)) continue;
        const path = join(dir, name);
        writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
      }
    },
  };
}
