// Writes .gz and .br next to every text asset of the built web client, so the server sends
// compressed files without compressing on each request (@fastify/static preCompressed).
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const root = path.resolve(import.meta.dirname, "..", "dist", "web");
const TEXT = /\.(js|mjs|css|html|svg|json|txt)$/;

async function walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(file);
    else if (TEXT.test(entry.name)) {
      const content = await readFile(file);
      await writeFile(`${file}.gz`, gzipSync(content, { level: 9 }));
      await writeFile(
        `${file}.br`,
        brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      );
    }
  }
}
await walk(root);
