import { randomUUID } from "node:crypto";
import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
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

export interface S3Location {
  bucket: string;
  prefix: string;
  endpoint: string | undefined;
  region: string;
  forcePathStyle: boolean;
}

/**
 * `s3://bucket[/prefix]?endpoint=https://…&region=…&pathStyle=true`. Credentials come from the
 * standard AWS environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), never from the URL.
 */
export function parseS3Url(url: string): S3Location {
  const parsed = new URL(url);
  if (parsed.protocol !== "s3:" || !parsed.hostname) {
    throw new Error("BLOB_STORE muss die Form s3://bucket?endpoint=… haben.");
  }
  const prefix = parsed.pathname.replace(/^\/+|\/+$/g, "");
  const endpoint = parsed.searchParams.get("endpoint") ?? undefined;
  return {
    bucket: parsed.hostname,
    prefix: prefix ? `${prefix}/` : "",
    endpoint,
    region: parsed.searchParams.get("region") ?? process.env.AWS_REGION ?? "eu-central-1",
    // Self-hosted stores (MinIO, Ceph) usually want path-style addressing.
    forcePathStyle: (parsed.searchParams.get("pathStyle") ?? (endpoint ? "true" : "false")) === "true",
  };
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NotFound" || e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404;
}

/**
 * Blobs in an S3-compatible object store under `<prefix>blobs/<sha256>`. The hash is known only
 * after the upload, so content streams to a temporary key (multipart), then is copied server-side
 * to its address. S3 acknowledges a PUT only once it is durable.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = "s3" as const;
  readonly #client: S3Client;

  constructor(
    readonly location: S3Location,
    client?: S3Client,
  ) {
    this.#client =
      client ??
      new S3Client({
        region: location.region,
        endpoint: location.endpoint,
        forcePathStyle: location.forcePathStyle,
        // Checksums only where S3 requires them: many S3-compatible servers reject aws-chunked uploads.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      });
  }

  #key(sha256: string): string {
    return `${this.location.prefix}blobs/${sha256}`;
  }

  async put(source: Readable, options: PutOptions = {}): Promise<StoredBlob> {
    const counter = new HashingCounter(options.maxBytes);
    const body = new PassThrough();
    const tmpKey = `${this.location.prefix}tmp/${randomUUID()}`;
    const upload = new Upload({
      client: this.#client,
      params: { Bucket: this.location.bucket, Key: tmpKey, Body: body },
      queueSize: 2,
      partSize: 8 * 1024 * 1024,
      leavePartsOnError: false,
    });
    const uploaded = upload.done();
    uploaded.catch(() => undefined);
    try {
      await pipeline(source, counter, body);
      await uploaded;
    } catch (error) {
      await upload.abort().catch(() => undefined);
      await this.#deleteKey(tmpKey).catch(() => undefined);
      throw error;
    }
    const sha256 = counter.digest();
    try {
      if (await this.stat(sha256)) return { sha256, groesse: counter.size, neu: false };
      await this.#client.send(
        new CopyObjectCommand({
          Bucket: this.location.bucket,
          Key: this.#key(sha256),
          CopySource: `${this.location.bucket}/${encodeURI(tmpKey)}`,
        }),
      );
      return { sha256, groesse: counter.size, neu: true };
    } finally {
      await this.#deleteKey(tmpKey).catch(() => undefined);
    }
  }

  async #deleteKey(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: key }));
  }

  async get(sha256: string): Promise<Readable> {
    assertSha256(sha256);
    try {
      const result = await this.#client.send(
        new GetObjectCommand({ Bucket: this.location.bucket, Key: this.#key(sha256) }),
      );
      return result.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw nichtGefunden("Der Inhalt");
      throw error;
    }
  }

  async stat(sha256: string): Promise<BlobInfo | undefined> {
    assertSha256(sha256);
    try {
      const head = await this.#client.send(
        new HeadObjectCommand({ Bucket: this.location.bucket, Key: this.#key(sha256) }),
      );
      return { sha256, groesse: head.ContentLength ?? 0, geaendertAm: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(sha256: string): Promise<void> {
    assertSha256(sha256);
    await this.#deleteKey(this.#key(sha256));
  }

  async *list(): AsyncIterable<BlobInfo> {
    const prefix = `${this.location.prefix}blobs/`;
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const sha256 = (object.Key ?? "").slice(prefix.length);
        if (!SHA256_PATTERN.test(sha256)) continue;
        yield { sha256, groesse: object.Size ?? 0, geaendertAm: object.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async check(): Promise<boolean> {
    try {
      await this.#client.send(new HeadBucketCommand({ Bucket: this.location.bucket }));
      return true;
    } catch {
      return false;
    }
  }
}
