import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { createOe, createUser } from "../../../test/helpers/factories.js";
import { seedDemo } from "../demo/seed.js";
import { createWorker } from "../main.js";
import { verifyProtokoll } from "../modules/protokoll/protokoll.service.js";
import { backup, restore } from "./backup.js";
import type { BlobStore, FileSystemBlobStore } from "./blobstore/index.js";
import type { Queryable } from "./database/database.js";
import { fsck } from "./fsck.js";

let ctx: TestContext;

/** Stores content and registers it the way a Dokument version does (blob first, then the row). */
async function storeReferenced(c: TestContext, text: string): Promise<string> {
  const stored = await c.blobs.put(Readable.from([Buffer.from(text)]));
  await c.db.query(
    "INSERT INTO blob (sha256, groesse, erstellt_am) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING",
    [stored.sha256, stored.groesse],
  );
  return stored.sha256;
}

/**
 * What a database holds, table by table: row count and a hash over every row (as JSON, sorted), so
 * two instances compare equal only if every row of every table is the same. schema_migration is
 * compared by name only: each instance records when it migrated itself.
 */
async function abdruck(q: Queryable): Promise<Record<string, { zeilen: number; hash: string }>> {
  const { rows: tabellen } = await q.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Record<string, { zeilen: number; hash: string }> = {};
  for (const { name } of tabellen) {
    const zeile = name === "schema_migration" ? "x.name" : "row_to_json(x)::text";
    const { rows } = await q.query<{ zeilen: number; hash: string }>(
      `SELECT count(*)::int AS zeilen, md5(coalesce(string_agg(j, E'\\n' ORDER BY j), '')) AS hash
       FROM (SELECT ${zeile} AS j FROM "${name}" x) t`,
    );
    out[name] = rows[0]!;
  }
  return out;
}

/** Every blob of a store with the SHA-256 of its bytes as read back (not as named). */
async function blobAbdruck(store: BlobStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const blob of store.list()) {
    const hash = createHash("sha256");
    for await (const chunk of await store.get(blob.sha256)) hash.update(chunk as Buffer);
    out[blob.sha256] = hash.digest("hex");
  }
  return out;
}

const protokollKopf = async (q: Queryable) =>
  (await q.query<{ nr: number; hash: string }>("SELECT nr, hash FROM protokoll ORDER BY nr DESC LIMIT 1"))
    .rows[0];

function blobPath(c: TestContext, sha: string): string {
  return path.join((c.blobs as FileSystemBlobStore).root, sha.slice(0, 2), sha);
}

beforeAll(async () => {
  ctx = await createTestContext();
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
  await createUser(ctx, {
    benutzername: "mueller",
    vorname: "Jürgen",
    nachname: "Müller",
    rollen: [{ oe: "63", rolle: "Sachbearbeitung" }],
  });
});
afterAll(async () => ctx.cleanup());

describe("fsck", () => {
  it("finds every referenced blob intact and lists unreferenced ones", async () => {
    await storeReferenced(ctx, "Bauantrag Flurstück 12/3");
    const orphan = await ctx.blobs.put(Readable.from([Buffer.from("Absturz vor dem Commit")]));
    const result = await fsck(ctx.db, ctx.blobs);
    expect(result.probleme).toEqual([]);
    expect(result.geprueft).toBe(1);
    expect(result.verwaist.map((v) => v.sha256)).toEqual([orphan.sha256]);
  });

  it("repairs only orphans older than an hour", async () => {
    const young = await fsck(ctx.db, ctx.blobs, { repair: true });
    expect(young.entfernt).toBe(0);
    const later = await fsck(ctx.db, ctx.blobs, { repair: true, now: new Date(Date.now() + 2 * 3600_000) });
    expect(later.entfernt).toBe(1);
    expect((await fsck(ctx.db, ctx.blobs)).verwaist).toEqual([]);
  });

  it("repairs a fresh orphan at once when no upload can be in flight (the CLI alone on the data directory)", async () => {
    const orphan = await ctx.blobs.put(Readable.from([Buffer.from("Gerade eben abgestürzt")]));
    const result = await fsck(ctx.db, ctx.blobs, { repair: true, mindestalterMs: 0 });
    expect(result.verwaist.map((v) => v.sha256)).toEqual([orphan.sha256]);
    expect(result.entfernt).toBe(1);
    expect(await ctx.blobs.stat(orphan.sha256)).toBeUndefined();
    // What is referenced stays.
    expect((await fsck(ctx.db, ctx.blobs)).probleme).toEqual([]);
  });

  it("reports a damaged and a missing blob", async () => {
    const damaged = await storeReferenced(ctx, "Dieser Inhalt wird beschädigt");
    const missing = await storeReferenced(ctx, "Dieser Inhalt verschwindet");
    await fs.chmod(blobPath(ctx, damaged), 0o644);
    await fs.writeFile(blobPath(ctx, damaged), "manipuliert");
    await fs.rm(blobPath(ctx, missing));
    const result = await fsck(ctx.db, ctx.blobs);
    expect(result.probleme).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sha256: damaged, art: "beschaedigt" }),
        expect.objectContaining({ sha256: missing, art: "fehlt" }),
      ]),
    );
    await ctx.db.query("DELETE FROM blob WHERE sha256 = ANY($1)", [[damaged, missing]]);
    await fs.rm(blobPath(ctx, damaged));
  });
});

describe("Sicherung und Wiederherstellung", () => {
  it("restores into an empty instance with the same content, a valid chain and clean fsck", async () => {
    const sha = await storeReferenced(ctx, "Inhalt, der die Sicherung überstehen muss – äöüß");
    const dir = path.join(ctx.dataDir, "sicherung");
    const manifest = await backup(ctx.db, ctx.blobs, dir);
    expect(manifest.blobs.anzahl).toBe(2);
    expect(manifest.tabellen.find((t) => t.name === "benutzer")?.zeilen).toBe(1);

    const target = await createTestContext();
    try {
      await restore(target.db, target.blobs, dir);
      const users = await target.db.query("SELECT benutzername, nachname FROM benutzer");
      expect(users.rows).toEqual([{ benutzername: "mueller", nachname: "Müller" }]);
      const source = (await ctx.db.query("SELECT nr, hash FROM protokoll ORDER BY nr")).rows;
      expect((await target.db.query("SELECT nr, hash FROM protokoll ORDER BY nr")).rows).toEqual(source);
      expect(await verifyProtokoll(target.db)).toMatchObject({ ok: true, anzahl: source.length });
      expect((await fsck(target.db, target.blobs)).probleme).toEqual([]);
      const content = [];
      for await (const chunk of await target.blobs.get(sha)) content.push(chunk as Buffer);
      expect(createHash("sha256").update(Buffer.concat(content)).digest("hex")).toBe(sha);
      // Sequences continue after the restored rows: a new job gets an id above every restored one.
      const { rows: jobs } = await target.db.query<{ max: number | null }>(
        "SELECT max(id)::int AS max FROM job",
      );
      const neu = await target.jobs.enqueue(target.db, "probe");
      expect(neu).toBeGreaterThan(jobs[0]!.max ?? 0);
      await expect(restore(target.db, target.blobs, dir)).rejects.toThrow(/nicht leer/);
    } finally {
      await target.cleanup();
    }
  });

  it("restores the demo county so that every table, every blob and the Protokoll head are the same", async () => {
    const quelle = await createTestContext();
    const ziel = await createTestContext();
    try {
      await seedDemo(quelle, "Demo-Passwort-2026");
      await createWorker(quelle, 2).drain();
      // Jobs, some of them done: their ids and the sequence behind them must survive.
      for (let i = 0; i < 3; i++) await quelle.jobs.enqueue(quelle.db, "probe", { i });
      await quelle.db.query("DELETE FROM job WHERE art = 'probe' AND nutzlast->>'i' = '2'");
      const vorher = await abdruck(quelle.db);
      expect(vorher.akte!.zeilen).toBeGreaterThan(0);
      expect(vorher.dokument_version!.zeilen).toBeGreaterThan(0);
      expect(vorher.job!.zeilen).toBeGreaterThan(0);
      const blobsVorher = await blobAbdruck(quelle.blobs);
      expect(Object.keys(blobsVorher).length).toBeGreaterThan(0);
      for (const [sha, gelesen] of Object.entries(blobsVorher)) expect(gelesen, sha).toBe(sha);

      const dir = path.join(quelle.dataDir, "sicherung-demo");
      const manifest = await backup(quelle.db, quelle.blobs, dir);
      expect(Object.fromEntries(manifest.tabellen.map((t) => [t.name, t.zeilen]))).toEqual(
        Object.fromEntries(Object.entries(vorher).map(([name, t]) => [name, t.zeilen])),
      );
      await restore(ziel.db, ziel.blobs, dir);

      // Every table: same rows, same content.
      const nachher = await abdruck(ziel.db);
      expect(Object.keys(nachher)).toEqual(Object.keys(vorher));
      for (const name of Object.keys(vorher)) expect(nachher[name], name).toEqual(vorher[name]);
      // Every blob, read back byte for byte, and nothing else.
      expect(await blobAbdruck(ziel.blobs)).toEqual(blobsVorher);
      // The Protokoll: same head, valid chain.
      const kopf = await protokollKopf(quelle.db);
      expect(await protokollKopf(ziel.db)).toEqual(kopf);
      expect(await verifyProtokoll(ziel.db)).toMatchObject({ ok: true, anzahl: kopf!.nr });
      expect((await fsck(ziel.db, ziel.blobs)).probleme).toEqual([]);

      // Every sequence continues after the rows it numbered, whichever table it belongs to.
      const { rows: sequenzen } = await ziel.db.query<{ tabelle: string; spalte: string; sequenz: string }>(
        `SELECT c.table_name AS tabelle, c.column_name AS spalte, pg_get_serial_sequence(c.table_name, c.column_name) AS sequenz
         FROM information_schema.columns c
         WHERE c.table_schema = current_schema() AND pg_get_serial_sequence(c.table_name, c.column_name) IS NOT NULL`,
      );
      expect(sequenzen.map((q) => q.tabelle)).toContain("job");
      // A sequence that numbers no column would not be carried over by restore.
      const { rows: alle } = await ziel.db.query<{ name: string }>(
        "SELECT schemaname || '.' || sequencename AS name FROM pg_sequences WHERE schemaname = current_schema()",
      );
      expect(alle.map((a) => a.name).sort()).toEqual(sequenzen.map((q) => q.sequenz).sort());
      for (const q of sequenzen) {
        const { rows } = await ziel.db.query<{ naechster: string; max: string | null }>(
          `SELECT nextval($1)::text AS naechster, (SELECT max("${q.spalte}")::text FROM "${q.tabelle}") AS max`,
          [q.sequenz],
        );
        expect(BigInt(rows[0]!.naechster), `${q.tabelle}.${q.spalte}`).toBeGreaterThan(
          BigInt(rows[0]!.max ?? 0),
        );
      }
      // And the app writes on: a new OE extends the Protokoll chain right after the restored head.
      await createOe(ziel, { kuerzel: "99", name: "Nach der Wiederherstellung" });
      expect((await protokollKopf(ziel.db))!.nr).toBe(kopf!.nr + 1);
      expect(await verifyProtokoll(ziel.db)).toMatchObject({ ok: true });
    } finally {
      await quelle.cleanup();
      await ziel.cleanup();
    }
  }, 300_000);

  it("refuses a non-empty target directory and an unfinished backup", async () => {
    const dir = path.join(ctx.dataDir, "voll");
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, "etwas"), "x");
    await expect(backup(ctx.db, ctx.blobs, dir)).rejects.toThrow(/nicht leer/);
    const target = await createTestContext();
    try {
      await expect(restore(target.db, target.blobs, dir)).rejects.toThrow(/keine vollständige/);
    } finally {
      await target.cleanup();
    }
  });
});
