import { defineConfig } from "vite";

/** The web client: built into dist/web and served by `aktenwerk serve` on the same origin. */
export default defineConfig({
  root: "src/web",
  base: "/",
  publicDir: false,
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  oxc: { jsx: { runtime: "automatic" } },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
