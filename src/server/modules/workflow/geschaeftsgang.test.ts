import type { FastifyInstance } from "fastify";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { einfachesPdf } from "../../demo/pdf.js";
import { createWorker } from "../../main.js";
import { ManualClock } from "../../platform/clock.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { multipart } from "../../../../test/helpers/multipart.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";
import { tageslauf } from "./fristen.service.js";

const TAG = 24 * 3600 * 1000;
const clock = new ManualClock("2026-03-02T08:00:00Z");
let ctx: TestContext;
let app: FastifyInstance;
let smtp: SMTPServer;
const mails: { an: string; text: string }[] = [];
const s: Record<string, Session> = {};

async function api(who: string, method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: unknown) {
  return app.inject({
    method,
    url: `/api/v1${url}`,
    headers: method === "GET" ? { cookie: s[who]!.cookie } : s[who]!.headers,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
}

async function ok<T = Record<string, unknown>>(
  who: string,
  method: "GET" | "POST" | "PUT" | "DELETE",
  url: string,
  payload?: unknown,
): Promise<T> {
  const r = await api(who, method, url, payload);
  expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
  return r.json() as T;
}

interface Gang {
  id: string;
  status: string;
  schritte: {
    id: string;
    art: string;
    status: string;
    stufe: number;
    aktionen: string[];
    ergebnis: string | null;
  }[];
  dokument: { gezeichnet: boolean } | null;
  verfuegungDokumentId: string | null;
}

/** A Vorgang in the Bauaufsicht with an Entwurf of a Bescheid. */
async function vorgangMitEntwurf(betreff: string) {
  const akte = await ok<{ id: string }>("mueller", "POST", "/akten", {
    aktenplaneinheit: "63.20",
    betreff,
    federfuehrendeOe: "63",
  });
  const vorgang = await ok<{ id: string }>("mueller", "POST", `/akten/${akte.id}/vorgaenge`, { betreff });
  const { payload, headers } = multipart(
    { metadaten: { typ: "Entwurf", titel: "Bescheid" } },
    { filename: "bescheid.pdf", content: einfachesPdf(["Bescheid", betreff]) },
  );
  const dok = await app.inject({
    method: "POST",
    url: `/api/v1/vorgaenge/${vorgang.id}/dokumente`,
    headers: { ...s.mueller!.headers, ...headers },
    payload,
  });
  expect(dok.statusCode, dok.body).toBe(201);
  return { akte: akte.id, vorgang: vorgang.id, dokument: dok.json().id as string };
}

const postkorb = (who: string, query = "") =>
  ok<{
    zaehler: Record<string, number>;
    eintraege: {
      id: string;
      kategorie: string;
      quelle: string;
      titel: string;
      vorgang: { id: string; zeichen: string; betreff: string } | null;
      fuer: { benutzername: string } | null;
    }[];
  }>(who, "GET", `/postkorb${query}`);

/** Moves the clock; sessions time out as they would, so everyone logs in again. */
async function zeitSprung(zeit: string | Date) {
  clock.set(zeit);
  for (const name of Object.keys(s)) s[name] = await login(app, name);
}

const aktion = (who: string, schritt: string, body: Record<string, unknown>) =>
  api(who, "POST", `/schritte/${schritt}/aktionen`, body);

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let text = "";
      stream.on("data", (c: Buffer) => (text += c.toString("utf8")));
      stream.on("end", () => {
        mails.push({ an: session.envelope.rcptTo.map((r) => r.address).join(","), text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const port = (smtp.server.address() as { port: number }).port;
  ctx = await createTestContext({
    clock,
    config: { smtpUrl: `smtp://127.0.0.1:${port}`, erlaubteHosts: ["127.0.0.1"], eskalationNachTagen: 3 },
  });
  app = await buildApp(ctx);
  for (const [kuerzel, name, art, uebergeordnet] of [
    ["D2", "Dezernat II", "Dezernat", null],
    ["63", "Bauaufsicht", "Amt", "D2"],
    ["70", "Umweltamt", "Amt", "D2"],
    ["20", "Kämmerei", "Amt", null],
    ["51", "Jugendamt", "Amt", null],
    ["11", "Personalamt", "Amt", null],
    ["10", "Hauptamt", "Amt", null],
  ] as const)
    await createOe(ctx, { kuerzel, name, art, uebergeordnet });
  await importTestAktenplan(ctx);
  for (const [name, oe, rolle] of [
    ["mueller", "63", "Sachbearbeitung"],
    ["schmidt", "63", "Leitung"],
    ["hoffmann", "D2", "Leitung"],
    ["wagner", "70", "Sachbearbeitung"],
    ["lang", "70", "Sachbearbeitung"],
    ["uleitung", "70", "Leitung"],
    ["koch", "20", "Sachbearbeitung"],
    ["weber", "51", "Sachbearbeitung"],
    ["admin", "10", "Administration"],
  ] as const) {
    await createUser(ctx, { benutzername: name, rollen: [{ oe, rolle }] });
    await ctx.db.query("UPDATE benutzer SET email = $2 WHERE benutzername = $1", [
      name,
      `${name}@kreis.example`,
    ]);
    s[name] = await login(app, name);
  }
  await ok("admin", "POST", "/zeichnungsbefugnisse", { rolle: "Leitung" });
});
afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

describe("Geschäftsgang: Mitzeichnung, Zeichnung i. V., Abgang, zdA", () => {
  it("runs a Bescheid through parallel Mitzeichnung, Zeichnung by the deputy and Abgang to zdA, with a Verfügung", async () => {
    const vorlage = await ok<{ id: string }>("schmidt", "POST", "/laufwegvorlagen", {
      name: "Bescheid mit Mitzeichnung",
      oe: "63",
      aktenplanPraefix: "63",
      zeichnungVorAbgang: true,
      schritte: [
        { art: "Mitzeichnung", adressat: { oe: "70" }, verfuegungstext: "Umweltbelange prüfen" },
        { art: "Mitzeichnung", adressat: { benutzer: "koch" }, parallel: true },
        { art: "Zeichnung", adressat: { benutzer: "schmidt" } },
        { art: "Abgang", adressat: { benutzer: "mueller" } },
        { art: "zdA", adressat: { benutzer: "mueller" } },
      ],
    });
    const v = await vorgangMitEntwurf("Vorbescheid Gartenweg 3");
    let gang = await ok<Gang>("mueller", "POST", `/vorgaenge/${v.vorgang}/geschaeftsgaenge`, {
      dokument: v.dokument,
      vorlage: vorlage.id,
    });
    expect(gang.schritte.map((x) => [x.art, x.stufe, x.status])).toEqual([
      ["Mitzeichnung", 1, "offen"],
      ["Mitzeichnung", 1, "offen"],
      ["Zeichnung", 2, "wartend"],
      ["Abgang", 3, "wartend"],
      ["zdA", 4, "wartend"],
    ]);
    const [ua, kaemmerei, zeichnung, abgang, zda] = gang.schritte.map((x) => x.id) as [
      string,
      string,
      string,
      string,
      string,
    ];

    // Both Mitzeichnungen are in the right Postkörbe; the Umweltamt's step in the OE's.
    expect((await postkorb("wagner")).eintraege.find((e) => e.id === ua)).toMatchObject({
      kategorie: "mitzeichnung",
      quelle: "oe",
    });
    expect((await postkorb("koch")).zaehler.mitzeichnung).toBe(1);
    // Each step names its Vorgang; the text search finds it by Betreff and by Aktenzeichen.
    const eintrag = (await postkorb("koch")).eintraege.find((e) => e.id === kaemmerei)!;
    expect(eintrag).toMatchObject({
      titel: "Vorbescheid Gartenweg 3",
      vorgang: { id: v.vorgang, betreff: "Vorbescheid Gartenweg 3" },
    });
    const { aktenzeichen } = await ok<{ aktenzeichen: string }>("mueller", "GET", `/akten/${v.akte}`);
    expect(eintrag.vorgang!.zeichen).toMatch(
      new RegExp(`^${aktenzeichen.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}-\\d+$`),
    );
    for (const suche of ["gartenweg", eintrag.vorgang!.zeichen])
      expect((await postkorb("koch", `?q=${encodeURIComponent(suche)}`)).eintraege.map((e) => e.id)).toEqual([
        kaemmerei,
      ]);
    expect((await postkorb("koch", "?q=Mühlenweg")).eintraege).toEqual([]);
    // The Umweltamt clerk (and the Kämmerei) may read the Akte now: Beteiligung through the route.
    expect((await api("wagner", "GET", `/vorgaenge/${v.vorgang}`)).statusCode).toBe(200);
    expect((await api("koch", "GET", `/dokumente/${v.dokument}`)).statusCode).toBe(200);

    // Two Umweltamt clerks take the OE step at once: exactly one wins.
    const [a, b] = await Promise.all([
      api("wagner", "POST", `/schritte/${ua}/uebernehmen`),
      api("lang", "POST", `/schritte/${ua}/uebernehmen`),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const gewinner = a.statusCode === 200 ? "wagner" : "lang";
    const verlierer = gewinner === "wagner" ? "lang" : "wagner";
    expect((await aktion(verlierer, ua, { aktion: "zustimmen" })).statusCode).toBe(409);
    expect((await postkorb(verlierer)).eintraege.some((e) => e.id === ua)).toBe(false);

    // Kämmerei agrees with changes: the changed draft becomes version 2.
    const { payload, headers } = multipart(
      { begruendung: "Gebühr nach Tarifstelle 2.1 korrigiert" },
      { filename: "bescheid-v2.pdf", content: einfachesPdf(["Bescheid", "Gebühr 180,00 Euro"]) },
    );
    const geaendert = await app.inject({
      method: "POST",
      url: `/api/v1/schritte/${kaemmerei}/mitzeichnung-mit-aenderungen`,
      headers: { ...s.koch!.headers, ...headers },
      payload,
    });
    expect(geaendert.statusCode, geaendert.body).toBe(200);
    expect(
      (await ok<{ aktuelleVersion: number }>("mueller", "GET", `/dokumente/${v.dokument}`)).aktuelleVersion,
    ).toBe(2);
    gang = await ok<Gang>(gewinner, "POST", `/schritte/${ua}/aktionen`, { aktion: "zustimmen" });
    expect(gang.schritte.find((x) => x.id === zeichnung)?.status).toBe("offen");

    // Zeichnung without Befugnis: refused, nothing changed.
    expect((await aktion("mueller", zeichnung, { aktion: "zeichnen" })).statusCode).toBe(403);
    // schmidt is absent; the OE's standard deputy (the Dezernent) zeichnet i. V.
    await ok("admin", "PUT", "/organisationseinheiten/63/standardvertretung", { vertreter: "hoffmann" });
    await ok("schmidt", "POST", "/abwesenheiten", { von: "2026-03-02", bis: "2026-03-06" });
    const vertretung = await postkorb("hoffmann");
    expect(vertretung.eintraege.find((e) => e.id === zeichnung)).toMatchObject({
      kategorie: "zeichnung",
      quelle: "vertretung",
      fuer: { benutzername: "schmidt" },
    });
    gang = await ok<Gang>("hoffmann", "POST", `/schritte/${zeichnung}/aktionen`, { aktion: "zeichnen" });
    expect(gang.dokument?.gezeichnet).toBe(true);
    const { rows: iv } = await ctx.db.query<{ akteur_name: string; im_auftrag_von_name: string }>(
      "SELECT akteur_name, im_auftrag_von_name FROM protokoll WHERE aktion = 'schritt.erledigt' AND objekt_id = $1",
      [zeichnung],
    );
    expect(iv[0]?.im_auftrag_von_name).toMatch(/\(schmidt\)$/);
    expect(iv[0]?.akteur_name).toMatch(/\(hoffmann\)$/);

    // After Zeichnung the Entwurf is final.
    const { payload: p3, headers: h3 } = multipart({}, { filename: "v3.pdf", content: einfachesPdf(["v3"]) });
    const v3 = await app.inject({
      method: "POST",
      url: `/api/v1/dokumente/${v.dokument}/versionen`,
      headers: { ...s.mueller!.headers, ...h3 },
      payload: p3,
    });
    expect(v3.statusCode).toBe(409);
    expect(v3.json().detail).toMatch(/gezeichnet/);

    // Acting on a finished step is refused.
    expect((await aktion("koch", kaemmerei, { aktion: "zustimmen" })).statusCode).toBe(409);
    // Abgang needs its channel; then zdA closes the Vorgang.
    const ohneKanal = await aktion("mueller", abgang, { aktion: "abgang" });
    expect(ohneKanal.statusCode).toBe(400);
    await ok("mueller", "POST", `/schritte/${abgang}/aktionen`, { aktion: "abgang", kanal: "Post" });
    gang = await ok<Gang>("mueller", "POST", `/schritte/${zda}/aktionen`, { aktion: "zda" });
    expect(gang.status).toBe("abgeschlossen");
    expect((await ok<{ status: string }>("mueller", "GET", `/vorgaenge/${v.vorgang}`)).status).toBe("zda");

    // The Verfügung is filed in the Vorgang and reads like one.
    await createWorker(ctx, 2).drain();
    const { rows: text } = await ctx.db.query<{ text: string }>(
      "SELECT text FROM dokument_inhalt WHERE dokument_id = $1",
      [gang.verfuegungDokumentId],
    );
    const verfuegung = text[0]!.text.replace(/\s+/g, " ");
    expect(verfuegung).toContain("Verfügung");
    expect(verfuegung).toContain("mitgezeichnet mit Änderungen");
    expect(verfuegung).toMatch(/gezeichnet von .* i\. V\. für/);
    expect(verfuegung).toContain("Abgang per Post");

    // Every step is in the Protokoll.
    const { rows: protokoll } = await ctx.db.query<{ aktion: string }>(
      "SELECT aktion FROM protokoll WHERE details->>'geschaeftsgangId' = $1 OR objekt_id = $1 ORDER BY nr",
      [gang.id],
    );
    expect(protokoll.map((p) => p.aktion)).toEqual([
      "geschaeftsgang.gestartet",
      "schritt.uebernommen",
      "schritt.erledigt",
      "schritt.erledigt",
      "dokument.gezeichnet",
      "schritt.erledigt",
      "schritt.erledigt",
      "schritt.erledigt",
      "geschaeftsgang.abgeschlossen",
      "vorgang.zda",
    ]);
  });

  it("sends a refused Mitzeichnung back to the Ersteller and then to the same Mitzeichner again", async () => {
    const v = await vorgangMitEntwurf("Abrissgenehmigung Mühlenweg");
    const gang = await ok<Gang>("mueller", "POST", `/vorgaenge/${v.vorgang}/geschaeftsgaenge`, {
      dokument: v.dokument,
      schritte: [
        { art: "Mitzeichnung", adressat: { benutzer: "koch" } },
        { art: "Zeichnung", adressat: { benutzer: "schmidt" } },
      ],
    });
    const mz = gang.schritte[0]!.id;
    const ohneGrund = await aktion("koch", mz, { aktion: "ablehnen" });
    expect(ohneGrund.statusCode).toBe(400);
    const danach = await ok<Gang>("koch", "POST", `/schritte/${mz}/aktionen`, {
      aktion: "ablehnen",
      begruendung: "Kostenansatz fehlt",
    });
    expect(danach.schritte.map((x) => [x.art, x.status, x.ergebnis])).toEqual([
      ["Mitzeichnung", "erledigt", "abgelehnt"],
      ["Bearbeitung", "offen", null],
      ["Mitzeichnung", "wartend", null],
      ["Zeichnung", "wartend", null],
    ]);
    expect((await postkorb("mueller")).zaehler.bearbeiten).toBeGreaterThanOrEqual(1);
  });
});

describe("Laufweg: Prüfungen und Änderungen", () => {
  it("refuses a cycle, a missing Zeichnung the template requires, zdA in the middle, and unknown addressees", async () => {
    const v = await vorgangMitEntwurf("Nutzungsänderung Scheune");
    const starte = (body: Record<string, unknown>) =>
      api("mueller", "POST", `/vorgaenge/${v.vorgang}/geschaeftsgaenge`, body);
    const kreis = await starte({
      schritte: [
        { art: "Mitzeichnung", adressat: { benutzer: "koch" }, schluessel: "A", nach: ["B"] },
        { art: "Mitzeichnung", adressat: { oe: "70" }, schluessel: "B", nach: ["A"] },
      ],
    });
    expect(kreis.statusCode).toBe(400);
    expect(kreis.json().detail).toBe("Der Laufweg enthält einen Kreis: A → B → A.");
    const ohneZeichnung = await starte({
      zeichnungVorAbgang: true,
      schritte: [{ art: "Abgang", adressat: { benutzer: "mueller" } }],
    });
    expect(ohneZeichnung.statusCode).toBe(400);
    expect(ohneZeichnung.json().detail).toMatch(/vor dem Abgang eine Zeichnung/);
    const zdaMitte = await starte({
      schritte: [
        { art: "zdA", adressat: { benutzer: "mueller" } },
        { art: "Kenntnisnahme", adressat: { benutzer: "schmidt" } },
      ],
    });
    expect(zdaMitte.statusCode).toBe(400);
    const unbekannt = await starte({
      schritte: [{ art: "Kenntnisnahme", adressat: { benutzer: "niemand" } }],
    });
    expect(unbekannt.json().fehler).toEqual([
      { feld: "/schritte/0/adressat", meldung: "Unbekannter Benutzer." },
    ]);
    // A graph without a cycle: B and C after A, D after both.
    const graph = await ok<Gang>("mueller", "POST", `/vorgaenge/${v.vorgang}/geschaeftsgaenge`, {
      schritte: [
        { art: "Bearbeitung", adressat: { benutzer: "mueller" }, schluessel: "A" },
        { art: "Mitzeichnung", adressat: { benutzer: "koch" }, schluessel: "B", nach: ["A"] },
        { art: "Mitzeichnung", adressat: { oe: "70" }, schluessel: "C", nach: ["A"] },
        { art: "Kenntnisnahme", adressat: { benutzer: "schmidt" }, schluessel: "D", nach: ["B", "C"] },
      ],
    });
    expect(graph.schritte.map((x) => x.stufe)).toEqual([1, 2, 2, 3]);
    const { rows } = await ctx.db.query("SELECT 1 FROM geschaeftsgang WHERE vorgang_id = $1", [v.vorgang]);
    expect(rows.length).toBe(1);
  });

  it("inserts, skips and reorders steps of a running route, each change in the Protokoll", async () => {
    const v = await vorgangMitEntwurf("Werbeanlage Hauptstraße");
    let gang = await ok<Gang>("mueller", "POST", `/vorgaenge/${v.vorgang}/geschaeftsgaenge`, {
      schritte: [
        { art: "Bearbeitung", adressat: { benutzer: "mueller" } },
        { art: "Kenntnisnahme", adressat: { benutzer: "schmidt" } },
        { art: "Kenntnisnahme", adressat: { benutzer: "koch" } },
      ],
    });
    gang = await ok<Gang>("mueller", "POST", `/geschaeftsgaenge/${gang.id}/schritte`, {
      schritt: { art: "Mitzeichnung", adressat: { oe: "70" } },
      nachStufe: 1,
    });
    expect(gang.schritte.map((x) => x.art)).toEqual([
      "Bearbeitung",
      "Mitzeichnung",
      "Kenntnisnahme",
      "Kenntnisnahme",
    ]);
    const [, mz, kSchmidt, kKoch] = gang.schritte.map((x) => x.id);
    gang = await ok<Gang>("mueller", "POST", `/geschaeftsgaenge/${gang.id}/reihenfolge`, {
      stufen: [[kKoch, kSchmidt], [mz]],
    });
    expect(gang.schritte.map((x) => [x.art, x.stufe])).toEqual([
      ["Bearbeitung", 1],
      ["Kenntnisnahme", 2],
      ["Kenntnisnahme", 2],
      ["Mitzeichnung", 3],
    ]);
    const falsch = await api("mueller", "POST", `/geschaeftsgaenge/${gang.id}/reihenfolge`, {
      stufen: [[mz]],
    });
    expect(falsch.statusCode).toBe(400);
    // Someone outside cannot change the route.
    expect(
      (await api("koch", "POST", `/schritte/${mz}/ueberspringen`, { begruendung: "x" })).statusCode,
    ).toBe(403);
    gang = await ok<Gang>("mueller", "POST", `/schritte/${mz}/ueberspringen`, {
      begruendung: "Nicht betroffen",
    });
    expect(gang.schritte.find((x) => x.id === mz)?.status).toBe("uebersprungen");
    const { rows } = await ctx.db.query<{ aktion: string }>(
      "SELECT aktion FROM protokoll WHERE details->>'geschaeftsgangId' = $1 ORDER BY nr",
      [gang.id],
    );
    expect(rows.map((r) => r.aktion)).toEqual([
      "geschaeftsgang.gestartet",
      "geschaeftsgang.geaendert",
      "geschaeftsgang.geaendert",
      "schritt.uebersprungen",
    ]);
  });

  it("keeps hidden routes invisible: a clerk of another Amt gets 404", async () => {
    const v = await vorgangMitEntwurf("Carport Birkenallee");
    const gang = await ok<Gang>("mueller", "POST", `/vorgaenge/${v.vorgang}/geschaeftsgaenge`, {
      schritte: [{ art: "Kenntnisnahme", adressat: { benutzer: "schmidt" } }],
    });
    expect((await api("weber", "GET", `/geschaeftsgaenge/${gang.id}`)).statusCode).toBe(404);
    expect((await aktion("weber", gang.schritte[0]!.id, { aktion: "kenntnisnehmen" })).statusCode).toBe(404);
  });
});

describe("Wiedervorlage, Vertretung, Fristen", () => {
  it("shows a Wiedervorlage in the Postkorb from its day on, and refuses one in the past", async () => {
    const v = await vorgangMitEntwurf("Bauvoranfrage Am Anger");
    const vergangen = await api("mueller", "POST", `/vorgaenge/${v.vorgang}/wiedervorlagen`, {
      datum: "2026-03-01",
    });
    expect(vergangen.statusCode).toBe(400);
    expect(vergangen.json().detail).toBe("Eine Wiedervorlage in der Vergangenheit ist nicht möglich.");
    const fremd = await api("mueller", "POST", `/vorgaenge/${v.vorgang}/wiedervorlagen`, {
      datum: "2026-03-05",
      empfaenger: "weber",
    });
    expect(fremd.json().fehler[0].feld).toBe("/empfaenger");
    const wv = await ok<{ id: string }>("mueller", "POST", `/vorgaenge/${v.vorgang}/wiedervorlagen`, {
      datum: "2026-03-05",
      notiz: "Stellungnahme Umweltamt da?",
    });
    const vorher = (await postkorb("mueller")).zaehler.wiedervorlage;
    await zeitSprung("2026-03-04T08:00:00Z");
    expect((await postkorb("mueller")).zaehler.wiedervorlage).toBe(vorher);
    await zeitSprung("2026-03-05T06:00:00Z");
    const am = await postkorb("mueller", "?kategorie=wiedervorlage");
    expect(am.eintraege.map((e) => e.id)).toContain(wv.id);
    await ok("mueller", "POST", `/wiedervorlagen/${wv.id}/erledigen`);
    expect((await postkorb("mueller")).zaehler.wiedervorlage).toBe(vorher);
    await zeitSprung("2026-03-02T08:00:00Z");
  });

  it("refuses a deputy loop and self-deputising", async () => {
    await ok("koch", "POST", "/abwesenheiten", {
      von: "2026-04-01",
      bis: "2026-04-10",
      vertreter: "mueller",
    });
    const kreis = await api("mueller", "POST", "/abwesenheiten", {
      von: "2026-04-05",
      bis: "2026-04-07",
      vertreter: "koch",
    });
    expect(kreis.statusCode).toBe(400);
    expect(kreis.json().detail).toMatch(/Vertretung im Kreis/);
    const selbst = await api("mueller", "POST", "/abwesenheiten", {
      von: "2026-04-05",
      bis: "2026-04-07",
      vertreter: "mueller",
    });
    expect(selbst.statusCode).toBe(400);
    // Not at the same time: no loop.
    await ok("mueller", "POST", "/abwesenheiten", {
      von: "2026-04-20",
      bis: "2026-04-24",
      vertreter: "koch",
    });
  });

  it("flags overdue Fristen, escalates to the Leitung after the set days, and mails both once", async () => {
    const v = await vorgangMitEntwurf("Brandschutznachweis Schule");
    const gang = await ok<Gang>("mueller", "POST", `/vorgaenge/${v.vorgang}/geschaeftsgaenge`, {
      schritte: [{ art: "Mitzeichnung", adressat: { benutzer: "wagner" }, frist: "2026-03-10" }],
    });
    await zeitSprung("2026-03-11T07:00:00Z");
    const pk = await postkorb("wagner", "?kategorie=frist");
    expect(pk.eintraege.map((e) => e.id)).toContain(gang.schritte[0]!.id);
    mails.length = 0;
    const erster = await tageslauf(ctx);
    expect(erster?.gemahnt).toBeGreaterThanOrEqual(1);
    expect(mails.some((m) => m.an === "wagner@kreis.example" && m.text.includes("Brandschutznachweis"))).toBe(
      true,
    );
    expect(await tageslauf(ctx)).toBeNull();
    // More than 3 days overdue: the Umweltamt's Leitung hears of it, once.
    await zeitSprung("2026-03-14T07:00:00Z");
    mails.length = 0;
    const zweiter = await tageslauf(ctx);
    expect(zweiter?.eskaliert).toBeGreaterThanOrEqual(1);
    expect(
      mails.filter((m) => m.an === "uleitung@kreis.example" && m.text.includes("Brandschutznachweis")).length,
    ).toBe(1);
    const hinweise = await ok<{ eintraege: { art: string; text: string }[] }>(
      "uleitung",
      "GET",
      "/benachrichtigungen",
    );
    expect(
      hinweise.eintraege.some((h) => h.art === "eskalation" && h.text.includes("Brandschutznachweis")),
    ).toBe(true);
    await zeitSprung("2026-03-15T07:00:00Z");
    mails.length = 0;
    await tageslauf(ctx);
    expect(
      mails.filter((m) => m.an === "uleitung@kreis.example" && m.text.includes("Brandschutznachweis")),
    ).toEqual([]);
    await zeitSprung(new Date(Date.parse("2026-03-02T08:00:00Z")));
  });

  it("mails the daily digest to those who asked for it", async () => {
    await ok("koch", "PUT", "/benachrichtigungen/tagesbericht", { tagesbericht: true });
    const v = await vorgangMitEntwurf("Gebührenbescheid Prüfung");
    await ok("mueller", "POST", `/vorgaenge/${v.vorgang}/geschaeftsgaenge`, {
      schritte: [{ art: "Mitzeichnung", adressat: { benutzer: "koch" } }],
    });
    await zeitSprung(new Date(Date.parse("2026-03-20T05:00:00Z") + TAG));
    mails.length = 0;
    expect((await tageslauf(ctx))?.berichte).toBe(1);
    const bericht = mails.find((m) => m.an === "koch@kreis.example");
    expect(bericht?.text).toMatch(/Zur Mitzeichnung: \d+/);
    await zeitSprung("2026-03-02T08:00:00Z");
  });
});
