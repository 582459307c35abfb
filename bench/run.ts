/**
 * `npm run bench -- <name>`: runs one benchmark and prints its figures. Benchmarks are not tests;
 * they measure on the machine they run on and say which machine that was.
 */
const benchmarks: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  blob: () => import("./blob.js"),
  records: () => import("./records.js"),
  web: () => import("./web.js"),
  ingest: () => import("./ingest.js"),
  search: () => import("./search.js"),
  "suche-relevanz": () => import("./suche-relevanz/index.js"),
  ocr: () => import("./ocr.js"),
  postkorb: () => import("./postkorb.js"),
  xdomea: () => import("./xdomea.js"),
  feindlich: () => import("./feindlich.js"),
  verzeichnis: () => import("./verzeichnis.js"),
  kennzahlen: () => import("./kennzahlen.js"),
  last: () => import("./last.js"),
  absturz: () => import("./absturz.js"),
};

const name = process.argv[2];
const load = name ? benchmarks[name] : undefined;
if (!load) {
  console.error(`Aufruf: npm run bench -- <${Object.keys(benchmarks).join("|")}>`);
  process.exit(2);
}
const { run } = await load();
await run();
