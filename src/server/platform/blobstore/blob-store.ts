import { createHash, type Hash } from "node:crypto";
import { Transform, type Readable, type TransformCallback } from "node:stream";
import { AppError } from "../errors.js";

/** A stored blob: its content address and size. `neu` is false when the content was already there. */
export interface StoredBlob {
  sha256: string;
  groesse: number;
  neu: boolean;
}

export interface BlobInfo {
  sha256: string;
  groesse: number;
  geaendertAm: Date;
}

export interface PutOptions {
  /** Refuse (413) and keep nothing when the content grows beyond this. */
  maxBytes?: number;
}

/**
 * Immutable, content-addressed storage keyed by SHA-256. `put` streams: nothing is held in
 * memory whole, and the blob is durable before `put` returns, so the database transaction that
 * refers to it may follow. A crash can leave an unreferenced blob (swept by fsck), never the reverse.
 */
export interface BlobStore {
  readonly kind: "dateisystem" | "s3";
  put(source: Readable, options?: PutOptions): Promise<StoredBlob>;
  /** The content as a stream; throws `nicht_gefunden` when absent. */
  get(sha256: string): Promise<Readable>;
  stat(sha256: string): Promise<BlobInfo | undefined>;
  delete(sha256: string): Promise<void>;
  list(): AsyncIterable<BlobInfo>;
  /** True when the store is reachable and writable. */
  check(): Promise<boolean>;
}

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export function assertSha256(sha256: string): void {
  if (!SHA256_PATTERN.test(sha256))
    throw new AppError("ungueltige_eingabe", "Ungültige Prüfsumme (SHA-256).");
}

/** A pass-through stream that hashes and counts, and fails once `maxBytes` is exceeded. */
export class HashingCounter extends Transform {
  readonly #hash: Hash = createHash("sha256");
  #size = 0;

  constructor(private readonly maxBytes: number = Number.POSITIVE_INFINITY) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#size += chunk.length;
    if (this.#size > this.maxBytes) {
      callback(new AppError("zu_gross", `Die Datei ist größer als erlaubt (${formatBytes(this.maxBytes)}).`));
      return;
    }
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  get size(): number {
    return this.#size;
  }

  digest(): string {
    return this.#hash.digest("hex");
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3)
    return `${(bytes / 1024 ** 3).toLocaleString("de-DE", { maximumFractionDigits: 1 })} GB`;
  if (bytes >= 1024 ** 2)
    return `${(bytes / 1024 ** 2).toLocaleString("de-DE", { maximumFractionDigits: 1 })} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toLocaleString("de-DE", { maximumFractionDigits: 1 })} KB`;
  return `${bytes} Byte`;
}
