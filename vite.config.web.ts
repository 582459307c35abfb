import { defineConfig, type Plugin } from "vite";

/** The fonts every page shows at once (body text and headings, Latin): preloaded from the HTML. */
const SOFORT_SCHRIFTEN = [
  /fira-sans-latin-400-normal-[\w-]+\.woff2$/,
  /fira-sans-latin-600-normal-[\w-]+\.woff2$/,
];

/**
 * Preloads the first screen's fonts, so they load beside the script instead of after the first
 * layout has asked for them (on a slow phone connection that is a round trip saved).
 */
function schriftenVorladen(): Plugin {
  return {
    name: "aktenwerk-schriften-vorladen",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, { bundle }) {
        const dateien = Object.keys(bundle ?? {}).filter((f) => SOFORT_SCHRIFTEN.some((m) => m.test(f)));
        if (dateien.length !== SOFORT_SCHRIFTEN.length)
          throw new Error(`Vorzuladende Schriften nicht im Bündel gefunden: ${dateien.join(", ")}`);
        return dateien.map((f) => ({
          tag: "link",
          attrs: { rel: "preload", as: "font", type: "font/woff2", href: `/${f}`, crossorigin: "" },
          injectTo: "head" as const,
        }));
      },
    },
  };
}

/** The web client: built into dist/web and served by `aktenwerk serve` on the same origin. */
export default defineConfig({
  root: "src/web",
  base: "/",
  publicDir: false,
  // Preact's React compatibility layer instead of react-dom: the same components and hooks in a
  // tenth of the script, so a phone parses and runs far less before the first page shows.
  resolve: {
    alias: [
      { find: /^react$/, replacement: "preact/compat" },
      { find: /^react-dom$/, replacement: "preact/compat" },
      { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
      { find: /^react\/jsx-runtime$/, replacement: "preact/jsx-runtime" },
      { find: /^react\/jsx-dev-runtime$/, replacement: "preact/jsx-dev-runtime" },
    ],
  },
  plugins: [schriftenVorladen()],
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
