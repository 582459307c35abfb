import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { createOe, createUser } from "../../../test/helpers/factories.js";
import { verifyProtokoll } from "../modules/protokoll/protokoll.service.js";
import { backup, restore } from "./backup.js";
import type { FileSystemBlobStore } from "./blobstore/index.js";
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
      // Sequences continue after the restored rows.
      await target.jobs.enqueue(target.db, "probe");
      await expect(restore(target.db, target.blobs, dir)).rejects.toThrow(/nicht leer/);
    } finally {
      await target.cleanup();
    }
  });

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
