import { createHash } from "node:crypto";
import { type BlobStore, FileSystemBlobStore } from "./blobstore/index.js";
import type { Database } from "./database/database.js";

export interface FsckProblem {
  sha256: string;
  art: "fehlt" | "beschaedigt" | "groesse_falsch";
  meldung: string;
}

export interface FsckResult {
  geprueft: number;
  probleme: FsckProblem[];
  /** Blobs in the store that no row refers to (e.g. left by a crash between blob write and commit). */
  verwaist: { sha256: string; groesse: number; geaendertAm: string }[];
  entfernt: number;
}

async function hashOf(store: BlobStore, sha256: string): Promise<{ hash: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of await store.get(sha256)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { hash: hash.digest("hex"), size };
}

/** How old an orphan must be before `repair` removes it while other processes may be uploading. */
export const FSCK_MINDESTALTER_MS = 3600_000;

/**
 * Checks that every blob the database refers to exists and hashes right, and lists blobs nobody
 * refers to. With `repair`, orphans older than `mindestalterMs` (default an hour) and stale upload
 * temp files are removed; younger ones may belong to an upload whose transaction has not committed
 * yet. Where no other process can be uploading (the CLI owns the embedded database), the caller
 * passes 0: then every orphan a crash left goes at once.
 */
export async function fsck(
  db: Database,
  store: BlobStore,
  options: {
    repair?: boolean;
    now?: Date;
    mindestalterMs?: number;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<FsckResult> {
  const now = options.now ?? new Date();
  const mindestalter = options.mindestalterMs ?? FSCK_MINDESTALTER_MS;
  const {
    rows: [count],
  } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM blob");
  const total = count?.n ?? 0;
  const result: FsckResult = { geprueft: 0, probleme: [], verwaist: [], entfernt: 0 };
  let after = "";
  for (;;) {
    const { rows } = await db.query<{ sha256: string; groesse: number }>(
      "SELECT sha256, groesse FROM blob WHERE sha256 > $1 ORDER BY sha256 LIMIT 1000",
      [after],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      after = row.sha256;
      const info = await store.stat(row.sha256);
      if (!info) {
        result.probleme.push({
          sha256: row.sha256,
          art: "fehlt",
          meldung: `Inhalt ${row.sha256} fehlt in der Ablage.`,
        });
      } else {
        const { hash, size } = await hashOf(store, row.sha256);
        if (hash !== row.sha256) {
          result.probleme.push({
            sha256: row.sha256,
            art: "beschaedigt",
            meldung: `Inhalt ${row.sha256} ist beschädigt (Hash ${hash}).`,
          });
        } else if (size !== Number(row.groesse)) {
          result.probleme.push({
            sha256: row.sha256,
            art: "groesse_falsch",
            meldung: `Inhalt ${row.sha256} hat ${size} statt ${row.groesse} Byte.`,
          });
        }
      }
      result.geprueft++;
      options.onProgress?.(result.geprueft, total);
    }
  }

  const known = async (shas: string[]): Promise<Set<string>> => {
    const { rows } = await db.query<{ sha256: string }>("SELECT sha256 FROM blob WHERE sha256 = ANY($1)", [
      shas,
    ]);
    return new Set(rows.map((r) => r.sha256));
  };
  let batch: { sha256: string; groesse: number; geaendertAm: Date }[] = [];
  const flush = async () => {
    const referenced = await known(batch.map((b) => b.sha256));
    for (const blob of batch) {
      if (referenced.has(blob.sha256)) continue;
      result.verwaist.push({
        sha256: blob.sha256,
        groesse: blob.groesse,
        geaendertAm: blob.geaendertAm.toISOString(),
      });
      if (options.repair && now.getTime() - blob.geaendertAm.getTime() >= mindestalter) {
        // Look again right before deleting: an upload may have reused the content meanwhile.
        const fresh = await store.stat(blob.sha256);
        const stillOrphan = (await known([blob.sha256])).size === 0;
        if (fresh && stillOrphan && now.getTime() - fresh.geaendertAm.getTime() >= mindestalter) {
          await store.delete(blob.sha256);
          result.entfernt++;
        }
      }
    }
    batch = [];
  };
  for await (const blob of store.list()) {
    batch.push(blob);
    if (batch.length >= 1000) await flush();
  }
  if (batch.length > 0) await flush();
  if (options.repair && store instanceof FileSystemBlobStore)
    await store.sweepTemp(mindestalter, now.getTime());
  return result;
}
