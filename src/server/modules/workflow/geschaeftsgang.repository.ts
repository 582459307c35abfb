import type { Queryable } from "../../platform/database/database.js";
import { istUuid } from "../../platform/pruefungen.js";
import { benutzerJoin, oeJoin, personJson } from "../access/index.js";
import { einheitJoin } from "../aktenplan/index.js";
import { akteFrom, akteJoin, vorgangJoin } from "../schriftgut/index.js";
import type { Ergebnis, Geschaeftsgang, Kanal, Person, SchrittArt, SchrittStatus } from "./workflow.types.js";

// All SQL on `geschaeftsgang` and `schritt`. What a route shows of its Vorgang, Akte and people
// comes from the fragments their owners publish.

/** A Geschäftsgang with what it shows of its Vorgang and Akte. */
export interface GangZeile {
  id: string;
  vorgang_id: string;
  dokument_id: string | null;
  zeichnung_vor_abgang: boolean;
  status: Geschaeftsgang["status"];
  ersteller_id: string;
  ersteller: Person;
  erstellt_am: Date;
  abgeschlossen_am: Date | null;
  verfuegung_dokument_id: string | null;
  vorgang_nr: number;
  vorgang_betreff: string;
  akte_id: string;
  aktenzeichen: string;
  federfuehrende_oe_id: string;
  kennzeichen: string;
}

const GANG_SELECT = `SELECT g.id, g.vorgang_id, g.dokument_id, g.zeichnung_vor_abgang, g.status, g.ersteller_id,
  ${personJson("eb")} AS ersteller, g.erstellt_am, g.abgeschlossen_am, g.verfuegung_dokument_id, v.nr AS vorgang_nr,
  v.betreff AS vorgang_betreff, a.id AS akte_id, a.aktenzeichen, a.federfuehrende_oe_id, e.kennzeichen
  FROM geschaeftsgang g ${vorgangJoin("v", "g.vorgang_id")} ${akteJoin("a", "v.akte_id")}
  ${einheitJoin("e", "a.aktenplaneinheit_id")} ${benutzerJoin("eb", "g.ersteller_id", "JOIN")}`;

/** A step with the names of its addressee and of the people who worked on it. */
export interface SchrittZeile {
  id: string;
  geschaeftsgang_id: string;
  stufe: number;
  art: SchrittArt;
  adressat_benutzer_id: string | null;
  adressat_oe_id: string | null;
  adressat_name: string;
  frist: string | null;
  verfuegungstext: string;
  status: SchrittStatus;
  bearbeiter: Person | null;
  ergebnis: Ergebnis | null;
  begruendung: string | null;
  kanal: Kanal | null;
  abgang_am: string | null;
  version_nr: number | null;
  erledigt_von: Person | null;
  erledigt_iv_fuer: Person | null;
  erledigt_am: Date | null;
  offen_seit: Date | null;
  bearbeiter_id: string | null;
}

const SCHRITT_SELECT = `SELECT s.id, s.geschaeftsgang_id, s.stufe, s.art, s.adressat_benutzer_id, s.adressat_oe_id,
  COALESCE(trim(ab.vorname || ' ' || ab.nachname), ao.name || ' (' || ao.kuerzel || ')') AS adressat_name,
  s.frist::text, s.verfuegungstext, s.status, ${personJson("bb")} AS bearbeiter, s.ergebnis, s.begruendung, s.kanal,
  s.abgang_am::text, s.version_nr, ${personJson("ev")} AS erledigt_von, ${personJson("iv")} AS erledigt_iv_fuer, s.erledigt_am,
  s.offen_seit, s.bearbeiter_id
  FROM schritt s ${benutzerJoin("ab", "s.adressat_benutzer_id")} ${oeJoin("ao", "s.adressat_oe_id", "LEFT JOIN")}
  ${benutzerJoin("bb", "s.bearbeiter_id")} ${benutzerJoin("ev", "s.erledigt_von")} ${benutzerJoin("iv", "s.erledigt_iv_fuer")}`;

/** A Geschäftsgang by id (undefined for anything not a UUID); `sperren` locks its row first. */
export async function ladeGang(q: Queryable, id: string, sperren = false): Promise<GangZeile | undefined> {
  if (!istUuid(id)) return undefined;
  if (sperren) await q.query("SELECT 1 FROM geschaeftsgang WHERE id = $1 FOR UPDATE", [id]);
  const { rows } = await q.query<GangZeile>(`${GANG_SELECT} WHERE g.id = $1`, [id]);
  return rows[0];
}

/** The routes of a Vorgang, oldest first. */
export async function ladeGaengeDesVorgangs(q: Queryable, vorgangId: string): Promise<GangZeile[]> {
  const { rows } = await q.query<GangZeile>(`${GANG_SELECT} WHERE g.vorgang_id = $1 ORDER BY g.erstellt_am`, [
    vorgangId,
  ]);
  return rows;
}

/** The steps of a route in route order. */
export async function ladeSchritte(q: Queryable, gangId: string): Promise<SchrittZeile[]> {
  const { rows } = await q.query<SchrittZeile>(
    `${SCHRITT_SELECT} WHERE s.geschaeftsgang_id = $1 ORDER BY s.stufe, s.reihenfolge`,
    [gangId],
  );
  return rows;
}

/** One step, locked for the rest of the transaction. */
export async function sperreUndLadeSchritt(q: Queryable, id: string): Promise<SchrittZeile | undefined> {
  await q.query("SELECT 1 FROM schritt WHERE id = $1 FOR UPDATE", [id]);
  const { rows } = await q.query<SchrittZeile>(`${SCHRITT_SELECT} WHERE s.id = $1`, [id]);
  return rows[0];
}

/** Status and kind of one step, locked for the rest of the transaction. */
export async function sperreSchrittStatus(
  q: Queryable,
  id: string,
): Promise<{ status: SchrittStatus; art: SchrittArt } | undefined> {
  const { rows } = await q.query<{ status: SchrittStatus; art: SchrittArt }>(
    "SELECT status, art FROM schritt WHERE id = $1 FOR UPDATE",
    [id],
  );
  return rows[0];
}

/** The route a step belongs to (undefined for anything not a UUID). */
export async function gangDesSchritts(q: Queryable, schrittId: string): Promise<string | undefined> {
  if (!istUuid(schrittId)) return undefined;
  const { rows } = await q.query<{ geschaeftsgang_id: string }>(
    "SELECT geschaeftsgang_id FROM schritt WHERE id = $1",
    [schrittId],
  );
  return rows[0]?.geschaeftsgang_id;
}

/** A step as the route's order sees it. */
export interface LaufwegSchritt {
  id: string;
  stufe: number;
  art: SchrittArt;
  status: SchrittStatus;
}

/** Stufe, kind and status of every step of a route, in route order: what the route moves on by. */
export async function ladeLaufweg(q: Queryable, gangId: string): Promise<LaufwegSchritt[]> {
  const { rows } = await q.query<LaufwegSchritt>(
    "SELECT id, stufe, art, status FROM schritt WHERE geschaeftsgang_id = $1 ORDER BY stufe, reihenfolge",
    [gangId],
  );
  return rows;
}

/** Kind and personal addressee of steps (to notify them). */
export async function ladeAdressaten(
  q: Queryable,
  ids: string[],
): Promise<{ id: string; art: SchrittArt; adressat_benutzer_id: string | null }[]> {
  const { rows } = await q.query<{ id: string; art: SchrittArt; adressat_benutzer_id: string | null }>(
    "SELECT id, art, adressat_benutzer_id FROM schritt WHERE id = ANY($1)",
    [ids],
  );
  return rows;
}

/**
 * Whether a route is (or was) addressed to one of `benutzerIds` or `oeIds`, or a step of it was
 * done by `erledigtVon`.
 */
export async function istBeteiligt(
  q: Queryable,
  gangId: string,
  benutzerIds: string[],
  erledigtVon: string,
  oeIds: string[],
): Promise<boolean> {
  const { rows } = await q.query(
    `SELECT 1 FROM schritt WHERE geschaeftsgang_id = $1 AND (adressat_benutzer_id = ANY($2) OR bearbeiter_id = ANY($2)
       OR erledigt_von = $3 OR adressat_oe_id = ANY($4)) LIMIT 1`,
    [gangId, benutzerIds, erledigtVon, oeIds],
  );
  return rows.length > 0;
}

/** Whether a Zeichnung step of the route was signed. */
export async function hatGezeichnetenSchritt(q: Queryable, gangId: string): Promise<boolean> {
  const { rows } = await q.query(
    "SELECT 1 FROM schritt WHERE geschaeftsgang_id = $1 AND art = 'Zeichnung' AND ergebnis = 'gezeichnet'",
    [gangId],
  );
  return rows.length > 0;
}

/** The Kennzeichen of the Aktenplan unit an Akte is filed under. */
export async function kennzeichenDerAkte(q: Queryable, akteId: string): Promise<string> {
  const { rows } = await q.query<{ kennzeichen: string }>(
    `SELECT e.kennzeichen FROM ${akteFrom("a")} ${einheitJoin("e", "a.aktenplaneinheit_id")} WHERE a.id = $1`,
    [akteId],
  );
  return rows[0]!.kennzeichen;
}

// --- writing ----------------------------------------------------------------------------------

export async function insertGang(
  q: Queryable,
  g: {
    vorgangId: string;
    dokumentId: string | null;
    vorlageId: string | null;
    zeichnungVorAbgang: boolean;
    erstellerId: string;
  },
  now: Date,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO geschaeftsgang (vorgang_id, dokument_id, vorlage_id, zeichnung_vor_abgang, ersteller_id, erstellt_am)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [g.vorgangId, g.dokumentId, g.vorlageId, g.zeichnungVorAbgang, g.erstellerId, now],
  );
  return rows[0]!.id;
}

export interface NeuerSchritt {
  stufe: number;
  art: SchrittArt;
  benutzerId: string | null;
  oeId: string | null;
  frist: string | null;
  verfuegungstext: string;
}

/** A step; waiting unless `status` says otherwise (an open one is open since `now`). */
export async function insertSchritt(
  q: Queryable,
  gangId: string,
  s: NeuerSchritt,
  now: Date,
  status: "wartend" | "offen" = "wartend",
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO schritt (geschaeftsgang_id, stufe, art, adressat_benutzer_id, adressat_oe_id, frist, verfuegungstext, status, offen_seit, erstellt_am)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      gangId,
      s.stufe,
      s.art,
      s.benutzerId,
      s.oeId,
      s.frist,
      s.verfuegungstext,
      status,
      status === "offen" ? now : null,
      now,
    ],
  );
  return rows[0]!.id;
}

/** Moves the waiting steps after Stufe `nachStufe` back by `anzahl` Stufen. */
export async function verschiebeWartende(
  q: Queryable,
  gangId: string,
  nachStufe: number,
  anzahl: number,
): Promise<void> {
  await q.query(
    "UPDATE schritt SET stufe = stufe + $3 WHERE geschaeftsgang_id = $1 AND stufe > $2 AND status = 'wartend'",
    [gangId, nachStufe, anzahl],
  );
}

export async function setzeStufe(q: Queryable, schrittIds: string[], stufe: number): Promise<void> {
  await q.query("UPDATE schritt SET stufe = $2 WHERE id = ANY($1)", [schrittIds, stufe]);
}

export async function oeffneSchritte(q: Queryable, schrittIds: string[], now: Date): Promise<void> {
  await q.query("UPDATE schritt SET status = 'offen', offen_seit = $2 WHERE id = ANY($1)", [schrittIds, now]);
}

export async function setzeBearbeiter(q: Queryable, schrittId: string, benutzerId: string): Promise<void> {
  await q.query("UPDATE schritt SET bearbeiter_id = $2 WHERE id = $1", [schrittId, benutzerId]);
}

/** Gives a step to another addressee: nobody has taken it, and it is open from now. */
export async function leiteUm(
  q: Queryable,
  schrittId: string,
  an: { benutzerId: string | null; oeId: string | null },
  now: Date,
): Promise<void> {
  await q.query(
    "UPDATE schritt SET adressat_benutzer_id = $2, adressat_oe_id = $3, bearbeiter_id = NULL, offen_seit = $4 WHERE id = $1",
    [schrittId, an.benutzerId, an.oeId, now],
  );
}

/** A step that waits for a user. */
export interface WartenderSchritt {
  id: string;
  geschaeftsgang_id: string;
  art: SchrittArt;
  adressat_benutzer_id: string | null;
  adressat_oe_id: string | null;
  bearbeiter_id: string | null;
}

/** What waits for a user: steps addressed to them (open or waiting) and OE steps they took. */
export async function schritteBeiBenutzer(q: Queryable, benutzerId: string): Promise<WartenderSchritt[]> {
  const { rows } = await q.query<WartenderSchritt>(
    `SELECT s.id, s.geschaeftsgang_id, s.art, s.adressat_benutzer_id, s.adressat_oe_id, s.bearbeiter_id
       FROM schritt s JOIN geschaeftsgang g ON g.id = s.geschaeftsgang_id
      WHERE g.status = 'laufend'
        AND ((s.adressat_benutzer_id = $1 AND s.status IN ('offen', 'wartend'))
          OR (s.bearbeiter_id = $1 AND s.status = 'offen'))
      ORDER BY s.reihenfolge FOR UPDATE OF s`,
    [benutzerId],
  );
  return rows;
}

/** Puts a step into an OE's Postkorb, untaken (an open one keeps its place in the queue). */
export async function gibAnOe(q: Queryable, schrittId: string, oeId: string): Promise<void> {
  await q.query(
    "UPDATE schritt SET adressat_benutzer_id = NULL, adressat_oe_id = $2, bearbeiter_id = NULL WHERE id = $1",
    [schrittId, oeId],
  );
}

export async function erledigeSchritt(
  q: Queryable,
  schrittId: string,
  e: {
    ergebnis: Ergebnis | undefined;
    begruendung: string | null;
    kanal: Kanal | null;
    abgangAm: string | null;
    versionNr: number | null;
    vonId: string;
    ivFuerId: string | null;
  },
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE schritt SET status = 'erledigt', ergebnis = $2, begruendung = $3, kanal = $4, abgang_am = $5, version_nr = $6,
       erledigt_von = $7, erledigt_iv_fuer = $8, erledigt_am = $9 WHERE id = $1`,
    [schrittId, e.ergebnis, e.begruendung, e.kanal, e.abgangAm, e.versionNr, e.vonId, e.ivFuerId, now],
  );
}

export async function ueberspringeSchritt(
  q: Queryable,
  schrittId: string,
  begruendung: string,
  vonId: string,
  now: Date,
): Promise<void> {
  await q.query(
    "UPDATE schritt SET status = 'uebersprungen', ergebnis = 'uebersprungen', begruendung = $2, erledigt_von = $3, erledigt_am = $4 WHERE id = $1",
    [schrittId, begruendung, vonId, now],
  );
}

/** Skips every waiting and open step of a cancelled route. */
export async function ueberspringeRest(q: Queryable, gangId: string): Promise<void> {
  await q.query(
    "UPDATE schritt SET status = 'uebersprungen', ergebnis = 'uebersprungen', begruendung = 'Geschäftsgang abgebrochen' WHERE geschaeftsgang_id = $1 AND status IN ('wartend', 'offen')",
    [gangId],
  );
}

export async function beendeGang(
  q: Queryable,
  gangId: string,
  status: "abgeschlossen" | "abgebrochen",
  now: Date,
): Promise<void> {
  await q.query("UPDATE geschaeftsgang SET status = $2, abgeschlossen_am = $3 WHERE id = $1", [
    gangId,
    status,
    now,
  ]);
}

export async function setzeVerfuegung(q: Queryable, gangId: string, dokumentId: string): Promise<void> {
  await q.query("UPDATE geschaeftsgang SET verfuegung_dokument_id = $2 WHERE id = $1", [gangId, dokumentId]);
}
