import { fileURLToPath } from "node:url";
import type { BlobStore } from "./blob-store.js";
import { FileSystemBlobStore } from "./fs-blob-store.js";
import { parseS3Url, S3BlobStore } from "./s3-blob-store.js";

export type { BlobInfo, BlobStore, PutOptions, StoredBlob } from "./blob-store.js";
export { formatBytes, HashingCounter } from "./blob-store.js";
export { FileSystemBlobStore } from "./fs-blob-store.js";
export { S3BlobStore } from "./s3-blob-store.js";

/** The blob store named by BLOB_STORE (`file:///…` or `s3://…`). */
export function createBlobStore(url: string): BlobStore {
  if (url.startsWith("s3://")) return new S3BlobStore(parseS3Url(url));
  if (url.startsWith("file://")) return new FileSystemBlobStore(fileURLToPath(url));
  throw new Error(`Unbekannter BLOB_STORE: ${url}`);
}
export { blobGroesse, entferneBlobsOhneBezug, registriereBlob } from "./blob-register.js";
