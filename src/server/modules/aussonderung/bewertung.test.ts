import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { ManualClock } from "../../platform/clock.js";
import { anfrage, type Methode } from "../../../../test/helpers/anfrage.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";

const clock = new ManualClock("2026-03-02T08:00:00Z");
let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};
const faellig: { id: string; aktenzeichen: string }[] = [];
let offen: { id: string; aktenzeichen: string };

const api = (wer: string, methode: Methode, pfad: string, payload?: unknown) =>
  anfrage(app, s[wer]!, methode, pfad, payload);

/** An Akte of the Bauaufsicht with one Vorgang; with `zda` closed and kept 0 years (due next year). */
async function akte(betreff: string, zda: boolean): Promise<{ id: string; aktenzeichen: string }> {
  const a = (
    await api("sb", "POST", "/akten", { aktenplaneinheit: "63.20", betreff, federfuehrendeOe: "63" })
  ).json() as { id: string; aktenzeichen: string };
  const v = (await api("sb", "POST", `/akten/${a.id}/vorgaenge`, { betreff })).json() as { id: string };
  if (zda) {
    expect((await api("sb", "POST", `/vorgaenge/${v.id}/zda`)).statusCode).toBe(200);
    const r = await api("reg", "PUT", `/akten/${a.id}/aufbewahrung`, {
      aufbewahrungsfrist: 0,
      archivwuerdigkeit: null,
      begruendung: "Doppel, Original beim Bauherrn",
    });
    expect(r.statusCode, r.body).toBe(200);
  }
  return { id: a.id, aktenzeichen: a.aktenzeichen };
}

interface ListenEintrag {
  akteId: string;
  bewertung: { entscheidung: string; notiz: string | null; von: string | null; am: string } | null;
}
const liste = async (wer: string) => (await api(wer, "GET", "/aussonderung/liste")).json() as ListenEintrag[];

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  for (const [k, name] of [
    ["63", "Bauaufsicht"],
    ["51", "Jugendamt"],
    ["11", "Personalamt"],
    ["10", "Hauptamt"],
    ["41", "Kreisarchiv"],
  ] as const)
    await createOe(ctx, { kuerzel: k, name });
  await importTestAktenplan(ctx);
  app = await buildApp(ctx);
  for (const [name, oe, rolle, nachname] of [
    ["sb", "63", "Sachbearbeitung", "Sachse"],
    ["reg", "10", "Registratur", "Krüger"],
    ["archiv", "41", "Archiv", "Ostrowski"],
  ] as const) {
    await createUser(ctx, { benutzername: name, vorname: "Henrike", nachname, rollen: [{ oe, rolle }] });
    s[name] = await login(app, name);
  }
  faellig.push(await akte("Carport Lindenweg 3", true), await akte("Werbeanlage Kiosk", true));
  offen = await akte("Neubau Feuerwache", false);
  // Kept 0 years after the zdA in 2026: due from 1 January 2027.
  clock.set("2027-01-05T08:00:00Z");
  for (const name of ["sb", "reg", "archiv"]) s[name] = await login(app, name);
});
afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

describe("Bewertung durch das Archiv", () => {
  it("the Archiv assesses a due Akte with a note; the Aussonderungsliste shows it to the Registratur", async () => {
    const [carport, kiosk] = [faellig[0]!, faellig[1]!];
    expect((await liste("reg")).map((e) => [e.akteId, e.bewertung])).toEqual([
      [carport.id, null],
      [kiosk.id, null],
    ]);
    const r = await api("archiv", "PUT", `/akten/${carport.id}/bewertung`, {
      entscheidung: "A",
      notiz: "  Erste Carport-Genehmigung im Ortsteil, für die Ortsgeschichte ",
    });
    expect(r.statusCode, r.body).toBe(200);
    const bewertung = {
      entscheidung: "A",
      notiz: "Erste Carport-Genehmigung im Ortsteil, für die Ortsgeschichte",
      von: "Henrike Ostrowski",
      am: "2027-01-05T08:00:00.000Z",
    };
    expect(r.json()).toEqual(bewertung);
    expect((await liste("reg")).map((e) => [e.akteId, e.bewertung])).toEqual([
      [carport.id, bewertung],
      [kiosk.id, null],
    ]);
  });

  it("a second Bewertung replaces the first; the Protokoll keeps both, the later with the earlier", async () => {
    const kiosk = faellig[1]!;
    expect(
      (await api("archiv", "PUT", `/akten/${kiosk.id}/bewertung`, { entscheidung: "B" })).json(),
    ).toMatchObject({ entscheidung: "B", notiz: null });
    const r = await api("archiv", "PUT", `/akten/${kiosk.id}/bewertung`, {
      entscheidung: "V",
      notiz: "Massenakte ohne Besonderheiten",
    });
    expect(r.statusCode, r.body).toBe(200);
    expect((await liste("archiv")).find((e) => e.akteId === kiosk.id)?.bewertung).toMatchObject({
      entscheidung: "V",
      notiz: "Massenakte ohne Besonderheiten",
    });
    const { rows } = await ctx.db.query<{ akteur_name: string; details: unknown }>(
      "SELECT akteur_name, details FROM protokoll WHERE aktion = 'akte.bewertet' AND objekt_id = $1 ORDER BY nr",
      [kiosk.id],
    );
    expect(rows).toEqual([
      {
        akteur_name: "Henrike Ostrowski (archiv)",
        details: { akteId: kiosk.id, entscheidung: "B", notiz: null, vorher: null },
      },
      {
        akteur_name: "Henrike Ostrowski (archiv)",
        details: {
          akteId: kiosk.id,
          entscheidung: "V",
          notiz: "Massenakte ohne Besonderheiten",
          vorher: { entscheidung: "B", notiz: null },
        },
      },
    ]);
  });

  it("only the Archiv assesses, and only what is due: an open Akte or one under Löschsperre is not found", async () => {
    const carport = faellig[0]!;
    for (const wer of ["reg", "sb"]) {
      const r = await api(wer, "PUT", `/akten/${carport.id}/bewertung`, { entscheidung: "V" });
      expect(r.statusCode, wer).toBe(403);
    }
    const nichtFaellig = await api("archiv", "PUT", `/akten/${offen.id}/bewertung`, { entscheidung: "A" });
    expect(nichtFaellig.statusCode).toBe(404);
    expect(nichtFaellig.json().title).toMatch(/nicht gefunden/);
    const falsch = await api("archiv", "PUT", `/akten/${carport.id}/bewertung`, { entscheidung: "X" });
    expect(falsch.statusCode).toBe(400);
    const sperre = await api("reg", "POST", `/akten/${carport.id}/loeschsperren`, {
      grund: "Nachbarschaftsstreit anhängig",
    });
    expect(sperre.statusCode, sperre.body).toBe(201);
    const gesperrt = await api("archiv", "PUT", `/akten/${carport.id}/bewertung`, { entscheidung: "V" });
    expect(gesperrt.statusCode).toBe(404);
    // The refused attempts changed nothing.
    const { rows } = await ctx.db.query<{ entscheidung: string }>(
      "SELECT entscheidung FROM archivbewertung WHERE akte_id = ANY($1) ORDER BY entscheidung",
      [[carport.id, offen.id]],
    );
    expect(rows).toEqual([{ entscheidung: "A" }]);
  });
});
