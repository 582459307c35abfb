import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { einfachesPdf } from "../../demo/pdf.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { dokumentHochladen } from "../../../../test/helpers/dokumente.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";
import { loescheNachAussonderungInTx } from "./loeschung.service.js";

let ctx: TestContext;
let app: FastifyInstance;
let sb: Session;

async function api(method: "GET" | "POST", url: string, payload?: Record<string, unknown>) {
  const r = await app.inject({
    method,
    url: `/api/v1${url}`,
    headers: method === "GET" ? { cookie: sb.cookie } : sb.headers,
    ...(payload ? { payload } : {}),
  });
  expect(r.statusCode, r.body).toBeLessThan(300);
  return r.json();
}

const anzahl = async (sql: string, werte: unknown[]) =>
  (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, werte)).rows[0]!.n;

describe("Löschung nach der Aussonderung", () => {
  beforeAll(async () => {
    ctx = await createTestContext();
    for (const [kuerzel, name] of [
      ["63", "Bauaufsicht"],
      ["51", "Jugendamt"],
      ["11", "Personalamt"],
      ["10", "Hauptamt"],
    ] as const)
      await createOe(ctx, { kuerzel, name });
    await importTestAktenplan(ctx);
    await createUser(ctx, { benutzername: "sb", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
    app = await buildApp(ctx);
    sb = await login(app, "sb");
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  it("deletes the content with everything that refers to it; a blob the Posteingang still holds stays", async () => {
    const akte = await api("POST", "/akten", {
      aktenplaneinheit: "63.20",
      betreff: "Abriss Scheune Feldweg 9",
      federfuehrendeOe: "63",
    });
    const v = await api("POST", `/akten/${akte.id}/vorgaenge`, { betreff: "Abrissanzeige" });
    const inhalt = einfachesPdf(["Abrissanzeige", `einmalig ${akte.id}`]);
    const dok = await dokumentHochladen(app, sb, v.id, { filename: "anzeige.pdf", content: inhalt });
    const vermerk = await dokumentHochladen(app, sb, v.id, {
      filename: "vermerk.txt",
      content: `Vermerk ${akte.id}`,
    });
    const { rows: blobs } = await ctx.db.query<{ dokument_id: string; sha256: string }>(
      "SELECT dokument_id, sha256 FROM dokument_version WHERE dokument_id = ANY($1)",
      [[dok, vermerk]],
    );
    const shaDok = blobs.find((b) => b.dokument_id === dok)!.sha256;
    const shaVermerk = blobs.find((b) => b.dokument_id === vermerk)!.sha256;
    expect(await anzahl("suchindex WHERE dokument_id = ANY($1)", [[dok, vermerk]])).toBe(2);

    // What other modules keep pointing at the Vorgang and its Dokumente.
    const {
      rows: [ids],
    } = await ctx.db.query<{ benutzer: string; oe: string }>(
      "SELECT (SELECT id FROM benutzer WHERE benutzername = 'sb') AS benutzer, (SELECT id FROM organisationseinheit WHERE kuerzel = '63') AS oe",
    );
    const jetzt = ctx.clock.now();
    const {
      rows: [gang],
    } = await ctx.db.query<{ id: string }>(
      `INSERT INTO geschaeftsgang (vorgang_id, dokument_id, zeichnung_vor_abgang, ersteller_id, erstellt_am)
       VALUES ($1, $2, false, $3, $4) RETURNING id`,
      [v.id, dok, ids!.benutzer, jetzt],
    );
    await ctx.db.query(
      `INSERT INTO schritt (geschaeftsgang_id, stufe, art, adressat_oe_id, status, erstellt_am)
       VALUES ($1, 1, 'Bearbeitung', $2, 'offen', $3)`,
      [gang!.id, ids!.oe, jetzt],
    );
    await ctx.db.query(
      `INSERT INTO wiedervorlage (vorgang_id, empfaenger_id, datum, erstellt_von, erstellt_am)
       VALUES ($1, $2, '2030-01-01', $2, $3)`,
      [v.id, ids!.benutzer, jetzt],
    );
    const {
      rows: [eintrag],
    } = await ctx.db.query<{ id: string }>(
      `INSERT INTO posteingang_eintrag (oe_id, kanal, status, sha256, dateiname, originaldateiname, mime_typ, groesse,
         vorschlag_vorgang_id, dokument_id, erstellt_am)
       VALUES ($1, 'upload', 'registriert', $2, 'anzeige.pdf', 'anzeige.pdf', 'application/pdf', $3, $4, $5, $6) RETURNING id`,
      [ids!.oe, shaDok, inhalt.length, v.id, dok, jetzt],
    );
    await ctx.db.query(
      "INSERT INTO posteingang_regel (oe_id, muster, vorgang_id, erstellt_am, erstellt_von) VALUES ($1, 'Scheune', $2, $3, $4)",
      [ids!.oe, v.id, jetzt, ids!.benutzer],
    );

    const prozessId = randomUUID();
    const frei = await ctx.db.transaction((tx) =>
      loescheNachAussonderungInTx(ctx, tx, akte.id, {
        entscheidung: "V",
        archiv: "Kreisarchiv Musterkreis",
        prozessId,
        wer: "system",
      }),
    );

    // Only the Vermerk's file is free: the Posteingang entry still holds the letter's.
    expect(frei).toContain(shaVermerk);
    expect(frei).not.toContain(shaDok);
    expect(await anzahl("blob WHERE sha256 = $1", [shaDok])).toBe(1);
    expect(await anzahl("blob WHERE sha256 = $1", [shaVermerk])).toBe(0);
    expect(await anzahl("dokument WHERE id = ANY($1)", [[dok, vermerk]])).toBe(0);
    expect(await anzahl("dokument_inhalt WHERE dokument_id = ANY($1)", [[dok, vermerk]])).toBe(0);
    expect(await anzahl("vorgang WHERE akte_id = $1", [akte.id])).toBe(0);
    expect(await anzahl("suchindex WHERE dokument_id = ANY($1)", [[dok, vermerk]])).toBe(0);
    expect(await anzahl("geschaeftsgang WHERE id = $1", [gang!.id])).toBe(0);
    expect(await anzahl("schritt WHERE geschaeftsgang_id = $1", [gang!.id])).toBe(0);
    expect(await anzahl("wiedervorlage WHERE vorgang_id = $1", [v.id])).toBe(0);
    expect(await anzahl("posteingang_regel WHERE vorgang_id = $1", [v.id])).toBe(0);
    const { rows: rest } = await ctx.db.query(
      "SELECT dokument_id, vorschlag_vorgang_id, status FROM posteingang_eintrag WHERE id = $1",
      [eintrag!.id],
    );
    expect(rest).toEqual([{ dokument_id: null, vorschlag_vorgang_id: null, status: "registriert" }]);
    const { rows: akteNachher } = await ctx.db.query("SELECT status FROM akte WHERE id = $1", [akte.id]);
    expect(akteNachher).toEqual([{ status: "ausgesondert" }]);

    const { rows: protokoll } = await ctx.db.query<{ details: Record<string, unknown>; akteur_name: string }>(
      "SELECT details, akteur_name FROM protokoll WHERE aktion = 'akte.inhalt_geloescht' AND objekt_id = $1",
      [akte.id],
    );
    expect(protokoll).toEqual([
      {
        akteur_name: "System (xdomea)",
        details: {
          akteId: akte.id,
          aktenzeichen: akte.aktenzeichen,
          entscheidung: "V",
          archiv: "Kreisarchiv Musterkreis",
          prozessId,
          vorgaenge: 1,
          dokumente: 2,
        },
      },
    ]);
    const { rows: loeschprotokoll } = await ctx.db.query(
      "SELECT vorgaenge, dokumente, versionen, geloescht_von_name FROM loeschprotokoll WHERE akte_id = $1",
      [akte.id],
    );
    expect(loeschprotokoll).toEqual([
      { vorgaenge: 1, dokumente: 2, versionen: 2, geloescht_von_name: "System (xdomea)" },
    ]);

    // A repeated confirmation deletes nothing more and writes no second entry.
    expect(
      await ctx.db.transaction((tx) =>
        loescheNachAussonderungInTx(ctx, tx, akte.id, {
          entscheidung: "V",
          archiv: "Kreisarchiv Musterkreis",
          prozessId,
          wer: "system",
        }),
      ),
    ).toEqual([]);
    expect(await anzahl("loeschprotokoll WHERE akte_id = $1", [akte.id])).toBe(1);
  });
});
