import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { nichtGefunden } from "../errors.js";
import {
  assertSha256,
  HashingCounter,
  SHA256_PATTERN,
  type BlobInfo,
  type BlobStore,
  type PutOptions,
  type StoredBlob,
} from "./blob-store.js";

async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Blobs as files under `<root>/<aa>/<sha256>` (256 shard directories: few enough that they are
 * soon all created, so a write costs two fsyncs, not four). Write order: temp file → fsync →
 * rename → fsync of the directory, so an acknowledged blob survives a power loss.
 */
export class FileSystemBlobStore implements BlobStore {
  readonly kind = "dateisystem" as const;
  readonly #tmp: string;
  /** Directories known to exist durably; spares a syscall per write. */
  readonly #knownDirs = new Set<string>();

  constructor(readonly root: string) {
    this.#tmp = path.join(root, "tmp");
  }

  #pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Creates missing directories and makes each new entry durable in its parent. */
  async #ensureDir(dir: string): Promise<void> {
    if (this.#knownDirs.has(dir)) return;
    try {
      await fs.access(dir);
    } catch {
      await this.#ensureDir(path.dirname(dir));
      try {
        await fs.mkdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      await fsyncDir(path.dirname(dir));
    }
    this.#knownDirs.add(dir);
  }

  async put(source: Readable, options: PutOptions = {}): Promise<StoredBlob> {
    await this.#ensureDir(this.#tmp);
    const tmpFile = path.join(this.#tmp, `${randomUUID()}.part`);
    const counter = new HashingCounter(options.maxBytes);
    try {
      await pipeline(source, counter, createWriteStream(tmpFile, { flags: "wx", mode: 0o640 }));
      const handle = await fs.open(tmpFile, "r+");
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      await fs.rm(tmpFile, { force: true });
      throw error;
    }
    const sha256 = counter.digest();
    const target = this.#pathOf(sha256);
    try {
      // Already stored: refresh its time so `fsck --repair` treats it as young while the
      // transaction that will reference it is still running.
      const now = new Date();
      await fs.utimes(target, now, now);
      await fs.rm(tmpFile, { force: true });
      return { sha256, groesse: counter.size, neu: false };
    } catch {
      // Not there yet: move it in.
    }
    await this.#ensureDir(path.dirname(target));
    await fs.rename(tmpFile, target);
    await fsyncDir(path.dirname(target));
    return { sha256, groesse: counter.size, neu: true };
  }

  async get(sha256: string): Promise<Readable> {
    assertSha256(sha256);
    const file = this.#pathOf(sha256);
    try {
      await fs.access(file);
    } catch {
      throw nichtGefunden("Der Inhalt");
    }
    return createReadStream(file);
  }

  async stat(sha256: string): Promise<BlobInfo | undefined> {
    assertSha256(sha256);
    try {
      const stat = await fs.stat(this.#pathOf(sha256));
      return { sha256, groesse: stat.size, geaendertAm: stat.mtime };
    } catch {
      return undefined;
    }
  }

  async delete(sha256: string): Promise<void> {
    assertSha256(sha256);
    const file = this.#pathOf(sha256);
    await fs.rm(file, { force: true });
    await fsyncDir(path.dirname(file)).catch(() => undefined);
  }

  async *list(): AsyncIterable<BlobInfo> {
    let shards: string[];
    try {
      shards = (await fs.readdir(this.root)).filter((n) => /^[0-9a-f]{2}$/.test(n)).sort();
    } catch {
      return;
    }
    for (const shard of shards) {
      const dir = path.join(this.root, shard);
      for (const name of (await fs.readdir(dir)).sort()) {
        if (!SHA256_PATTERN.test(name)) continue;
        const stat = await fs.stat(path.join(dir, name));
        yield { sha256: name, groesse: stat.size, geaendertAm: stat.mtime };
      }
    }
  }

  async check(): Promise<boolean> {
    try {
      await this.#ensureDir(this.#tmp);
      await fs.access(this.#tmp, fs.constants.W_OK);
      return true;
    } catch {
      return false;
    }
  }

  /** Temp files of uploads that never finished (crash); removed when older than `olderThanMs`. */
  async sweepTemp(olderThanMs: number, now = Date.now()): Promise<number> {
    let removed = 0;
    let names: string[];
    try {
      names = await fs.readdir(this.#tmp);
    } catch {
      return 0;
    }
    for (const name of names) {
      const file = path.join(this.#tmp, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat && now - stat.mtimeMs > olderThanMs) {
        await fs.rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
