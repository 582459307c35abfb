import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3rver, type S3rverProzess } from "../../../../test/helpers/s3rver.js";
import type { BlobStore } from "./blob-store.js";
import { FileSystemBlobStore } from "./fs-blob-store.js";
import { parseS3Url, S3BlobStore } from "./s3-blob-store.js";

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A stream of `size` pseudo-random bytes produced chunk by chunk, never whole in memory. */
function generated(size: number, seed = 1): { stream: Readable; sha256: Promise<string> } {
  const hash = createHash("sha256");
  let produced = 0;
  let resolveHash: (value: string) => void;
  const sha256 = new Promise<string>((resolve) => (resolveHash = resolve));
  const chunk = Buffer.alloc(1024 * 1024);
  const stream = new Readable({
    read() {
      if (produced >= size) {
        resolveHash(hash.digest("hex"));
        this.push(null);
        return;
      }
      const n = Math.min(chunk.length, size - produced);
      chunk.fill((produced / chunk.length + seed) % 251);
      const part = Buffer.from(chunk.subarray(0, n));
      hash.update(part);
      produced += n;
      this.push(part);
    },
  });
  return { stream, sha256 };
}

function contract(name: string, make: () => Promise<BlobStore>) {
  describe(name, () => {
    let store: BlobStore;
    beforeAll(async () => {
      store = await make();
    });

    it("stores content under its SHA-256 and gives it back byte for byte", async () => {
      const content = Buffer.from("Sehr geehrte Frau Müller, anbei der Bescheid.");
      const stored = await store.put(Readable.from([content]));
      expect(stored.sha256).toBe(createHash("sha256").update(content).digest("hex"));
      expect(stored.groesse).toBe(content.length);
      expect(await readAll(await store.get(stored.sha256))).toEqual(content);
      expect((await store.stat(stored.sha256))?.groesse).toBe(content.length);
    });

    it("stores the same content once", async () => {
      const content = randomBytes(5000);
      const first = await store.put(Readable.from([content]));
      const second = await store.put(Readable.from([content]));
      expect(first.neu).toBe(true);
      expect(second).toEqual({ ...first, neu: false });
      const listed = [];
      for await (const blob of store.list()) if (blob.sha256 === first.sha256) listed.push(blob);
      expect(listed).toHaveLength(1);
    });

    it("refuses content over the limit and keeps nothing of it", async () => {
      const before = [];
      for await (const blob of store.list()) before.push(blob.sha256);
      await expect(store.put(Readable.from([randomBytes(3000)]), { maxBytes: 2000 })).rejects.toMatchObject({
        code: "zu_gross",
        status: 413,
      });
      const after = [];
      for await (const blob of store.list()) after.push(blob.sha256);
      expect(after.sort()).toEqual(before.sort());
    });

    it("answers a missing blob with nicht_gefunden and deletes on request", async () => {
      const stored = await store.put(Readable.from([Buffer.from("weg damit")]));
      await store.delete(stored.sha256);
      expect(await store.stat(stored.sha256)).toBeUndefined();
      await expect(store.get(stored.sha256)).rejects.toMatchObject({ code: "nicht_gefunden" });
      await expect(store.get("../../etc/passwd")).rejects.toMatchObject({ code: "ungueltige_eingabe" });
    });

    it("streams 256 MB without holding it in memory", async () => {
      const size = 256 * 1024 * 1024;
      const { stream, sha256 } = generated(size);
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const stored = await store.put(stream).finally(() => clearInterval(sampler));
      expect(stored.sha256).toBe(await sha256);
      expect(stored.groesse).toBe(size);
      // Holding the content would need at least its size; streaming stays far below. The margin
      // leaves room for garbage the collector has not yet returned (buffers of finished parts).
      expect(peak - before).toBeLessThan(size / 2);
    });

    it("reports itself healthy", async () => {
      expect(await store.check()).toBe(true);
    });
  });
}

let tmp: string;
let s3: S3rverProzess | undefined;
let s3Url = "";

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-blob-"));
  s3 = await startS3rver(path.join(tmp, "s3"));
  s3Url = `s3://aktenwerk/mandant-1?endpoint=http://127.0.0.1:${s3.port}`;
  process.env.AWS_ACCESS_KEY_ID = "S3RVER";
  process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
});

afterAll(async () => {
  await s3?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

contract("Dateisystem-Ablage", async () => new FileSystemBlobStore(path.join(tmp, "fs")));
// s3rver (a Node S3 emulation) stands in for MinIO/Ceph/AWS: it speaks the S3 REST API including
// multipart uploads and server-side copy, but keeps objects on local disk without real durability.
contract("S3-Ablage (gegen s3rver)", async () => new S3BlobStore(parseS3Url(s3Url)));

describe("Dateisystem-Ablage: Schreibweg", () => {
  it("leaves no temp file behind, and none after a failed upload", async () => {
    const root = path.join(tmp, "fs-temp");
    const store = new FileSystemBlobStore(root);
    await store.put(Readable.from([Buffer.from("ok")]));
    const failing = new Readable({
      read() {
        this.destroy(new Error("Verbindung abgebrochen"));
      },
    });
    await expect(store.put(failing)).rejects.toThrow("Verbindung abgebrochen");
    expect(await fs.readdir(path.join(root, "tmp"))).toEqual([]);
  });

  it("parses the S3 URL without taking credentials from it", () => {
    expect(parseS3Url("s3://akten/prefix/x?endpoint=https://minio.kreis.local:9000&region=de-1")).toEqual({
      bucket: "akten",
      prefix: "prefix/x/",
      endpoint: "https://minio.kreis.local:9000",
      region: "de-1",
      forcePathStyle: true,
    });
  });
});
