#!/usr/bin/env node
// Entry point of the `aktenwerk` command; the program is compiled to dist/ by `npm run build`.
import { existsSync } from "node:fs";

const entry = new URL("../dist/server/cli.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("Aktenwerk ist noch nicht gebaut. Bitte zuerst `npm run build` ausführen.\n");
  process.exit(1);
}
const { main } = await import(entry.href);
const code = await main(process.argv);
// serve and worker keep running until a signal; everything else ends here.
if (!["serve", "worker"].includes(process.argv[2] ?? "")) process.exit(code);
else process.exitCode = code;
