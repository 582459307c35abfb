import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { createWorker } from "../../main.js";
import { JOB_NACH_CTYPE_UMZUG } from "../../platform/database/ctype-umzug.js";
import { createTestContext, OHNE_WERKZEUGE, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { dokumentHochladen } from "../../../../test/helpers/dokumente.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";
import { getBenutzer, loadActor } from "../access/access.service.js";
import { profilFuer } from "../schriftgut/index.js";
import { schluesselDesLesers } from "./suche.policy.js";
import * as repo from "./suche.repository.js";
import { indexiereDokumenteInTx, indexiereDokumentInTx, suchanfrage } from "./suche.service.js";
import {
  KORPUS,
  programmDa,
  tesseractSpracheDa,
  voraussetzung,
} from "../../../../test/helpers/voraussetzung.js";

const korpusDa = voraussetzung(
  "Testkorpus",
  existsSync(path.join(KORPUS, "SOURCES.md")),
  `fehlt unter ${KORPUS}`,
);
const ocrDa =
  korpusDa &&
  voraussetzung(
    "OCR (ocrmypdf, tesseract mit deu)",
    programmDa("ocrmypdf") && tesseractSpracheDa("deu"),
    "Debian-Pakete ocrmypdf und tesseract-ocr-deu",
  );

let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};
const akten: Record<string, { akte: string; vorgang: string; aktenzeichen: string }> = {};

async function akteMitVorgang(session: Session, name: string, body: Record<string, unknown>) {
  const akte = (
    await app.inject({ method: "POST", url: "/api/v1/akten", headers: session.headers, payload: body })
  ).json();
  const vorgang = (
    await app.inject({
      method: "POST",
      url: `/api/v1/akten/${akte.id}/vorgaenge`,
      headers: session.headers,
      payload: {
        betreff: "Vorgang",
        metadaten: body.aktenplaneinheit === "63.10" ? { bauvorhaben: "Wohnhaus" } : {},
      },
    })
  ).json();
  akten[name] = { akte: akte.id, vorgang: vorgang.id, aktenzeichen: akte.aktenzeichen };
}

const hochladen = (
  session: Session,
  vorgang: string,
  titel: string,
  filename: string,
  content: Buffer | string,
  typ = "Eingang",
) => dokumentHochladen(app, session, vorgang, { filename, content }, { typ, titel });

const suche = (who: string, q: string, extra = "") =>
  app.inject({
    method: "GET",
    // These tests are about Dokumente; the tests of Akten and Vorgänge as hits ask with art themselves.
    // ("&art=alle" asks without the parameter: every kind of hit.)
    url: `/api/v1/suche?q=${encodeURIComponent(q)}${extra.includes("art=") ? "" : "&art=dokument"}${extra.replace("&art=alle", "")}`,
    headers: { cookie: s[who]!.cookie },
  });
const titel = async (who: string, q: string) =>
  (await suche(who, q)).json().treffer.map((t: { dokument: { titel: string } }) => t.dokument.titel);

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
  await createOe(ctx, { kuerzel: "51", name: "Jugendamt" });
  await createOe(ctx, { kuerzel: "10", name: "Hauptamt" });
  await createOe(ctx, { kuerzel: "11", name: "Personalamt" });
  await importTestAktenplan(ctx);
  for (const [name, oe, rolle] of [
    ["sb63", "63", "Sachbearbeitung"],
    ["sb51", "51", "Sachbearbeitung"],
    ["reg", "10", "Registratur"],
  ] as const) {
    await createUser(ctx, { benutzername: name, rollen: [{ oe, rolle }] });
    s[name] = await login(app, name);
  }
  await akteMitVorgang(s.sb63!, "bau", {
    aktenplaneinheit: "63.10",
    betreff: "Neubau Wohnhaus Lindenweg",
    federfuehrendeOe: "63",
  });
  await akteMitVorgang(s.sb51!, "jugend", {
    aktenplaneinheit: "50.10",
    betreff: "Hilfe zur Erziehung",
    federfuehrendeOe: "51",
  });
  await hochladen(
    s.sb63!,
    akten.bau!.vorgang,
    "Antrag Müller",
    "antrag.txt",
    "Der Bauantrag von Frau Müller für das Grundstück Lindenweg 12 wurde im Januar eingereicht.",
  );
  await hochladen(
    s.sb63!,
    akten.bau!.vorgang,
    "Bescheid",
    "bescheid.txt",
    "Widerspruchsbescheid zur Baugenehmigung des Landkreises",
    "Bescheid",
  );
  await hochladen(
    s.sb51!,
    akten.jugend!.vorgang,
    "Hilfeplan",
    "hilfeplan.txt",
    "Hilfeplan Familie Krüger: Bauantrag der Eltern ruht.",
  );
  await createWorker(ctx, 2).drain();
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe("Suche", () => {
  it("finds a compound by its base word: Antrag finds Bauantrag", async () => {
    expect(await titel("sb63", "Antrag")).toContain("Antrag Müller");
    expect(await titel("sb63", "Genehmigung")).toEqual(["Bescheid"]);
  });

  it("finds umlauts in either spelling: Mueller finds Müller, Krueger finds Krüger", async () => {
    expect(await titel("sb63", "Mueller")).toEqual(["Antrag Müller"]);
    expect(await titel("sb51", "Krueger")).toEqual(["Hilfeplan"]);
  });

  it("tolerates typos and finds stemmed forms", async () => {
    expect(await titel("sb63", "Baugenehmigng")).toEqual(["Bescheid"]);
    expect(await titel("sb63", "Grundstücke")).toEqual(["Antrag Müller"]);
  });

  it("finds by exact Aktenzeichen", async () => {
    const r = (await suche("sb63", akten.bau!.aktenzeichen)).json();
    expect(r.treffer.length).toBe(2);
    expect(
      r.treffer.every(
        (t: { akte: { aktenzeichen: string } }) => t.akte.aktenzeichen === akten.bau!.aktenzeichen,
      ),
    ).toBe(true);
  });

  it("marks matches in the snippet", async () => {
    const r = (await suche("sb63", "Lindenweg")).json();
    expect(r.treffer[0].ausschnitt).toContain("«Lindenweg»");
  });

  it("indexes many Dokumente at once, whole or in parts, into the same rows as one by one (words, parts, keys)", async () => {
    const zeilen = async () =>
      (
        await ctx.db.query<{ dokument_id: string; tsv: string; sichtbar_fuer: string[] }>(
          "SELECT dokument_id, tsv::text AS tsv, sichtbar_fuer FROM suchindex ORDER BY dokument_id",
        )
      ).rows;
    const ids = (await zeilen()).map((z) => z.dokument_id);
    await ctx.db.transaction((tx) => indexiereDokumenteInTx(tx, ids, new Date()));
    const zusammen = await zeilen();
    // A budget of one byte: every Dokument with text becomes a part of its own.
    await ctx.db.transaction((tx) => indexiereDokumenteInTx(tx, [...ids].reverse(), new Date(), 1));
    const inTeilen = await zeilen();
    for (const id of ids) await ctx.db.transaction((tx) => indexiereDokumentInTx(tx, id, new Date()));
    const einzeln = await zeilen();
    expect(zusammen).toEqual(einzeln);
    expect(inTeilen).toEqual(einzeln);
    // The rows differ in words and in keys, so a row given another's would have shown.
    expect(new Set(einzeln.map((z) => z.tsv)).size).toBe(ids.length);
    expect(new Set(einzeln.map((z) => JSON.stringify(z.sichtbar_fuer))).size).toBeGreaterThan(1);
  });

  it("trims to what the user may read: hidden documents change no count and no facet", async () => {
    const bau = (await suche("sb63", "Bauantrag")).json();
    expect(bau.treffer.map((t: { dokument: { titel: string } }) => t.dokument.titel)).toEqual([
      "Antrag Müller",
    ]);
    expect(bau.anzahl).toBe(1);
    expect(bau.facetten.oe).toEqual([{ wert: "63", bezeichnung: "Bauaufsicht", anzahl: 1 }]);
    const jugend = (await suche("sb51", "Bauantrag")).json();
    expect(jugend.treffer.map((t: { dokument: { titel: string } }) => t.dokument.titel)).toEqual([
      "Hilfeplan",
    ]);
    // The Registratur keeps metadata of restricted Akten but never finds their content.
    expect(await titel("reg", "Hilfeplan")).toEqual([]);
    // Both Dokumente lie in the Akte "Neubau Wohnhaus Lindenweg": the Akte's Betreff is indexed with them.
    expect((await titel("reg", "Lindenweg")).sort()).toEqual(["Antrag Müller", "Bescheid"]);
  });

  it("finds the same candidates reading rows (common queries), through the text index (rare ones) and from the filtered OE's Dokumente", async () => {
    const gefunden = new Map<string, number>();
    for (const wer of ["sb63", "sb51", "reg"]) {
      const { mitgliedschaften: _m, ...benutzer } = await getBenutzer(ctx, wer);
      const profil = await profilFuer(ctx, await loadActor(ctx.db, benutzer, "sitzung"));
      const leser = { schluessel: schluesselDesLesers(profil), profil };
      for (const q of ["Bauantrag", "Lindenweg", "Bescheid", "Krüger"]) {
        const anfrage = await suchanfrage(ctx, leser, q);
        for (const filter of [
          {},
          { typ: "Bescheid" },
          { typ: "Eingang" },
          { oe: "63" },
          { oe: "51", typ: "Bescheid" },
        ]) {
          const ids = async (weg: "index" | "zeilen" | "filter") =>
            (await repo.kandidaten(ctx.db, anfrage, leser, filter, 1001, weg)).map((k) => k.id).sort();
          const ueberIndex = await ids("index");
          const fall = `${wer}: ${q} ${JSON.stringify(filter)}`;
          expect(await ids("zeilen"), fall).toEqual(ueberIndex);
          expect(await ids("filter"), fall).toEqual(ueberIndex);
          const schluessel = JSON.stringify(filter);
          gefunden.set(schluessel, (gefunden.get(schluessel) ?? 0) + ueberIndex.length);
        }
      }
    }
    // Each filter but the last (no Bescheid in OE 51) found something, so the comparisons compared hits.
    expect(
      [...gefunden.values()].slice(0, 4).every((n) => n > 0),
      JSON.stringify([...gefunden]),
    ).toBe(true);
  });

  it("follows changes of access: Beteiligte see the content, a restriction hides it", async () => {
    expect(await titel("sb51", "Lindenweg")).toEqual([]);
    const beteiligt = await app.inject({
      method: "PATCH",
      url: `/api/v1/akten/${akten.bau!.akte}`,
      headers: s.sb63!.headers,
      payload: { beteiligteOes: ["51"] },
    });
    expect(beteiligt.statusCode).toBe(200);
    expect((await titel("sb51", "Lindenweg")).sort()).toEqual(["Antrag Müller", "Bescheid"]);
    const beschraenkt = await app.inject({
      method: "PUT",
      url: `/api/v1/akten/${akten.bau!.akte}/zugriff`,
      headers: s.sb63!.headers,
      payload: { zugriffsbeschraenkt: true, zugriff: [] },
    });
    expect(beschraenkt.statusCode).toBe(200);
    expect(await titel("sb51", "Lindenweg")).toEqual([]);
    expect(await titel("reg", "Lindenweg")).toEqual([]);
    expect((await titel("sb63", "Lindenweg")).sort()).toEqual(["Antrag Müller", "Bescheid"]);
    await app.inject({
      method: "PUT",
      url: `/api/v1/akten/${akten.bau!.akte}/zugriff`,
      headers: s.sb63!.headers,
      payload: { zugriffsbeschraenkt: false, zugriff: [] },
    });
    await app.inject({
      method: "PATCH",
      url: `/api/v1/akten/${akten.bau!.akte}`,
      headers: s.sb63!.headers,
      payload: { beteiligteOes: [] },
    });
    expect(await titel("sb51", "Lindenweg")).toEqual([]);
  });

  it("filters by facet: the Dokument of another type is left out, though it matches the words", async () => {
    type Treffer = { dokument: { titel: string; typ: string } };
    const paare = (r: { treffer: Treffer[] }) =>
      r.treffer.map((t) => [t.dokument.titel, t.dokument.typ]).sort((x, y) => x[0]!.localeCompare(y[0]!));
    // Both Dokumente match "Lindenweg" (the Akte's Betreff is indexed with them): one Eingang, one Bescheid.
    const ohneFilter = (await suche("sb63", "Lindenweg")).json();
    expect(paare(ohneFilter)).toEqual([
      ["Antrag Müller", "Eingang"],
      ["Bescheid", "Bescheid"],
    ]);
    const gefiltert = (await suche("sb63", "Lindenweg", "&typ=Bescheid")).json();
    expect(paare(gefiltert)).toEqual([["Bescheid", "Bescheid"]]);
    expect(gefiltert.anzahl).toBe(1);
    const eingang = (await suche("sb63", "Lindenweg", "&typ=Eingang")).json();
    expect(paare(eingang)).toEqual([["Antrag Müller", "Eingang"]]);
  });

  it("finds Akten and Vorgänge by their own words, with a type facet: „Wohnhaus“ finds the Akte and the Vorgang", async () => {
    const alle = (await suche("sb63", "Wohnhaus", "&art=alle")).json();
    expect(alle.statusCode).toBeUndefined();
    const arten = alle.treffer.map((t: { art: string }) => t.art).sort();
    // The Akte, the Vorgang (by its metadata), and the two Dokumente indexed with the Akte's Betreff.
    expect(arten).toEqual(["akte", "dokument", "dokument", "vorgang"]);
    const akte = alle.treffer.find((t: { art: string }) => t.art === "akte");
    expect(akte).toMatchObject({
      dokument: null,
      vorgang: null,
      akte: { betreff: "Neubau Wohnhaus Lindenweg" },
    });
    expect(akte.ausschnitt).toContain("«Wohnhaus»");
    // The Vorgang is found by its metadata (Bauvorhaben "Wohnhaus"), not by its Betreff "Vorgang".
    const vorgang = alle.treffer.find((t: { art: string }) => t.art === "vorgang");
    expect(vorgang.vorgang.id).toBe(akten.bau!.vorgang);
    expect(alle.facetten.art).toEqual([
      { wert: "dokument", bezeichnung: "Dokumente", anzahl: 2 },
      { wert: "akte", bezeichnung: "Akten", anzahl: 1 },
      { wert: "vorgang", bezeichnung: "Vorgänge", anzahl: 1 },
    ]);
    const nurAkten = (await suche("sb63", "Wohnhaus", "&art=akte")).json();
    expect(nurAkten.treffer.map((t: { art: string }) => t.art)).toEqual(["akte"]);
    // Another Amt's clerk finds neither the Akte nor the Vorgang.
    expect((await suche("sb51", "Wohnhaus", "&art=alle")).json().anzahl).toBe(0);
  });

  it("finds a Vorgang by its exact Zeichen and sorts by date on request", async () => {
    const zeichen = `${akten.bau!.aktenzeichen}-1`;
    const exakt = (await suche("sb63", zeichen, "&art=vorgang")).json();
    expect(exakt.treffer[0]).toMatchObject({ art: "vorgang", vorgang: { zeichen } });
    const neueste = (await suche("sb63", "Lindenweg", "&art=alle&sortierung=neueste")).json();
    const aelteste = (await suche("sb63", "Lindenweg", "&art=alle&sortierung=aelteste")).json();
    const ids = (r: { treffer: { akte: { id: string }; art: string; dokument: { id: string } | null }[] }) =>
      r.treffer.map((t) => t.dokument?.id ?? `${t.art}:${t.akte.id}`);
    expect(neueste.treffer.length).toBeGreaterThan(2);
    expect(ids(aelteste)).toEqual([...ids(neueste)].reverse());
    expect((await suche("sb63", "Lindenweg", "&sortierung=zufall")).statusCode).toBe(400);
  });

  it("keeps saved searches per user, shares them within an own OE only, and lets only the owner delete", async () => {
    const speichern = (who: string, payload: Record<string, unknown>) =>
      app.inject({ method: "POST", url: "/api/v1/gespeicherte-suchen", headers: s[who]!.headers, payload });
    const liste = async (who: string) =>
      (
        await app.inject({
          method: "GET",
          url: "/api/v1/gespeicherte-suchen",
          headers: { cookie: s[who]!.cookie },
        })
      ).json() as { id: string; name: string; eigene: boolean; abfrage: Record<string, string> }[];
    const privat = await speichern("sb63", {
      name: "Meine Bauanträge",
      abfrage: { q: "Bauantrag", art: "dokument" },
    });
    expect(privat.statusCode, privat.body).toBe(201);
    const geteilt = await speichern("sb63", {
      name: "Lindenweg fürs Amt",
      abfrage: { q: "Lindenweg", sortierung: "neueste" },
      teilenMitOe: "63",
    });
    expect(geteilt.statusCode, geteilt.body).toBe(201);
    expect(geteilt.json().geteiltMit).toEqual({ kuerzel: "63", name: "Bauaufsicht" });
    expect((await liste("sb63")).map((g) => g.name)).toEqual(["Lindenweg fürs Amt", "Meine Bauanträge"]);
    // A colleague of another Amt sees neither; sharing with an OE one does not belong to is refused.
    expect(await liste("sb51")).toEqual([]);
    const fremd = await speichern("sb51", { name: "x", abfrage: { q: "x" }, teilenMitOe: "63" });
    expect(fremd.statusCode).toBe(400);
    expect(fremd.json().fehler).toEqual([
      { feld: "/teilenMitOe", meldung: "Keine Ihrer Organisationseinheiten." },
    ]);
    const unbekannt = await speichern("sb51", { name: "x", abfrage: { q: "x", limit: "5" } });
    expect(unbekannt.statusCode).toBe(400);
    const falscheArt = await speichern("sb51", { name: "x", abfrage: { q: "x", art: "<b>x</b>" } });
    expect(falscheArt.statusCode).toBe(400);
    expect(falscheArt.json().fehler[0].feld).toBe("/abfrage/art");
    // Only the owner deletes.
    const id = geteilt.json().id as string;
    const loeschen = (who: string) =>
      app.inject({ method: "DELETE", url: `/api/v1/gespeicherte-suchen/${id}`, headers: s[who]!.headers });
    expect((await loeschen("sb51")).statusCode).toBe(404);
    expect((await loeschen("sb63")).statusCode).toBe(204);
    expect((await liste("sb63")).map((g) => g.name)).toEqual(["Meine Bauanträge"]);
    // At most 50 per user: the 51st is refused in German, nothing is kept.
    for (let i = 2; i <= 50; i++)
      expect((await speichern("sb63", { name: `Suche ${i}`, abfrage: { q: `wort${i}` } })).statusCode).toBe(
        201,
      );
    const zuviel = await speichern("sb63", { name: "Eine zu viel", abfrage: { q: "x" } });
    expect(zuviel.statusCode).toBe(409);
    expect(zuviel.json().detail).toMatch(/schon 50 gespeicherte Suchen/);
    expect((await liste("sb63")).length).toBe(50);
  });

  it("typo tolerance learns nothing from hidden Dokumente: a name in another Amt's Akte changes no answer", async () => {
    await hochladen(
      s.sb63!,
      akten.bau!.vorgang,
      "Notiz Nachbar",
      "notiz.txt",
      "Einwand des Nachbarn Kowalczik",
    );
    await createWorker(ctx, 2).drain();
    const vorher = (await suche("sb63", "kowalczyk")).json();
    expect(vorher.treffer.map((t: { dokument: { titel: string } }) => t.dokument.titel)).toEqual([
      "Notiz Nachbar",
    ]);
    // The exact spelling now lies in the Jugendamt's restricted Akte, which sb63 may not read.
    await hochladen(
      s.sb51!,
      akten.jugend!.vorgang,
      "Vermerk K",
      "vermerk.txt",
      "Gespräch mit Herrn Kowalczyk",
    );
    await createWorker(ctx, 2).drain();
    const nachher = (await suche("sb63", "kowalczyk")).json();
    expect(nachher.anzahl).toBe(vorher.anzahl);
    expect(nachher.treffer.map((t: { dokument: { titel: string } }) => t.dokument.titel)).toEqual([
      "Notiz Nachbar",
    ]);
    // Positive control: the Jugendamt finds its own Vermerk by the exact name.
    expect(await titel("sb51", "Kowalczyk")).toContain("Vermerk K");
  });

  it("answers hostile or odd queries without error", async () => {
    for (const q of [
      "'); drop table akte; --",
      "a & !b | (c <-> d)",
      '"Bauantrag Müller"',
      "Antrag:* \\ ' \" )",
      "x".repeat(10_000),
    ]) {
      const r = await suche("sb63", q);
      expect(r.statusCode, q.slice(0, 30)).toBe(200);
    }
    expect((await suche("sb63", "'); drop table akte; --")).json().treffer).toEqual([]);
    expect((await ctx.db.query("SELECT count(*)::int AS n FROM akte")).rows[0]).toEqual({ n: 2 });
    // Operators alone are no search term: a clear 400, not an empty result.
    for (const q of ["   ", ":* & | !"]) {
      const leer = await suche("sb63", q);
      expect(leer.statusCode).toBe(400);
      expect(leer.json().detail).toMatch(/Suchbegriff/);
    }
  });
});

describe.runIf(korpusDa)("Inhalte aus dem Testkorpus", () => {
  it("says plainly that a scanned PDF has no text where the server has no OCR", async () => {
    const scan = await readFile(path.join(KORPUS, "multi-page-images.pdf"));
    const echt = ctx.tools;
    ctx.tools = OHNE_WERKZEUGE;
    try {
      const id = await hochladen(s.sb63!, akten.bau!.vorgang, "Scan ohne OCR", "scan.pdf", scan);
      await createWorker(ctx, 2).drain();
      const dokument = (
        await app.inject({
          method: "GET",
          url: `/api/v1/dokumente/${id}`,
          headers: { cookie: s.sb63!.cookie },
        })
      ).json();
      expect(dokument.texterkennung).toMatchObject({
        status: "nicht_verfuegbar",
        grund: "Texterkennung (OCR) ist auf diesem Server nicht verfügbar.",
      });
    } finally {
      ctx.tools = echt;
    }
  });

  it.runIf(ocrDa)(
    "recognises a scanned PDF with OCR, keeps the original byte-identical, and makes it searchable",
    async () => {
      // The programs are installed (checked above): the server must have found them too.
      expect(ctx.tools.ocrmypdf.gefunden, "ocrmypdf liegt im PATH, wurde vom Server aber nicht erkannt").toBe(
        true,
      );
      expect(ctx.tools.tesseract.sprachen).toContain("deu");
      const scan = await readFile(path.join(KORPUS, "multi-page-images.pdf"));
      const id = await hochladen(s.sb63!, akten.bau!.vorgang, "Scan", "scan.pdf", scan);
      await createWorker(ctx, 2).drain();
      const dokument = (
        await app.inject({
          method: "GET",
          url: `/api/v1/dokumente/${id}`,
          headers: { cookie: s.sb63!.cookie },
        })
      ).json();
      expect(dokument.texterkennung).toMatchObject({
        status: "fertig",
        quelle: "ocr",
        rendition: true,
        seiten: 3,
      });
      expect(await titel("sb63", "multi page document")).toContain("Scan");
      const original = await app.inject({
        method: "GET",
        url: `/api/v1/dokumente/${id}/versionen/1/inhalt`,
        headers: { cookie: s.sb63!.cookie },
      });
      expect(original.rawPayload.equals(scan)).toBe(true);
    },
  );

  it("handles every file of the corpus: text where there is text, a clear status where there is none", async () => {
    const dateien = (await readdir(KORPUS)).filter((f) => f !== "SOURCES.md");
    const ids: Record<string, string> = {};
    for (const f of dateien)
      ids[f] = await hochladen(s.sb63!, akten.bau!.vorgang, f, f, await readFile(path.join(KORPUS, f)));
    await createWorker(ctx, 2).drain();
    const { rows: tot } = await ctx.db.query("SELECT letzter_fehler FROM job WHERE status = 'tot'");
    expect(tot).toEqual([]);
    const status: Record<string, { status: string; grund: string | null; quelle: string | null }> = {};
    for (const [f, id] of Object.entries(ids)) {
      status[f] = (
        await app.inject({
          method: "GET",
          url: `/api/v1/dokumente/${id}`,
          headers: { cookie: s.sb63!.cookie },
        })
      ).json().texterkennung;
    }
    // With OCR installed (always in CI) no file is left "nicht verfügbar".
    const erlaubt = ocrDa ? ["fertig", "fehlgeschlagen"] : ["fertig", "fehlgeschlagen", "nicht_verfuegbar"];
    for (const [f, t] of Object.entries(status)) {
      expect(erlaubt, f).toContain(t.status);
      if (t.status !== "fertig") expect(t.grund, f).toMatch(/\S/);
    }
    expect(status["simple.pdf"]).toMatchObject({ status: "fertig", quelle: "textlayer" });
    expect(status["sample.docx"]).toMatchObject({ status: "fertig", quelle: "office" });
    expect(status["eml_with_umlaut.eml"]).toMatchObject({ status: "fertig", quelle: "email" });
    expect(status["password-is-test.pdf"]).toMatchObject({
      status: "fehlgeschlagen",
      grund: expect.stringMatching(/Passwort/),
    });
    expect(await titel("sb63", "DOCX test document")).toContain("sample.docx");
    const signed = await readFile(path.join(KORPUS, "signed.pdf"));
    const download = await app.inject({
      method: "GET",
      url: `/api/v1/dokumente/${ids["signed.pdf"]}/versionen/1/inhalt`,
      headers: { cookie: s.sb63!.cookie },
    });
    expect(download.rawPayload.equals(signed)).toBe(true);
  }, 180_000);
});

describe("Suche nach Wörtern mit großem Nicht-ASCII-Anfangsbuchstaben (#6)", () => {
  it("finds Änderungsbescheid, Übergabe, Öffnungszeiten, Łukasiewicz and Øresund", async () => {
    await akteMitVorgang(s.sb63!, "anfang", {
      aktenplaneinheit: "63.10",
      betreff: "Nachbarschaftsstreit",
      federfuehrendeOe: "63",
    });
    await hochladen(
      s.sb63!,
      akten.anfang!.vorgang,
      "Niederschrift",
      "niederschrift.txt",
      "Änderungsbescheid zur Übergabe; Öffnungszeiten laut Aushang. Gutachten Łukasiewicz, Kopie an Øresund.",
    );
    await createWorker(ctx, 2).drain();
    const { rows } = await ctx.db.query<{ ctype: string }>(
      "SELECT datctype AS ctype FROM pg_database WHERE datname = current_database()",
    );
    expect(rows[0]!.ctype).not.toMatch(/^(C|POSIX)$/);
    for (const wort of ["Änderungsbescheid", "Übergabe", "Öffnungszeiten", "Łukasiewicz", "Øresund"]) {
      expect(await titel("sb63", wort), wort).toEqual(["Niederschrift"]);
      expect(await titel("sb63", wort.toLowerCase()), wort.toLowerCase()).toEqual(["Niederschrift"]);
    }
  });

  it("builds the index anew after a move of the database's ctype (job nach-ctype-umzug)", async () => {
    // As a copy from a C-ctype database carries them: vectors with the capitals kept.
    await ctx.db.query(
      `UPDATE suchindex SET tsv = to_tsvector('simple', 'Änderungsbescheid')
       WHERE dokument_id IN (SELECT d.id FROM dokument d WHERE d.titel = 'Niederschrift')`,
    );
    expect(await titel("sb63", "Übergabe")).toEqual([]);
    await ctx.jobs.enqueue(ctx.db, JOB_NACH_CTYPE_UMZUG, {}, { schluessel: JOB_NACH_CTYPE_UMZUG });
    await createWorker(ctx, 2).drain();
    expect(await titel("sb63", "Übergabe")).toEqual(["Niederschrift"]);
    expect(await titel("sb63", "Antrag")).toContain("Antrag Müller");
  });
});
