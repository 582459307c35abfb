import fs from "node:fs";
import path from "node:path";
import Fastify from "fastify";
import swagger from "@fastify/swagger";
import { Type, type TSchema } from "typebox";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { buildApp } from "../../server/app.js";
import { createTestContext } from "../../../test/helpers/context.js";
import { akteProtokoll } from "../../server/modules/schriftgut/akte-protokoll.js";
import { ProblemSchema } from "../../shared/api/problem.schema.js";
import * as access from "../../server/modules/access/access.schema.js";
import * as verzeichnis from "../../server/modules/access/verzeichnis.schema.js";
import * as verzeichnisabgleich from "../../server/modules/access/verzeichnisabgleich.schema.js";
import * as zweiterFaktor from "../../server/modules/access/zweiter-faktor.schema.js";
import * as aktenplan from "../../server/modules/aktenplan/aktenplan.schema.js";
import * as akten from "../../server/modules/schriftgut/akten.schema.js";
import * as vorgaenge from "../../server/modules/schriftgut/vorgaenge.schema.js";
import * as dokumente from "../../server/modules/schriftgut/dokumente.schema.js";
import * as suche from "../../server/modules/suche/suche.schema.js";
import * as posteingang from "../../server/modules/posteingang/posteingang.schema.js";
import * as workflow from "../../server/modules/workflow/workflow.schema.js";
import * as aussonderung from "../../server/modules/aussonderung/aussonderung.schema.js";
import * as steuerung from "../../server/modules/steuerung/steuerung.schema.js";
import * as strategie from "../../server/modules/steuerung/strategie.schema.js";
import * as betrieb from "../../server/platform/http/betrieb.schema.js";
import { ENDPUNKTE } from "./client.js";
import type { AkteProtokoll } from "./types.js";

type OpenApi = {
  paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
  components: { schemas: Record<string, unknown> };
};

/**
 * Which operation's answer each schema of types.ts is: "METHOD path status". An array answer is
 * marked with `[]`. The check below proves the schema is the one in the OpenAPI document.
 */
const ANTWORTEN: [TSchema, string][] = [
  [access.MeSchema, "GET /api/v1/auth/me 200"],
  [access.OrganisationseinheitSchema, "GET /api/v1/organisationseinheiten 200 []"],
  [access.BenutzerSchema, "GET /api/v1/benutzer 200 []"],
  [access.BenutzerMitRollenSchema, "GET /api/v1/benutzer/{id} 200"],
  [access.MitgliedschaftSchema, "POST /api/v1/benutzer/{id}/mitgliedschaften 200 []"],
  [access.SitzungSchema, "GET /api/v1/sitzungen 200 []"],
  [access.SitzungenBeendetSchema, "POST /api/v1/benutzer/{id}/sitzungen-beenden 200"],
  [access.ApiTokenSchema, "GET /api/v1/api-tokens 200 []"],
  [zweiterFaktor.ZweiterFaktorNoetigSchema, "POST /api/v1/auth/login 202"],
  [zweiterFaktor.ZweiterFaktorStandSchema, "GET /api/v1/konto/zweiter-faktor 200"],
  [zweiterFaktor.TotpEinrichtungSchema, "POST /api/v1/konto/totp 200"],
  [zweiterFaktor.EinrichtungErgebnisSchema, "POST /api/v1/konto/totp/bestaetigen 200"],
  [zweiterFaktor.PasskeyErgebnisSchema, "POST /api/v1/konto/passkeys 201"],
  [zweiterFaktor.WiederherstellungscodesSchema, "POST /api/v1/konto/wiederherstellungscodes 200"],
  [zweiterFaktor.ZweiterFaktorPflichtSchema, "GET /api/v1/verwaltung/zweiter-faktor 200"],
  [access.ApiTokenErstelltSchema, "POST /api/v1/api-tokens 201"],
  [verzeichnis.AnmeldeverfahrenSchema, "GET /api/v1/auth/verfahren 200"],
  [verzeichnis.AnmeldediensteSchema, "GET /api/v1/anmeldedienste 200"],
  [verzeichnisabgleich.LetzterVerzeichnisberichtSchema, "GET /api/v1/verzeichnisabgleich 200"],
  [verzeichnis.AbmeldungSchema, "POST /api/v1/auth/logout 200"],
  [verzeichnis.GruppenzuordnungSchema, "GET /api/v1/gruppenzuordnungen 200 []"],
  [verzeichnis.GruppenzuordnungVorschauSchema, "POST /api/v1/gruppenzuordnungen/vorschau 200"],
  [aktenplan.AktenplanSchema, "GET /api/v1/aktenplan 200"],
  [aktenplan.AktenplaneinheitSchema, "POST /api/v1/aktenplan 201"],
  [aktenplan.AktenplaneinheitMitVersionenSchema, "GET /api/v1/aktenplan/{ref} 200"],
  [aktenplan.AktenplanImportErgebnisSchema, "POST /api/v1/aktenplan/import 200"],
  [akten.AktenSeiteSchema, "GET /api/v1/akten 200"],
  [akten.AkteSchema, "POST /api/v1/akten 201"],
  [vorgaenge.AkteMitVorgaengenSchema, "GET /api/v1/akten/{id} 200"],
  [akten.ZugriffserklaerungSchema, "GET /api/v1/akten/{id}/zugriff 200"],
  [vorgaenge.VorgangSchema, "GET /api/v1/vorgaenge/{id} 200"],
  [dokumente.DokumentSchema, "GET /api/v1/dokumente/{id} 200"],
  [dokumente.EmailAnsichtSchema, "GET /api/v1/dokumente/{id}/versionen/{nr}/email 200"],
  [dokumente.SeitenangabenSchema, "GET /api/v1/dokumente/{id}/versionen/{nr}/seiten 200"],
  [dokumente.FundstellenSchema, "GET /api/v1/dokumente/{id}/versionen/{nr}/fundstellen 200"],
  [suche.SuchErgebnisSchema, "GET /api/v1/suche 200"],
  [suche.GespeicherteSucheSchema, "GET /api/v1/gespeicherte-suchen 200 []"],
  [posteingang.VerteiltSchema, "GET /api/v1/posteingang/verteilt 200 []"],
  [posteingang.EintragSchema, "GET /api/v1/posteingang 200 []"],
  [posteingang.SammelergebnisSchema, "POST /api/v1/posteingang/sammel 200"],
  [posteingang.BetreffregelSchema, "GET /api/v1/posteingang/regeln 200 []"],
  [workflow.GeschaeftsgangSchema, "GET /api/v1/vorgaenge/{id}/geschaeftsgaenge 200 []"],
  [workflow.LaufwegvorlageSchema, "GET /api/v1/laufwegvorlagen 200 []"],
  [workflow.ZeichnungsbefugnisSchema, "GET /api/v1/zeichnungsbefugnisse 200 []"],
  [workflow.WiedervorlageSchema, "GET /api/v1/vorgaenge/{id}/wiedervorlagen 200 []"],
  [workflow.PostkorbSchema, "GET /api/v1/postkorb 200"],
  [workflow.BenachrichtigungenSchema, "GET /api/v1/benachrichtigungen 200"],
  [workflow.AbwesenheitSchema, "GET /api/v1/abwesenheiten 200 []"],
  [aussonderung.AufbewahrungSchema, "GET /api/v1/akten/{id}/aufbewahrung 200"],
  [aussonderung.AussonderungslisteEintragSchema, "GET /api/v1/aussonderung/liste 200 []"],
  [aussonderung.BewertungSchema, "PUT /api/v1/akten/{id}/bewertung 200"],
  [aussonderung.LoeschprotokollSchema, "GET /api/v1/aussonderung/loeschprotokoll 200 []"],
  [aussonderung.XdomeaNachrichtSchema, "GET /api/v1/xdomea/nachrichten 200 []"],
  [aussonderung.ImportErgebnisSchema, "POST /api/v1/xdomea/import 200"],
  [steuerung.KennzahlSchema, "GET /api/v1/steuerung/katalog 200 []"],
  [steuerung.UebersichtSchema, "GET /api/v1/steuerung/kennzahlen 200"],
  [steuerung.BerichtEinstellungSchema, "PUT /api/v1/steuerung/berichte/einstellung 200"],
  [steuerung.AbgelegterBerichtSchema, "POST /api/v1/steuerung/berichte 201"],
  [strategie.StrategieSchema, "GET /api/v1/steuerung/strategie 200"],
  [strategie.UnterschiedSchema, "GET /api/v1/steuerung/strategie/unterschied 200"],
  [strategie.EinfuehrungSchema, "GET /api/v1/steuerung/einfuehrung 200 []"],
  [betrieb.BefundSchema, "GET /api/v1/betrieb/diagnose 200 []"],
  [strategie.EinfuehrungDetailSchema, "GET /api/v1/steuerung/einfuehrung/{oeId} 200"],
];

/** Which operation's request body each request schema of types.ts is: "METHOD path". */
const ANFRAGEN: [TSchema, string][] = [
  [suche.NeueGespeicherteSucheSchema, "POST /api/v1/gespeicherte-suchen"],
  [posteingang.WeiterleitungSchema, "POST /api/v1/posteingang/{id}/weiterleiten"],
  [posteingang.SammelauftragSchema, "POST /api/v1/posteingang/sammel"],
  [access.LoginSchema, "POST /api/v1/auth/login"],
  [zweiterFaktor.ZweiterFaktorCodeSchema, "POST /api/v1/auth/zweiter-faktor"],
  [strategie.EinfuehrungEingabeSchema, "PUT /api/v1/steuerung/einfuehrung/{oeId}"],
  [verzeichnis.GruppenzuordnungEingabeSchema, "POST /api/v1/gruppenzuordnungen"],
  [access.PasswortSchema, "PUT /api/v1/benutzer/{id}/passwort"],
  [access.NeuesApiTokenSchema, "POST /api/v1/api-tokens"],
  [access.NeueOrganisationseinheitSchema, "POST /api/v1/organisationseinheiten"],
  [access.NeuerBenutzerSchema, "POST /api/v1/benutzer"],
  [access.MitgliedschaftEingabeSchema, "POST /api/v1/benutzer/{id}/mitgliedschaften"],
  [access.BenutzerAenderungSchema, "PATCH /api/v1/benutzer/{id}"],
  [akten.NeueAkteSchema, "POST /api/v1/akten"],
  [vorgaenge.NeuerVorgangSchema, "POST /api/v1/akten/{id}/vorgaenge"],
  [vorgaenge.ZdaAufhebungSchema, "POST /api/v1/vorgaenge/{id}/zda-aufheben"],
  [workflow.NeuerGeschaeftsgangSchema, "POST /api/v1/vorgaenge/{id}/geschaeftsgaenge"],
  [workflow.AktionSchema, "POST /api/v1/schritte/{id}/aktionen"],
  [workflow.NeueWiedervorlageSchema, "POST /api/v1/vorgaenge/{id}/wiedervorlagen"],
  [aussonderung.AufbewahrungAenderungSchema, "PUT /api/v1/akten/{id}/aufbewahrung"],
  [aussonderung.NeueLoeschsperreSchema, "POST /api/v1/akten/{id}/loeschsperren"],
  [aussonderung.LoeschsperreAufhebungSchema, "POST /api/v1/loeschsperren/{id}/aufheben"],
  [aussonderung.BewertungEingabeSchema, "PUT /api/v1/akten/{id}/bewertung"],
];

/** The exported name of each schema. */
const NAME = new Map<unknown, string>(
  [
    access,
    verzeichnis,
    verzeichnisabgleich,
    zweiterFaktor,
    aktenplan,
    akten,
    vorgaenge,
    dokumente,
    suche,
    posteingang,
    workflow,
    aussonderung,
    steuerung,
    strategie,
    betrieb,
  ].flatMap((m) => Object.entries(m).map(([name, schema]) => [schema, name] as const)),
);
const name = (schema: TSchema) => NAME.get(schema) ?? "?";

/** Schemas of types.ts that are parts of the answers above, or checked in another way below. */
const TEILE = [
  "ProblemSchema",
  "MetadatenfeldSchema",
  "AkteKurzSchema",
  "VorgangKurzSchema",
  "DokumentKurzSchema",
  "DokumentVersionSchema",
  "SchrittSchema",
  "AkteProtokollSchema",
  "AkteProtokollEintragSchema",
  // The JSON in the multipart field `metadaten`, not a request body of its own.
  "DokumentMetadatenSchema",
];

/**
 * The OpenAPI response and request body that schemas give as the answer and the body of one
 * operation each, made by the same plugin as the server's document.
 */
async function openApiAus(schemas: TSchema[]): Promise<{ antwort: unknown; anfrage: unknown }[]> {
  const app = Fastify();
  await app.register(swagger, { openapi: { openapi: "3.1.0" } });
  schemas.forEach((schema, i) => {
    app.get(`/s${i}`, { schema: { response: { 200: schema } } }, () => null);
    app.post(`/s${i}`, { schema: { body: schema } }, () => null);
  });
  await app.ready();
  const doc = app.swagger() as unknown as OpenApi;
  await app.close();
  return schemas.map((_, i) => ({
    antwort: doc.paths[`/s${i}`]!.get!.responses["200"],
    anfrage: doc.paths[`/s${i}`]!.post!.requestBody,
  }));
}

describe("Typed API client", () => {
  let doc: OpenApi;
  beforeAll(async () => {
    const ctx = await createTestContext();
    const app = await buildApp(ctx);
    try {
      await app.ready();
      doc = structuredClone(app.swagger()) as unknown as OpenApi;
    } finally {
      await app.close();
      await ctx.cleanup();
    }
  });

  it("calls only endpoints that the OpenAPI document describes, with the same method", () => {
    const missing = ENDPUNKTE.filter(([method, path]) => !doc.paths[path]?.[method.toLowerCase()]).map(
      ([m, p]) => `${m} ${p}`,
    );
    expect(missing).toEqual([]);
  });

  it("derives its types from the very schemas of the OpenAPI document's answers", async () => {
    const erwartet = await openApiAus(
      ANTWORTEN.map(([schema, wo]) => (wo.endsWith("[]") ? Type.Array(schema) : schema)),
    );
    const abweichend = ANTWORTEN.flatMap(([schema, wo], i) => {
      const [method, pfad, status] = wo.split(" ") as [string, string, string];
      const antwort = doc.paths[pfad]?.[method.toLowerCase()]?.responses[status];
      // A schema with an $id nested in an answer is a component: the document names it by its
      // $id, this harness by number; the structure must match all the same.
      const ohneNamen = (x: unknown) => JSON.stringify(x).replace(/"#\/components\/schemas\/[^"]+"/g, '"#"');
      return ohneNamen(antwort) === ohneNamen(erwartet[i]!.antwort) ? [] : [`${name(schema)}: ${wo}`];
    });
    expect(abweichend).toEqual([]);
    // The document lists the problem schema by its $id, without it.
    const { $id, ...problem } = JSON.parse(JSON.stringify(ProblemSchema)) as Record<string, unknown>;
    expect($id).toBe("Problem");
    expect(doc.components.schemas.Problem).toEqual(problem);
  });

  it("types the bodies it sends with the very schemas the server checks them with", async () => {
    const erwartet = await openApiAus(ANFRAGEN.map(([schema]) => schema));
    const abweichend = ANFRAGEN.flatMap(([schema, wo], i) => {
      const [method, pfad] = wo.split(" ") as [string, string];
      const body = doc.paths[pfad]?.[method.toLowerCase()]?.requestBody;
      return JSON.stringify(body) === JSON.stringify(erwartet[i]!.anfrage) ? [] : [`${name(schema)}: ${wo}`];
    });
    expect(abweichend).toEqual([]);
  });

  it("names in types.ts only schemas that are checked here", () => {
    const text = fs.readFileSync(path.join(import.meta.dirname, "types.ts"), "utf8");
    const genannt = [...text.matchAll(/Static<typeof (\w+)>/g)].map((m) => m[1]);
    const geprueft = new Set([...ANTWORTEN, ...ANFRAGEN].map(([schema]) => name(schema)).concat(TEILE));
    expect(genannt.filter((n) => !geprueft.has(n!))).toEqual([]);
  });

  it("the Akte's history, not yet a response schema of its route, is what the route returns", () => {
    expectTypeOf(akteProtokoll).returns.resolves.toEqualTypeOf<AkteProtokoll>();
  });
});
