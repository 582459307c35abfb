import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import {
  createBenutzer,
  createOrganisationseinheit,
  getBenutzer,
  gibtEsBenutzer,
  loadActor,
  type Akteur,
  setzeStandardvertretung,
  type OeArt,
  type Rolle,
} from "../modules/access/index.js";
import { erkenneInhaltstyp } from "../platform/dateieingang/index.js";
import { createAkte, createDokument, createVorgang } from "../modules/schriftgut/index.js";
import { importAktenplanCsv } from "../modules/aktenplan/index.js";
import { legeLaufwegvorlageAn, legeZeichnungsbefugnisAn } from "../modules/workflow/index.js";
import { packageRoot } from "../platform/paths.js";
import { demoKollegen } from "./historie.js";
import { seedDemoHistorie } from "./historie-anlegen.js";
import { mehrseitigesPdf } from "./pdf.js";
import { schreibeProtokollInTx } from "../modules/protokoll/index.js";
import type { AppContext } from "../platform/context.js";

interface DemoOe {
  kuerzel: string;
  name: string;
  art: OeArt;
  uebergeordnet?: string;
}

/** A Landkreis as the demo county: Landrat, four Dezernate, the Ämter clerks work in, and the bodies beside them. */
export const demoOes: DemoOe[] = [
  { kuerzel: "LR", name: "Landrat", art: "Landrat" },
  { kuerzel: "StE", name: "Stabsstelle E-Government", art: "Stabsstelle", uebergeordnet: "LR" },
  { kuerzel: "D1", name: "Dezernat I – Zentrale Dienste und Finanzen", art: "Dezernat", uebergeordnet: "LR" },
  { kuerzel: "D2", name: "Dezernat II – Ordnung, Bauen und Umwelt", art: "Dezernat", uebergeordnet: "LR" },
  {
    kuerzel: "D3",
    name: "Dezernat III – Jugend, Soziales und Gesundheit",
    art: "Dezernat",
    uebergeordnet: "LR",
  },
  { kuerzel: "D4", name: "Dezernat IV – Verkehr und Kreisentwicklung", art: "Dezernat", uebergeordnet: "LR" },
  { kuerzel: "10", name: "Hauptamt", art: "Amt", uebergeordnet: "D1" },
  { kuerzel: "11", name: "Personalamt", art: "Amt", uebergeordnet: "D1" },
  { kuerzel: "20", name: "Kämmerei", art: "Amt", uebergeordnet: "D1" },
  { kuerzel: "41", name: "Kreisarchiv", art: "Amt", uebergeordnet: "D1" },
  { kuerzel: "63", name: "Bauaufsicht", art: "Amt", uebergeordnet: "D2" },
  { kuerzel: "70", name: "Umweltamt", art: "Amt", uebergeordnet: "D2" },
  { kuerzel: "51", name: "Jugendamt", art: "Amt", uebergeordnet: "D3" },
  { kuerzel: "50", name: "Sozialamt", art: "Amt", uebergeordnet: "D3" },
  { kuerzel: "36", name: "Straßenverkehrsamt", art: "Amt", uebergeordnet: "D4" },
  { kuerzel: "PR", name: "Personalrat", art: "Gremium" },
  { kuerzel: "EAW", name: "Eigenbetrieb Abfallwirtschaft", art: "Eigenbetrieb" },
];

interface DemoUser {
  benutzername: string;
  vorname: string;
  nachname: string;
  oe: string;
  rolle: Rolle;
  /** A second role in the same OE (the Stabsstelle also keeps its own Akten). */
  auch?: Rolle;
}

/** The demo logins; names deliberately use DIN 91379 letters beyond ASCII. */
export const demoUsers: DemoUser[] = [
  { benutzername: "admin", vorname: "Andrea", nachname: "Albrecht", oe: "10", rolle: "Administration" },
  { benutzername: "mueller", vorname: "Jürgen", nachname: "Müller", oe: "63", rolle: "Sachbearbeitung" },
  { benutzername: "schmidt", vorname: "Thomas", nachname: "Schmidt", oe: "63", rolle: "Leitung" },
  { benutzername: "weber", vorname: "Anna", nachname: "Weber", oe: "51", rolle: "Sachbearbeitung" },
  { benutzername: "becker", vorname: "Michael", nachname: "Becker", oe: "51", rolle: "Leitung" },
  { benutzername: "registratur", vorname: "Renate", nachname: "Krüger", oe: "10", rolle: "Registratur" },
  { benutzername: "post", vorname: "Zoë", nachname: "Pöhlmann", oe: "10", rolle: "Posteingang" },
  { benutzername: "archiv", vorname: "Henrike", nachname: "Ostrowski", oe: "41", rolle: "Archiv" },
  { benutzername: "personalrat", vorname: "Gülşen", nachname: "Yılmaz", oe: "PR", rolle: "Personalrat" },
  { benutzername: "datenschutz", vorname: "Dörte", nachname: "Janßen", oe: "LR", rolle: "Datenschutz" },
  { benutzername: "wagner", vorname: "Lena", nachname: "Wagner", oe: "70", rolle: "Sachbearbeitung" },
  { benutzername: "koch", vorname: "Stefan", nachname: "Koch", oe: "20", rolle: "Sachbearbeitung" },
  { benutzername: "hoffmann", vorname: "Björn", nachname: "Hoffmann", oe: "D2", rolle: "Leitung" },
  {
    benutzername: "steuerung",
    vorname: "Şirin",
    nachname: "Åberg",
    oe: "StE",
    rolle: "Steuerung",
    auch: "Sachbearbeitung",
  },
];

export interface DemoResult {
  angelegt: boolean;
  passwort?: string;
  passwortZufaellig?: boolean;
}

export interface DemoOptionen {
  /**
   * Also two years of generated history (demo colleagues, back-dated Akten, Eingänge and
   * Geschäftsgänge, the roll-out of the Ämter) and the Kennzahlen computed from it, so the
   * dashboards show something on first start. `serve --demo` sets it; tests leave it out.
   */
  historie?: boolean;
}

/** Seeds the demo county into an empty database; does nothing when any user exists. */
export async function seedDemo(
  ctx: AppContext,
  password: string | undefined,
  optionen: DemoOptionen = {},
): Promise<DemoResult> {
  if (await gibtEsBenutzer(ctx)) return { angelegt: false };
  const passwort = password ?? randomBytes(12).toString("base64url");
  for (const oe of demoOes) {
    await createOrganisationseinheit(ctx, "system", { ...oe, uebergeordnet: oe.uebergeordnet ?? null });
  }
  for (const u of demoUsers) {
    await createBenutzer(ctx, "system", {
      benutzername: u.benutzername,
      vorname: u.vorname,
      nachname: u.nachname,
      email: `${u.benutzername}@landkreis-demo.example`,
      passwort,
      mitgliedschaften: [{ oe: u.oe, rolle: u.rolle }, ...(u.auch ? [{ oe: u.oe, rolle: u.auch }] : [])],
    });
  }
  await importAktenplanCsv(
    ctx,
    "system",
    await readFile(path.join(packageRoot, "src", "server", "demo", "aktenplan.csv"), "utf8"),
  );
  await seedDemoAkten(ctx);
  await seedDemoGeschaeftsgang(ctx);
  if (optionen.historie) await seedDemoHistorie(ctx);
  await ctx.db.transaction((tx) =>
    schreibeProtokollInTx(tx, ctx.clock, {
      akteur: "system",
      aktion: "system.demo_angelegt",
      objektArt: "system",
      objektId: "demo",
      details: {
        organisationseinheiten: demoOes.length,
        benutzer: demoUsers.length + (optionen.historie ? demoKollegen.length : 0),
      },
    }),
  );
  return { angelegt: true, passwort, passwortZufaellig: password === undefined };
}

async function actorFor(ctx: AppContext, benutzername: string): Promise<Akteur> {
  const { mitgliedschaften: _m, ...benutzer } = await getBenutzer(ctx, benutzername);
  return loadActor(ctx.db, benutzer, "sitzung");
}

async function pdfDokument(
  ctx: AppContext,
  actor: Akteur,
  vorgangId: string,
  typ: "Eingang" | "Ausgang" | "Vermerk",
  titel: string,
  zeilen: string[],
  meta: {
    /** Further pages after the first. */
    weitereSeiten?: string[][];
    absender?: string;
    eingangsdatum?: string;
    datumDesSchreibens?: string;
    fremdesGeschaeftszeichen?: string;
  } = {},
) {
  const { weitereSeiten = [], ...angaben } = meta;
  const inhalt = mehrseitigesPdf([zeilen, ...weitereSeiten], titel);
  const stored = await ctx.blobs.put(Readable.from([inhalt]));
  const dateiname = `${titel.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "")}.pdf`;
  await createDokument(
    ctx,
    actor,
    vorgangId,
    { typ, titel, ...angaben },
    { stored, dateiname, originaldateiname: dateiname, mimeTyp: await erkenneInhaltstyp(inhalt) },
  );
}

/** A few Akten as the demo clerks would have them: a Bauantrag in the Bauaufsicht, a restricted Jugendhilfe case. */
async function seedDemoAkten(ctx: AppContext): Promise<void> {
  const jahr = ctx.clock.now().getUTCFullYear();
  const mueller = await actorFor(ctx, "mueller");
  const bau = await createAkte(ctx, mueller, {
    aktenplaneinheit: "63.10",
    betreff: "Neubau eines Einfamilienhauses, Lindenweg 12, Musterstadt",
    federfuehrendeOe: "63",
    beteiligteOes: ["70"],
    papierablage: "Registratur Bauaufsicht, Regal 4",
  });
  const antrag = await createVorgang(ctx, mueller, bau.id, {
    betreff: "Bauantrag Familie Schröder",
    frist: `${jahr}-06-30`,
    metadaten: {
      bauvorhaben: "Einfamilienhaus mit Garage",
      flurstueck: "Gemarkung Musterstadt, Flur 3, Flurstück 112/4",
      bauherr: "Katrin Schröder",
      baukosten: "385000.00",
      verfahrensart: "vereinfachtes Verfahren",
      antragseingang: `${jahr}-01-12`,
    },
  });
  await pdfDokument(
    ctx,
    mueller,
    antrag.id,
    "Eingang",
    "Bauantrag Einfamilienhaus Lindenweg 12",
    [
      "Bauantrag nach § 64 LBauO",
      "Bauherrin: Katrin Schröder, Lindenweg 10, 12345 Musterstadt",
      "Vorhaben: Neubau eines Einfamilienhauses mit Garage",
      "Grundstück: Gemarkung Musterstadt, Flur 3, Flurstück 112/4",
      "Rohbaukosten: 385.000 Euro",
      "Anlagen: Lageplan, Bauzeichnungen, Baubeschreibung, Standsicherheitsnachweis",
    ],
    {
      absender: "Katrin Schröder",
      eingangsdatum: `${jahr}-01-12`,
      datumDesSchreibens: `${jahr}-01-09`,
      weitereSeiten: [
        [
          "Baubeschreibung",
          "Eingeschossiges Wohnhaus mit ausgebautem Dachgeschoss, Satteldach mit 38 Grad Dachneigung.",
          "Außenwände: Porenbeton 36,5 cm, Putzfassade in hellem Grau.",
          "Heizung: Luft-Wasser-Wärmepumpe mit Fußbodenheizung.",
        ],
        [
          "Lageplan",
          "Grenzabstand zur Nachbarin im Osten: 3,20 m; Garage an der westlichen Grundstücksgrenze.",
          "Zufahrt über den Lindenweg, zwei Stellplätze auf dem Grundstück.",
        ],
      ],
    },
  );
  await pdfDokument(ctx, mueller, antrag.id, "Vermerk", "Vermerk Vollständigkeitsprüfung", [
    "Vermerk",
    "Die Bauvorlagen sind vollständig. Die Stellungnahme des Umweltamtes",
    "zur Niederschlagsentwässerung wird angefordert.",
    "Müller, Bauaufsicht",
  ]);
  const carport = await createAkte(ctx, mueller, {
    aktenplaneinheit: "63.10",
    betreff: "Errichtung eines Carports, Birkenallee 3, Neudorf",
    federfuehrendeOe: "63",
  });
  await createVorgang(ctx, mueller, carport.id, {
    betreff: "Bauantrag Carport",
    metadaten: { bauvorhaben: "Carport für zwei Fahrzeuge", verfahrensart: "Genehmigungsfreistellung" },
  });

  const weber = await actorFor(ctx, "weber");
  const hilfe = await createAkte(ctx, weber, {
    aktenplaneinheit: "50.10",
    betreff: "Ambulante Hilfe zur Erziehung – Familie K.",
    federfuehrendeOe: "51",
    zugriff: [{ benutzer: "becker", recht: "bearbeiten" }],
    vertraulichkeit: "VS-NfD",
  });
  const hilfeplan = await createVorgang(ctx, weber, hilfe.id, {
    betreff: "Hilfeplanverfahren",
    metadaten: { kind: "Leon K.", hilfeart: "SPFH", hilfebeginn: `${jahr}-02-01` },
  });
  await pdfDokument(ctx, weber, hilfeplan.id, "Vermerk", "Hilfeplan", [
    "Hilfeplan nach § 36 SGB VIII",
    "Ziele: Stärkung der Erziehungskompetenz",
    "Umfang: 6 Fachleistungsstunden je Woche",
  ]);
}

/**
 * The Geschäftsgang setup of the demo county: a Leitung zeichnet for its OE and the OEs below it,
 * the Dezernent deputises for the head of the Bauaufsicht, and the Bauaufsicht has a template for
 * a Bescheid with Mitzeichnung of the Umweltamt and the Kämmerei.
 */
async function seedDemoGeschaeftsgang(ctx: AppContext): Promise<void> {
  const admin = await actorFor(ctx, "admin");
  await legeZeichnungsbefugnisAn(ctx, admin, { rolle: "Leitung" });
  await setzeStandardvertretung(ctx, admin, "63", "hoffmann");
  await legeLaufwegvorlageAn(ctx, admin, {
    name: "Bescheid mit Mitzeichnung (Umweltamt, Kämmerei)",
    oe: "63",
    aktenplanPraefix: "63",
    zeichnungVorAbgang: true,
    schritte: [
      { art: "Mitzeichnung", adressat: { oe: "70" }, verfuegungstext: "Belange des Umweltschutzes prüfen" },
      {
        art: "Mitzeichnung",
        adressat: { benutzer: "koch" },
        parallel: true,
        verfuegungstext: "Gebühren prüfen",
      },
      { art: "Zeichnung", adressat: { benutzer: "schmidt" } },
      { art: "Abgang", adressat: { benutzer: "mueller" }, verfuegungstext: "Bescheid ab an Bauherrn" },
      { art: "zdA", adressat: { benutzer: "mueller" } },
    ],
  });
}
