import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { anfrage, type Methode } from "../helpers/anfrage.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import { dokumentHochladen } from "../helpers/dokumente.js";
import { createOe, createUser, login, type Session } from "../helpers/factories.js";
import { importTestAktenplan } from "../helpers/schriftgut.js";

// Routes of the Schriftgut no test called (issue #12 item 9): Querverweise and Bände of an Akte,
// and changing the metadata of a Vorgang and of a Dokument.

let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};

const api = (who: string, methode: Methode, pfad: string, payload?: unknown) =>
  anfrage(app, s[who]!, methode, pfad, payload);

async function neueAkte(betreff: string, aktenplaneinheit = "63.20", oe = "63", who = "sb63") {
  const r = await api(who, "POST", "/akten", { aktenplaneinheit, betreff, federfuehrendeOe: oe });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; aktenzeichen: string; betreff: string };
}

async function neuerVorgang(akte: string, payload: Record<string, unknown>) {
  const r = await api("sb63", "POST", `/akten/${akte}/vorgaenge`, payload);
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
  await createOe(ctx, { kuerzel: "51", name: "Jugendamt" });
  await createOe(ctx, { kuerzel: "11", name: "Personalamt" });
  await importTestAktenplan(ctx);
  for (const [name, oe, rolle] of [
    ["sb63", "63", "Sachbearbeitung"],
    ["les63", "63", "Lesen"],
    ["sb51", "51", "Sachbearbeitung"],
  ] as const) {
    await createUser(ctx, { benutzername: name, rollen: [{ oe, rolle }] });
    s[name] = await login(app, name);
  }
});

afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

describe("Querverweise of an Akte", () => {
  it("links an Akte to another by Aktenzeichen, shows the link with its remark, and removes it again", async () => {
    const bau = await neueAkte("Neubau Lindenweg 4");
    const nachbar = await neueAkte("Nachbargrundstück Lindenweg 6");

    const r = await api("sb63", "POST", `/akten/${bau.id}/querverweise`, {
      ziel: nachbar.aktenzeichen,
      bemerkung: "  Grenzbebauung abstimmen ",
    });
    expect(r.statusCode, r.body).toBe(200);
    const erwartet = [
      {
        akteId: nachbar.id,
        aktenzeichen: nachbar.aktenzeichen,
        betreff: "Nachbargrundstück Lindenweg 6",
        bemerkung: "Grenzbebauung abstimmen",
      },
    ];
    expect(r.json().querverweise).toEqual(erwartet);
    expect((await api("les63", "GET", `/akten/${bau.id}`)).json().querverweise).toEqual(erwartet);

    const weg = await api("sb63", "DELETE", `/akten/${bau.id}/querverweise/${nachbar.id}`);
    expect(weg.statusCode, weg.body).toBe(204);
    expect((await api("sb63", "GET", `/akten/${bau.id}`)).json().querverweise).toEqual([]);
    const nochmal = await api("sb63", "DELETE", `/akten/${bau.id}/querverweise/${nachbar.id}`);
    expect(nochmal.statusCode).toBe(404);
    expect(nochmal.json().detail).toBe("Der Querverweis wurde nicht gefunden.");

    const protokoll = (await api("sb63", "GET", `/akten/${bau.id}/protokoll`)).json();
    expect(JSON.stringify(protokoll)).toContain(nachbar.id);
  });

  it("refuses a link to the Akte itself, to an Akte the user cannot see, and from a reader", async () => {
    const bau = await neueAkte("Umbau Scheune Hofweg 1");
    const selbst = await api("sb63", "POST", `/akten/${bau.id}/querverweise`, { ziel: bau.aktenzeichen });
    expect(selbst.statusCode).toBe(400);
    expect(selbst.json().fehler).toEqual([
      { feld: "/ziel", meldung: "Eine Akte kann nicht auf sich selbst verweisen." },
    ]);

    const jugend = await neueAkte("Hilfe zur Erziehung", "50.10", "51", "sb51");
    const verborgen = await api("sb63", "POST", `/akten/${bau.id}/querverweise`, { ziel: jugend.id });
    expect(verborgen.statusCode).toBe(400);
    // Worded as for an Akte that does not exist: the answer tells nothing about the hidden one.
    expect(verborgen.json().fehler).toEqual([
      { feld: "/ziel", meldung: `Die Akte „${jugend.id}“ wurde nicht gefunden.` },
    ]);
    expect(verborgen.body).not.toContain("Hilfe zur Erziehung");

    const andere = await neueAkte("Abriss Lagerhalle");
    const leser = await api("les63", "POST", `/akten/${bau.id}/querverweise`, { ziel: andere.aktenzeichen });
    expect(leser.statusCode).toBe(403);
    expect(leser.json().detail).toBe("Sie dürfen die Angaben dieser Akte nicht ändern.");
    expect((await api("sb63", "GET", `/akten/${bau.id}`)).json().querverweise).toEqual([]);
  });
});

describe("Bände of an Akte", () => {
  it("begins a new Band with title and date; the previous Band ends that day; a reader may not", async () => {
    const akte = await neueAkte("Bauleitplanung Ortsmitte");
    const vorher = (await api("sb63", "GET", `/akten/${akte.id}`)).json().baende as unknown[];

    const r = await api("sb63", "POST", `/akten/${akte.id}/baende`, {
      titel: "Nachträge ab 2026",
      beginn: "2026-03-02",
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(vorher).toEqual([]);
    expect(r.json().baende).toEqual([
      { nr: 1, titel: "Nachträge ab 2026", beginn: "2026-03-02", ende: null },
    ]);
    const zweiter = await api("sb63", "POST", `/akten/${akte.id}/baende`, {
      titel: "Widerspruchsverfahren",
      beginn: "2026-06-01",
    });
    expect(zweiter.statusCode, zweiter.body).toBe(200);
    const baende = [
      { nr: 1, titel: "Nachträge ab 2026", beginn: "2026-03-02", ende: "2026-06-01" },
      { nr: 2, titel: "Widerspruchsverfahren", beginn: "2026-06-01", ende: null },
    ];
    expect(zweiter.json().baende).toEqual(baende);

    const leser = await api("les63", "POST", `/akten/${akte.id}/baende`, { titel: "Band 3" });
    expect(leser.statusCode).toBe(403);
    expect(leser.json().detail).toBe("Sie dürfen die Angaben dieser Akte nicht ändern.");
    expect((await api("sb63", "GET", `/akten/${akte.id}`)).json().baende).toEqual(baende);
  });
});

describe("changing a Vorgang", () => {
  it("changes Betreff, Frist and the typed metadata of the Aktenplan; shown on the next read", async () => {
    const akte = await neueAkte("Baugenehmigung Birkenallee 12", "63.10");
    const vorgang = await neuerVorgang(akte.id, {
      betreff: "Bauantrag Carport",
      metadaten: { bauvorhaben: "Carport" },
    });
    const r = await api("sb63", "PATCH", `/vorgaenge/${vorgang}`, {
      betreff: "Bauantrag Doppelgarage",
      frist: "2026-04-30",
      metadaten: { bauvorhaben: "Doppelgarage", verfahren: "vereinfacht", geschosse: 1 },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      betreff: "Bauantrag Doppelgarage",
      frist: "2026-04-30",
      metadaten: { bauvorhaben: "Doppelgarage", verfahren: "vereinfacht", geschosse: 1 },
    });
    const gelesen = (await api("les63", "GET", `/vorgaenge/${vorgang}`)).json();
    expect(gelesen).toMatchObject({ betreff: "Bauantrag Doppelgarage", frist: "2026-04-30" });
    expect(gelesen.metadaten.verfahren).toBe("vereinfacht");
  });

  it("refuses an option the field does not offer, an empty Betreff and a reader, and keeps the Vorgang", async () => {
    const akte = await neueAkte("Baugenehmigung Eichenweg 2", "63.10");
    const vorgang = await neuerVorgang(akte.id, {
      betreff: "Bauantrag",
      metadaten: { bauvorhaben: "Anbau" },
    });
    const vorher = (await api("sb63", "GET", `/vorgaenge/${vorgang}`)).json();

    const option = await api("sb63", "PATCH", `/vorgaenge/${vorgang}`, {
      metadaten: { bauvorhaben: "Anbau", verfahren: "beschleunigt" },
    });
    expect(option.statusCode).toBe(400);
    expect(option.json().fehler).toEqual([
      { feld: "/metadaten/verfahren", meldung: "Erlaubt sind: vereinfacht, regulär." },
    ]);

    const leer = await api("sb63", "PATCH", `/vorgaenge/${vorgang}`, { betreff: "   " });
    expect(leer.statusCode).toBe(400);
    expect(leer.json().fehler).toEqual([{ feld: "/betreff", meldung: "Pflichtfeld." }]);

    const leser = await api("les63", "PATCH", `/vorgaenge/${vorgang}`, { betreff: "Gekapert" });
    expect(leser.statusCode).toBe(403);
    expect(leser.json().detail).toBe("Sie dürfen in dieser Akte nichts ändern.");

    const nachher = (await api("sb63", "GET", `/vorgaenge/${vorgang}`)).json();
    expect(nachher).toMatchObject({ betreff: vorher.betreff, metadaten: vorher.metadaten });
  });
});

describe("changing a Dokument's metadata", () => {
  it("changes title, type, sender and dates; the next read shows them, the file stays", async () => {
    const akte = await neueAkte("Baugenehmigung Ahornweg 5");
    const vorgang = await neuerVorgang(akte.id, { betreff: "Voranfrage" });
    const dok = await dokumentHochladen(
      app,
      s.sb63!,
      vorgang,
      { filename: "scan_0042.txt", content: "Antrag auf Vorbescheid" },
      { typ: "Eingang" },
    );

    const r = await api("sb63", "PATCH", `/dokumente/${dok}`, {
      titel: "Antrag auf Vorbescheid",
      absender: "Ingenieurbüro Weiß & Söhne",
      eingangsdatum: "2026-02-27",
      datumDesSchreibens: "2026-02-25",
      fremdesGeschaeftszeichen: "IB-2026/17",
    });
    expect(r.statusCode, r.body).toBe(200);
    const erwartet = {
      typ: "Eingang",
      titel: "Antrag auf Vorbescheid",
      absender: "Ingenieurbüro Weiß & Söhne",
      eingangsdatum: "2026-02-27",
      datumDesSchreibens: "2026-02-25",
      fremdesGeschaeftszeichen: "IB-2026/17",
      aktuelleVersion: 1,
    };
    expect(r.json()).toMatchObject(erwartet);
    expect((await api("les63", "GET", `/dokumente/${dok}`)).json()).toMatchObject(erwartet);
    const inhalt = await api("sb63", "GET", `/dokumente/${dok}/versionen/1/inhalt`);
    expect(inhalt.body).toBe("Antrag auf Vorbescheid");
  });

  it("refuses an invalid date and a reader, and keeps the Dokument as it was", async () => {
    const akte = await neueAkte("Baugenehmigung Ulmenweg 9");
    const vorgang = await neuerVorgang(akte.id, { betreff: "Bauantrag" });
    const dok = await dokumentHochladen(app, s.sb63!, vorgang, { filename: "antrag.txt", content: "x" });

    const datum = await api("sb63", "PATCH", `/dokumente/${dok}`, { eingangsdatum: "2026-02-30" });
    expect(datum.statusCode).toBe(400);
    expect(datum.json().fehler).toContainEqual({
      feld: "/eingangsdatum",
      meldung: "Muss ein gültiges Format haben: Datum (JJJJ-MM-TT).",
    });

    const leser = await api("les63", "PATCH", `/dokumente/${dok}`, { titel: "Gekapert" });
    expect(leser.statusCode).toBe(403);
    expect(leser.json().detail).toBe("Sie dürfen in dieser Akte nichts ändern.");

    expect((await api("sb63", "GET", `/dokumente/${dok}`)).json()).toMatchObject({
      titel: "antrag.txt",
      eingangsdatum: null,
    });
  });
});
