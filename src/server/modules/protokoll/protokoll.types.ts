import type { Akteur } from "../../platform/akteur.js";
import type { Geraeteklasse } from "../../platform/http/geraeteklasse.js";
import type { Archivwuerdigkeit } from "../../../shared/aktenplan.js";
import type { OeArt, Rolle } from "../../../shared/organisation.js";
import type { DokumentTyp } from "../../../shared/schriftgut.js";
import type { Kanal, SchrittArt } from "../../../shared/workflow.js";

/** What an entry about a Geschäftsgang or one of its steps names besides its own details. */
export interface GangBezug {
  akteId: string;
  vorgangId: string;
  geschaeftsgangId: string;
}

/** What an entry about an Akte or something in it names, so the Akte can show its history. */
export interface AktenBezug {
  akteId: string;
}

/** A step's addressee as typed: a Benutzername or an OE-Kürzel. */
interface AdressatEingabe {
  benutzer?: string;
  oe?: string;
}

/** A step's addressee as resolved: a person or an OE. */
interface AdressatIds {
  benutzerId: string | null;
  oeId: string | null;
}

interface OeStand {
  id: string;
  parentId: string | null;
  name: string;
  kuerzel: string;
  art: OeArt;
  aktiv: boolean;
}

interface BenutzerStand {
  vorname: string;
  nachname: string;
  email: string | null;
  aktiv: boolean;
}

interface Mitgliedschaft {
  oe: string;
  rolle: Rolle;
}

/** A row of the group mapping as the Protokoll records it (OE by Kürzel). */
interface GruppenzuordnungStand {
  gruppe: string;
  oe: string;
  rolle: Rolle;
}

/** What a directory says about a person. */
interface VerzeichnisStand {
  benutzername: string;
  vorname: string;
  nachname: string;
  email: string | null;
}

interface ApiToken {
  tokenId: string;
  name: string;
  praefix: string;
}

/** A change given as the fields the caller sent (a PATCH), recorded as sent. */
interface Aenderungen {
  aenderungen: Record<string, unknown>;
}

interface AktenplanEinheit {
  parentId: string | null;
  kennzeichen: string;
  titel: string;
  beschreibung: string;
  aufbewahrungsfrist: number | null;
  unbefristet: boolean;
  archivwuerdigkeit: Archivwuerdigkeit | null;
  zugriffsbeschraenkung: boolean;
  zustaendigeOeId: string | null;
  metadatenfelder: object[];
  geschlossen: boolean;
}

interface Zugriffsstand {
  zugriffsbeschraenkt: boolean;
  zugriff: object[];
}

/**
 * Everything the Protokoll records, as one map from the action to the details stored with it: a
 * new kind of entry is added here first, so the list of auditable actions and what each records
 * stay readable in one place. `undefined`: the entry has no details (stored as `{}`).
 */
export interface ProtokollDetails {
  // access
  /**
   * `faktor`: the second factor the sign-in was completed with (totp, passkey, wiederherstellungscode,
   * einrichtung, oidc), null for none. `geraet`: the device class from the User-Agent (never the
   * header itself), null when it names none; absent on entries written before it was recorded.
   */
  anmeldung: { verfahren: string; ip: string | null; faktor?: string | null; geraet?: Geraeteklasse | null };
  "zweiter_faktor.eingerichtet": { art: "totp" | "passkey"; name?: string; waehrendAnmeldung: boolean };
  "zweiter_faktor.entfernt":
    | { art: "totp" }
    | { art: "passkey"; name: string }
    | { art: "alle"; grund: "administration"; passkeys: number; totp: boolean };
  "zweiter_faktor.wiederherstellungscodes_erzeugt": { anzahl: number };
  "zweiter_faktor.pflicht_geaendert": { vorher: string[]; nachher: string[] };
  "anmeldung.fehlgeschlagen": { benutzername: string; ip: string | null; zweck: string };
  abmeldung: undefined;
  "sitzung.beendet": { sitzung: string; geraet: string; ip: string | null; aktuell: boolean };
  "sitzungen.beendet":
    | { anzahl: number; grund: "administration" }
    | { anzahl: number; grund: "passwort"; aktuelleBleibt: boolean }
    | { anzahl: number; grund: "deaktiviert" };
  "organisationseinheit.angelegt": {
    name: string;
    kuerzel: string;
    art: OeArt;
    uebergeordnet: string | null;
  };
  "organisationseinheit.geaendert": { vorher: OeStand; nachher: OeStand };
  "benutzer.angelegt": { benutzername: string; vorname: string; nachname: string; email: string | null };
  "benutzer.geaendert": { vorher: BenutzerStand; nachher: BenutzerStand };
  "benutzer.passwort_gesetzt": { durch: "selbst" | "administration" };
  "mitgliedschaft.hinzugefuegt": Mitgliedschaft;
  "mitgliedschaft.entfernt": Mitgliedschaft;
  "api_token.erstellt": ApiToken & { bereich: string; laeuftAbAm: string | null };
  /** `grund` when a password change withdrew all tokens. */
  "api_token.widerrufen": ApiToken & { grund?: "passwort" | "deaktiviert" };
  /**
   * A user was deactivated: by the Administration, or by the directory sync because the account is
   * disabled there or gone. Sessions ended and tokens revoked are logged as their own entries.
   */
  "benutzer.deaktiviert": { anlass: "verwaltung" | "verzeichnis"; grund?: "gesperrt" | "entfernt" };
  /** One directory sync (`aktenwerk verzeichnis sync`, the schedule): what it changed, in counts. */
  "verzeichnis.abgeglichen": {
    berichtId: string;
    angelegt: number;
    geaendert: number;
    deaktiviert: number;
    uebersprungen: number;
  };
  /** A step of a deactivated user went to an OE's Postkorb (no one acted: the system moved it). */
  "schritt.an_oe_zurueck": GangBezug & { art: SchrittArt; von: AdressatIds; an: AdressatIds };
  "vertretung.abwesenheit_angelegt": {
    benutzerId: string;
    von: string;
    bis: string;
    vertreterId: string | null;
  };
  "vertretung.abwesenheit_geloescht": { benutzerId: string };
  "vertretung.standard_gesetzt": { vertreterId: string | null };
  "benachrichtigung.tagesbericht_geaendert": { tagesbericht: boolean };
  // access: directory accounts (OIDC, LDAP) and the group mapping
  "gruppenzuordnung.angelegt": GruppenzuordnungStand;
  "gruppenzuordnung.geaendert": { vorher: GruppenzuordnungStand; nachher: GruppenzuordnungStand };
  "gruppenzuordnung.geloescht": GruppenzuordnungStand;
  "verzeichnis.benutzer_angelegt": {
    quelle: string;
    externeKennung: string;
    benutzername: string;
    vorname: string;
    nachname: string;
    email: string | null;
  };
  "verzeichnis.benutzer_geaendert": { quelle: string; vorher: VerzeichnisStand; nachher: VerzeichnisStand };
  /** Memberships the group mapping added or removed; stale groups (OE deactivated) changed nothing. */
  "verzeichnis.mitgliedschaften_abgeglichen": {
    quelle: string;
    hinzugefuegt: Mitgliedschaft[];
    entfernt: Mitgliedschaft[];
    verwaisteGruppen: (Mitgliedschaft & { gruppe: string })[];
  };
  /** A sign-in through an OpenID provider that was refused (bad state, token, provider down). */
  "anmeldung.oidc_abgewiesen": { grund: string; ip: string | null };
  // aktenplan
  "aktenplan.einheit_angelegt": AktenplanEinheit;
  "aktenplan.einheit_geaendert": Aenderungen & { version: number };
  "aktenplan.einheit_geloescht": { kennzeichen: string; titel: string };
  "aktenplan.importiert": { zeilen: number; angelegt: number; geaendert: number; unveraendert: number };
  // schriftgut
  "akte.angelegt": AktenBezug & {
    aktenzeichen: string;
    betreff: string;
    aktenplaneinheit: string;
    federfuehrendeOe: string;
    zugriffsbeschraenkt: boolean;
  };
  "akte.geaendert": AktenBezug &
    (
      | Aenderungen
      | { querverweisHinzugefuegt: string }
      | { querverweisEntfernt: string }
      | { bandAngelegt: number }
    );
  "akte.geloescht": AktenBezug & { aktenzeichen: string; betreff: string };
  "akte.zugriff_geaendert": AktenBezug & { vorher: Zugriffsstand; nachher: Zugriffsstand };
  /** With the details of what was read (the version, the hash of the file or derived file). */
  "akte.beschraenkt_gelesen": AktenBezug & { [gelesen: string]: unknown };
  "akte.beteiligt": AktenBezug & { grund: string; beteiligteOes: string[]; zugriff: object[] };
  "akte.aufbewahrung_geaendert": AktenBezug & {
    aufbewahrungsfrist: number | null;
    archivwuerdigkeit: Archivwuerdigkeit | null;
    begruendung: string;
  };
  "akte.inhalt_geloescht": AktenBezug & {
    aktenzeichen: string;
    entscheidung: "A" | "V";
    archiv: string;
    prozessId: string;
    vorgaenge: number;
    dokumente: number;
  };
  "akte.uebernommen": AktenBezug & {
    aktenzeichen: string;
    prozessId: string;
    vorgaenge: number;
    dokumente: number;
    versionen: number;
  };
  "akte.abgegeben": AktenBezug & { prozessId: string; an: string };
  "vorgang.angelegt": AktenBezug & { nr: number; betreff: string; frist: string | null };
  "vorgang.geaendert": AktenBezug & Aenderungen;
  "vorgang.umprotokolliert": AktenBezug & {
    vonAkte: string;
    alteNr: number;
    nachAkte: string;
    neueNr: number;
    begruendung: string;
  };
  /** From a Geschäftsgang: its id, and the principal when the zdA step was taken "i. V.". */
  "vorgang.zda": AktenBezug & { geschaeftsgangId?: string; imAuftragVon?: string };
  "vorgang.zda_aufgehoben": AktenBezug & { begruendung: string };
  /** Without `dateiname` and `groesse` when the system files a document (a Verfügung). */
  "dokument.angelegt": AktenBezug & {
    vorgangId: string;
    typ: DokumentTyp;
    titel: string;
    sha256: string;
    dateiname?: string;
    groesse?: number;
  };
  "dokument.geaendert": AktenBezug & Aenderungen;
  "dokument.version_angelegt": AktenBezug & {
    nr: number;
    sha256: string;
    dateiname: string;
    groesse: number;
    /** Why the version was made, as the uploader gave it (absent on older entries and system versions). */
    grund?: string;
  };
  // posteingang
  "posteingang.aufgenommen": { oe: string; kanal: string; dateiname: string; sha256: string };
  "posteingang.registriert": { dokumentId: string; vorgangId: string; neuerVorgang: boolean };
  "posteingang.verworfen": { grund: string };
  "posteingang.weitergeleitet": { vonOe: string; anOe: string; notiz?: string };
  "posteingang.regel_angelegt": { oe: string; muster: string; vorgangId: string };
  "posteingang.regel_geloescht": { muster: string };
  // workflow
  "geschaeftsgang.gestartet": GangBezug & {
    dokumentId: string | null;
    vorlageId: string | null;
    schritte: { art: SchrittArt; stufe: number | undefined; adressat: AdressatEingabe }[];
  };
  "geschaeftsgang.geaendert": GangBezug &
    (
      | ({ aenderung: "eingefuegt"; schritt: { art: SchrittArt; adressat: AdressatEingabe } } & (
          { parallelZu: string } | { nachStufe: number | null }
        ))
      | { aenderung: "neu_geordnet"; stufen: string[][] }
    );
  "geschaeftsgang.abgeschlossen": GangBezug & { verfuegungDokumentId: string };
  "geschaeftsgang.abgebrochen": GangBezug & { verfuegungDokumentId: string; begruendung?: string };
  "schritt.uebernommen": GangBezug & { art: SchrittArt };
  "schritt.erledigt": GangBezug & {
    art: SchrittArt;
    ergebnis: string;
    begruendung?: string;
    kanal?: Kanal;
    abgangAm?: string | null;
    version?: number;
  };
  "schritt.weitergeleitet": GangBezug & {
    art: SchrittArt;
    von: AdressatIds;
    an: AdressatIds;
    begruendung?: string;
  };
  "schritt.uebersprungen": GangBezug & { art: SchrittArt; begruendung: string };
  "schritt.eskaliert": { akteId: string; vorgangId: string; frist: string; an: string[] };
  "vorgang.frist_eskaliert": { akteId: string; frist: string; an: string[] };
  "dokument.gezeichnet": GangBezug & { version: number };
  "wiedervorlage.angelegt": { akteId: string; vorgangId: string; datum: string; empfaengerId: string };
  "wiedervorlage.erledigt": { akteId: string; vorgangId: string };
  "benachrichtigung.gelesen": { anzahl: number } & ({ benachrichtigung: string } | { alle: true });
  "zeichnungsbefugnis.geaendert":
    { angelegt: { rolle: Rolle; oe: string | null; aktenplanPraefix: string | null } } | { geloescht: true };
  "laufwegvorlage.geaendert": { angelegt: string };
  // aussonderung
  "akte.loeschsperre_gesetzt": AktenBezug & { loeschsperreId: string; grund: string; bis: string | null };
  "akte.loeschsperre_aufgehoben": AktenBezug & { loeschsperreId: string; grund: string };
  /** The Archiv's Bewertung of an Akte due for Aussonderung, with the one it replaced. */
  "akte.bewertet": AktenBezug & {
    entscheidung: Archivwuerdigkeit;
    notiz: string | null;
    vorher: { entscheidung: Archivwuerdigkeit; notiz: string | null } | null;
  };
  /** An Akte offered or handed over (0501, 0503, 0401), or the Aktenplan (0301). */
  "xdomea.exportiert":
    | (AktenBezug & { prozessId: string; nachricht: string; version: string })
    | { nachricht: "0301"; version: string; einheiten: number };
  /** A message taken in, with the Akten it named; the Aktenplan (0301) names none. */
  "xdomea.importiert":
    | { nachricht: string; version: string; akten: string[]; sha256: string }
    | { nachricht: "0301"; version: string; sha256: string };
  // steuerung
  /** The Kennzahlenkatalog of the running code differs from the one last published. */
  "kennzahlenkatalog.geaendert": {
    aenderungen: { schluessel: string; art: "neu" | "geaendert" | "entfernt"; name: string }[];
  };
  /** The strategy's working draft was changed; the changes as German sentences. */
  "strategie.geaendert": { revision: number; aenderungen: string[] };
  /** A Fortschreibung: the draft frozen as version `nummer`. */
  "strategie.fortgeschrieben": { nummer: number; beschlossenAm: string; notiz: string };
  /** The Einführungsstand of an OE was entered or changed (no person is named). */
  "einfuehrung.geaendert": {
    welle: string;
    geplantAb: string | null;
    pilotAb: string | null;
    produktivAb: string | null;
    geschultAnzahl: number | null;
    geschultProzent: number | null;
  };
  /**
   * The demo county's generated history is in the Kennzahlen (days von … bis): the dashboards
   * mark it as demo data.
   */
  "kennzahlen.demodaten": { von: string; bis: string };
  // platform
  "system.demo_angelegt": { organisationseinheiten: number; benutzer: number };
  /**
   * Back-dated demo records were written in bulk by the module that owns them (the demo county's
   * history), instead of one entry per record; `anzahl` counts them by kind.
   */
  "demo.historie_angelegt": { modul: string; anzahl: Record<string, number> };
  /** A demo colleague was active on this (past) day: generated history for the share of active members. */
  "demo.taetigkeit": undefined;
  /** Declared for the restore command; no code writes it yet. */
  "system.wiederhergestellt": Record<string, unknown>;
}

/** Every action the Protokoll records. */
export type ProtokollAktion = keyof ProtokollDetails;

/**
 * The details field of an entry for action `A`: required and of the action's shape; absent for
 * actions without details. Only where the action is not known statically (a wrapper that takes
 * any `ProtokollAktion`) the details stay unchecked; such wrappers should become generic too.
 */
export type DetailsFeld<A extends ProtokollAktion> = ProtokollAktion extends A
  ? { details?: Record<string, unknown> }
  : undefined extends ProtokollDetails[A]
    ? { details?: undefined }
    : { details: ProtokollDetails[A] };

/** A new entry: who acted on what, the action and (typed by the action) its details. */
export type NeuerProtokollEintrag<A extends ProtokollAktion = ProtokollAktion> = {
  /** Who acted: a user or the system (CLI, jobs). */
  akteur: Akteur | "system";
  /** How the system names itself here ("System (xdomea)"); without it "System". */
  systemName?: string;
  /** The principal when a deputy acts "i.V.". */
  imAuftragVon?: { id: string; benutzername: string; anzeigename: string };
  aktion: A;
  objektArt: string;
  objektId: string;
} & DetailsFeld<A>;

export interface ProtokollEintrag {
  nr: number;
  zeit: string;
  akteurId: string | null;
  akteurName: string;
  imAuftragVonId: string | null;
  imAuftragVonName: string | null;
  aktion: string;
  objektArt: string;
  objektId: string;
  details: Record<string, unknown>;
  vorherigerHash: string;
  hash: string;
}
