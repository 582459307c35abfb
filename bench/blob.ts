import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { schreibeProtokollInTx } from "../src/server/modules/protokoll/protokoll.service.js";
import type { ProtokollAktion } from "../src/server/modules/protokoll/protokoll.types.js";
import { FileSystemBlobStore } from "../src/server/platform/blobstore/index.js";
import { systemClock } from "../src/server/platform/clock.js";
import { benchDatabase, fmt, machine } from "./harness.js";

const CHUNK = 1024 * 1024;

/** A fresh random object of `size` bytes, streamed in 1 MiB chunks from a reused random pool. */
function source(size: number, pool: Buffer): Readable {
  let sent = 0;
  const salt = randomBytes(16);
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const n = Math.min(CHUNK, size - sent);
      const chunk = Buffer.from(pool.subarray(0, n));
      salt.copy(chunk, 0, 0, Math.min(16, n));
      sent += n;
      this.push(chunk);
    },
  });
}

/** The floor: hash + write + fsync of a file, nothing else. */
async function bare(dir: string, size: number, pool: Buffer): Promise<void> {
  const file = path.join(dir, randomUUID());
  const hash = createHash("sha256");
  const stream = source(size, pool);
  stream.on("data", (chunk: Buffer) => hash.update(chunk));
  await pipeline(stream, createWriteStream(file));
  const handle = await fs.open(file, "r+");
  await handle.sync();
  await handle.close();
  hash.digest("hex");
}

async function timed(count: number, work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) await work();
  return (performance.now() - start) / 1000;
}

export async function run(): Promise<void> {
  console.log(`Blob-Ablage und Protokoll – ${machine()}`);
  const { db, dir, close } = await benchDatabase();
  try {
    const pool = randomBytes(CHUNK);
    const store = new FileSystemBlobStore(path.join(dir, "blobs"));
    const bareDir = path.join(dir, "bare");
    await fs.mkdir(bareDir);
    console.log(
      "\nSchreibdurchsatz (Dateisystem-Ablage gegen reines Hashen+Schreiben+fsync, gleicher Lauf):",
    );
    console.log("Größe    | Anzahl | Ablage          | Nackt           | Verhältnis");
    for (const [label, size, count] of [
      ["1 KB", 1024, 2000],
      ["1 MB", CHUNK, 200],
      ["100 MB", 100 * CHUNK, 4],
    ] as const) {
      // Interleave to share the disk's state fairly; warm up once each.
      await store.put(source(size, pool));
      await bare(bareDir, size, pool);
      const storeSeconds = await timed(count, async () => void (await store.put(source(size, pool))));
      const bareSeconds = await timed(count, () => bare(bareDir, size, pool));
      const mb = (size * count) / CHUNK;
      console.log(
        `${label.padEnd(8)} | ${String(count).padStart(6)} | ${fmt(count / storeSeconds, 0).padStart(6)} /s ${fmt(mb / storeSeconds).padStart(6)} MB/s | ${fmt(count / bareSeconds, 0).padStart(6)} /s ${fmt(mb / bareSeconds).padStart(6)} MB/s | ${fmt(bareSeconds / storeSeconds, 2)}`,
      );
    }

    console.log("\nProtokoll: Einträge je Sekunde (jeder Eintrag eine eigene Transaktion mit Commit):");
    for (const writers of [1, 8]) {
      const perWriter = writers === 1 ? 2000 : 500;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < perWriter; i++) {
            await db.transaction((tx) =>
              schreibeProtokollInTx(tx, systemClock, {
                akteur: "system",
                systemName: "Benchmark",
                // Filler entries, so their details are not those of the action they borrow.
                aktion: "benutzer.geaendert" as ProtokollAktion,
                objektArt: "bench",
                objektId: `${w}-${i}`,
                details: { schreiber: w, i },
              }),
            );
          }
        }),
      );
      const seconds = (performance.now() - start) / 1000;
      console.log(
        `${writers} Schreiber: ${fmt((writers * perWriter) / seconds, 0)} Einträge/s (${writers * perWriter} Einträge in ${fmt(seconds, 2)} s)`,
      );
    }
  } finally {
    await close();
  }
}
