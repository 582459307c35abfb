/**
 * The API's types, each derived with `Static` from a TypeBox schema of the server (type-only
 * imports, nothing of the server reaches the bundle): the answers the client reads and the bodies
 * it sends (`satisfies NeueAkte` where it builds one). The schemas also generate the OpenAPI
 * document, so client and document cannot drift apart: `client.test.ts` checks every path the
 * client calls, and every schema named here against the operation it answers or is the body of.
 * Lists of values the forms offer (Dokumenttypen, roles, Schritt kinds …) come from `src/shared`,
 * as on the server. Nothing here is written by hand: a new field or value goes into the schema.
 */
import type { Static } from "typebox";
import type { ProblemSchema } from "../../shared/api/problem.schema.js";
import type { MetadatenfeldSchema } from "../../shared/api/metadatenfeld.schema.js";
import type {
  ApiTokenErstelltSchema,
  ApiTokenSchema,
  BenutzerAenderungSchema,
  BenutzerMitRollenSchema,
  BenutzerSchema,
  LoginSchema,
  MeSchema,
  MitgliedschaftEingabeSchema,
  MitgliedschaftSchema,
  NeueOrganisationseinheitSchema,
  NeuerBenutzerSchema,
  NeuesApiTokenSchema,
  OrganisationseinheitSchema,
  PasswortSchema,
  SitzungenBeendetSchema,
  SitzungSchema,
} from "../../server/modules/access/access.schema.js";
import type {
  AbmeldungSchema,
  AnmeldediensteSchema,
  AnmeldeverfahrenSchema,
  GruppenzuordnungEingabeSchema,
  GruppenzuordnungSchema,
  GruppenzuordnungVorschauSchema,
} from "../../server/modules/access/verzeichnis.schema.js";
import type { LetzterVerzeichnisberichtSchema } from "../../server/modules/access/verzeichnisabgleich.schema.js";
import type {
  EinrichtungErgebnisSchema,
  PasskeyErgebnisSchema,
  TotpEinrichtungSchema,
  WiederherstellungscodesSchema,
  ZweiterFaktorCodeSchema,
  ZweiterFaktorNoetigSchema,
  ZweiterFaktorPflichtSchema,
  ZweiterFaktorStandSchema,
} from "../../server/modules/access/zweiter-faktor.schema.js";
import type {
  AktenplaneinheitMitVersionenSchema,
  AktenplaneinheitSchema,
  AktenplanImportErgebnisSchema,
  AktenplanSchema,
} from "../../server/modules/aktenplan/aktenplan.schema.js";
import type {
  AkteKurzSchema,
  AkteProtokollEintragSchema,
  AkteProtokollSchema,
  AkteSchema,
  AktenSeiteSchema,
  NeueAkteSchema,
  ZugriffserklaerungSchema,
} from "../../server/modules/schriftgut/akten.schema.js";
import type {
  AkteMitVorgaengenSchema,
  NeuerVorgangSchema,
  VorgangKurzSchema,
  VorgangSchema,
  ZdaAufhebungSchema,
} from "../../server/modules/schriftgut/vorgaenge.schema.js";
import type {
  DokumentKurzSchema,
  DokumentMetadatenSchema,
  DokumentSchema,
  DokumentVersionSchema,
  EmailAnsichtSchema,
  FundstellenSchema,
  SeitenangabenSchema,
} from "../../server/modules/schriftgut/dokumente.schema.js";
import type {
  GespeicherteSucheSchema,
  NeueGespeicherteSucheSchema,
  SuchErgebnisSchema,
} from "../../server/modules/suche/suche.schema.js";
import type {
  BetreffregelSchema,
  EintragSchema,
  SammelauftragSchema,
  SammelergebnisSchema,
  VerteiltSchema,
  WeiterleitungSchema,
} from "../../server/modules/posteingang/posteingang.schema.js";
import type {
  AbwesenheitSchema,
  AktionSchema,
  BenachrichtigungenSchema,
  GeschaeftsgangSchema,
  LaufwegvorlageSchema,
  NeueWiedervorlageSchema,
  NeuerGeschaeftsgangSchema,
  PostkorbSchema,
  SchrittSchema,
  WiedervorlageSchema,
  ZeichnungsbefugnisSchema,
} from "../../server/modules/workflow/workflow.schema.js";
import type {
  AufbewahrungAenderungSchema,
  AufbewahrungSchema,
  AussonderungslisteEintragSchema,
  BewertungEingabeSchema,
  BewertungSchema,
  ImportErgebnisSchema,
  LoeschprotokollSchema,
  LoeschsperreAufhebungSchema,
  NeueLoeschsperreSchema,
  XdomeaNachrichtSchema,
} from "../../server/modules/aussonderung/aussonderung.schema.js";
import type {
  AbgelegterBerichtSchema,
  BerichtEinstellungSchema,
  KennzahlSchema,
  UebersichtSchema,
} from "../../server/modules/steuerung/steuerung.schema.js";
import type { BefundSchema } from "../../server/platform/http/betrieb.schema.js";
import type {
  EinfuehrungDetailSchema,
  EinfuehrungEingabeSchema,
  EinfuehrungSchema,
  StrategieSchema,
  UnterschiedSchema,
} from "../../server/modules/steuerung/strategie.schema.js";

// Errors
export type Problem = Static<typeof ProblemSchema>;
/** A field-level problem as the API reports it. */
export type FeldFehler = NonNullable<Problem["fehler"]>[number];

// Access
export type Me = Static<typeof MeSchema>;
export type Organisationseinheit = Static<typeof OrganisationseinheitSchema>;
export type Benutzer = Static<typeof BenutzerSchema>;
export type BenutzerMitRollen = Static<typeof BenutzerMitRollenSchema>;
export type Mitgliedschaft = Static<typeof MitgliedschaftSchema>;
export type Sitzung = Static<typeof SitzungSchema>;
export type SitzungenBeendet = Static<typeof SitzungenBeendetSchema>;
export type ApiToken = Static<typeof ApiTokenSchema>;
export type Anmeldeverfahren = Static<typeof AnmeldeverfahrenSchema>;
export type Anmeldedienste = Static<typeof AnmeldediensteSchema>;
export type LetzterVerzeichnisbericht = Static<typeof LetzterVerzeichnisberichtSchema>;
export type Abmeldung = Static<typeof AbmeldungSchema>;
export type Gruppenzuordnung = Static<typeof GruppenzuordnungSchema>;
export type GruppenzuordnungEingabe = Static<typeof GruppenzuordnungEingabeSchema>;
export type GruppenzuordnungVorschau = Static<typeof GruppenzuordnungVorschauSchema>;
export type ApiTokenErstellt = Static<typeof ApiTokenErstelltSchema>;

// Aktenplan
export type Aktenplan = Static<typeof AktenplanSchema>;
export type Aktenplaneinheit = Static<typeof AktenplaneinheitSchema>;
export type AktenplaneinheitMitVersionen = Static<typeof AktenplaneinheitMitVersionenSchema>;
export type AktenplanImportErgebnis = Static<typeof AktenplanImportErgebnisSchema>;
export type Metadatenfeld = Static<typeof MetadatenfeldSchema>;

// Schriftgut
export type AkteKurz = Static<typeof AkteKurzSchema>;
export type AktenSeite = Static<typeof AktenSeiteSchema>;
export type Akte = Static<typeof AkteSchema>;
export type AkteMitVorgaengen = Static<typeof AkteMitVorgaengenSchema>;
export type Zugriffserklaerung = Static<typeof ZugriffserklaerungSchema>;
export type AkteProtokoll = Static<typeof AkteProtokollSchema>;
export type AkteProtokollEintrag = Static<typeof AkteProtokollEintragSchema>;
export type VorgangKurz = Static<typeof VorgangKurzSchema>;
export type Vorgang = Static<typeof VorgangSchema>;
export type DokumentKurz = Static<typeof DokumentKurzSchema>;
export type Dokument = Static<typeof DokumentSchema>;
export type DokumentVersion = Static<typeof DokumentVersionSchema>;
export type EmailAnsicht = Static<typeof EmailAnsichtSchema>;
/** Page count and page sizes of a version, for the viewer. */
export type Seitenangaben = Static<typeof SeitenangabenSchema>;
/** Hits of the search in a version's text. */
export type Fundstellen = Static<typeof FundstellenSchema>;

// Suche
export type SuchErgebnis = Static<typeof SuchErgebnisSchema>;
export type Verteilt = Static<typeof VerteiltSchema>;
export type Weiterleitung = Static<typeof WeiterleitungSchema>;
export type GespeicherteSuche = Static<typeof GespeicherteSucheSchema>;
export type NeueGespeicherteSuche = Static<typeof NeueGespeicherteSucheSchema>;

// Posteingang
export type PosteingangEintrag = Static<typeof EintragSchema>;
export type Sammelauftrag = Static<typeof SammelauftragSchema>;
export type Sammelergebnis = Static<typeof SammelergebnisSchema>;
export type Betreffregel = Static<typeof BetreffregelSchema>;

// Workflow
export type Geschaeftsgang = Static<typeof GeschaeftsgangSchema>;
export type Schritt = Static<typeof SchrittSchema>;
export type Laufwegvorlage = Static<typeof LaufwegvorlageSchema>;
export type Zeichnungsbefugnis = Static<typeof ZeichnungsbefugnisSchema>;
export type Wiedervorlage = Static<typeof WiedervorlageSchema>;
export type Postkorb = Static<typeof PostkorbSchema>;
export type Benachrichtigungen = Static<typeof BenachrichtigungenSchema>;
export type Abwesenheit = Static<typeof AbwesenheitSchema>;

// Aussonderung
export type Aufbewahrung = Static<typeof AufbewahrungSchema>;
export type AussonderungslisteEintrag = Static<typeof AussonderungslisteEintragSchema>;
export type Bewertung = Static<typeof BewertungSchema>;
export type LoeschprotokollEintrag = Static<typeof LoeschprotokollSchema>;
export type XdomeaNachricht = Static<typeof XdomeaNachrichtSchema>;
export type XdomeaImportErgebnis = Static<typeof ImportErgebnisSchema>;

// Requests: what the client sends, from the schemas the server checks it with
export type Login = Static<typeof LoginSchema>;
export type ZweiterFaktorNoetig = Static<typeof ZweiterFaktorNoetigSchema>;
export type ZweiterFaktorCode = Static<typeof ZweiterFaktorCodeSchema>;
export type ZweiterFaktorStand = Static<typeof ZweiterFaktorStandSchema>;
export type TotpEinrichtung = Static<typeof TotpEinrichtungSchema>;
export type EinrichtungErgebnis = Static<typeof EinrichtungErgebnisSchema>;
export type PasskeyErgebnis = Static<typeof PasskeyErgebnisSchema>;
export type Wiederherstellungscodes = Static<typeof WiederherstellungscodesSchema>;
export type ZweiterFaktorPflicht = Static<typeof ZweiterFaktorPflichtSchema>;
export type PasswortEingabe = Static<typeof PasswortSchema>;
export type NeuesApiToken = Static<typeof NeuesApiTokenSchema>;
export type NeueOrganisationseinheit = Static<typeof NeueOrganisationseinheitSchema>;
export type NeuerBenutzer = Static<typeof NeuerBenutzerSchema>;
export type MitgliedschaftEingabe = Static<typeof MitgliedschaftEingabeSchema>;
export type BenutzerAenderung = Static<typeof BenutzerAenderungSchema>;
export type NeueAkte = Static<typeof NeueAkteSchema>;
export type NeuerVorgang = Static<typeof NeuerVorgangSchema>;
export type ZdaAufhebung = Static<typeof ZdaAufhebungSchema>;
/** The JSON in the multipart field `metadaten` of a new Dokument. */
export type DokumentMetadaten = Static<typeof DokumentMetadatenSchema>;
export type NeuerGeschaeftsgang = Static<typeof NeuerGeschaeftsgangSchema>;
export type SchrittAktionEingabe = Static<typeof AktionSchema>;
export type NeueWiedervorlage = Static<typeof NeueWiedervorlageSchema>;
export type AufbewahrungAenderung = Static<typeof AufbewahrungAenderungSchema>;
export type NeueLoeschsperre = Static<typeof NeueLoeschsperreSchema>;
export type BewertungEingabe = Static<typeof BewertungEingabeSchema>;
export type LoeschsperreAufhebung = Static<typeof LoeschsperreAufhebungSchema>;
// Steuerung
export type Kennzahl = Static<typeof KennzahlSchema>;
export type KennzahlenUebersicht = Static<typeof UebersichtSchema>;
export type KennzahlenGruppe = KennzahlenUebersicht["gruppe"];
export type BerichtEinstellung = Static<typeof BerichtEinstellungSchema>;
export type AbgelegterBericht = Static<typeof AbgelegterBerichtSchema>;
export type Strategie = Static<typeof StrategieSchema>;
export type StrategieInhalt = Strategie["entwurf"]["inhalt"];
export type StrategieUnterschied = Static<typeof UnterschiedSchema>;
export type Einfuehrung = Static<typeof EinfuehrungSchema>;
export type EinfuehrungDetail = Static<typeof EinfuehrungDetailSchema>;
export type Befund = Static<typeof BefundSchema>;
export type EinfuehrungEingabe = Static<typeof EinfuehrungEingabeSchema>;
