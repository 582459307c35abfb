import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { createWorker } from "../../src/server/main.js";
import { loadActor } from "../../src/server/modules/access/access.service.js";
import * as accessRepo from "../../src/server/modules/access/access.repository.js";
import { createApiToken } from "../../src/server/modules/access/authentication.service.js";
import { importAktenplanCsv } from "../../src/server/modules/aktenplan/aktenplan.service.js";
import { tageslauf, tagesberichtText } from "../../src/server/modules/workflow/fristen.service.js";
import type { Rolle } from "../../src/server/modules/access/access.types.js";
import { heute, plusTage, type ManualClock } from "../../src/server/platform/clock.js";
import type { RoutenEintrag } from "../../src/server/platform/http/zugang.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import { createOe, createUser, login } from "../helpers/factories.js";
import { multipart } from "../helpers/multipart.js";

/*
 * The leak matrix: nothing names what the reader may not see, on any path.
 *
 * Objects, each field carrying a unique marker:
 *   R  a restricted Jugendhilfe Akte (50.10, Jugendamt 51), readable only by the named `jh51`:
 *      Akte Betreff, Vorgang Betreff, Dokument titles, file names, Absender, fremdes
 *      Geschäftszeichen, document text (extracted by the job queue), Wiedervorlage note,
 *      Verfügungstext of a Geschäftsgang step; `jh51` is absent and `sb51` stands in for them.
 *   H  a hidden Akte of the Ordnungsamt (32), open, seen only by its own staff (and the
 *      Registratur, which reads every open Akte).
 *   Q  an open Akte of the Bauaufsicht with Querverweise to R and H (set by the Registratur).
 *   P  two Posteingang items of the Jugendamt: one cites R's Aktenzeichen in its text, the other
 *      comes from a sender known from R. Their Vorschlag points into R.
 *
 * Readers (rows) and what they must not see (columns):
 *
 *   reader                                   | R metadata | R content | H
 *   -----------------------------------------+------------+-----------+---
 *   sb51  Sachbearbeitung Jugendamt, deputy  |     ✗      |     ✗     | ✗
 *   sb63  Sachbearbeitung of another Amt     |     ✗      |     ✗     | ✗
 *   ltgD4 Leitung of another Dezernat        |     ✗      |     ✗     | ✗
 *   ltgD3 Leitung above the Jugendamt        |     ✗      |     ✗     | ✗
 *   ltg51 Leitung of the Jugendamt (escalated)|    ✗      |     ✗     | ✗
 *   reg   Registratur                        |     –      |     ✗     | –
 *   post  Posteingang (Poststelle)           |     ✗      |     ✗     | ✗
 *   arch  Archiv                             |     ✗      |     ✗     | ✗
 *   pr    Personalrat                        |     ✗      |     ✗     | ✗
 *   ds    Datenschutz (reads the Protokoll)  |     ✗      |     ✗     | ✗
 *   admin Administration (reads the Protokoll)|    ✗      |     ✗     | ✗
 *   les   Lesen in the Bauaufsicht           |     ✗      |     ✗     | ✗
 *   token voll / lesen of sb63               |     ✗      |     ✗     | ✗
 *   (✗ = no marker of that column in any answer; – = allowed by the rules)
 *   R metadata is the restricted Akte's Betreff: only the Registratur keeps it; the Jugendamt's
 *   own staff and Leitung, not being named, do not see the Akte at all.
 *
 * Paths (columns of the other axis): every GET route of `app.routenTabelle()`, path parameters
 * filled with every object id (R, H: Akte, Vorgang, Dokument, Geschäftsgang, Wiedervorlage;
 * P items), routes without parameters also with each marker as `q`; the Tagesbericht rendered
 * for each reader. Positive controls: `jh51` and the Ordnungsamt's `sb32` see their markers.
 */

let ctx: TestContext;
let app: FastifyInstance;
let routen: RoutenEintrag[];

const AKTENPLAN = `kennzeichen;titel;uebergeordnet;beschreibung;aufbewahrungsfrist;archivwuerdigkeit;zugriffsbeschraenkung;zustaendige_oe;geschlossen;metadatenfelder
5;Jugend;;;10;B;nein;51;nein;
50.10;Ambulante Hilfen;5;;;;ja;51;nein;"[{""schluessel"":""hilfeart"",""bezeichnung"":""Hilfeart"",""typ"":""Text"",""pflicht"":false}]"
3;Ordnung;;;10;B;nein;32;nein;
32.10;Ordnungswidrigkeiten;3;;;;nein;32;nein;
6;Bauwesen;;;30;B;nein;63;nein;
63.10;Baugenehmigungen;6;;;;nein;63;nein;
`;

/** Markers: letters only, so full-text search treats each as one word. */
const R_META = ["Quxrakteaa"];
const R_INHALT = [
  "Quxrvorgangbb",
  "Quxrdoktitelcc",
  "quxrdateidd",
  "Quxrabsenderee",
  "Quxrfremdgzff",
  "Quxrtextgg",
  "Quxrnotizhh",
  "Quxrverfuegungii",
  "Quxrmetajj",
];
const H_ALLE = [
  "Quxhakteaa",
  "Quxhvorgangbb",
  "Quxhdoktitelcc",
  "quxhdateidd",
  "Quxhabsenderee",
  "Quxhtextgg",
];

interface Leser {
  name: string;
  headers: Record<string, string>;
  benutzer: string;
  verboten: string[];
}
const leser: Leser[] = [];
const ids: Record<string, string> = {};
let jh51: Leser;
let sb32: Leser;

async function post(who: { headers: Record<string, string> }, url: string, payload: unknown) {
  const r = await app.inject({
    method: "POST",
    url: `/api/v1${url}`,
    headers: who.headers,
    payload: payload as object,
  });
  expect(r.statusCode, `${url}: ${r.body}`).toBeLessThan(300);
  return r.json();
}

async function hochladen(
  who: { headers: Record<string, string> },
  vorgang: string,
  datei: { filename: string; content: string },
  metadaten: Record<string, string>,
): Promise<string> {
  const { payload, headers } = multipart({ metadaten: { typ: "Eingang", ...metadaten } }, datei);
  const r = await app.inject({
    method: "POST",
    url: `/api/v1/vorgaenge/${vorgang}/dokumente`,
    headers: { ...who.headers, ...headers },
    payload,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

async function einlegen(who: { headers: Record<string, string> }, content: string, angaben: object) {
  const { payload, headers } = multipart({ oe: "51", angaben }, { filename: "eingang.txt", content });
  const r = await app.inject({
    method: "POST",
    url: "/api/v1/posteingang",
    headers: { ...who.headers, ...headers },
    payload,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  await app.ready();
  const d3 = await createOe(ctx, { kuerzel: "D3", name: "Dezernat Soziales", art: "Dezernat" });
  const d4 = await createOe(ctx, { kuerzel: "D4", name: "Dezernat Bauen und Ordnung", art: "Dezernat" });
  await createOe(ctx, { kuerzel: "51", name: "Jugendamt", uebergeordnet: d3.id });
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht", uebergeordnet: d4.id });
  await createOe(ctx, { kuerzel: "32", name: "Ordnungsamt" });
  for (const [k, n] of [
    ["10", "Hauptamt"],
    ["PR", "Personalrat"],
    ["DS", "Datenschutz"],
    ["KA", "Kreisarchiv"],
    ["IT", "IT"],
  ])
    await createOe(ctx, { kuerzel: k, name: n, art: "Stabsstelle" });
  await importAktenplanCsv(ctx, "system", AKTENPLAN);

  const R = [...R_META, ...R_INHALT];
  const H = H_ALLE;
  const konto = async (name: string, rollen: { oe: string; rolle: Rolle }[], verboten: string[]) => {
    const user = await createUser(ctx, { benutzername: name, rollen });
    const s = await login(app, name);
    const l: Leser = { name, headers: s.headers, benutzer: user.id, verboten };
    return l;
  };
  jh51 = await konto("jh51", [{ oe: "51", rolle: "Sachbearbeitung" }], H);
  sb32 = await konto("sb32", [{ oe: "32", rolle: "Sachbearbeitung" }], R);
  leser.push(
    await konto("sb51", [{ oe: "51", rolle: "Sachbearbeitung" }], [...R, ...H]),
    await konto("sb63", [{ oe: "63", rolle: "Sachbearbeitung" }], [...R, ...H]),
    await konto("ltgd4", [{ oe: "D4", rolle: "Leitung" }], [...R, ...H]),
    await konto("ltgd3", [{ oe: "D3", rolle: "Leitung" }], [...R, ...H]),
    await konto("ltg51", [{ oe: "51", rolle: "Leitung" }], [...R, ...H]),
    await konto("reg", [{ oe: "10", rolle: "Registratur" }], R_INHALT),
    await konto("post", [{ oe: "10", rolle: "Posteingang" }], [...R, ...H]),
    await konto("arch", [{ oe: "KA", rolle: "Archiv" }], [...R, ...H]),
    await konto("pr", [{ oe: "PR", rolle: "Personalrat" }], [...R, ...H]),
    await konto("ds", [{ oe: "DS", rolle: "Datenschutz" }], [...R, ...H]),
    await konto("admin", [{ oe: "IT", rolle: "Administration" }], [...R, ...H]),
    await konto("les", [{ oe: "63", rolle: "Lesen" }], [...R, ...H]),
  );
  const sb63 = leser.find((l) => l.name === "sb63")!;
  for (const bereich of ["voll", "lesen"] as const) {
    const { token } = await createApiToken(ctx, "system", {
      benutzer: sb63.benutzer,
      name: bereich,
      bereich,
    });
    leser.push({
      name: `token-${bereich}`,
      headers: { authorization: `Bearer ${token}` },
      benutzer: sb63.benutzer,
      verboten: [...R, ...H],
    });
  }

  const tag = heute(ctx.clock);
  // R: the restricted Akte, its Vorgang, two Dokumente, a Geschäftsgang, a Wiedervorlage.
  const akteR = await post(jh51, "/akten", {
    aktenplaneinheit: "50.10",
    betreff: `Hilfe zur Erziehung ${R_META[0]}`,
    federfuehrendeOe: "51",
    zugriff: [{ benutzer: "jh51", recht: "bearbeiten" }],
  });
  expect(akteR.zugriffsbeschraenkt).toBe(true);
  const vorgangR = await post(jh51, `/akten/${akteR.id}/vorgaenge`, {
    betreff: `Inobhutnahme ${R_INHALT[0]}`,
    metadaten: { hilfeart: R_INHALT[8] },
    frist: tag,
  });
  ids.akteR = akteR.id;
  ids.vorgangR = vorgangR.id;
  ids.dokR = await hochladen(
    jh51,
    vorgangR.id,
    { filename: `${R_INHALT[2]}.txt`, content: `Bericht des Jugendamts ${R_INHALT[5]} über die Familie.` },
    { titel: `Bericht ${R_INHALT[1]}`, absender: R_INHALT[3]!, fremdesGeschaeftszeichen: R_INHALT[4]! },
  );
  ids.dokR2 = await hochladen(
    jh51,
    vorgangR.id,
    { filename: "schreiben.txt", content: "Schreiben des Amtsgerichts" },
    { titel: "Schreiben", absender: "Amtsgericht Neustadt" },
  );
  // jh51 is away for a month; sb51 stands in (and is not named on the Akte).
  await post(jh51, "/abwesenheiten", { von: tag, bis: plusTage(tag, 30), vertreter: "sb51" });
  const gang = await post(jh51, `/vorgaenge/${vorgangR.id}/geschaeftsgaenge`, {
    schritte: [
      { art: "Kenntnisnahme", adressat: { benutzer: "jh51" }, verfuegungstext: R_INHALT[7], frist: tag },
    ],
  });
  ids.gangR = gang.id;
  ids.schrittR = gang.schritte?.[0]?.id ?? gang.id;
  const wv = await post(jh51, `/vorgaenge/${vorgangR.id}/wiedervorlagen`, { datum: tag, notiz: R_INHALT[6] });
  ids.wvR = wv.id;

  // H: the Ordnungsamt's open Akte.
  const akteH = await post(sb32, "/akten", {
    aktenplaneinheit: "32.10",
    betreff: `Bußgeld ${H[0]}`,
    federfuehrendeOe: "32",
  });
  const vorgangH = await post(sb32, `/akten/${akteH.id}/vorgaenge`, { betreff: `Anhörung ${H[1]}` });
  ids.akteH = akteH.id;
  ids.vorgangH = vorgangH.id;
  ids.dokH = await hochladen(
    sb32,
    vorgangH.id,
    { filename: `${H[3]}.txt`, content: `Anhörungsbogen ${H[5]}` },
    { titel: `Bogen ${H[2]}`, absender: H[4]! },
  );
  const wvH = await post(sb32, `/vorgaenge/${vorgangH.id}/wiedervorlagen`, {
    datum: tag,
    notiz: "Nachfassen",
  });
  ids.wvH = wvH.id;

  // Q: an Akte the Bauaufsicht sees, pointing to both.
  const reg = leser.find((l) => l.name === "reg")!;
  const akteQ = await post(reg, "/akten", {
    aktenplaneinheit: "63.10",
    betreff: "Sammelakte Verweise",
    federfuehrendeOe: "63",
    querverweise: [akteR.id, akteH.id],
  });
  ids.akteQ = akteQ.id;

  // P: Posteingang items of the Jugendamt whose Vorschlag points into R.
  ids.postZeichen = await einlegen(jh51, `Betrifft: ${akteR.aktenzeichen} – bitte um Rückruf`, {});
  ids.postAbsender = await einlegen(jh51, "Nachtrag zum Beschluss", { absender: "Amtsgericht Neustadt" });

  await createWorker(ctx, 2).drain();
  // Ten days on, the Fristen are overdue: announced to the deputy, escalated to the Leitung.
  (ctx.clock as ManualClock).advanceDays(10);
  await tageslauf(ctx);
  // Sessions opened before the ten days have expired: every reader signs in again.
  for (const l of [jh51, sb32, ...leser])
    if (!l.name.startsWith("token")) l.headers = (await login(app, l.name)).headers;

  routen = app
    .routenTabelle()
    .filter((r) => r.methode === "GET" && r.pfad.startsWith("/api/v1") && r.zugang !== "oeffentlich");
}, 300_000);

afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

/**
 * Every concrete URL of a GET route: a parameter with a closed set of values (the schema's enum)
 * takes each of them, any other each marker object's id; a route whose parameters are all of the
 * first kind (and a route without any) is also asked with each marker as `q`.
 */
function urls(r: RoutenEintrag): string[] {
  const werte = Object.values(ids);
  let ergebnis = [r.pfad.replace(/:nr\b/g, "1").replace(/:ref\b/g, "50.10")];
  for (;;) {
    const offen = ergebnis.filter((u) => /:\w+/.test(u));
    if (!offen.length) break;
    ergebnis = ergebnis.flatMap((u) => {
      const name = /:(\w+)/.exec(u)?.[1];
      if (!name) return [u];
      return (r.pfadWerte[name] ?? werte).map((w) => u.replace(/:\w+/, w));
    });
  }
  const nurAufzaehlungen = [...r.pfad.matchAll(/:(\w+)/g)].every((m) => r.pfadWerte[m[1]!]);
  if (nurAufzaehlungen) {
    const alle = [...R_META, ...R_INHALT, ...H_ALLE];
    ergebnis = ergebnis.flatMap((u) => [u, ...alle.map((m) => `${u}?q=${m}`)]);
  }
  return [...new Set(ergebnis)];
}

function funde(body: string, marker: string[]): string[] {
  const text = body.toLowerCase();
  return marker.filter((m) => text.includes(m.toLowerCase()));
}

describe("Leak-Matrix", () => {
  it("covers the routes: the table has the reading routes of every module", () => {
    const pfade = routen.map((r) => r.pfad);
    for (const p of [
      "/api/v1/akten/:id/protokoll",
      "/api/v1/posteingang",
      "/api/v1/postkorb",
      "/api/v1/suche",
    ])
      expect(pfade).toContain(p);
  });

  it("positive controls: the named person and the Akte's own Amt see their markers", async () => {
    const sieht = async (l: Leser, urls: string[]) => {
      let body = "";
      for (const url of urls)
        body += (await app.inject({ method: "GET", url: `/api/v1${url}`, headers: l.headers })).body;
      return body;
    };
    const r = await sieht(jh51, [
      `/akten/${ids.akteR}`,
      `/vorgaenge/${ids.vorgangR}`,
      `/dokumente/${ids.dokR}`,
      `/suche?q=${R_INHALT[5]}`,
      `/posteingang/${ids.postZeichen}`,
      `/posteingang/${ids.postAbsender}`,
      `/akten/${ids.akteR}/protokoll`,
    ]);
    expect(funde(r, [...R_META, ...R_INHALT.slice(0, 6)]).sort()).toEqual(
      [...R_META, ...R_INHALT.slice(0, 6)].sort(),
    );
    const h = await sieht(sb32, [
      `/akten/${ids.akteH}`,
      `/vorgaenge/${ids.vorgangH}`,
      `/dokumente/${ids.dokH}`,
      `/suche?q=${H_ALLE[5]}`,
    ]);
    expect(funde(h, H_ALLE).sort()).toEqual([...H_ALLE].sort());
    // The Registratur keeps the restricted Akte's metadata; the audit roles get the whole trail
    // (every entry, with the Akte's id), only without what the Akte holds.
    const reg = leser.find((l) => l.name === "reg")!;
    expect(await sieht(reg, [`/akten/${ids.akteR}`])).toContain(R_META[0]);
    const ds = leser.find((l) => l.name === "ds")!;
    const trail = await sieht(ds, [`/protokoll?objekt=${ids.dokR}`]);
    expect(trail).toContain("dokument.angelegt");
    expect(trail).toContain(ids.akteR);
    const wer = leser.find((l) => l.name === "sb51")!;
    const postkorb = await sieht(wer, ["/postkorb"]);
    // The deputy's Postkorb does list the absent colleague's step and Wiedervorlage, masked.
    expect(postkorb).toContain("zugriffsbeschränkten Akte");
  });

  it("no answer of any GET route names a marker the reader may not see", async () => {
    const lecks: string[] = [];
    let aufrufe = 0;
    let ok = 0;
    for (const l of leser) {
      for (const r of routen) {
        for (const url of urls(r)) {
          const res = await app.inject({ method: "GET", url, headers: l.headers });
          aufrufe++;
          if (res.statusCode === 200) ok++;
          const gefunden = funde(res.body, l.verboten);
          if (gefunden.length) lecks.push(`${l.name} GET ${url} → ${res.statusCode}: ${gefunden.join(", ")}`);
        }
      }
    }
    expect(aufrufe).toBeGreaterThan(1000);
    // The matrix means something only when the readers are signed in and routes answer.
    expect(ok / aufrufe).toBeGreaterThan(0.2);
    expect(lecks).toEqual([]);
  }, 600_000);

  it("no reader's Tagesbericht names a marker the reader may not see", async () => {
    const lecks: string[] = [];
    for (const l of leser.filter((x) => !x.name.startsWith("token"))) {
      const benutzer = await accessRepo.findBenutzer(ctx.db, { id: l.benutzer });
      const text =
        (await tagesberichtText(ctx, await loadActor(ctx.db, benutzer!, "sitzung"), heute(ctx.clock))) ?? "";
      const gefunden = funde(text, l.verboten);
      if (gefunden.length) lecks.push(`${l.name}: ${gefunden.join(", ")}`);
    }
    expect(lecks).toEqual([]);
  });
});
