import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { einfachesPdf } from "../../src/server/demo/pdf.js";
import { ManualClock } from "../../src/server/platform/clock.js";
import { anfrage, type Methode } from "../helpers/anfrage.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import { dokumentHochladen } from "../helpers/dokumente.js";
import { createOe, createUser, login, type Session } from "../helpers/factories.js";
import { pdfText } from "../helpers/pdf.js";
import { importTestAktenplan } from "../helpers/schriftgut.js";

// Routes of the Geschäftsgang no test called (issue #12 item 9): cancelling a Geschäftsgang, the
// Verfügung download, withdrawing a Zeichnungsbefugnis, and the lists around them (Geschäftsgänge
// of a Vorgang, Laufwegvorlagen, Wiedervorlagen, Abwesenheiten).

interface Gang {
  id: string;
  status: string;
  verfuegungDokumentId: string | null;
  dokument: { gezeichnet: boolean } | null;
  schritte: { id: string; art: string; status: string; begruendung: string | null }[];
}

const clock = new ManualClock("2026-03-02T08:00:00Z");
let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};

const api = (who: string, methode: Methode, pfad: string, payload?: unknown) =>
  anfrage(app, s[who]!, methode, pfad, payload);

async function ok<T = Record<string, unknown>>(
  who: string,
  methode: Methode,
  pfad: string,
  payload?: unknown,
) {
  const r = await api(who, methode, pfad, payload);
  expect(r.statusCode, `${methode} ${pfad}: ${r.body}`).toBeLessThan(300);
  return r.json() as T;
}

/** A Vorgang of the Bauaufsicht with an Entwurf, and a Geschäftsgang over it with these steps. */
async function gangMit(
  betreff: string,
  schritte: unknown[],
  { aktenplaneinheit = "63.20", metadaten }: { aktenplaneinheit?: string; metadaten?: object } = {},
) {
  const akte = await ok<{ id: string }>("mueller", "POST", "/akten", {
    aktenplaneinheit,
    betreff,
    federfuehrendeOe: "63",
  });
  const vorgang = (
    await ok<{ id: string }>("mueller", "POST", `/akten/${akte.id}/vorgaenge`, { betreff, metadaten })
  ).id;
  const dokument = await dokumentHochladen(
    app,
    s.mueller!,
    vorgang,
    { filename: "bescheid.pdf", content: einfachesPdf(["Bescheid", betreff]) },
    { typ: "Entwurf", titel: "Bescheid" },
  );
  const gang = await ok<Gang>("mueller", "POST", `/vorgaenge/${vorgang}/geschaeftsgaenge`, {
    dokument,
    schritte,
  });
  return { vorgang, dokument, gang };
}

const postkorbIds = async (who: string) =>
  (await ok<{ eintraege: { id: string }[] }>(who, "GET", "/postkorb")).eintraege.map((e) => e.id);

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  app = await buildApp(ctx);
  await createOe(ctx, { kuerzel: "D2", name: "Dezernat II", art: "Dezernat" });
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht", uebergeordnet: "D2" });
  await createOe(ctx, { kuerzel: "51", name: "Jugendamt" });
  await createOe(ctx, { kuerzel: "11", name: "Personalamt" });
  await createOe(ctx, { kuerzel: "10", name: "Hauptamt" });
  await importTestAktenplan(ctx);
  for (const [name, oe, rolle, vorname, nachname] of [
    ["mueller", "63", "Sachbearbeitung", "Jürgen", "Müller"],
    ["schmidt", "63", "Leitung", "Petra", "Schmidt"],
    ["les63", "63", "Lesen", "Lena", "Leser"],
    ["hoffmann", "D2", "Leitung", "Karl", "Hoffmann"],
    ["sb51", "51", "Sachbearbeitung", "Anna", "Jung"],
    ["admin", "10", "Administration", "Ada", "Admin"],
  ] as const) {
    await createUser(ctx, { benutzername: name, vorname, nachname, rollen: [{ oe, rolle }] });
    s[name] = await login(app, name);
  }
});

afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

describe("cancelling a Geschäftsgang", () => {
  it("cancels with a reason: open steps are skipped, leave the Postkorb, and a Verfügung is filed in the Vorgang", async () => {
    const { vorgang, gang } = await gangMit("Vorbescheid Gartenweg 3", [
      { art: "Zeichnung", adressat: { benutzer: "schmidt" } },
      { art: "zdA", adressat: { benutzer: "mueller" } },
    ]);
    const zeichnung = gang.schritte[0]!.id;
    expect(await postkorbIds("schmidt")).toContain(zeichnung);

    const ohneGrund = await api("mueller", "POST", `/geschaeftsgaenge/${gang.id}/abbrechen`, {
      begruendung: "  ",
    });
    expect(ohneGrund.statusCode).toBe(400);
    expect(ohneGrund.json()).toMatchObject({
      detail: "Bitte begründen, warum der Geschäftsgang abgebrochen wird.",
      fehler: [{ feld: "/begruendung", meldung: "Pflichtfeld." }],
    });

    const r = await api("mueller", "POST", `/geschaeftsgaenge/${gang.id}/abbrechen`, {
      begruendung: "Antrag zurückgenommen",
    });
    expect(r.statusCode, r.body).toBe(200);
    const abgebrochen = r.json() as Gang;
    expect(abgebrochen.status).toBe("abgebrochen");
    expect(abgebrochen.schritte.map((x) => [x.art, x.status, x.begruendung])).toEqual([
      ["Zeichnung", "uebersprungen", "Geschäftsgang abgebrochen"],
      ["zdA", "uebersprungen", "Geschäftsgang abgebrochen"],
    ]);
    expect(await postkorbIds("schmidt")).not.toContain(zeichnung);

    // The filed Verfügung says why.
    const verfuegung = (await api("mueller", "GET", `/dokumente/${abgebrochen.verfuegungDokumentId}`)).json();
    expect(verfuegung).toMatchObject({
      typ: "Vermerk",
      titel: "Verfügung zum Geschäftsgang (02.03.2026)",
      vorgang: { id: vorgang },
      versionen: [
        { kommentar: "Geschäftsgang abgebrochen: Antrag zurückgenommen", mimeTyp: "application/pdf" },
      ],
    });

    const liste = (await ok<Gang[]>("mueller", "GET", `/vorgaenge/${vorgang}/geschaeftsgaenge`)).map((g) => [
      g.id,
      g.status,
    ]);
    expect(liste).toEqual([[gang.id, "abgebrochen"]]);

    const nochmal = await api("mueller", "POST", `/geschaeftsgaenge/${gang.id}/abbrechen`, {
      begruendung: "doppelt",
    });
    expect(nochmal.statusCode).toBe(409);
    expect(nochmal.json().detail).toBe("Dieser Geschäftsgang ist bereits beendet.");
  });

  it("lets neither a reader of the Akte nor another Amt cancel it; the Geschäftsgang keeps running", async () => {
    const { gang } = await gangMit("Bauantrag Hofweg 8", [
      { art: "Zeichnung", adressat: { benutzer: "schmidt" } },
    ]);
    const leser = await api("les63", "POST", `/geschaeftsgaenge/${gang.id}/abbrechen`, { begruendung: "x" });
    expect(leser.statusCode).toBe(403);
    expect(leser.json().detail).toBe(
      "Den Laufweg ändern die Erstellerin oder der Ersteller und die Bearbeiter der Akte.",
    );
    const fremd = await api("sb51", "POST", `/geschaeftsgaenge/${gang.id}/abbrechen`, { begruendung: "x" });
    expect(fremd.statusCode).toBe(404);
    expect(fremd.json().detail).toBe("Der Geschäftsgang wurde nicht gefunden.");
    expect((await ok<Gang>("mueller", "GET", `/geschaeftsgaenge/${gang.id}`)).status).toBe("laufend");
    expect((await api("sb51", "GET", `/vorgaenge/${gang.id}/geschaeftsgaenge`)).statusCode).toBe(404);
  });
});

describe("the Verfügung download", () => {
  it("is a PDF of the route as it stands, with steps, addressees and Verfügungstext; other Ämter get 404", async () => {
    const { gang } = await gangMit("Abbruchgenehmigung Mühlenstraße 7", [
      {
        art: "Kenntnisnahme",
        adressat: { benutzer: "hoffmann" },
        verfuegungstext: "Bitte Kenntnis nehmen: Nachbarbeteiligung erfolgt",
      },
      { art: "Zeichnung", adressat: { benutzer: "schmidt" } },
    ]);
    const r = await api("mueller", "GET", `/geschaeftsgaenge/${gang.id}/verfuegung`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers["content-type"]).toBe("application/pdf");
    expect(r.headers["content-disposition"]).toMatch(/^attachment;.*Verf%C3%BCgung\.pdf/);
    expect(r.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await pdfText(r.rawPayload);
    for (const teil of [
      "Abbruchgenehmigung Mühlenstraße 7",
      "Kenntnisnahme",
      "Karl Hoffmann",
      "Nachbarbeteiligung erfolgt",
      "Zeichnung",
      "Petra Schmidt",
    ])
      expect(text, teil).toContain(teil);

    const fremd = await api("sb51", "GET", `/geschaeftsgaenge/${gang.id}/verfuegung`);
    expect(fremd.statusCode).toBe(404);
    expect(fremd.json().detail).toBe("Der Geschäftsgang wurde nicht gefunden.");
    expect(fremd.body).not.toContain("Mühlenstraße");
  });
});

describe("withdrawing a Zeichnungsbefugnis", () => {
  it("takes the right to zeichnen away at once, only by the Administration, and gives it back when set again", async () => {
    const regel = await api("admin", "POST", "/zeichnungsbefugnisse", { rolle: "Leitung", oe: "63" });
    expect(regel.statusCode, regel.body).toBe(201);
    const id = regel.json().id as string;
    expect(await ok<unknown[]>("mueller", "GET", "/zeichnungsbefugnisse")).toContainEqual({
      id,
      rolle: "Leitung",
      oe: { kuerzel: "63", name: "Bauaufsicht" },
      aktenplanPraefix: null,
    });
    const { gang } = await gangMit("Baugenehmigung Lindenweg 4", [
      { art: "Zeichnung", adressat: { benutzer: "schmidt" } },
    ]);
    const zeichnung = gang.schritte[0]!.id;

    const verweigert = await api("schmidt", "DELETE", `/zeichnungsbefugnisse/${id}`);
    expect(verweigert.statusCode).toBe(403);
    expect(verweigert.json().title).toBe("Dafür fehlt Ihnen die Berechtigung.");

    const weg = await api("admin", "DELETE", `/zeichnungsbefugnisse/${id}`);
    expect(weg.statusCode, weg.body).toBe(204);
    expect(
      (await ok<{ id: string }[]>("mueller", "GET", "/zeichnungsbefugnisse")).map((z) => z.id),
    ).not.toContain(id);
    const ohne = await api("schmidt", "POST", `/schritte/${zeichnung}/aktionen`, { aktion: "zeichnen" });
    expect(ohne.statusCode).toBe(403);
    expect(ohne.json().detail).toBe("Sie haben für 63.20 keine Zeichnungsbefugnis.");
    const nochmal = await api("admin", "DELETE", `/zeichnungsbefugnisse/${id}`);
    expect(nochmal.statusCode).toBe(404);
    expect(nochmal.json().detail).toBe("Die Zeichnungsbefugnis wurde nicht gefunden.");

    await ok("admin", "POST", "/zeichnungsbefugnisse", { rolle: "Leitung", oe: "63" });
    const mit = await ok<Gang>("schmidt", "POST", `/schritte/${zeichnung}/aktionen`, { aktion: "zeichnen" });
    expect(mit.dokument?.gezeichnet).toBe(true);
  });
});

describe("lists around the Geschäftsgang", () => {
  it("offers the Laufwegvorlagen that fit a Vorgang's part of the Aktenplan", async () => {
    const vorlage = await ok<{ id: string }>("schmidt", "POST", "/laufwegvorlagen", {
      name: "Baugenehmigung mit Zeichnung",
      oe: "63",
      aktenplanPraefix: "63.10",
      schritte: [{ art: "Zeichnung", adressat: { benutzer: "schmidt" } }],
    });
    const kenntnis = [{ art: "Kenntnisnahme", adressat: { benutzer: "schmidt" } }];
    const { vorgang: passend } = await gangMit("Baugenehmigung Ahornweg 1", kenntnis, {
      aktenplaneinheit: "63.10",
      metadaten: { bauvorhaben: "Wintergarten" },
    });
    const { vorgang: anders } = await gangMit("Vorbescheid Ahornweg 2", kenntnis);
    const ids = async (query: string) =>
      (await ok<{ id: string }[]>("mueller", "GET", `/laufwegvorlagen${query}`)).map((v) => v.id);
    expect(await ids("")).toContain(vorlage.id);
    expect(await ids(`?vorgang=${passend}`)).toContain(vorlage.id);
    expect(await ids(`?vorgang=${anders}`)).not.toContain(vorlage.id);
    const fremd = await api("sb51", "GET", `/laufwegvorlagen?vorgang=${passend}`);
    expect(fremd.statusCode).toBe(404);
  });

  it("lists a Vorgang's Wiedervorlagen with note and state, only to those who see the Vorgang", async () => {
    const { vorgang } = await gangMit("Nutzungsänderung Ladenlokal", [
      { art: "Kenntnisnahme", adressat: { benutzer: "schmidt" } },
    ]);
    const wv = await ok<{ id: string }>("mueller", "POST", `/vorgaenge/${vorgang}/wiedervorlagen`, {
      datum: "2026-03-16",
      notiz: "Nachgereichte Statik prüfen",
    });
    const liste = await ok<unknown[]>("les63", "GET", `/vorgaenge/${vorgang}/wiedervorlagen`);
    expect(liste).toEqual([
      expect.objectContaining({
        id: wv.id,
        datum: "2026-03-16",
        notiz: "Nachgereichte Statik prüfen",
        empfaenger: expect.objectContaining({ benutzername: "mueller" }),
        erledigtAm: null,
        faellig: false,
      }),
    ]);
    await ok("mueller", "POST", `/wiedervorlagen/${wv.id}/erledigen`);
    const erledigt = await ok<{ erledigtAm: string | null }[]>(
      "mueller",
      "GET",
      `/vorgaenge/${vorgang}/wiedervorlagen`,
    );
    expect(erledigt[0]!.erledigtAm).not.toBeNull();
    const fremd = await api("sb51", "GET", `/vorgaenge/${vorgang}/wiedervorlagen`);
    expect(fremd.statusCode).toBe(404);
    expect(fremd.body).not.toContain("Statik");
  });

  it("lists an Abwesenheit to the absent and the deputy, routes the steps to the deputy, and ends when deleted", async () => {
    const { gang } = await gangMit("Bauvoranfrage Kirchplatz", [
      { art: "Zeichnung", adressat: { benutzer: "schmidt" } },
    ]);
    const zeichnung = gang.schritte[0]!.id;
    const abwesenheit = await ok<{ id: string }>("schmidt", "POST", "/abwesenheiten", {
      von: "2026-03-02",
      bis: "2026-03-06",
      vertreter: "hoffmann",
    });
    const erwartet = expect.objectContaining({
      id: abwesenheit.id,
      von: "2026-03-02",
      bis: "2026-03-06",
      benutzer: expect.objectContaining({ benutzername: "schmidt" }),
      vertreter: expect.objectContaining({ benutzername: "hoffmann" }),
    });
    expect(await ok("schmidt", "GET", "/abwesenheiten")).toEqual([erwartet]);
    expect(await ok("hoffmann", "GET", "/abwesenheiten")).toEqual([erwartet]);
    expect(await ok("mueller", "GET", "/abwesenheiten")).toEqual([]);
    expect(await postkorbIds("hoffmann")).toContain(zeichnung);

    const fremd = await api("mueller", "DELETE", `/abwesenheiten/${abwesenheit.id}`);
    expect(fremd.statusCode).toBe(404);
    expect(fremd.json().detail).toBe("Die Abwesenheit wurde nicht gefunden.");

    expect((await api("schmidt", "DELETE", `/abwesenheiten/${abwesenheit.id}`)).statusCode).toBe(204);
    expect(await ok("schmidt", "GET", "/abwesenheiten")).toEqual([]);
    expect(await postkorbIds("hoffmann")).not.toContain(zeichnung);
    expect(await postkorbIds("schmidt")).toContain(zeichnung);
  });
});
