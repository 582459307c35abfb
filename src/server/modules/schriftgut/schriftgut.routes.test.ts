import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { einfachesPdf } from "../../demo/pdf.js";
import { ManualClock } from "../../platform/clock.js";
import { fsck } from "../../platform/fsck.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { multipart } from "../../../../test/helpers/multipart.js";
import { testAemterMitAktenplan } from "../../../../test/helpers/schriftgut.js";

let ctx: TestContext;
let app: FastifyInstance;
let mueller: Session;
const clock = new ManualClock("2026-03-02T08:00:00Z");

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: { maxUploadBytes: 1024 * 1024 } });
  app = await buildApp(ctx);
  await testAemterMitAktenplan(ctx);
  await createUser(ctx, {
    benutzername: "mueller",
    vorname: "Jürgen",
    nachname: "Müller",
    rollen: [{ oe: "63", rolle: "Sachbearbeitung" }],
  });
  mueller = await login(app, "mueller");
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

/** Rows of Dokumente, versions and blobs, and every blob in the store (with its size). */
async function bestand() {
  const { rows } = await ctx.db.query(
    `SELECT (SELECT count(*)::int FROM dokument) AS dokumente, (SELECT count(*)::int FROM dokument_version) AS versionen,
       (SELECT count(*)::int FROM blob) AS blobs`,
  );
  const abgelegt: string[] = [];
  for await (const b of ctx.blobs.list()) abgelegt.push(`${b.sha256}:${b.groesse}`);
  return { ...rows[0], abgelegt };
}

async function neueAkte(session: Session, body: Record<string, unknown> = {}) {
  return app.inject({
    method: "POST",
    url: "/api/v1/akten",
    headers: session.headers,
    payload: {
      aktenplaneinheit: "63.10",
      betreff: "Neubau Einfamilienhaus",
      federfuehrendeOe: "63",
      ...body,
    },
  });
}

async function neuerVorgang(session: Session, akteId: string) {
  const r = await app.inject({
    method: "POST",
    url: `/api/v1/akten/${akteId}/vorgaenge`,
    headers: session.headers,
    payload: { betreff: "Bauantrag", metadaten: { bauvorhaben: "Einfamilienhaus" } },
  });
  expect(r.statusCode).toBe(201);
  return r.json().id as string;
}

function upload(
  session: Session,
  url: string,
  fields: Record<string, unknown>,
  datei?: { filename: string; content: Buffer | string },
) {
  const { payload, headers } = multipart(fields as Record<string, string | object>, datei);
  return app.inject({ method: "POST", url, headers: { ...session.headers, ...headers }, payload });
}

describe("Journey: Aktenplan → Akte → Vorgang → Dokument → Version → Download", () => {
  it("works end to end with content-derived types and attachment downloads", async () => {
    const plan = await app.inject({
      method: "GET",
      url: "/api/v1/aktenplan",
      headers: { cookie: mueller.cookie },
    });
    const einheit = plan.json().einheiten.find((e: { kennzeichen: string }) => e.kennzeichen === "63.10");
    expect(einheit).toMatchObject({
      blatt: true,
      wirksam: { aufbewahrungsfrist: 30, archivwuerdigkeit: "B" },
    });

    const akte = await neueAkte(mueller, { beteiligteOes: ["51"], papierablage: "Regal 4" });
    expect(akte.statusCode).toBe(201);
    expect(akte.json()).toMatchObject({
      aktenzeichen: "63.10-0001/2026",
      betreff: "Neubau Einfamilienhaus",
      papierablage: "Regal 4",
      rechte: { bearbeiten: true },
    });
    const akteId = akte.json().id;

    const vorgang = await app.inject({
      method: "POST",
      url: `/api/v1/akten/${akteId}/vorgaenge`,
      headers: mueller.headers,
      payload: {
        betreff: "Bauantrag Schröder",
        frist: "2026-06-30",
        metadaten: {
          bauvorhaben: "Einfamilienhaus",
          baukosten: 385000.5,
          verfahren: "regulär",
          bauherr: "Katrin Schröder",
          eingang: "2026-01-12",
          geschosse: 2,
        },
      },
    });
    expect(vorgang.statusCode).toBe(201);
    expect(vorgang.json()).toMatchObject({
      zeichen: "63.10-0001/2026-1",
      metadaten: { baukosten: "385000.50", verfahren: "regulär" },
    });
    const vorgangId = vorgang.json().id;

    const v1 = einfachesPdf(["Bauantrag", "Sehr geehrte Damen und Herren, anbei der Antrag."]);
    const doc = await upload(
      mueller,
      `/api/v1/vorgaenge/${vorgangId}/dokumente`,
      {
        metadaten: {
          typ: "Eingang",
          titel: "Bauantrag",
          absender: "Katrin Schröder",
          eingangsdatum: "2026-01-12",
          fremdesGeschaeftszeichen: "AZ-4711",
        },
      },
      { filename: "antrag.bin", content: v1 },
    );
    expect(doc.statusCode).toBe(201);
    expect(doc.json()).toMatchObject({
      typ: "Eingang",
      aktuelleVersion: 1,
      mimeTyp: "application/pdf",
      versionen: [{ nr: 1, groesse: v1.length, sha256: createHash("sha256").update(v1).digest("hex") }],
    });
    const dokumentId = doc.json().id;

    const v2 = einfachesPdf(["Bauantrag", "Korrigierte Fassung mit Lageplan."]);
    const version = await upload(
      mueller,
      `/api/v1/dokumente/${dokumentId}/versionen`,
      { kommentar: "Lageplan ergänzt", grund: "Lageplan nachgereicht" },
      { filename: "antrag-v2.pdf", content: v2 },
    );
    expect(version.statusCode).toBe(201);
    expect(version.json().versionen.map((v: { nr: number }) => v.nr)).toEqual([2, 1]);

    for (const [nr, content] of [
      [1, v1],
      [2, v2],
    ] as const) {
      const download = await app.inject({
        method: "GET",
        url: `/api/v1/dokumente/${dokumentId}/versionen/${nr}/inhalt`,
        headers: { cookie: mueller.cookie },
      });
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(content)).toBe(true);
      expect(download.headers["content-type"]).toBe("application/pdf");
      expect(download.headers["content-disposition"]).toMatch(/^attachment;/);
    }
    const detail = await app.inject({
      method: "GET",
      url: `/api/v1/vorgaenge/${vorgangId}`,
      headers: { cookie: mueller.cookie },
    });
    expect(detail.json().dokumente).toEqual([
      expect.objectContaining({ id: dokumentId, aktuelleVersion: 2 }),
    ]);
    expect(JSON.stringify(detail.json())).not.toContain("anbei der Antrag");
  });

  it("refuses new versions in a zdA Vorgang until zdA is lifted with a reason", async () => {
    const akteId = (await neueAkte(mueller)).json().id;
    const vorgangId = await neuerVorgang(mueller, akteId);
    const doc = await upload(
      mueller,
      `/api/v1/vorgaenge/${vorgangId}/dokumente`,
      { metadaten: { typ: "Vermerk" } },
      { filename: "vermerk.txt", content: "Vermerk: erledigt." },
    );
    const dokumentId = doc.json().id;
    expect(
      (
        await app.inject({
          method: "POST",
          url: `/api/v1/vorgaenge/${vorgangId}/zda`,
          headers: mueller.headers,
        })
      ).json(),
    ).toMatchObject({ status: "zda" });
    const refused = await upload(
      mueller,
      `/api/v1/dokumente/${dokumentId}/versionen`,
      {},
      { filename: "nachtrag.txt", content: "Nachtrag" },
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json().title).toBe("Die Änderung steht im Widerspruch zum aktuellen Stand.");
    const newDoc = await upload(
      mueller,
      `/api/v1/vorgaenge/${vorgangId}/dokumente`,
      { metadaten: { typ: "Vermerk" } },
      { filename: "x.txt", content: "x" },
    );
    expect(newDoc.statusCode).toBe(409);
    const noReason = await app.inject({
      method: "POST",
      url: `/api/v1/vorgaenge/${vorgangId}/zda-aufheben`,
      headers: mueller.headers,
      payload: { begruendung: " " },
    });
    expect(noReason.statusCode).toBe(400);
    const lifted = await app.inject({
      method: "POST",
      url: `/api/v1/vorgaenge/${vorgangId}/zda-aufheben`,
      headers: mueller.headers,
      payload: { begruendung: "Widerspruch eingegangen" },
    });
    expect(lifted.json().status).toBe("in_bearbeitung");
    expect(
      (
        await upload(
          mueller,
          `/api/v1/dokumente/${dokumentId}/versionen`,
          { grund: "Nachtrag nach Widerspruch" },
          { filename: "nachtrag.txt", content: "Nachtrag" },
        )
      ).statusCode,
    ).toBe(201);
  });

  it("moves a Vorgang to another Akte; the old reference still finds it", async () => {
    const alt = (await neueAkte(mueller)).json();
    const neu = (await neueAkte(mueller, { betreff: "Zielakte" })).json();
    const vorgangId = await neuerVorgang(mueller, alt.id);
    const moved = await app.inject({
      method: "POST",
      url: `/api/v1/vorgaenge/${vorgangId}/umprotokollieren`,
      headers: mueller.headers,
      payload: { zielAkte: neu.aktenzeichen, begruendung: "Falsch zugeordnet" },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      akte: { id: neu.id },
      zeichen: `${neu.aktenzeichen}-1`,
      frueher: [{ aktenzeichen: alt.aktenzeichen, nr: 1 }],
    });
    const viaOld = await app.inject({
      method: "GET",
      url: `/api/v1/vorgaenge?aktenzeichen=${encodeURIComponent(alt.aktenzeichen)}&nr=1`,
      headers: { cookie: mueller.cookie },
    });
    expect(viaOld.statusCode).toBe(200);
    expect(viaOld.json().id).toBe(vorgangId);
    const history = await app.inject({
      method: "GET",
      url: `/api/v1/akten/${alt.id}/protokoll`,
      headers: { cookie: mueller.cookie },
    });
    expect(history.json().eintraege.map((e: { aktion: string }) => e.aktion)).toContain(
      "vorgang.umprotokolliert",
    );
  });
});

describe("Aktenzeichen", () => {
  it("gives 100 parallel creations 100 distinct, gap-free numbers", async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        neueAkte(mueller, { aktenplaneinheit: "63.20", betreff: `Voranfrage ${i}` }),
      ),
    );
    expect(responses.every((r) => r.statusCode === 201)).toBe(true);
    const numbers = responses.map((r) => r.json().lfdnr as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(responses.map((r) => r.json().aktenzeichen)).size).toBe(100);
    expect(responses.map((r) => r.json().aktenzeichen)).toContain("63.20-0042/2026");
  });

  it("never issues the number of a deleted Akte again", async () => {
    const first = (
      await neueAkte(mueller, { aktenplaneinheit: "50.10", federfuehrendeOe: "63", betreff: "Irrtum" })
    ).json();
    const deleted = await app.inject({
      method: "DELETE",
      url: `/api/v1/akten/${first.id}`,
      headers: mueller.headers,
    });
    expect(deleted.statusCode).toBe(204);
    expect(
      (
        await app.inject({
          method: "GET",
          url: `/api/v1/akten/${first.id}`,
          headers: { cookie: mueller.cookie },
        })
      ).statusCode,
    ).toBe(404);
    const second = (
      await neueAkte(mueller, { aktenplaneinheit: "50.10", federfuehrendeOe: "63", betreff: "Richtig" })
    ).json();
    expect(second.lfdnr).toBe(first.lfdnr + 1);
  });

  it("starts a new count in a new year", async () => {
    clock.set("2027-01-04T08:00:00Z");
    mueller = await login(app, "mueller");
    const next = (await neueAkte(mueller)).json();
    expect(next.aktenzeichen).toBe("63.10-0001/2027");
    clock.set("2026-03-02T09:00:00Z");
    mueller = await login(app, "mueller");
  });
});

describe("Bad input", () => {
  it("names the field for an unknown, non-leaf or closed Aktenplaneinheit", async () => {
    for (const [aktenplaneinheit, text] of [
      ["99.99", /gibt es nicht/],
      ["63", /untersten Ebene/],
      ["63.90", /geschlossen/],
    ] as const) {
      const r = await neueAkte(mueller, { aktenplaneinheit });
      expect(r.statusCode, aktenplaneinheit).toBe(400);
      expect(r.json().fehler[0]).toMatchObject({
        feld: "/aktenplaneinheit",
        meldung: expect.stringMatching(text),
      });
    }
  });

  it("checks typed Vorgang metadata against the unit's fields", async () => {
    const akteId = (await neueAkte(mueller)).json().id;
    const r = await app.inject({
      method: "POST",
      url: `/api/v1/akten/${akteId}/vorgaenge`,
      headers: mueller.headers,
      payload: {
        betreff: "X",
        metadaten: { baukosten: "viel", verfahren: "schnell", eingang: "2026-02-30", unbekannt: 1 },
      },
    });
    expect(r.statusCode).toBe(400);
    const felder = r.json().fehler.map((f: { feld: string }) => f.feld);
    expect(felder).toEqual(
      expect.arrayContaining([
        "/metadaten/bauvorhaben",
        "/metadaten/baukosten",
        "/metadaten/verfahren",
        "/metadaten/eingang",
        "/metadaten/unbekannt",
      ]),
    );
  });

  it("refuses empty and oversized uploads and stores nothing", async () => {
    const akteId = (await neueAkte(mueller)).json().id;
    const vorgangId = await neuerVorgang(mueller, akteId);
    const before = await bestand();
    const empty = await upload(
      mueller,
      `/api/v1/vorgaenge/${vorgangId}/dokumente`,
      { metadaten: { typ: "Eingang" } },
      { filename: "leer.pdf", content: Buffer.alloc(0) },
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.json().detail).toMatch(/leer/);
    const big = await upload(
      mueller,
      `/api/v1/vorgaenge/${vorgangId}/dokumente`,
      { metadaten: { typ: "Eingang" } },
      { filename: "gross.bin", content: Buffer.alloc(1024 * 1024 + 10, 7) },
    );
    expect(big.statusCode).toBe(413);
    const missing = await upload(mueller, `/api/v1/vorgaenge/${vorgangId}/dokumente`, {
      metadaten: { typ: "Eingang" },
    });
    expect(missing.statusCode).toBe(400);
    const badMeta = await upload(
      mueller,
      `/api/v1/vorgaenge/${vorgangId}/dokumente`,
      { metadaten: { typ: "Liebesbrief" } },
      { filename: "a.txt", content: "a" },
    );
    expect(badMeta.statusCode).toBe(400);
    expect(badMeta.json().fehler[0].feld).toBe("/metadaten/typ");
    // Nothing kept of any of them, the oversized one included: no row, no blob, no temp file.
    expect(await bestand()).toEqual(before);
    expect(await fs.readdir(path.join(ctx.dataDir, "blobs", "tmp")).catch(() => [])).toEqual([]);
    const check = await fsck(ctx.db, ctx.blobs);
    expect(check.probleme).toEqual([]);
  });

  it("keeps file names as data: path parts and control characters removed, the original kept", async () => {
    const akteId = (await neueAkte(mueller)).json().id;
    const vorgangId = await neuerVorgang(mueller, akteId);
    const r = await upload(
      mueller,
      `/api/v1/vorgaenge/${vorgangId}/dokumente`,
      { metadaten: { typ: "Anlage" } },
      { filename: "../../etc/pa\u0007sswd\u202e.txt", content: "Inhalt" },
    );
    expect(r.statusCode).toBe(201);
    expect(r.json().versionen[0]).toMatchObject({
      dateiname: "passwd.txt",
      originaldateiname: "../../etc/pa\u0007sswd\u202e.txt",
      mimeTyp: "text/plain",
    });
  });

  it("serves HTML named .pdf as an attachment with its real type in a sandbox", async () => {
    const akteId = (await neueAkte(mueller)).json().id;
    const vorgangId = await neuerVorgang(mueller, akteId);
    const r = await upload(
      mueller,
      `/api/v1/vorgaenge/${vorgangId}/dokumente`,
      { metadaten: { typ: "Eingang" } },
      { filename: "rechnung.pdf", content: "<!DOCTYPE html><html><script>alert(1)</script></html>" },
    );
    expect(r.json().mimeTyp).toBe("text/html");
    const svg = await upload(
      mueller,
      `/api/v1/dokumente/${r.json().id}/versionen`,
      { grund: "Bild nachgereicht" },
      {
        filename: "bild.png",
        content: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
      },
    );
    expect(svg.json().versionen[0].mimeTyp).toBe("image/svg+xml");
    const download = await app.inject({
      method: "GET",
      url: `/api/v1/dokumente/${r.json().id}/versionen/1/inhalt`,
      headers: { cookie: mueller.cookie },
    });
    expect(download.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(download.headers["content-security-policy"]).toContain("sandbox");
    expect(download.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("accepts DIN 91379 characters anywhere and stores them NFC", async () => {
    const betreff = "Umbau Gaststätte „Zur Łódź“, Ærøskøbing-Straße 7, Ǖlla Ŗ. Ḑ".normalize("NFD");
    const r = await neueAkte(mueller, { betreff });
    expect(r.statusCode).toBe(201);
    expect(r.json().betreff).toBe(betreff.normalize("NFC"));
  });
});
