import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createHash } from "node:crypto";
import { hashEintrag, kanonischeTeile, schreibeProtokollInTx, verifyProtokoll } from "./protokoll.service.js";
import type { NeuerProtokollEintrag } from "./protokoll.types.js";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.cleanup());

const entry = (i: number): NeuerProtokollEintrag => ({
  akteur: "system",
  systemName: "System",
  aktion: "benutzer.geaendert" as const,
  objektArt: "test",
  objektId: `objekt-${i}`,
  details: { i, text: "Prüfung äöüß", nested: { b: 2, a: [1, "x"] } },
});

describe("Protokoll", () => {
  it("keeps one unforked chain under 40 concurrent writers", async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ctx.db.transaction((tx) => schreibeProtokollInTx(tx, ctx.clock, entry(i))),
      ),
    );
    const { rows } = await ctx.db.query<{ n: number; distinct_prev: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT vorheriger_hash)::int AS distinct_prev FROM protokoll",
    );
    expect(rows[0]).toEqual({ n: 40, distinct_prev: 40 });
    expect(await verifyProtokoll(ctx.db)).toMatchObject({ ok: true, anzahl: 40 });
  });

  it("links the entries of one transaction in the order written, whatever their details look like", async () => {
    const before = (await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM protokoll")).rows[0]!.n;
    // Details that mimic the hashed form's own fields and need escaping in JSON and in SQL.
    const heikel = [
      { nr: 1, vorherigerHash: "0".repeat(64), text: `"nr":7,'; DROP TABLE protokoll; --` },
      { pfad: "C:\\temp\\a.pdf", zitat: "„Bauantrag“ 'Lindenweg' \\x41 \\u0041", emoji: "Ǆ𝔄👍🏽" },
      { leer: "", null: null, liste: [1, "zwei", { drei: 3 }], zahl: -0.5 },
    ];
    await ctx.db.transaction(async (tx) => {
      for (const [i, details] of heikel.entries())
        await schreibeProtokollInTx(tx, ctx.clock, { ...entry(100 + i), details });
    });
    const { rows } = await ctx.db.query<{ nr: number; objekt_id: string; details: unknown }>(
      "SELECT nr, objekt_id, details FROM protokoll WHERE nr > $1 ORDER BY nr",
      [before],
    );
    expect(rows.map((r) => r.objekt_id)).toEqual(["objekt-100", "objekt-101", "objekt-102"]);
    expect(rows.map((r) => r.nr)).toEqual([before + 1, before + 2, before + 3]);
    expect(rows.map((r) => r.details)).toEqual(heikel);
    expect(await verifyProtokoll(ctx.db)).toMatchObject({ ok: true, anzahl: before + 3 });
  });

  it("splits an entry's canonical form exactly around its number and its predecessor's hash", () => {
    const e = {
      zeit: "2026-12-02T10:00:00.000Z",
      akteurId: null,
      akteurName: "System",
      imAuftragVonId: null,
      imAuftragVonName: null,
      aktion: "benutzer.geaendert",
      objektArt: "test",
      objektId: "x",
      details: { nr: "nr-", vorherigerHash: "vorher-", a: ['"'] },
    };
    const { vor, mitte, nach } = kanonischeTeile(e);
    const vorherigerHash = "ab".repeat(32);
    const joined = `${vor}42${mitte}${vorherigerHash}${nach}`;
    expect(createHash("sha256").update(joined, "utf8").digest("hex")).toBe(
      hashEintrag({ ...e, nr: 42, vorherigerHash }),
    );
  });

  it("writes nothing when the recording transaction rolls back", async () => {
    const before = (await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM protokoll")).rows[0]?.n;
    await expect(
      ctx.db.transaction(async (tx) => {
        await schreibeProtokollInTx(tx, ctx.clock, entry(99));
        throw new Error("Änderung scheitert");
      }),
    ).rejects.toThrow("Änderung scheitert");
    expect((await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM protokoll")).rows[0]?.n).toBe(
      before,
    );
  });

  it("is refused UPDATE, DELETE and TRUNCATE by the database", async () => {
    await expect(ctx.db.query("UPDATE protokoll SET aktion = 'x' WHERE nr = 1")).rejects.toThrow(
      /unveränderlich/,
    );
    await expect(ctx.db.query("DELETE FROM protokoll WHERE nr = 1")).rejects.toThrow(/unveränderlich/);
    await expect(ctx.db.query("TRUNCATE protokoll")).rejects.toThrow(/unveränderlich/);
  });

  it("names the first entry altered behind the database's back", async () => {
    await ctx.db.query("ALTER TABLE protokoll DISABLE TRIGGER protokoll_kein_update_delete");
    await ctx.db.query(`UPDATE protokoll SET details = '{"i": 7, "gefaelscht": true}' WHERE nr = 8`);
    await ctx.db.query("ALTER TABLE protokoll ENABLE TRIGGER protokoll_kein_update_delete");
    expect(await verifyProtokoll(ctx.db)).toMatchObject({ ok: false, nr: 8, anzahl: 7 });
  });

  it("notices a deleted entry", async () => {
    const fresh = await createTestContext();
    try {
      for (let i = 0; i < 5; i++)
        await fresh.db.transaction((tx) => schreibeProtokollInTx(tx, fresh.clock, entry(i)));
      await fresh.db.query("ALTER TABLE protokoll DISABLE TRIGGER protokoll_kein_update_delete");
      await fresh.db.query("DELETE FROM protokoll WHERE nr = 3");
      expect(await verifyProtokoll(fresh.db)).toMatchObject({
        ok: false,
        nr: 3,
        grund: expect.stringMatching(/fehlt/),
      });
    } finally {
      await fresh.cleanup();
    }
  });
});
